"""Connect to team plan… against the throw-away server: a plan opened (or created), and a wrong
password, a missing database or another program's database refused in one line, untouched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pg_cluster import MEMBER, OWNER, PASSWORDS, READER, Cluster
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.services import PlanService
from lmplanner.core.store import Plan
from lmplanner.core.store import postgres as pg_core
from lmplanner.core.store.postgres import setup as pg_setup
from lmplanner.ui import workers
from lmplanner.ui.team import connect_to_team_plan, password_prompt, reopen_team_plan
from lmplanner.ui.team.dialog import TeamPlanDialog


@pytest.fixture
def opened() -> Iterator[list[tuple[Plan, str]]]:
    """What the window would receive; every plan is closed afterwards."""
    received: list[tuple[Plan, str]] = []
    yield received
    for plan, _location in received:
        plan.close()


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []

    def remember(location: str, password: str) -> bool:
        calls.append((location, password))
        return True

    monkeypatch.setattr(pg_core, "remember_password", remember)
    return calls


def connect(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    pg: Cluster,
    database: str,
    *,
    user: str = OWNER,
    password: str | None = None,
    remember: bool = False,
) -> TeamPlanDialog:
    """Fill in the dialog as a person would and press Connect; wait until it has an answer."""
    dialog = connect_to_team_plan(parent, lambda plan, location: opened.append((plan, location)))
    for edit, text in (
        (dialog.host_edit, pg.host),
        (dialog.database_edit, database),
        (dialog.user_edit, user),
        (dialog.password_edit, PASSWORDS[user] if password is None else password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)
    dialog.port_spin.setValue(pg.port)
    dialog.remember_check.setChecked(remember)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert workers.wait_for_all(30)
    qtbot.waitUntil(lambda: bool(opened) or not dialog.is_busy(), timeout=30000)
    return dialog


def test_empty_database_becomes_a_plan_and_the_window_gets_it(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    kept: list[tuple[str, str]],
    pg: Cluster,
    database: str,
) -> None:
    connect(qtbot, parent, opened, pg, database, remember=True)
    assert len(opened) == 1
    plan, location = opened[0]
    assert location == f"postgresql+psycopg://{OWNER}@{pg.host}:{pg.port}/{database}"
    assert location == pg_core.url_without_password(pg.url(database))  # what recent plans keep
    assert plan.is_team and not plan.readonly
    assert PASSWORDS[OWNER] not in plan.location
    assert PlanService(plan).settings().name == database
    assert kept == [(location, PASSWORDS[OWNER])]  # kept once the server took it
    assert ("plan",) in {row[:1] for row in pg.fingerprint(database)}


def test_member_opens_an_existing_plan(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    pg: Cluster,
    database: str,
    member_url: str,
) -> None:
    before = pg.fingerprint(database)
    connect(qtbot, parent, opened, pg, database, user=MEMBER)
    plan, _location = opened[0]
    assert not plan.readonly
    assert pg.fingerprint(database) == before


def test_reader_opens_read_only(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    pg: Cluster,
    database: str,
    reader_url: str,
) -> None:
    connect(qtbot, parent, opened, pg, database, user=READER)
    plan, _location = opened[0]
    assert plan.readonly and READER in plan.readonly_reason


def test_wrong_password_is_one_line_and_nothing_is_created(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    kept: list[Any],
    pg: Cluster,
    database: str,
) -> None:
    dialog = connect(
        qtbot, parent, opened, pg, database, password="not-the-password", remember=True
    )
    assert opened == [] and kept == []
    assert dialog.isVisible()
    assert dialog.error_text() == (
        f"Wrong password for {OWNER} on {pg.host}:{pg.port}, or no such user."
    )
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.password_edit.selectedText() == "not-the-password"  # typing replaces it
    assert "not-the-password" not in dialog.error_label.toolTip()
    assert pg.fingerprint(database) == []  # the empty database stayed empty
    # The person corrects it in the same dialog.
    dialog.password_edit.setText(PASSWORDS[OWNER])
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)


def test_missing_password_is_asked_for_inline(
    qtbot: QtBot, parent: QWidget, opened: list[tuple[Plan, str]], pg: Cluster, database: str
) -> None:
    dialog = connect(qtbot, parent, opened, pg, database, password="")
    assert opened == []
    assert dialog.error_text() == (
        f"The server at {pg.host}:{pg.port} needs a password for {OWNER}."
    )
    assert dialog.focusWidget() is dialog.password_edit
    assert pg.fingerprint(database) == []


def test_missing_database(
    qtbot: QtBot, parent: QWidget, opened: list[tuple[Plan, str]], pg: Cluster
) -> None:
    dialog = connect(qtbot, parent, opened, pg, "no_such_plan")
    assert opened == []
    assert dialog.error_text().startswith(
        f"There is no database “no_such_plan” on {pg.host}:{pg.port}"
    )
    assert dialog.focusWidget() is dialog.database_edit
    assert not pg.database_exists("no_such_plan")


def test_another_programs_database_is_left_alone(
    qtbot: QtBot, parent: QWidget, opened: list[tuple[Plan, str]], pg: Cluster, database: str
) -> None:
    pg.sql("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)", database, user=OWNER)
    before = pg.fingerprint(database)
    dialog = connect(qtbot, parent, opened, pg, database)
    assert opened == []
    assert "not an LM Planner plan" in dialog.error_text()
    assert dialog.focusWidget() is dialog.database_edit
    assert pg.fingerprint(database) == before


def test_newer_plan_is_refused(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    pg: Cluster,
    database: str,
    team_url: str,
) -> None:
    pg.sql("UPDATE alembic_version SET version_num = 'ffff_from_the_future'", database, OWNER)
    before = pg.fingerprint(database)
    dialog = connect(qtbot, parent, opened, pg, database)
    assert opened == []
    assert "newer LM Planner" in dialog.error_text()
    assert pg.fingerprint(database) == before


def test_reopening_a_recent_team_plan(
    qtbot: QtBot,
    parent: QWidget,
    opened: list[tuple[Plan, str]],
    monkeypatch: pytest.MonkeyPatch,
    pg: Cluster,
    database: str,
    team_url: str,
) -> None:
    """A recent plan keeps no password: with one in the keyring the dialog just connects."""
    location = pg_core.url_without_password(team_url)
    monkeypatch.setattr(
        pg_setup, "stored_password", lambda url: PASSWORDS[OWNER] if url.database else None
    )
    reopen_team_plan(parent, location, lambda plan, loc: opened.append((plan, loc)))
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert opened[0][1] == location


def test_password_prompt_as_the_callback_of_open_plan(
    qtbot: QtBot,
    parent: QWidget,
    kept: list[tuple[str, str]],
    pg: Cluster,
    database: str,
    team_url: str,
) -> None:
    """The synchronous path (start-up, LMPLANNER_DB): wrong once, then right, then kept."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from lmplanner.core.store import open_plan
    from lmplanner.ui.team.password import PasswordDialog

    answers = ["wrong-one", PASSWORDS[OWNER]]

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PasswordDialog) and widget.isVisible() and answers:
                widget.password_edit.setText(answers.pop(0))
                widget.remember_check.setChecked(True)
                widget.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    location = pg_core.url_without_password(team_url)
    ask = password_prompt(parent)
    plan = open_plan(location, create=False, password_callback=ask)
    timer.stop()
    try:
        assert ask.asked == 2 and kept == []
        assert ask.opened()
        assert kept == [(location, PASSWORDS[OWNER])]
    finally:
        plan.close()
