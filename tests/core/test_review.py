"""Review: the review steps and their refusals, `require_approval`, edits of approved posts,
comment threads, and the upgrade of a plan written before review existed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core.domain import COMMENT_MAX, Status
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.services.approval import returned_to_review
from lmplanner.core.store import open_plan
from lmplanner.core.store.migrations import HEAD
from lmplanner.core.store.sqlite_file import APPLICATION_ID

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def ana(plan: object) -> PlanService:
    return PlanService(plan, actor="Ana")  # type: ignore[arg-type]


def post_in(service: PlanService, status: Status, title: str = "Launch") -> int:
    """A dated post in `status`, put there without the plan's approval rule in the way."""
    gate = service.settings().require_approval
    service.update_settings(require_approval=False)
    pid = service.add_post(PostDraft(title=title, role="leader", channel="X", date=DAY)).focus[0]
    service.update_post(pid, {"status": status})
    service.update_settings(require_approval=gate)
    return pid


STEPS = {
    "review": (
        lambda s, ids: s.submit_for_review(ids),
        (Status.DRAFT, Status.CHANGES_REQUESTED),
        Status.IN_REVIEW,
    ),
    "approve": (
        lambda s, ids: s.approve(ids),
        (Status.IN_REVIEW, Status.DRAFT),
        Status.APPROVED,
    ),
    "request-changes": (
        lambda s, ids: s.request_changes(ids, "Shorter, please"),
        (Status.IN_REVIEW, Status.DRAFT, Status.APPROVED),
        Status.CHANGES_REQUESTED,
    ),
}


@pytest.mark.parametrize("gate", [False, True], ids=["approval-optional", "approval-required"])
@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("start", list(Status))
def test_every_review_step_from_every_state(
    ana: PlanService, gate: bool, step: str, start: Status
) -> None:
    ana.update_settings(require_approval=gate)
    pid = post_in(ana, start)
    run, sources, target = STEPS[step]
    if start in sources:
        changeset = run(ana, [pid])
        assert ana.post(pid).status is target
        ana.apply(changeset.inverse())  # one undo step puts status and comment back
        assert ana.post(pid).status is start
        assert ana.comments(pid) == []
    else:
        with pytest.raises(ValidationError) as refused:
            run(ana, [pid])
        allowed = " or ".join(s.value for s in sources)
        assert str(refused.value) == (
            f"post {pid} is {start.value}; {step} takes a post that is {allowed}"
        )
        assert ana.post(pid).status is start


def test_a_refused_post_refuses_the_whole_batch(ana: PlanService) -> None:
    good, bad = post_in(ana, Status.IN_REVIEW), post_in(ana, Status.IDEA, "Idea")
    with pytest.raises(ValidationError, match=f"post {bad} is idea"):
        ana.approve([good, bad])
    assert ana.post(good).status is Status.IN_REVIEW


def test_approval_and_requested_changes_are_stamped_with_the_actor(ana: PlanService) -> None:
    pid = post_in(ana, Status.IN_REVIEW)
    ana.approve([pid])
    ana.request_changes([pid], "Add the date of the event")
    thread = ana.comments(pid)
    assert [(c.author, c.text, c.resolved) for c in thread] == [
        (ana.actor, "Approved.", True),
        (ana.actor, "Add the date of the event", False),
    ]
    assert ana.open_comment_counts([pid]) == {pid: 1}
    with pytest.raises(ValidationError, match="a note is required"):
        ana.request_changes([pid], "  ")
    ana.submit_for_review([pid])
    ana.approve([pid], note="Good to go")
    assert ana.comments(pid)[-1].text == "Approved: Good to go"
    assert ana.open_comment_counts() == {pid: 2}


@pytest.mark.parametrize("target", [Status.SCHEDULED, Status.PUBLISHED])
def test_require_approval_refuses_scheduling_what_is_not_approved(
    ana: PlanService, target: Status
) -> None:
    ana.update_settings(require_approval=True)
    for start in (Status.IDEA, Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED):
        pid = post_in(ana, start, f"From {start}")
        with pytest.raises(ValidationError) as refused:
            ana.update_post(pid, {"status": target})
        assert str(refused.value).startswith(f"post {pid} is not approved yet")
        assert ana.post(pid).status is start
    approved = post_in(ana, Status.APPROVED)
    ana.update_post(approved, {"status": target})
    assert ana.post(approved).status is target
    with pytest.raises(ValidationError, match="“New” is not approved yet"):
        ana.add_post(PostDraft(title="New", role="L", channel="X", date=DAY, status=target))
    # Without the setting, anything may be scheduled or published directly.
    ana.update_settings(require_approval=False)
    free = post_in(ana, Status.DRAFT, "Free")
    ana.update_post(free, {"status": target})
    assert ana.post(free).status is target


@pytest.mark.parametrize("start", [Status.APPROVED, Status.SCHEDULED])
@pytest.mark.parametrize(
    "patch",
    [
        {"title": "Launch, take two"},
        {"body": "New body"},
        {"date": DAY + dt.timedelta(days=1)},
        {"time": dt.time(9, 30)},
        {"channel": "LinkedIn"},
    ],
    ids=lambda p: next(iter(p)),
)
def test_editing_an_approved_post_returns_it_to_review(
    ana: PlanService, start: Status, patch: dict[str, object]
) -> None:
    ana.update_settings(require_approval=True)
    pid = post_in(ana, start)
    changeset = ana.update_post(pid, {**patch, "status": start})
    assert ana.post(pid).status is Status.IN_REVIEW
    assert returned_to_review(changeset) == [pid]
    ana.apply(changeset.inverse())
    assert ana.post(pid).status is start


def test_edits_that_keep_the_approval(ana: PlanService) -> None:
    ana.update_settings(require_approval=True)
    pid = post_in(ana, Status.SCHEDULED)
    # Notes and the author are not what a reviewer approved; the same title is no edit.
    ana.update_post(pid, {"notes": "Check the link", "author": "Bo", "title": "Launch"})
    assert ana.post(pid).status is Status.SCHEDULED
    ana.move_posts([pid], by_days=1)
    assert ana.post(pid).status is Status.IN_REVIEW
    # Without the setting an edit changes nothing about the status.
    ana.update_settings(require_approval=False)
    other = post_in(ana, Status.APPROVED, "Other")
    ana.update_post(other, {"title": "Other, edited"})
    assert ana.post(other).status is Status.APPROVED


def test_copies_of_approved_posts_need_their_own_approval(ana: PlanService) -> None:
    ana.update_settings(require_approval=True)
    pid = post_in(ana, Status.SCHEDULED)
    copy = ana.duplicate_posts([pid]).focus[0]
    assert ana.post(copy).status is Status.DRAFT


def test_comments_keep_their_text_exactly(ana: PlanService) -> None:
    pid = post_in(ana, Status.DRAFT)
    typed = "<b>bold?</b> &amp; *stars* 🎉\n\tindented line"
    cid = ana.add_comment(pid, typed).created("comment")[0]
    assert ana.comment(cid).text == typed
    assert ana.comment(cid).author == ana.actor
    longest = "x" * COMMENT_MAX
    assert ana.comment(ana.add_comment(pid, longest).created("comment")[0]).text == longest
    with pytest.raises(ValidationError, match="5,001 characters long; the limit is 5,000"):
        ana.add_comment(pid, longest + "y")
    with pytest.raises(ValidationError, match="needs some text"):
        ana.add_comment(pid, " \n ")
    with pytest.raises(ValidationError, match="control characters"):
        ana.add_comment(pid, "bell\x07")
    with pytest.raises(NotFoundError):
        ana.add_comment(pid + 100, "nobody")
    assert len(ana.comments(pid)) == 2


def test_resolve_reopen_and_delete_only_ones_own(ana: PlanService, plan: object) -> None:
    bo = PlanService(plan, actor="Bo")  # type: ignore[arg-type]
    pid = post_in(ana, Status.IN_REVIEW)
    mine = ana.add_comment(pid, "Mine").created("comment")[0]
    theirs = bo.add_comment(pid, "Theirs").created("comment")[0]
    ana.resolve_comment(theirs)  # anyone may resolve and reopen
    assert ana.open_comment_counts() == {pid: 1}
    assert not ana.resolve_comment(theirs)  # already resolved: nothing to undo
    undo = ana.reopen_comment(theirs).inverse()
    assert ana.comment(theirs).resolved is False
    ana.apply(undo)
    assert ana.comment(theirs).resolved is True
    with pytest.raises(ValidationError, match=f"comment {theirs} is by Bo; only its author"):
        ana.delete_comment(theirs)
    deleted = ana.delete_comment(mine)
    assert [c.text for c in ana.comments(pid)] == ["Theirs"]
    ana.apply(deleted.inverse())
    assert [c.text for c in ana.comments(pid)] == ["Mine", "Theirs"]
    with pytest.raises(NotFoundError, match="There is no comment 999"):
        ana.delete_comment(999)


def test_comments_go_with_a_purged_post(ana: PlanService) -> None:
    pid = post_in(ana, Status.DRAFT)
    ana.add_comment(pid, "Bye")
    ana.delete_posts([pid])
    assert [c.text for c in ana.comments(pid)] == ["Bye"]  # the trash keeps the thread
    ana.purge_trash(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert ana.open_comment_counts() == {}


def test_waiting_for_review_counts_in_review_posts(ana: PlanService) -> None:
    post_in(ana, Status.IN_REVIEW, "A")
    post_in(ana, Status.IN_REVIEW, "B")
    post_in(ana, Status.APPROVED, "C")
    assert ana.waiting_for_review() == 2


def _plan_at_0004(path: Path) -> None:
    """A plan file as LM Planner wrote it before review: schema 0004 with a follow-up link."""
    from alembic import command
    from sqlalchemy import create_engine

    from lmplanner.core.store.setup import alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn, ()), "0004")
    engine.dispose()
    db = sqlite3.connect(path)
    now = "2026-11-01 10:00:00"
    with db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(
            "INSERT INTO plan VALUES (1, '6f1c8a52-2d4b-4e43-9d0e-3c1a2b4c5d6e', 'Old', 'UTC', "
            "0, 0.3, 0.6, 3, 0.2, 10, 3, 4, 7, 30, ?, '', 0.25, 30, 0.1)",
            (now,),
        )
        db.execute("INSERT INTO channel VALUES (1, 'X', 'x', '#536471', NULL, 0)")
        for pid, status, follows in ((1, "scheduled", None), (2, "published", 1)):
            db.execute(
                "INSERT INTO post (id, uuid, title, body, role, status, date, channel_id, link, "
                "notes, role_suggested, version, created_at, updated_at, follows_id) VALUES "
                "(?, ?, ?, '', 'leader', ?, '2026-11-02', 1, '', '', 0, 1, ?, ?, ?)",
                (
                    pid,
                    f"00000000-0000-4000-8000-00000000000{pid}",
                    f"P{pid}",
                    status,
                    now,
                    now,
                    follows,
                ),
            )
    db.close()


def test_a_plan_from_before_review_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.lmplan"
    _plan_at_0004(path)
    with open_plan(path) as plan:
        service = PlanService(plan, actor="Ana")
        assert [(p.status, p.follows) for p in service.posts()] == [
            (Status.SCHEDULED, None),
            (Status.PUBLISHED, 1),
        ]
        assert service.settings().require_approval is False
        service.update_post(1, {"status": Status.IN_REVIEW})
        service.add_comment(1, "After the upgrade")
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"ix_post_title_lower", "ix_post_follows_id", "ix_comment_post_id"} <= indexes
        with pytest.raises(sqlite3.IntegrityError, match="ck_post_status"):
            db.execute("UPDATE post SET status = 'bogus' WHERE id = 1")
    finally:
        db.close()
