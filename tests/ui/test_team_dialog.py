"""Connect to team plan…: URL and fields in step, passwords kept out of the URL, validation,
failures in one line, cancel, and the password prompt — without a database server.

Connections to a real server are in tests/pg/test_pg_team_dialog.py.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.errors import (
    AuthenticationError,
    NewerPlanError,
    NotAPlanError,
    ServerConnectionError,
)
from lmplanner.core.store import postgres as pg
from lmplanner.ui import workers
from lmplanner.ui.team import connect as team_connect
from lmplanner.ui.team import (
    connect_to_team_plan,
    describe_location,
    password_prompt,
    reopen_team_plan,
)
from lmplanner.ui.team.dialog import TeamPlanDialog
from lmplanner.ui.team.password import PasswordDialog
from tests.screenshot_folder import SCREENSHOTS as SHOTS

SECRET = "s3cret-Pw!"


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[TeamPlanDialog]:
    widget = TeamPlanDialog()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    yield widget
    widget.cancel_attempt()
    assert workers.wait_for_all(15)


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Passwords that would have gone to the system keyring."""
    calls: list[tuple[str, str]] = []

    def remember(location: str, password: str) -> bool:
        calls.append((location, password))
        return True

    monkeypatch.setattr(pg, "remember_password", remember)
    return calls


class FakePlan:
    is_team = True
    readonly = False

    def __init__(self, location: str) -> None:
        self.location = location
        self.closed = False

    def close(self) -> None:
        self.closed = True


def fake_open(
    monkeypatch: pytest.MonkeyPatch,
    behaviour: Callable[[str, Callable[[str, str], str | None]], Any],
) -> list[str]:
    """Replace open_plan in the dialog's worker; returns the locations it was asked for."""
    asked: list[str] = []

    def opener(location: str, *, create: bool, password_callback: Any) -> Any:
        asked.append(location)
        assert create
        return behaviour(location, password_callback)

    monkeypatch.setattr(team_connect, "open_plan", opener)
    return asked


def finish(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=15000)


def fill(qtbot: QtBot, dialog: TeamPlanDialog, **fields: str) -> None:
    for name, value in fields.items():
        edit = getattr(dialog, f"{name}_edit")
        edit.clear()
        qtbot.keyClicks(edit, value)


# ---------------------------------------------------------------------------------- URL sync
def test_fields_write_the_url_without_a_password(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    assert dialog.port_spin.value() == 5432
    fill(qtbot, dialog, host="db.example.org", database="team_plan", user="ana")
    fill(qtbot, dialog, password=SECRET)
    assert dialog.url_edit.text() == "postgresql+psycopg://ana@db.example.org:5432/team_plan"
    dialog.port_spin.setValue(6543)
    assert dialog.url_edit.text() == "postgresql+psycopg://ana@db.example.org:6543/team_plan"
    assert SECRET not in dialog.url_edit.text()
    assert dialog.current_url() == dialog.url_edit.text()


def test_typing_a_url_fills_the_fields_and_moves_the_password(
    qtbot: QtBot, dialog: TeamPlanDialog
) -> None:
    """Typed key by key: the password leaves the URL with the "@" that ends it."""
    dialog.url_edit.setFocus()
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, "postgresql+psycopg://ana:s3cret@")
    assert dialog.url_edit.text() == "postgresql+psycopg://ana@"
    assert dialog.password_edit.text() == "s3cret"
    assert dialog.url_edit.cursorPosition() == len(dialog.url_edit.text())
    qtbot.keyClicks(dialog.url_edit, "db.example.org:5433/team?sslmode=require")
    assert dialog.url_edit.text() == (
        "postgresql+psycopg://ana@db.example.org:5433/team?sslmode=require"
    )
    assert dialog.password_edit.text() == "s3cret"
    assert dialog.host_edit.text() == "db.example.org"
    assert dialog.port_spin.value() == 5433
    assert dialog.database_edit.text() == "team"
    assert dialog.user_edit.text() == "ana"
    # A password typed into the middle of a URL moves when the person leaves the field.
    dialog.url_edit.setCursorPosition(len("postgresql+psycopg://ana"))
    qtbot.keyClicks(dialog.url_edit, ":new")
    assert dialog.password_edit.text() == "s3cret"  # still typing it
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Tab)
    assert dialog.url_edit.text() == (
        "postgresql+psycopg://ana@db.example.org:5433/team?sslmode=require"
    )
    assert dialog.password_edit.text() == "new"
    # Options survive editing a field.
    fill(qtbot, dialog, database="other")
    assert dialog.url_edit.text() == (
        "postgresql+psycopg://ana@db.example.org:5433/other?sslmode=require"
    )


def test_pasting_a_url_with_an_encoded_password(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    QApplication.clipboard().setText("postgres://ben:p%40ss%3Aword@10.0.0.7/plan")
    dialog.url_edit.clear()
    dialog.url_edit.setFocus()
    dialog.url_edit.paste()
    assert dialog.password_edit.text() == "p@ss:word"
    assert dialog.url_edit.text() == "postgres://ben@10.0.0.7/plan"
    assert (dialog.host_edit.text(), dialog.port_spin.value()) == ("10.0.0.7", 5432)
    # The location used to connect is always the psycopg 3 one, with the port spelled out.
    assert dialog.current_url() == "postgresql+psycopg://ben@10.0.0.7:5432/plan"


def test_set_location_and_recent_plans(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = connect_to_team_plan(
        parent,
        lambda plan, location: None,
        recent=["/home/ana/plan.lmplan", "postgresql+psycopg://ana:pw@h:5432/team", "x"],
    )
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.url_edit.text() == "postgresql+psycopg://ana@h:5432/team"
    assert dialog.password_edit.text() == ""  # a password kept in a list is not taken over
    assert dialog.focusWidget() is dialog.password_edit
    dialog.reject()
    assert not dialog.isVisible()


def test_bad_urls_are_refused_in_one_line(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    cases = {
        "mysql://ana@db/plan": "PostgreSQL",
        "postgresql+asyncpg://ana@db/plan": "psycopg",
        "no url at all": "not a database URL",
        "postgresql+psycopg://ana@db:99999/plan": "port",
    }
    for url, expected in cases.items():
        dialog.url_edit.clear()
        qtbot.keyClicks(dialog.url_edit, url)
        assert not dialog.start()
        assert expected in dialog.error_text(), url
        assert "\n" not in dialog.error_text()
        assert dialog.focusWidget() is dialog.url_edit
        assert not dialog.is_busy()
    # The fields kept the last URL that could be read; editing one makes the URL right again.
    assert (dialog.host_edit.text(), dialog.port_spin.value()) == ("db", 9999)
    fill(qtbot, dialog, database="kept2")
    assert dialog.url_edit.text() == "postgresql+psycopg://ana@db:9999/kept2"
    assert dialog.validate() is None
    # Leaving the URL field says what is wrong, too.
    dialog.show_error("")
    dialog.url_edit.setFocus()
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, "sqlite:///plan.db")
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Tab)
    assert "PostgreSQL" in dialog.error_text()


def test_missing_fields_are_asked_for(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "host" in dialog.error_text()
    assert dialog.focusWidget() is dialog.host_edit
    fill(qtbot, dialog, host="db")
    qtbot.keyClick(dialog.host_edit, Qt.Key.Key_Return)  # Enter presses Connect
    assert "database" in dialog.error_text()
    assert dialog.focusWidget() is dialog.database_edit
    assert not dialog.is_busy()


def test_describe_location() -> None:
    assert describe_location("postgresql+psycopg://ana:pw@db:5433/team") == "team on db:5433"
    assert describe_location("postgresql+psycopg://ana@db/team") == "team on db:5432"


# ---------------------------------------------------------------------------------- connecting
def test_success_hands_over_the_plan_and_keeps_the_password_only_then(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, kept: list[tuple[str, str]]
) -> None:
    plans: list[FakePlan] = []

    def behaviour(location: str, ask: Callable[[str, str], str | None]) -> FakePlan:
        assert ask(location, "The server needs a password for ana.") == SECRET
        plans.append(FakePlan(location))
        return plans[-1]

    asked = fake_open(monkeypatch, behaviour)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    received: list[tuple[Any, str]] = []
    dialog = connect_to_team_plan(parent, lambda plan, loc: received.append((plan, loc)))
    results: list[int] = []
    dialog.finished.connect(results.append)
    fill(qtbot, dialog, host="db", database="team", user="ana", password=SECRET)
    dialog.remember_check.setChecked(True)
    assert dialog.start()
    assert dialog.is_busy() and dialog.busy_row.isVisible()
    assert not dialog.connect_button.isEnabled() and not dialog.fields.isEnabled()
    finish(qtbot, dialog)
    location = "postgresql+psycopg://ana@db:5432/team"
    assert asked == [location]  # the password never travels in the URL
    assert received == [(plans[0], location)]
    assert results == [TeamPlanDialog.DialogCode.Accepted.value]
    assert kept == [(location, SECRET)]
    assert not plans[0].closed


def test_password_not_kept_when_the_server_never_asked_for_it(
    qtbot: QtBot, dialog: TeamPlanDialog, monkeypatch: pytest.MonkeyPatch, kept: list[Any]
) -> None:
    fake_open(monkeypatch, lambda location, ask: FakePlan(location))  # ~/.pgpass, trust, …
    fill(qtbot, dialog, host="db", database="team", password=SECRET)
    dialog.remember_check.setChecked(True)
    assert dialog.start()
    finish(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert kept == []


def failing(error: Exception, answers: int = 0) -> Callable[[str, Callable[..., Any]], Any]:
    def behaviour(location: str, ask: Callable[[str, str], str | None]) -> Any:
        for n in range(answers):
            why = "The server needs a password for ana." if n == 0 else "Wrong password for ana."
            if ask(location, why) is None:
                break
        raise error

    return behaviour


@pytest.mark.parametrize(
    ("error", "answers", "password", "expected", "field"),
    [
        (AuthenticationError("refused"), 2, SECRET, "Wrong password for ana on db:5432", "pw"),
        (AuthenticationError("none given"), 1, "", "needs a password for ana", "pw"),
        (
            ServerConnectionError(
                "There is no database team on the server at db:5432 (postgresql+psycopg://…)."
            ),
            0,
            "",
            "There is no database “team” on db:5432",
            "database",
        ),
        (
            ServerConnectionError("Cannot reach the team plan server x: Connection refused."),
            0,
            "",
            "Nothing answers at db:5432",
            "host",
        ),
        (
            ServerConnectionError("Cannot reach x: failed to resolve host 'db': unknown."),
            0,
            "",
            "There is no host “db”",
            "host",
        ),
        (
            ServerConnectionError("Cannot reach x: connection timeout expired."),
            0,
            "",
            "No answer from db:5432 within 10 s",
            "host",
        ),
        (NotAPlanError("other tables"), 0, "", "not an LM Planner plan", "database"),
        (NewerPlanError("schema zz"), 0, "", "newer LM Planner", None),
        (RuntimeError("boom"), 0, "", "Could not open the team plan: boom", None),
    ],
)
def test_failures_are_one_line_and_focus_the_field_to_fix(
    qtbot: QtBot,
    dialog: TeamPlanDialog,
    monkeypatch: pytest.MonkeyPatch,
    kept: list[Any],
    error: Exception,
    answers: int,
    password: str,
    expected: str,
    field: str | None,
) -> None:
    fake_open(monkeypatch, failing(error, answers))
    fill(qtbot, dialog, host="db", database="team", user="ana")
    if password:
        fill(qtbot, dialog, password=password)
        dialog.remember_check.setChecked(True)
    assert dialog.start()
    finish(qtbot, dialog)
    assert expected in dialog.error_text()
    assert "\n" not in dialog.error_text()
    assert dialog.isVisible() and dialog.fields.isEnabled() and dialog.connect_button.isEnabled()
    widgets = {
        "pw": dialog.password_edit,
        "host": dialog.host_edit,
        "database": dialog.database_edit,
    }
    if field is not None:
        assert dialog.focusWidget() is widgets[field]
    assert kept == []
    assert SECRET not in dialog.error_text() + dialog.error_label.toolTip()


def test_cancel_stops_waiting_and_closes_a_late_plan(
    qtbot: QtBot, dialog: TeamPlanDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    late: list[FakePlan] = []

    def slow(location: str, ask: Any) -> FakePlan:
        assert release.wait(10)
        late.append(FakePlan(location))
        return late[-1]

    fake_open(monkeypatch, slow)
    received: list[Any] = []
    dialog.connected.connect(lambda plan, loc: received.append(plan))
    fill(qtbot, dialog, host="slow.example.org", database="team")
    assert dialog.start()
    assert "Connecting to slow.example.org:5432" in dialog.busy_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc stops the attempt, the dialog stays
    assert dialog.isVisible() and not dialog.is_busy()
    assert "cancelled" in dialog.error_text()
    assert dialog.fields.isEnabled()
    release.set()
    assert workers.wait_for_all(10)
    qtbot.waitUntil(lambda: bool(late) and late[0].closed)
    QApplication.processEvents()
    assert received == [] and dialog.plan is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # idle: Esc closes
    assert not dialog.isVisible()


def test_reopen_connects_at_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, kept: list[Any]
) -> None:
    fake_open(monkeypatch, lambda location, ask: FakePlan(location))
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    received: list[str] = []
    dialog = reopen_team_plan(
        parent, "postgresql+psycopg://ana@db:5432/team", lambda plan, loc: received.append(loc)
    )
    assert dialog.is_busy()
    qtbot.waitUntil(lambda: received == ["postgresql+psycopg://ana@db:5432/team"], timeout=15000)


def test_unreachable_server_in_one_line(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    """A real connection attempt to a closed port on this computer (no server needed)."""
    pytest.importorskip("psycopg")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free now, and nothing listens on it after the close
    fill(qtbot, dialog, host="127.0.0.1", database="team", user="ana", password=SECRET)
    dialog.port_spin.setValue(port)
    assert dialog.start()
    finish(qtbot, dialog)
    assert dialog.error_text() == (
        f"Nothing answers at 127.0.0.1:{port}: check the host and port, and that the server "
        "is running."
    )
    assert dialog.focusWidget() is dialog.host_edit
    assert SECRET not in dialog.error_label.toolTip()


# ---------------------------------------------------------------------------------- keyboard
def mnemonics(widget: QWidget) -> list[str]:
    keys = []
    for child in widget.findChildren(QWidget):
        if child.isVisibleTo(widget) and isinstance(child, (QAbstractButton, QLabel)):
            found = re.search(r"&([^&\s])", child.text())
            if found:
                keys.append(found.group(1).lower())
    return keys


def test_keyboard_access_and_names(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    keys = mnemonics(dialog)
    assert len(keys) == len(set(keys)) >= 7, keys
    for edit in (
        dialog.host_edit,
        dialog.port_spin,
        dialog.database_edit,
        dialog.user_edit,
        dialog.password_edit,
        dialog.remember_check,
        dialog.url_edit,
    ):
        assert edit.accessibleName()
        assert edit.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    # Tab walks the form in reading order.
    order = [dialog.host_edit]
    while len(order) < 8:
        order.append(order[-1].nextInFocusChain())
    assert order.index(dialog.port_spin) < order.index(dialog.database_edit)
    assert order.index(dialog.password_edit) < order.index(dialog.url_edit)
    prompt = PasswordDialog(None, "postgresql+psycopg://ana@db/team", "x")
    qtbot.addWidget(prompt)
    keys = mnemonics(prompt)
    assert len(keys) == len(set(keys)) == 3, keys


# ---------------------------------------------------------------------------------- password
def answer_when_shown(password: str | None, *, remember: bool = False) -> QTimer:
    """Answers the password dialog from inside its own modal loop (tests never wait on it)."""
    timer = QTimer()
    timer.setInterval(20)

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PasswordDialog) and widget.isVisible():
                if password is None:
                    widget.reject()
                else:
                    widget.password_edit.setText(password)
                    widget.remember_check.setChecked(remember)
                    widget.accept()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_password_prompt_on_the_ui_thread(qtbot: QtBot, kept: list[tuple[str, str]]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ask = password_prompt(parent)
    timer = answer_when_shown(SECRET, remember=True)
    shown = "postgresql+psycopg://ana@db:5432/team"
    assert ask(shown, "The server needs a password for ana.") == SECRET
    assert kept == []  # not before the plan opened
    assert ask.opened()
    assert kept == [(shown, SECRET)]
    assert not ask.opened()  # kept once; the password is not held any longer
    timer.stop()
    timer = answer_when_shown(None)
    assert ask(shown, "Wrong password for ana; try again.") is None
    timer.stop()
    assert ask.asked == 2


def test_password_prompt_from_a_worker_thread(qtbot: QtBot, kept: list[Any]) -> None:
    ask = password_prompt(None)
    timer = answer_when_shown("from-the-ui")
    answers: list[str | None] = []
    worker = threading.Thread(
        target=lambda: answers.append(ask("postgresql+psycopg://ana@db/t", "needs a password"))
    )
    worker.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    worker.join(5)
    timer.stop()
    assert answers == ["from-the-ui"]
    assert not ask.opened()  # Remember was not ticked
    assert kept == []


def test_password_dialog_texts(qtbot: QtBot) -> None:
    wrong = PasswordDialog(None, "postgresql+psycopg://ana:x@db/team", "Wrong password for ana.")
    qtbot.addWidget(wrong)
    texts = [label.text() for label in wrong.findChildren(QLabel)]
    assert "Wrong password for ana; try again." in texts
    assert "postgresql+psycopg://ana:***@db/team" in texts
    assert not any(":x@" in text for text in texts)


# ---------------------------------------------------------------------------------- looking at it
def test_screenshots(qtbot: QtBot, dialog: TeamPlanDialog) -> None:
    SHOTS.mkdir(exist_ok=True)
    dialog.set_location("postgresql+psycopg://ana:pw@db.example.org:5432/team_plan?sslmode=require")
    dialog.remember_check.setChecked(True)
    QApplication.processEvents()
    assert dialog.grab().save(str(SHOTS / "team-connect.png"))
    dialog.show_error(
        "Nothing answers at db.example.org:5432: check the host and port, and that the server "
        "is running.",
        dialog.host_edit,
    )
    dialog.adjustSize()
    QApplication.processEvents()
    assert dialog.grab().save(str(SHOTS / "team-connect-error.png"))
    prompt = PasswordDialog(None, "postgresql+psycopg://ana@db.example.org/team_plan", "needs")
    qtbot.addWidget(prompt)
    prompt.show()
    QApplication.processEvents()
    assert prompt.grab().save(str(SHOTS / "team-password.png"))
    assert dialog.width() <= 760 and dialog.height() <= 520
