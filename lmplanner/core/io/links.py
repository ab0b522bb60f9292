"""Pillars and follow-up links of imported records: checked against the plan and the file.

A record's `follows` cell holds the uuid of the leader post it follows up, in the same file or
already in the plan. Links into the plan become the post id at once; links into the file are
kept by uuid and resolved as the import is written (leader posts go in first).
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lmplanner.core.domain import name_key
from lmplanner.core.io.plan_rows import uuid_ids
from lmplanner.core.io.records import Problem, RawRecord

if TYPE_CHECKING:
    from lmplanner.core.io.records import ImportOptions, ImportRecord
    from lmplanner.core.services import PlanService


def resolve_links(
    raws: Sequence[RawRecord],
    records: Sequence[ImportRecord],
    service: PlanService,
    options: ImportOptions,
) -> tuple[ImportRecord, ...]:
    """The records with their uuid and file link in `extra`, plan links as post ids, and a
    problem for an unknown pillar (without `create_pillars`), a bad uuid or a dangling link."""
    pillars = service.pillars()
    known = {name_key(p.name) for p in pillars}
    listed = ", ".join(p.name for p in pillars) or "none yet"
    owns = [raw.cells.get("uuid", "").strip() for raw in raws]
    in_file = set(owns) - {""}
    wanted = [raw.cells.get("follows", "").strip() for raw in raws]
    in_plan = uuid_ids(
        service, [text for text in wanted if text and text not in in_file], live=True
    )
    resolved = []
    for raw, record, own, follows in zip(raws, records, owns, wanted, strict=True):
        checked = record.checked
        pillar = checked.values["pillar"] if checked is not None else None
        if not (own or follows or pillar):
            resolved.append(record)  # nothing to add or check: most records of most files
            continue
        extra = {**record.extra, "uuid": own, "follows": ""}
        problems: list[Problem] = []
        if own and not _is_uuid(own):
            problems.append(raw.problem("uuid", f"{own!r} is not a uuid"))
        if pillar and name_key(pillar) not in known and not options.create_pillars:
            problems.append(
                raw.problem(
                    "pillar",
                    f"there is no pillar called {pillar!r} (pillars: {listed}; "
                    f"{options.pillar_hint})",
                )
            )
        if follows and checked is not None:
            if follows in in_file and follows != own:
                extra["follows"] = follows
            elif follows in in_plan:
                checked = checked.following(in_plan[follows])
            else:
                problems.append(
                    raw.problem(
                        "follows", f"no post with the uuid {follows!r} in the file or the plan"
                    )
                )
        if not (own or follows or problems):
            resolved.append(record)  # nothing to add: most records of most files
            continue
        # Built directly: dataclasses.replace costs more than the rest of a record's checks.
        resolved.append(
            type(record)(
                record.line,
                record.cells,
                checked,
                (*record.problems, *problems),
                record.duplicate,
                extra,
            )
        )
    return tuple(resolved)


def _is_uuid(text: str) -> bool:
    try:
        uuid_module.UUID(text)
    except ValueError:
        return False
    return True
