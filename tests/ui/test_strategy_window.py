"""Strategy across the window: the Pillar filter (with "No pillar") in month, week, agenda and the
meter; the meter's pillar mix, untied share, leader voices and clickable strategy flags; Who leads
with its one-click author filter; the welcome's vision and pillars; the shortcuts dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter
from planning_support import add_posts, close_window, draft, open_window, undo_count
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import FlagCode
from lmplanner.ui.dialogs.who_leads import WhoLeadsDialog
from lmplanner.ui.window.main_window import AGENDA, MONTH, WEEK, MainWindow

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def seed(win: MainWindow) -> dict[str, int]:
    service = win.service
    assert win.document is not None
    win.document.perform("P", lambda: service.add_pillar("Craft", color="#0072b2", target=50))
    win.document.perform("P", lambda: service.add_pillar("Community", color="#e69f00", target=40))
    ids = add_posts(
        win,
        draft("Craft essay", "leader", pillar="Craft", author="Ana"),
        draft("Craft how-to", pillar="Craft", author="Ana"),
        draft("Community offer", pillar="Community", author="Ben"),
        draft("Community event", pillar="Community", author="Ben"),
        draft("Loose tip", author="Ben"),
    )
    return dict(zip(("essay", "howto", "offer", "event", "loose"), ids, strict=True))


def tick(qtbot: QtBot, win: MainWindow, key: str, text: str) -> None:
    """Tick a filter entry the way a person does: open the menu, click the entry."""
    menu = win.filter_bar.menus[key]
    [action] = [a for a in menu.actions() if a.text() == text]
    menu.popup(
        win.filter_bar.buttons[key].mapToGlobal(win.filter_bar.buttons[key].rect().bottomLeft())
    )
    qtbot.waitExposed(menu)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    menu.close()


def titles_shown(win: MainWindow) -> set[str]:
    view = win.current_view()
    if view is win.agenda:
        model = win.agenda.model
        return {model.record(row).title for row in range(model.rowCount())}  # type: ignore[union-attr]
    return {p.title for p in view.posts_on(DAY)}


def test_pillar_filter_in_every_view_and_the_meter(qtbot: QtBot, win: MainWindow) -> None:
    seed(win)
    win.go_to(DAY)
    entries = [a.text() for a in win.filter_bar.menus["pillar"].actions()]
    assert entries == ["No pillar", "Craft", "Community"]
    tick(qtbot, win, "pillar", "Craft")
    assert win.filter_bar.buttons["pillar"].text().startswith("&Pillar: Craft")
    for mode in (MONTH, WEEK, AGENDA):
        win.set_view_mode(mode)
        assert titles_shown(win) == {"Craft essay", "Craft how-to"}, mode
    report = win.meter.report()
    assert report is not None and (report.leader, report.manager) == (1, 1)
    assert "pillar Craft" in win.meter.filter_note.text()
    tick(qtbot, win, "pillar", "Craft")  # off again
    tick(qtbot, win, "pillar", "No pillar")
    for mode in (MONTH, WEEK, AGENDA):
        win.set_view_mode(mode)
        assert titles_shown(win) == {"Loose tip"}, mode
    # A renamed pillar keeps its tick; the menu follows the plan's pillars.
    tick(qtbot, win, "pillar", "Community")
    assert set(win.filter_bar.checked("pillar")) == {"", "Community"}
    service = win.service
    craft = service.pillars()[0]
    assert win.document is not None
    win.document.perform("R", lambda: service.update_pillar(craft.id, name="Craftsmanship"))
    entries = [a.text() for a in win.filter_bar.menus["pillar"].actions()]
    assert entries == ["No pillar", "Craftsmanship", "Community"]
    assert set(win.filter_bar.checked("pillar")) == {"", "Community"}


def test_meter_shows_the_pillar_mix_untied_share_and_leader_voices(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = seed(win)
    win.go_to(DAY)
    strategy = win.meter.strategy
    assert strategy.mix.lines() == [
        "Craft: 40 % (target 50 %)",
        "Community: 40 % (target 40 %)",
        "No pillar: 20 %",
    ]
    assert strategy.untied.text() == "Untied manager posts: 1 (25 %); limit 25 %"
    assert strategy.leading.text() == "Leading: \u2068Ana\u2069"
    assert strategy.mix.accessibleDescription().startswith("Craft: 40 %")
    # Three bars get their rows once the dock lays them out.
    qtbot.waitUntil(lambda: strategy.mix.height() >= 3 * 18)
    image = strategy.mix.grab().toImage()
    # The strategy flag is one click away from its posts.
    flags = win.meter.flags()
    codes = [f.code for f in flags]
    assert FlagCode.PILLAR_WITHOUT_LEADER in codes
    row = codes.index(FlagCode.PILLAR_WITHOUT_LEADER)
    win.meter.activate_flag(row)
    assert set(win.current_view().selected_post_ids()) == {ids["offer"], ids["event"]}
    # Dark palette: the bars keep their pillar colours, the mix its text.
    win.meter_dock.setPalette(dark_palette())
    QApplication.processEvents()
    dark = strategy.mix.grab().toImage()
    assert dark.size() == image.size()
    colors = {dark.pixelColor(x, 2 + 9).name() for x in range(dark.width())}
    assert QColor("#0072b2").name() in colors


def dark_palette() -> QPalette:
    """The dark palette the screenshot tests use."""
    from test_screenshots import dark_palette as palette

    return palette()


def test_who_leads_lists_authors_and_filters_by_one_in_one_click(
    qtbot: QtBot, win: MainWindow
) -> None:
    seed(win)
    win.go_to(DAY)
    action = win.strategy.who_leads
    assert action.shortcut().toString() == "Ctrl+Shift+L"
    action.trigger()
    [dialog] = [d for d in win.findChildren(WhoLeadsDialog) if d.isVisible()]
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert sorted(rows) == [
        ["Ana", "2", "50 %", "Leader voice", "Craft 2"],
        ["Ben", "3", "0 %", "Manager voice", "Community 2, no pillar 1"],
    ]
    ana = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Ana")
    button = table.cellWidget(ana, 5)
    assert isinstance(button, QPushButton) and button.accessibleName() == "Show only Ana's posts"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert win.filter_bar.checked("author") == ["Ana"]
    assert titles_shown(win) == {"Craft essay", "Craft how-to"}
    # From the meter too.
    qtbot.mouseClick(win.meter.strategy.who_button, Qt.MouseButton.LeftButton)
    assert any(d.isVisible() for d in win.findChildren(WhoLeadsDialog))
    for d in win.findChildren(WhoLeadsDialog):
        d.reject()


def test_welcome_invites_a_vision_and_pillars_and_one_undo_takes_them_back(
    qtbot: QtBot, plan_path: Path
) -> None:
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    assert win.welcome_visible()
    welcome = win.welcome
    assert welcome.vision_edit.accessibleName() == "Vision (optional)"
    qtbot.keyClicks(welcome.vision_edit, "We make planning calm.")
    qtbot.keyClicks(welcome.pillars_edit, "Craft, Community, craft, ")
    before = undo_count(win)
    qtbot.mouseClick(welcome.empty_button, Qt.MouseButton.LeftButton)
    assert not win.welcome_visible()
    assert win.service.settings().vision == "We make planning calm."
    assert [p.name for p in win.service.pillars()] == ["Craft", "Community"]
    assert undo_count(win) == before + 1
    win.commands.undo.trigger()
    assert win.service.pillars() == [] and win.service.settings().vision == ""
    close_window(win)


def test_sample_month_brings_a_vision_pillars_follow_ups_and_the_new_flags(
    qtbot: QtBot, plan_path: Path
) -> None:
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    service = win.service
    assert service.settings().vision
    assert [p.name for p in service.pillars()] == [
        "Point of view",
        "Customer stories",
        "Product tips",
    ]
    report = win.meter.report()
    assert report is not None
    assert FlagCode.PILLAR_WITHOUT_LEADER in {f.code for f in report.flags}
    assert any(f.follower_ids for f in report.follow_ups)
    assert win.meter.strategy.mix.lines()[0].startswith("Point of view")
    win.commands.undo.trigger()  # one step: posts, vision and pillars
    assert service.pillars() == [] and service.settings().vision == ""
    close_window(win)


def test_the_shortcuts_dialog_lists_the_strategy_keys(qtbot: QtBot, win: MainWindow) -> None:
    rows = win.commands.shortcut_rows()
    keys = {text: key for _group, text, key in rows}
    assert keys["Who leads"] == "Ctrl+Shift+L"
    assert keys["Vision and pillars"] == "Ctrl+Shift+P"
    assert keys["Plan a follow-up of a leader post"] == "Alt+W"
    assert keys["Find the leader post a manager post follows up"] == "Alt+F"
    assert keys["Pillar"] == "Alt+R"


def test_chips_agenda_and_tooltip_name_the_pillar(qtbot: QtBot, win: MainWindow) -> None:
    from lmplanner.ui.views.post_text import chip_tooltip

    ids = seed(win)
    service = win.service
    assert win.document is not None
    win.document.perform("L", lambda: service.update_post(ids["howto"], {"follows": ids["essay"]}))
    # Two posts a day: both chips show in a month cell.
    for key, day in (("offer", 11), ("event", 12), ("loose", 13)):
        patch = {"date": dt.date(2026, 3, day)}
        win.document.perform("M", lambda key=key, patch=patch: service.update_post(ids[key], patch))
    win.go_to(DAY)
    win.set_view_mode(MONTH)
    view = win.current_view()
    qtbot.waitUntil(lambda: view.chip_rect(ids["loose"]) is not None)
    assert view.chip_rect(ids["howto"]) is not None
    for palette in (None, dark_palette()):
        if palette is not None:
            view.setPalette(palette)
        image = view.grab().toImage()
        rect = view.chip_rect(ids["howto"])
        assert rect is not None
        # The pillar's stripe at the chip's right end, the role tab at its left.
        stripe = image.pixelColor(int(rect.right()) - 2, int(rect.center().y()))
        assert stripe.name() == "#0072b2"
        loose = view.chip_rect(ids["loose"])
        assert loose is not None
        no_stripe = image.pixelColor(int(loose.right()) - 2, int(loose.center().y()))
        assert no_stripe.name() != "#0072b2"
    assert "Pillar</td><td>Craft</td>" in chip_tooltip(service.post(ids["howto"]))
    win.set_view_mode(AGENDA)
    model = win.agenda.model
    row = next(r for r in range(model.rowCount()) if model.post_id(r) == ids["howto"])
    assert model.index(row, model.column_of("pillar")).data() == "Craft"
    assert model.index(row, model.column_of("follows")).data() == "Craft essay"
    # "Follows up" is one header-menu tick away; the pillar column is shown.
    assert win.agenda.table.isColumnHidden(model.column_of("follows"))
    assert not win.agenda.table.isColumnHidden(model.column_of("pillar"))


def test_welcome_text_stays_with_the_plan_it_was_typed_for(
    qtbot: QtBot, plan_path: Path, tmp_path: Path
) -> None:
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    qtbot.keyClicks(win.welcome.vision_edit, "Only for the first plan")
    qtbot.keyClicks(win.welcome.pillars_edit, "Craft")
    assert win.open_plan_at(tmp_path / "second.lmplan", create=True)
    assert win.welcome_visible() and win.welcome.vision_edit.text() == ""
    qtbot.mouseClick(win.welcome.empty_button, Qt.MouseButton.LeftButton)
    assert win.service.settings().vision == "" and win.service.pillars() == []
    close_window(win)


def test_who_leads_counts_posts_without_an_author_apart(qtbot: QtBot, win: MainWindow) -> None:
    seed(win)
    add_posts(win, draft("Unsigned essay", "leader"), draft("Unsigned story", "leader"))
    win.go_to(DAY)
    assert (
        win.meter.strategy.leading.text()
        == "Leading: \u2068Ana\u2069. 2 leader posts have no author."
    )
    qtbot.keyClick(
        win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(WhoLeadsDialog)))
    [dialog] = [d for d in win.findChildren(WhoLeadsDialog) if d.isVisible()]
    authors = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert sorted(authors) == ["Ana", "Ben"]  # no "No author" row
    assert dialog.unauthored.isVisibleTo(dialog)
    assert dialog.unauthored.text() == "2 leader posts have no author."
    dialog.reject()


def test_a_narrow_window_lists_each_shortcut_once(qtbot: QtBot, win: MainWindow) -> None:
    # The menu bar keeps an overflow menu (no title) for menus a narrow window cannot show; it
    # must not come out as a nameless group repeating them.
    wide = win.commands.shortcut_rows()
    win.resize(100, win.height())
    qtbot.waitUntil(lambda: win.width() == win.minimumWidth())
    rows = win.commands.shortcut_rows()
    assert all(group for group, _text, _key in rows)
    assert len(rows) == len(set(rows))
    assert sorted(rows) == sorted(wide)
