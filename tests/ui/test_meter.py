"""The balance meter: what it shows for a report, its flags list, and painting in both themes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from screenshot_support import background, colours, ink

from lmplanner.core.balance import BalanceReport, Period, Verdict, analyze
from lmplanner.core.demo import demo_drafts
from lmplanner.core.domain import BalanceSettings, PillarRecord, PostRecord, Role
from lmplanner.ui.compat import override
from lmplanner.ui.meter.meter import MeterDock, percent, summary_text, verdict_line
from lmplanner.ui.meter.strategy import ROW_H

MONTH = Period.month(2026, 11)


def records(roles: list[Role], start: dt.date = dt.date(2026, 11, 2)) -> list[PostRecord]:
    return [
        PostRecord(
            id=i + 1,
            title=f"Post {i}",
            role=role,
            channel="LinkedIn",
            date=start + dt.timedelta(days=i),
        )
        for i, role in enumerate(roles)
    ]


def demo_report() -> BalanceReport:
    drafts = demo_drafts(2026, 11)
    posts = [
        PostRecord(
            id=i + 1,
            title=d.title,
            role=Role(d.role),
            channel=d.channel,
            date=d.date,
            time=d.time,
            kind=d.kind,  # type: ignore[arg-type]
            author=d.author,
        )
        for i, d in enumerate(drafts)
        if d.date is not None
    ]
    return analyze(posts, MONTH, BalanceSettings(), backlog=4)


@pytest.fixture
def dock(qtbot: QtBot) -> MeterDock:
    widget = MeterDock()
    qtbot.addWidget(widget)
    widget.resize(320, 640)
    widget.show()
    return widget


def test_meter_shows_share_verdict_counts_and_flags(qtbot: QtBot, dock: MeterDock) -> None:
    report = demo_report()
    dock.panel.set_report(report)
    assert dock.report() is report
    meter = dock.panel.meter
    assert meter.shows_weeks()
    text = meter.accessibleDescription()
    assert f"leader share {percent(report.leader_share or 0)}" in text
    assert "target 30 %–60 %" in text and report.verdict_text() in text
    assert f"{report.leader} leader, {report.manager} manager, 4 in the backlog" in text
    flags = dock.panel.flags()
    assert flags == sorted(report.flags, key=lambda f: f.sort_key())
    assert [f.severity.rank for f in flags] == sorted(f.severity.rank for f in flags)
    first = dock.panel.flag_model.index(0, 0)
    assert first.data() == flags[0].message
    assert flags[0].suggestion in first.data(Qt.ItemDataRole.AccessibleTextRole)


def test_all_activity_and_too_few_posts(dock: MeterDock) -> None:
    report = analyze(records([Role.MANAGER] * 6), MONTH)
    dock.panel.set_report(report)
    assert report.verdict is Verdict.ALL_ACTIVITY
    assert verdict_line(report) == "All activity, no vision"
    assert dock.panel.flags()[0].code == "ALL_ACTIVITY_NO_VISION"
    early = analyze(records([Role.MANAGER, Role.LEADER]), MONTH)
    dock.panel.set_report(early)
    assert verdict_line(early) == "Too early to tell"
    assert "needs at least 3 posts" in summary_text(early)
    empty = analyze([], Period.week_of(dt.date(2026, 11, 25), 0))
    dock.panel.set_report(empty, show_weeks=False)
    assert verdict_line(empty) == "Nothing planned" and not dock.panel.meter.shows_weeks()
    dock.panel.set_report(None)
    assert dock.report() is None and dock.panel.flags() == []


def test_clicking_a_flag_emits_it(qtbot: QtBot, dock: MeterDock) -> None:
    report = demo_report()
    dock.panel.set_report(report)
    view = dock.panel.flag_view
    rect = view.visualRect(dock.panel.flag_model.index(0, 0))
    assert rect.height() > view.fontMetrics().height() * 2  # message and suggestion both fit
    with qtbot.waitSignal(dock.panel.flagActivated) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args[0] == dock.panel.flags()[0]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#2b2c2f"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.HighlightedText, "#202124"),
    ):
        palette.setColor(role, QColor(color))
    return palette


@pytest.mark.parametrize("dark", [False, True])
def test_meter_paints_readably_in_light_and_dark(qtbot: QtBot, dark: bool) -> None:
    dock = MeterDock()
    qtbot.addWidget(dock)
    if dark:
        dock.setPalette(dark_palette())
    dock.resize(320, 600)
    dock.panel.set_report(demo_report())
    dock.show()
    meter = dock.panel.meter
    assert meter.sizeHint().height() >= meter.minimumSizeHint().height() > 100
    image = meter.grab().toImage()
    # Read from the painted pixels, not the palette: the meter is drawn on the theme's
    # background, and the big share figure at the top stands out from it strongly.
    ground = background(image).lightness()
    assert ground < 80 if dark else ground > 180
    top = QRect(0, 0, image.width(), 80)
    assert ink(image, top, contrast=150) > 50
    assert colours(image) > 20  # bars, band and labels, antialiased


def test_score_verdict_and_week_labels_tell_one_story(qtbot: QtBot, dock: MeterDock) -> None:
    one_leader = analyze(records([Role.LEADER]), MONTH)
    dock.panel.set_report(one_leader)
    assert verdict_line(one_leader) == "Too early to tell" and one_leader.score is None
    assert "Balance score —." in summary_text(one_leader)  # no score beside "too early to tell"
    # 27 % leader: "All activity" in red, and the score (90) in the same red.
    low = analyze(records([Role.LEADER] * 3 + [Role.MANAGER] * 8), MONTH)
    assert low.verdict is Verdict.ALL_ACTIVITY and low.score == 90
    dock.panel.set_report(low)
    meter = dock.panel.meter
    meter.resize(320, meter.heightForWidth(320))
    image = meter.grab().toImage()
    red = meter.verdict_color(low)
    header = [
        image.pixelColor(x, y)
        for x in range(image.width() // 2, image.width())
        for y in range(0, 30)
    ]
    assert any(
        abs(c.red() - red.red()) + abs(c.green() - red.green()) + abs(c.blue() - red.blue()) < 40
        for c in header
    )
    tips = meter.week_tips()
    droughts = [w for w in low.by_week if w.total and not w.leader]
    assert droughts and sum("no leader post this week" in tip for tip in tips) == len(droughts)


def test_an_unchanged_report_costs_no_relayout_and_keeps_the_chosen_flag(
    qtbot: QtBot, dock: MeterDock
) -> None:
    """After most edits the flags are the same: the list keeps its rows and the flag chosen;
    new flags replace them; the cards are as tall as their words at every width."""
    panel = dock.panel
    panel.set_report(demo_report())
    view, model = panel.flag_view, panel.flag_model
    view.setCurrentIndex(model.index(1, 0))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    panel.set_report(demo_report())  # an equal report, as a refresh after an edit gives it
    assert resets == [] and view.currentIndex().row() == 1
    narrow_height = view.visualRect(model.index(0, 0)).height()

    other = analyze(records([Role.MANAGER] * 6), MONTH)
    panel.set_report(other)
    assert resets == [True] and panel.flags()[0].code == "ALL_ACTIVITY_NO_VISION"
    panel.set_report(demo_report())
    dock.resize(900, 640)  # wider: word-wrapped cards get shorter, not a stale size
    qtbot.waitUntil(lambda: view.visualRect(model.index(0, 0)).height() < narrow_height)


class EventCounter(QObject):
    """How many paint and layout events `widget` gets."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.seen: list[QEvent.Type] = []
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.LayoutRequest):
            self.seen.append(event.type())
        return False


def test_the_pillar_mix_is_laid_out_again_only_when_it_changes(
    qtbot: QtBot, dock: MeterDock
) -> None:
    pillars = [PillarRecord(1, "Craft", target=0.5), PillarRecord(2, "People")]
    posts = [
        replace(p, pillar="Craft" if p.id % 2 else "People") for p in records([Role.LEADER] * 6)
    ]
    panel = dock.panel
    panel.set_report(analyze(posts, MONTH, pillars=pillars))
    mix = panel.strategy.mix
    qtbot.waitUntil(lambda: mix.isVisible() and len(mix.rows) == 2)
    counter = EventCounter(mix)
    qtbot.waitUntil(lambda: QEvent.Type.Paint in counter.seen)  # its first paint, then quiet
    QApplication.processEvents()
    counter.seen.clear()
    panel.set_report(analyze(posts, MONTH, pillars=pillars))  # equal: after most edits
    QApplication.processEvents()
    assert counter.seen == []
    before = mix.lines()
    untied = [replace(p, pillar=None) if p.id == 1 else p for p in posts]  # a third bar
    panel.set_report(analyze(untied, MONTH, pillars=pillars))
    qtbot.waitUntil(lambda: QEvent.Type.Paint in counter.seen)
    assert len(mix.lines()) == 3 and mix.lines()[:2] != before
    assert mix.sizeHint().height() == int(3 * ROW_H) + 4


def test_pillar_rows_that_appear_are_laid_out_before_any_paint(
    qtbot: QtBot, dock: MeterDock
) -> None:
    panel = dock.panel
    panel.set_report(demo_report())  # no pillars: the mix is hidden
    qtbot.waitUntil(lambda: panel.strategy.isVisible())
    QApplication.processEvents()
    pillars = [PillarRecord(n, name) for n, name in enumerate(("Craft", "People", "Tips"), 1)]
    names = ("Craft", "People", "Tips", None)
    posts = [replace(p, pillar=names[p.id % 4]) for p in records([Role.MANAGER] * 8)]
    painted = EventCounter(panel.strategy.untied)
    panel.set_report(analyze(posts, MONTH, pillars=pillars))
    # No event loop turn in between: what the next paint shows is already in place.
    mix, untied = panel.strategy.mix, panel.strategy.untied
    assert painted.seen == [] and len(mix.rows) == 4
    assert mix.height() == mix.sizeHint().height() == int(4 * ROW_H) + 4
    assert untied.geometry().top() >= mix.geometry().bottom()
    assert panel.strategy.leading.geometry().top() >= untied.geometry().bottom()


def test_a_long_list_of_flags_is_measured_once_per_flag(
    qtbot: QtBot, dock: MeterDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More flags than fit even at their smallest: each is measured at the width the list has
    once its scroll bar shows, not first at the width without it and then again."""
    from lmplanner.core.balance.report import Flag, Severity
    from lmplanner.ui.meter.flags import FlagDelegate

    widths: list[int] = []
    real_measure = FlagDelegate._measure

    def counted(self: FlagDelegate, option: object, width: int, text: str, hint: str) -> object:
        widths.append(width)
        return real_measure(self, option, width, text, hint)  # type: ignore[arg-type]

    monkeypatch.setattr(FlagDelegate, "_measure", counted)
    flags = [
        Flag("clash", Severity.LOW, f"Flag {i}: two posts close together", "Move one of them.")
        for i in range(60)
    ]
    report = replace(demo_report(), flags=tuple(flags))
    panel = dock.panel
    panel.set_report(report)
    view = panel.flag_view
    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: len(widths) >= 60)
    assert len(widths) == 60 and len(set(widths)) == 1  # once each, at one width
    assert view.visualRect(view.model().index(0, 0)).width() > 0
    before = view.visualRect(view.model().index(59, 0))
    panel.set_report(replace(report, flags=()))
    panel.set_report(report)  # laid out again from the cache, to the same rows
    qtbot.waitUntil(lambda: view.visualRect(view.model().index(59, 0)) == before)


def test_the_balance_score_says_what_it_measures_beside_a_high_flag(
    qtbot: QtBot, dock: MeterDock
) -> None:
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from lmplanner.ui.meter.meter import score_tip

    # 1 leader of 3 (33 %, inside the band) and 2 manager posts that serve no pillar: a HIGH
    # flag beside a balance score of 100, which measures the leader share alone.
    report = analyze(
        records([Role.LEADER, Role.MANAGER, Role.MANAGER]),
        MONTH,
        pillars=[PillarRecord(1, "Craft")],
    )
    assert report.score == 100 and report.flags[0].severity.value == "high"
    dock.panel.set_report(report)
    meter = dock.panel.meter
    qtbot.waitUntil(lambda: not meter.score_rect().isEmpty())
    assert "Balance score 100." in meter.accessibleDescription()
    assert score_tip() in meter.toolTip() and "Flags are judged apart" in score_tip()
    where = meter.score_rect().center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, where, meter.mapToGlobal(where))
    QApplication.sendEvent(meter, event)
    qtbot.waitUntil(lambda: QToolTip.text() == score_tip())
    # With the plan closed there is no score, and no place left that explains one.
    dock.panel.set_report(None)
    meter.repaint()
    assert meter.score_rect().isEmpty()


def test_leading_never_names_no_author(dock: MeterDock) -> None:
    posts = [
        replace(p, author="Leo Park" if p.id <= 2 else None)
        for p in records([Role.LEADER] * 5 + [Role.MANAGER] * 4)
    ]
    dock.panel.set_report(analyze(posts, MONTH, pillars=[]))
    leading = dock.panel.strategy.leading
    assert leading.text() == (
        "Leading: \u2068Leo Park\u2069. 3 leader posts and 4 manager posts have no author."
    )
    nobody = [replace(p, author=None) for p in posts]
    dock.panel.set_report(analyze(nobody, MONTH, pillars=[]))
    assert leading.text().startswith("Leading: nobody yet — no author's leader share reaches 30 %")
    assert "No author" not in leading.text()
