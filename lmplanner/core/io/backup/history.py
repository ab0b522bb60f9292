"""The change history and sign-offs in a JSON backup.

History entries name posts by uuid (ids belong to one plan); a restore adds the entries and
sign-offs the plan does not have yet (matched by uuid), so restoring twice adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.history import POST_VALUED, HistorySpec
from lmplanner.core.io.plan_rows import post_uuids, table_rows
from lmplanner.core.io.records import ImportFileError

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService


@dataclass(frozen=True, slots=True)
class SignoffSpec:
    uuid: str
    start: dt.date
    end: dt.date
    by: str
    at: dt.datetime
    note: str


def history_sections(service: PlanService) -> dict[str, Any]:
    """The backup's `history` (oldest first) and `signoffs` sections."""
    rows = table_rows(service, "history", "signoff")
    stored = [(row, json.loads(row["changes"])) for row in rows["history"]]
    ids = [
        value
        for _row, changes in stored
        for post_id, field, before, after in changes
        for value in (post_id, *((before, after) if field in POST_VALUED else ()))
        if isinstance(value, int)
    ]
    uuids = post_uuids(service, ids)

    def post_ref(field: str, value: Any) -> Any:
        return uuids.get(value) if field in POST_VALUED and isinstance(value, int) else value

    history = [
        {
            "uuid": row["uuid"],
            "at": stamp(row["at"]),
            "by": row["by"],
            "label": row["label"],
            "step": row["step"],
            "changes": [
                [uuids.get(pid), field, post_ref(field, before), post_ref(field, after)]
                for pid, field, before, after in changes
            ],
        }
        for row, changes in stored
    ]
    signoffs = [
        {
            "uuid": row["uuid"],
            "start": row["period_start"].isoformat(),
            "end": row["period_end"].isoformat(),
            "by": row["by"],
            "at": stamp(row["at"]),
            "note": row["note"],
        }
        for row in rows["signoff"]
    ]
    return {"history": history, "signoffs": signoffs}


def stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def parse_history(items: Sequence[Any]) -> tuple[HistorySpec, ...]:
    return tuple(history_spec(item, i) for i, item in enumerate(items))


def parse_signoffs(items: Sequence[Any]) -> tuple[SignoffSpec, ...]:
    return tuple(signoff_spec(item, i) for i, item in enumerate(items))


def history_spec(item: Any, index: int) -> HistorySpec:
    where = f"history entry {index + 1}"
    if not isinstance(item, Mapping):
        raise ImportFileError(f"{where} is not an object")
    changes = item.get("changes")
    if not isinstance(changes, list) or not all(
        isinstance(c, list) and len(c) == 4 and isinstance(c[1], str) for c in changes
    ):
        raise ImportFileError(f"{where}: changes must be a list of [post, field, before, after]")
    step = item.get("step", "")
    if step not in ("", "undo", "redo"):
        raise ImportFileError(f"{where}: unknown step {step!r}")
    return HistorySpec(
        uuid=text(item, "uuid", where, 36),
        at=moment(item, where),
        by=text(item, "by", where, 80),
        label=text(item, "label", where, 300),
        step=step,
        changes=tuple(tuple(c) for c in changes),
    )


def signoff_spec(item: Any, index: int) -> SignoffSpec:
    where = f"sign-off {index + 1}"
    if not isinstance(item, Mapping):
        raise ImportFileError(f"{where} is not an object")
    try:
        start = dt.date.fromisoformat(text(item, "start", where, 10))
        end = dt.date.fromisoformat(text(item, "end", where, 10))
    except ValueError:
        raise ImportFileError(f"{where}: start and end must be dates (YYYY-MM-DD)") from None
    if end < start:
        raise ImportFileError(f"{where}: the period ends before it starts")
    return SignoffSpec(
        uuid=text(item, "uuid", where, 36),
        start=start,
        end=end,
        by=text(item, "by", where, 80),
        at=moment(item, where),
        note=text(item, "note", where, 1000, empty=True),
    )


def text(item: Mapping[str, Any], key: str, where: str, limit: int, empty: bool = False) -> str:
    value = item.get(key, "" if empty else None)
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise ImportFileError(f"{where}: {key} must be text of up to {limit} characters")
    return value


def moment(item: Mapping[str, Any], where: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(str(item.get("at")))
    except ValueError:
        raise ImportFileError(f"{where}: at must be a date and time (ISO 8601)") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
