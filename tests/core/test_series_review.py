"""Series edits under the plan's "posts need approval": a whole-series or "this and following"
change of a reviewed field (title, body, day, time, channel) returns approved and scheduled posts
to in-review exactly as editing one post does, and one undo gives their approval back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import Status
from lmplanner.core.series import Scope, SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store.series_upkeep import extend_open_series

MON = dt.date(2026, 1, 5)
APPROVED, SCHEDULED, IN_REVIEW = Status.APPROVED, Status.SCHEDULED, Status.IN_REVIEW


@pytest.fixture
def service(plan: Any) -> SeriesService:
    return SeriesService(plan, actor="Ana")


def approved_series(service: SeriesService, *, gate: bool = True) -> tuple[int, list[int]]:
    """Six weekly posts from MON, approved; the second scheduled, the fifth with a title of its
    own (approved again after it), in a plan that requires approval when `gate`."""
    service.update_settings(require_approval=gate)
    draft = PostDraft(
        title="Tip", role="manager", channel="Blog", time=dt.time(9), status=Status.APPROVED
    )
    rule = SeriesRule.every(1, "weekly", MON, count=6)
    added = service.add_series(draft, rule)
    posts = [p.id for p in service.posts(order="date")]
    service.update_post(posts[1], {"status": Status.SCHEDULED})
    service.update_post(posts[4], {"title": "Own words"})
    if gate:  # its own edit took its approval back
        service.approve([posts[4]])
    return added.keys("series")[0], posts


def statuses(service: SeriesService, posts: list[int]) -> list[Status]:
    return [service.post(pid).status for pid in posts]


BEFORE = [APPROVED, SCHEDULED, APPROVED, APPROVED, APPROVED, APPROVED]

Edit = Callable[[SeriesService, int, list[int]], ChangeSet]
EDITS: dict[str, tuple[Edit, list[Status]]] = {
    "edit_series whole": (
        lambda s, sid, posts: s.edit_series(sid, {"title": "Better tip"}),
        [IN_REVIEW, IN_REVIEW, IN_REVIEW, IN_REVIEW, APPROVED, IN_REVIEW],
    ),
    "edit_series from a day": (
        lambda s, sid, posts: s.edit_series(
            sid, {"body": "Longer"}, from_date=MON + dt.timedelta(weeks=2)
        ),
        [APPROVED, SCHEDULED, IN_REVIEW, IN_REVIEW, IN_REVIEW, IN_REVIEW],
    ),
    "edit_occurrence whole series": (
        lambda s, sid, posts: s.edit_occurrence(posts[2], {"title": "Better tip"}, Scope.ALL),
        [IN_REVIEW, IN_REVIEW, IN_REVIEW, IN_REVIEW, APPROVED, IN_REVIEW],
    ),
    "edit_occurrence this and following": (
        lambda s, sid, posts: s.edit_occurrence(posts[1], {"channel": "Mastodon"}, Scope.FOLLOWING),
        [APPROVED, IN_REVIEW, IN_REVIEW, IN_REVIEW, IN_REVIEW, IN_REVIEW],
    ),
    "time of the whole series": (
        lambda s, sid, posts: s.edit_occurrence(posts[0], {"time": dt.time(10)}, Scope.ALL),
        [IN_REVIEW] * 6,  # the fifth has words of its own but the series' time
    ),
    "move this and following": (
        lambda s, sid, posts: s.move_occurrence(
            posts[3], MON + dt.timedelta(weeks=3, days=1), Scope.FOLLOWING
        ),
        [APPROVED, SCHEDULED, APPROVED, IN_REVIEW, IN_REVIEW, IN_REVIEW],
    ),
    "move the whole series": (
        lambda s, sid, posts: s.move_occurrence(posts[0], MON + dt.timedelta(days=2), Scope.ALL),
        [IN_REVIEW] * 6,
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_series_edits_take_approval_back_as_one_post_edit_does(
    service: SeriesService, name: str
) -> None:
    sid, posts = approved_series(service)
    assert statuses(service, posts) == BEFORE
    edit, expected = EDITS[name]
    changes = edit(service, sid, posts)
    assert statuses(service, posts) == expected
    service.apply(changes.inverse())  # one undo gives every approval back
    assert statuses(service, posts) == BEFORE


@pytest.mark.parametrize("name", list(EDITS))
def test_without_the_approval_rule_series_edits_keep_statuses(
    service: SeriesService, name: str
) -> None:
    sid, posts = approved_series(service, gate=False)
    EDITS[name][0](service, sid, posts)
    assert statuses(service, posts) == BEFORE


def test_an_edited_pattern_makes_no_approved_posts_later(service: SeriesService) -> None:
    """The pattern's approval goes too: posts the upkeep makes later wait for review."""
    service.update_settings(require_approval=True)
    draft = PostDraft(title="Tip", role="manager", channel="Blog", status=Status.APPROVED)
    sid = service.add_series(draft, SeriesRule.every(1, "weekly", MON)).keys("series")[0]
    assert service.series(sid).status == "approved"
    service.edit_series(sid, {"title": "Better tip"})
    assert service.series(sid).status == "in-review"
    with service.plan.write() as conn:
        made = extend_open_series(conn, today=dt.date(2028, 1, 1))
    assert made > 0
    later = [p for p in service.posts(order="date") if p.date and p.date.year == 2028]
    assert later and {p.status for p in later} == {IN_REVIEW}


def test_a_change_that_is_not_reviewed_keeps_approval(service: SeriesService) -> None:
    sid, posts = approved_series(service)
    service.edit_series(sid, {"notes": "for the team"})
    assert statuses(service, posts) == BEFORE
    assert service.series(sid).status == "approved"
