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

from lmplanner.core.history import POST_VALUED, STEPS, HistorySpec
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
    """The backup's `history` (oldest first) and `signoffs` sections; posts by uuid (each
    entry's own record of them, so a post removed for good or an id used again is right)."""
    rows = table_rows(service, "history", "signoff")
    links: dict[int, list[dict[str, Any]]] = {}
    for link in history_links(service):
        links.setdefault(link["history_id"], []).append(link)
    stored = [(row, json.loads(row["changes"])) for row in rows["history"]]
    current = post_uuids(
        service,
        [
            value
            for _row, changes in stored
            for _pid, field, before, after in changes
            if field in POST_VALUED
            for value in (before, after)
            if isinstance(value, int)
        ],
    )

    def entry(row: dict[str, Any], changes: list[list[Any]]) -> dict[str, Any]:
        own = {link["post_id"]: link for link in links.get(row["id"], [])}

        def uuid_of(pid: Any) -> Any:
            link = own.get(pid)
            return link["post_uuid"] if link is not None else None

        def value(field: str, item: Any) -> Any:
            return current.get(item) if field in POST_VALUED and isinstance(item, int) else item

        return {
            "uuid": row["uuid"],
            "at": stamp(row["at"]),
            "by": row["by"],
            "label": row["label"],
            "step": row["step"],
            "changes": [
                [uuid_of(pid), field, value(field, before), value(field, after)]
                for pid, field, before, after in changes
            ],
            "posts": [
                [link["post_uuid"], day(link["day_before"]), day(link["day_after"])]
                for link in own.values()
                if link["post_uuid"]
            ],
        }

    history = [entry(row, changes) for row, changes in stored]
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


def history_links(service: PlanService) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from lmplanner.core.store.schema import table

    links = table("history_post")
    with service.plan.read() as conn:
        query = select(links).order_by(links.c.history_id, links.c.post_id)
        return [dict(row) for row in conn.execute(query).mappings()]


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


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
    if step not in STEPS:
        raise ImportFileError(f"{where}: unknown step {step!r}")
    return HistorySpec(
        uuid=text(item, "uuid", where, 36),
        at=moment(item, where),
        by=text(item, "by", where, 80),
        label=text(item, "label", where, 300),
        step=step,
        changes=tuple(tuple(c) for c in changes),
        posts=entry_posts(item.get("posts", []), where),
    )


def entry_posts(items: Any, where: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """[[uuid, day before, day after], …] → (uuid, {"day_before": …, "day_after": …})."""
    problem = ImportFileError(f"{where}: posts must be a list of [uuid, day before, day after]")
    if not isinstance(items, list):
        raise problem
    found = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            raise problem
        try:
            days = [dt.date.fromisoformat(d) if d is not None else None for d in item[1:]]
        except (TypeError, ValueError):
            raise problem from None
        found.append((item[0], {"day_before": days[0], "day_after": days[1]}))
    return tuple(found)


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
