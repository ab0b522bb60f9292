"""Review on a team plan: the database itself lets only members of `planner_reviewers` approve,
whatever program writes the row; who is acting is the database role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pg_cluster import ADMIN, MEMBER, OWNER, PASSWORDS, Cluster
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Status
from lmplanner.core.errors import NotAllowedError, ValidationError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from tests.cli.cli_support import one_line_error, run_cli

REVIEWERS = "planner_reviewers"


@pytest.fixture
def no_reviewers(pg: Cluster) -> Iterator[None]:
    """The cluster starts without the reviewers' role (it is cluster-wide: dropped after)."""
    pg.sql(f"DROP ROLE IF EXISTS {REVIEWERS}", "postgres")
    try:
        yield
    finally:
        pg.sql(f"DROP ROLE IF EXISTS {REVIEWERS}", "postgres")


def in_review(url: str) -> int:
    with open_plan(url) as plan:
        service = PlanService(plan)
        draft = PostDraft(title="Launch", role="leader", channel="X", date=dt.date(2026, 11, 2))
        pid = service.add_post(draft).focus[0]
        service.submit_for_review([pid])
    return pid


def approve(url: str, pid: int) -> Status:
    with open_plan(url) as plan:
        service = PlanService(plan)
        service.approve([pid], note="Looks right")
        return service.post(pid).status


def hand_written_update(pg: Cluster, database: str, user: str, pid: int) -> str:
    """What the server says to `UPDATE post SET status = 'approved'` typed by `user`."""
    import psycopg

    try:
        with psycopg.connect(
            host=pg.host, port=pg.port, user=user, password=PASSWORDS[user], dbname=database
        ) as conn:
            conn.execute("UPDATE post SET status = 'approved' WHERE id = %s", (pid,))
    except psycopg.Error as exc:
        return f"{exc.sqlstate}: {exc.diag.message_primary}"
    return "accepted"


def test_only_reviewers_approve_even_by_hand(
    pg: Cluster, database: str, no_reviewers: None, member_url: str
) -> None:
    pid = in_review(member_url)
    # No reviewers' role yet (the plan's owner may not create roles): nobody approves.
    with pytest.raises(NotAllowedError, match="only reviewers can approve"):
        approve(member_url, pid)
    pg.sql(f"CREATE ROLE {REVIEWERS} NOLOGIN", "postgres")
    for user in (MEMBER, OWNER):
        assert hand_written_update(pg, database, user, pid) == ("LM001: only reviewers can approve")
    with open_plan(member_url) as plan:
        service = PlanService(plan)
        assert service.actor == MEMBER  # the database says who is acting
        with pytest.raises(NotAllowedError):
            service.update_post(pid, {"status": "approved"})
        assert service.post(pid).status is Status.IN_REVIEW
        assert service.comments(pid) == []  # the refused approval left no comment behind
    result = run_cli("--db", member_url, "approve", str(pid))
    assert one_line_error(result, 1).startswith("lmplanner: only reviewers can approve")

    pg.sql(f"GRANT {REVIEWERS} TO {MEMBER}", "postgres")
    assert approve(member_url, pid) is Status.APPROVED
    with open_plan(member_url) as plan:
        service = PlanService(plan)
        assert [(c.author, c.text) for c in service.comments(pid)] == [
            (MEMBER, "Approved: Looks right")
        ]
        # An approved post stays editable for everyone: only becoming approved is checked.
        service.update_post(pid, {"notes": "Booked the room"})
    other = in_review(pg.url(database, OWNER))
    assert hand_written_update(pg, database, OWNER, other) == "LM001: only reviewers can approve"
    assert hand_written_update(pg, database, MEMBER, other) == "accepted"


def test_the_migration_creates_the_role_when_it_may(
    pg: Cluster, database: str, no_reviewers: None
) -> None:
    """Opened first by a role that may create roles, the plan brings the reviewers' role."""
    open_plan(pg.url(database, ADMIN)).close()
    assert pg.query(f"SELECT 1 FROM pg_roles WHERE rolname = '{REVIEWERS}'", "postgres") == [(1,)]


def test_comments_carry_the_database_role_and_only_it_deletes_them(
    pg: Cluster, database: str, member_url: str
) -> None:
    pid = in_review(member_url)
    with open_plan(member_url) as plan:
        cid = (
            PlanService(plan, actor="ignored")
            .add_comment(pid, "From the member")
            .created("comment")[0]
        )
    with open_plan(pg.url(database, OWNER)) as plan:
        owner = PlanService(plan)
        assert [c.author for c in owner.comments(pid)] == [MEMBER]
        with pytest.raises(ValidationError, match=f"is by {MEMBER}; only its author"):
            owner.delete_comment(cid)
        owner.resolve_comment(cid)
    with open_plan(member_url) as plan:
        PlanService(plan).delete_comment(cid)
        assert PlanService(plan).comments(pid) == []


def test_as_is_refused_on_a_team_plan(member_url: str) -> None:
    result = run_cli("--db", member_url, "--as", "Someone Else", "list")
    assert "the database role says who is acting" in one_line_error(result, 2)


def test_the_window_shows_the_database_role_whatever_preferences_say(
    qtbot: QtBot, member_url: str
) -> None:
    from lmplanner.ui.review.identity import NAME_KEY
    from lmplanner.ui.window.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.settings.setValue(NAME_KEY, "Someone Else")
    assert window.open_plan_at(member_url)
    try:
        assert window.review_status.actor_label.text() == f"Acting as {MEMBER}"
        assert window.service is not None and window.service.actor == MEMBER
    finally:
        window.set_document(None)
