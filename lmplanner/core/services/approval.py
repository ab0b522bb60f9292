"""The review rules: which status each review step moves a post from and to, what the plan's
`require_approval` refuses, and which edits send an approved post back to review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import PostRecord, Status
from lmplanner.core.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Transition:
    """One review step: the command that takes it, the states it starts from, where it ends."""

    name: str
    sources: tuple[Status, ...]
    target: Status

    def check(self, record: PostRecord) -> None:
        """ValidationError naming the allowed states when `record` cannot take this step."""
        if record.status in self.sources:
            return
        allowed = " or ".join(s.value for s in self.sources)
        raise ValidationError(
            f"post {record.id} is {record.status.value}; {self.name} takes a post that is "
            f"{allowed}",
            "status",
        )


REVIEW = Transition("review", (Status.DRAFT, Status.CHANGES_REQUESTED), Status.IN_REVIEW)
APPROVE = Transition("approve", (Status.IN_REVIEW, Status.DRAFT), Status.APPROVED)
REQUEST_CHANGES = Transition(
    "request-changes",
    (Status.IN_REVIEW, Status.DRAFT, Status.APPROVED),
    Status.CHANGES_REQUESTED,
)

#: The fields whose change makes an approval lapse: what a reviewer actually looked at.
REVIEWED_FIELDS = ("title", "body", "date", "time", "channel")
#: States a post reaches only through approval while the plan requires it.
GATED = (Status.SCHEDULED, Status.PUBLISHED)
#: States that count as approved: a post in them may be scheduled or published.
PASSED = (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED)
#: States whose approval an edit of a reviewed field takes back.
HOLDS_APPROVAL = (Status.APPROVED, Status.SCHEDULED)


def reviewed_values(
    record: PostRecord, values: Mapping[str, Any], *, require_approval: bool
) -> dict[str, Any]:
    """Validated post values after the review rules: with `require_approval`, an edit of a
    reviewed field of an approved or scheduled post returns it to in-review, and a post not yet
    approved is refused scheduled or published."""
    result = dict(values)
    if not require_approval:
        return result
    edited = any(result[name] != getattr(record, name) for name in REVIEWED_FIELDS)
    if edited and record.status in HOLDS_APPROVAL and result["status"] in (*PASSED,):
        result["status"] = Status.IN_REVIEW
    new = result["status"]
    if new in GATED and new is not record.status and record.status not in PASSED:
        raise not_approved(f"post {record.id}")
    return result


#: REVIEWED_FIELDS as the columns of a post's row (and of a series' pattern, which has no date).
REVIEWED_COLUMNS = ("title", "body", "date", "time", "channel_id")


def reviewed_row_patch(
    row: Mapping[str, Any], patch: Mapping[str, Any], *, require_approval: bool
) -> dict[str, Any]:
    """`patch` to a post's row, or a series pattern's, after the rule of reviewed_values: with
    `require_approval`, a change of a reviewed column returns an approved or scheduled row to
    in-review. Series edits write rows, not validated post values, so they take this form."""
    result = dict(patch)
    if not require_approval or row["status"] not in HOLDS_APPROVAL:
        return result
    edited = any(name in result and result[name] != row[name] for name in REVIEWED_COLUMNS)
    if edited and result.get("status", row["status"]) in PASSED:
        result["status"] = Status.IN_REVIEW.value
    return result


def check_new_post(values: Mapping[str, Any], *, require_approval: bool) -> None:
    """A new post cannot start out scheduled or published while the plan requires approval."""
    if require_approval and values["status"] in GATED:
        raise not_approved(f"“{values['title']}”")


def not_approved(what: str) -> ValidationError:
    return ValidationError(
        f"{what} is not approved yet (this plan requires approval before scheduling)", "status"
    )


def returned_to_review(changeset: ChangeSet) -> list[int]:
    """Posts the change set sent back to review because an approved post was edited."""
    held = {s.value for s in HOLDS_APPROVAL}
    return [
        change.key
        for change in changeset.changes
        if change.table == "post"
        and change.before is not None
        and change.after is not None
        and change.before.get("status") in held
        and change.after.get("status") == Status.IN_REVIEW.value
    ]
