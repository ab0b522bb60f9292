"""MonthView and WeekView painting, themes, tooltips and screenshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from calendar_support import (
    NOV,
    SIZE,
    ViewType,
    centre,
    dark_palette,
    empty_point,
    post,
)
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import DEFAULT_CHANNELS, Role, Status
from lmplanner.ui import theme
from lmplanner.ui.dates import day_text
from lmplanner.ui.views.calendar import MonthView, WeekView
from lmplanner.ui.views.calendar.chips import chip_colors
from lmplanner.ui.views.post_text import chip_tooltip, short_channel
from tests.ui.screenshot_support import (
    assert_painted,
    background,
    lightness,
    pixels,
    save_screenshot,
)


def test_tooltip_names_everything_and_escapes_user_text() -> None:
    record = post(1, NOV, title="<b>Q&A</b>", role=Role.MANAGER, channel="Blog")
    tip = chip_tooltip(record)
    assert "&lt;b&gt;Q&amp;A&lt;/b&gt;" in tip
    for word in ("Manager", "Blog", "Tip", "Scheduled", "Maya Chen", f"{day_text(NOV)} 09:00"):
        assert word in tip
    assert "2025-11-01" not in tip  # the day as the locale writes it, never ISO


def test_the_tooltip_writes_its_day_as_the_locale_does() -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        tip = chip_tooltip(post(1, NOV))
    finally:
        QLocale.setDefault(before)
    assert "Sa., 1. Nov. 2025 09:00" in tip


def test_hovering_a_chip_shows_its_tooltip(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day, title="Why planning tools should have opinions")])
    pos = centre(view, 1)
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Why planning tools should have opinions" in QToolTip.text()
    assert "Leader" in QToolTip.text()
    QToolTip.hideText()


def test_select_dates_highlights_until_the_next_click(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    view = make_view(MonthView)
    days = [dt.date(2025, 11, 10), dt.date(2025, 11, 11)]
    view.select_dates(days)
    assert view.highlighted_dates() == days
    assert not view.grab().isNull()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=empty_point(view, dt.date(2025, 11, 20)))
    assert view.highlighted_dates() == []


def test_short_channel_names() -> None:
    assert short_channel("Instagram") == "IG"
    assert short_channel("linkedin") == "LI"
    assert short_channel("Blog") == "Blog"
    assert short_channel("Company Town Hall") == "CTH"
    assert short_channel("Podcasting") == "Podc"


def test_role_colours_differ_and_lighten_in_dark(qtbot: QtBot) -> None:
    light, dark = QApplication.palette(), dark_palette()
    assert not theme.is_dark(light) and theme.is_dark(dark)
    for palette in (light, dark):
        leader = theme.role_color(Role.LEADER, palette)
        manager = theme.role_color(Role.MANAGER, palette)
        assert leader.hue() != manager.hue()
        # The lightness gap stays visible without hue (greyscale / colour-blind check).
        assert abs(leader.lightness() - manager.lightness()) > 12 or palette is dark
    assert (
        theme.role_color(Role.LEADER, dark).lightness()
        > theme.role_color(Role.LEADER, light).lightness()
    )
    assert theme.role_letter(Role.LEADER) != theme.role_letter(Role.MANAGER)
    assert theme.role_symbol(Role.LEADER) != theme.role_symbol(Role.MANAGER)
    assert theme.channel_color("nonsense").isValid()
    assert theme.channel_color("#0a66c2").name() == "#0a66c2"


def test_painting_three_hundred_posts(make_view: Callable[..., MonthView | WeekView]) -> None:
    start = dt.date(2025, 10, 27)
    posts = [
        post(
            i,
            start + dt.timedelta(days=i % 42),
            None if i % 9 == 0 else dt.time(6 + i % 16, (i * 15) % 60),
            role=Role.LEADER if i % 3 else Role.MANAGER,
            title=f"Post {i} " + "with a rather long title " * (i % 3),
            channel=DEFAULT_CHANNELS[i % len(DEFAULT_CHANNELS)][0],
            status=list(Status)[i % 4],
        )
        for i in range(1, 301)
    ]
    for kind in (MonthView, WeekView):
        view = make_view(kind, posts, anchor=dt.date(2025, 11, 12))
        view.select_posts([1, 2, 3])
        view.select_dates([dt.date(2025, 11, 12)])
        for palette in (QApplication.palette(), dark_palette()):
            view.setPalette(palette)
            image = view.grab()
            assert not image.isNull()
        if kind is MonthView:
            assert view.more_rect(dt.date(2025, 11, 12)) is not None
        view.resize(view.minimumSizeHint())
        assert not view.grab().isNull()


# ---------------------------------------------------------------------- screenshots


def _demo_view(
    kind: ViewType, service: object, qtbot: QtBot, palette: QPalette | None
) -> MonthView | WeekView:
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService

    assert isinstance(service, PlanService)
    create_demo(service, 2025, 11)
    view = kind()
    qtbot.addWidget(view)
    if palette is not None:
        view.setPalette(palette)
    view.resize(*SIZE)
    view.set_today(dt.date(2025, 11, 18))
    view.set_first_weekday(service.settings().balance.first_weekday)
    view.set_period(dt.date(2025, 11, 12))
    view.set_selected_date(dt.date(2025, 11, 12))
    view.set_channel_colors({c.name: c.color for c in service.channels()})
    start, end = view.visible_range()
    posts = service.posts(start=start, end=end)
    view.set_posts(posts)
    assert posts and all(view.chip_rect(p.id) is not None for p in posts if p.date)
    first = posts[0]
    view.select_posts([first.id])
    with qtbot.waitExposed(view):
        view.show()
    return view


@pytest.mark.parametrize(
    ("name", "kind", "dark"),
    [
        ("month-light", MonthView, False),
        ("month-dark", MonthView, True),
        ("week-light", WeekView, False),
        ("week-dark", WeekView, True),
    ],
)
def test_screenshots(
    service: object, qtbot: QtBot, name: str, kind: ViewType, dark: bool, screenshots: Path
) -> None:
    view = _demo_view(kind, service, qtbot, dark_palette() if dark else None)
    image = save_screenshot(view, screenshots, f"calendar-{name}.png")
    assert (image.width(), image.height()) == SIZE
    assert (lightness(image) < 90) if dark else (lightness(image) > 160)
    # Every post's chip is drawn: a blank chip would hide its title.
    start, end = view.visible_range()
    days = (start + dt.timedelta(days=d) for d in range((end - start).days + 1))
    shown = [p for day in days for p in view.posts_on(day)]
    chips = [view.chip_rect(p.id) for p in shown]
    assert any(chips)
    for chip in filter(None, chips):
        assert_painted(image, chip.toAlignedRect(), min_colours=4)


def test_month_chips_wrap_titles_and_keep_time_and_channel(
    make_view: Callable[..., MonthView | WeekView],
) -> None:
    from lmplanner.ui.views.calendar.chips import (
        PAD,
        TAB_WIDTH,
        ChipFonts,
        max_title_lines,
        plan_line,
    )

    long_title = "Why we stopped posting every day and what happened next"
    busy = [post(10 + i, NOV + dt.timedelta(days=2), title=f"Busy day post {i}") for i in range(6)]
    lone = post(1, NOV, dt.time(9, 0), title=long_title)
    view = make_view(MonthView, [lone, *busy])
    view.resize(980, 700)  # the calendar's share of a 1440×900 window with both docks
    fonts = ChipFonts.from_font(view.font())
    rect = view.chip_rect(1)
    assert rect is not None
    lines = max_title_lines(rect.height(), fonts)
    assert lines >= 2  # a roomy cell: the title wraps instead of "Why we sto…"
    plan = plan_line(lone, fonts, rect.width() - TAB_WIDTH - 2 * PAD + 1, lines)
    assert (plan.time, plan.dot, plan.label) == ("9:00", True, "LI")  # compact time, channel cue
    assert len(" ".join(plan.title)) > 25
    # A crowded day keeps one line per chip and a "+N more".
    busy_rects = [view.chip_rect(p.id) for p in busy]
    shown = [r for r in busy_rects if r is not None]
    assert shown and all(max_title_lines(r.height(), fonts) == 1 for r in shown)
    plans = [plan_line(p, fonts, shown[0].width() - TAB_WIDTH - 2 * PAD + 1, 1) for p in busy]
    assert all(plan.time == "9:00" for plan in plans)
    assert len({plan.title for plan in plans}) == len(busy)  # "Busy day post 1…6" told apart
    # A narrow cell sheds the channel's name before the title.
    narrow = plan_line(lone, fonts, fonts.title_metrics.averageCharWidth() * 14, 1)
    assert narrow.label == "" and narrow.title[0] and narrow.time == "9:00"  # time stays


def test_a_wrapped_chip_keeps_the_channel_name_when_the_title_starts_below_anyway(
    make_view: Callable[..., MonthView | WeekView],
) -> None:
    """The tester's "9:30 ●" over "Planning c…": the first word did not fit beside the meta with
    or without "Blog", so shedding the name gave the title nothing and left the line half empty."""
    from lmplanner.ui.views.calendar.chips import DOT, PAD, ChipFonts, plan_line

    clinic = post(1, NOV, dt.time(9, 30), title="Planning clinic", channel="Blog")
    view = make_view(MonthView, [clinic])
    fonts = ChipFonts.from_font(view.font())
    time_w = fonts.width("9:30", small=True) + PAD
    meta = time_w + DOT + 3 + fonts.width("Blog", small=True) + PAD
    width = meta + 2  # "Blog" fits; "Planning" fits beside neither meta
    assert fonts.width("Planning") > width - (time_w + DOT + 6)
    plan = plan_line(clinic, fonts, width, 2)
    assert (plan.time, plan.dot, plan.label) == ("9:30", True, "Blog")
    assert plan.title[0] == "" and plan.title[1].startswith("Plan")
    # Where "Blog" does not fit on the line at all, it is still the first thing to go.
    tight = plan_line(clinic, fonts, meta - 3, 2)
    assert (tight.time, tight.dot, tight.label) == ("9:30", True, "")
    # A title that fits beside the short meta but not the long one still wins the room.
    word = replace(clinic, title="Tip of the week")
    beside = plan_line(word, fonts, time_w + DOT + 6 + fonts.width("Tip of") + 1, 2)
    assert beside.label == "" and beside.title[0].startswith("Tip")


def test_a_selected_chip_on_a_day_of_the_next_month_is_drawn_whole(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    outside = dt.date(2025, 12, 2)  # shown after November, faded
    view = make_view(MonthView, [post(1, outside, title="Notes from the founder")])
    rect = view.chip_rect(1)
    assert rect is not None
    body = rect.toRect().adjusted(22, 2, -2, -2)  # right of the role tab
    palette = view.palette()
    faded = background(view.grab().toImage(), body)
    assert faded != palette.color(QPalette.ColorRole.Highlight)
    view.select_posts([1])
    image = view.grab().toImage()
    # The palette's highlight at full strength, its text in highlightedText: readable.
    assert background(image, body) == palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    assert text.rgb() in set(pixels(image, body))


def test_the_channel_dot_of_a_selected_chip_is_ringed_in_highlighted_text() -> None:
    palette = QPalette()
    record = post(1, NOV)
    blue = palette.color(QPalette.ColorRole.Highlight)
    selected = chip_colors(record, palette, blue, selected=True)
    assert selected.dot_ring == palette.color(QPalette.ColorRole.HighlightedText)
    plain = chip_colors(record, palette, blue, selected=False)
    assert plain.dot_ring != plain.text


def test_a_font_change_repaints_the_month_as_a_view_made_with_that_font(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    """The day numbers' fonts are made once per set of chip fonts: a changed font is painted
    in at once (day numbers, chips and badge letters alike), not the fonts first met."""
    posts = [post(1, dt.date(2025, 11, 12), title="Why planning tools should have opinions")]
    changed = make_view(MonthView, posts, selected=dt.date(2025, 11, 12))
    before = changed.grab().toImage()
    bigger = QFont(changed.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 1.6)
    changed.setFont(bigger)
    made = MonthView()  # with that font before its first paint
    qtbot.addWidget(made)
    made.setFont(bigger)
    made.resize(changed.size())
    made.set_today(dt.date(2025, 11, 18))
    made.set_first_weekday(0)
    made.set_period(NOV)
    made.set_selected_date(dt.date(2025, 11, 12))
    made.set_channel_colors(dict(DEFAULT_CHANNELS))
    made.set_posts(posts)
    with qtbot.waitExposed(made):
        made.show()
    image = changed.grab().toImage()
    assert image != before  # the larger numbers and titles show
    assert image == made.grab().toImage()


def test_each_chip_shows_its_own_pillars_stripe(make_view: Callable[..., MonthView]) -> None:
    """Pillar colours are worked out once per paint: chips of two pillars (and one of none)
    side by side still each show their own at the right end."""
    day = dt.date(2025, 11, 12)
    records = [
        replace(post(1, day, dt.time(9, 0)), pillar="Craft"),
        replace(post(2, day, dt.time(10, 0)), pillar="People"),
        post(3, day, dt.time(11, 0)),
        replace(post(4, day, dt.time(12, 0)), pillar="craft"),  # names match as the plan does
    ]
    view = make_view(MonthView, records)
    view.set_pillar_colors({"Craft": "#d62728", "People": "#2ca02c"})
    image = view.grab().toImage()
    stripes = {}
    for post_id in (1, 2, 3, 4):
        rect = view.chip_rect(post_id)
        assert rect is not None
        stripe = rect.toRect()
        stripes[post_id] = set(pixels(image, stripe.adjusted(stripe.width() - 3, 4, -1, -4)))
    assert QColor("#d62728").rgb() in stripes[1]
    assert QColor("#2ca02c").rgb() in stripes[2]
    assert not stripes[3] & {QColor("#d62728").rgb(), QColor("#2ca02c").rgb()}
    assert QColor("#d62728").rgb() in stripes[4]
