"""Is a plan file whole, and the shape this version writes? Checked read-only, before a plan is
written to, backed up or restored from, so a damaged or altered file is refused, never used."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from lmplanner.core.errors import DamagedPlanError, NewerPlanError
from lmplanner.core.paths import shown
from lmplanner.core.store import setup
from lmplanner.core.store.sqlite_file import (
    RECOVER_HINT,
    PlanFileInfo,
    connect_readonly,
    nobody_writing,
)


def damaged(path: Path) -> DamagedPlanError:
    """The error for a plan whose pages SQLite cannot read back whole."""
    return DamagedPlanError(f"the plan file is damaged — {RECOVER_HINT}: {shown(path)}")


def changed(path: Path, detail: str) -> DamagedPlanError:
    """The error for a plan whose tables or values are not what LM Planner writes."""
    return DamagedPlanError(
        "the plan file is damaged or was changed by another program — "
        f"{RECOVER_HINT}: {shown(path)} ({detail})"
    )


def plain_error(path: Path, message: str) -> DamagedPlanError | None:
    """The error a user should see for an SQLite error message met while using the plan, when
    it means the file is damaged or was changed behind our back (None for anything else)."""
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered:
        return damaged(path)
    if "no such table" in lowered or "no such column" in lowered:
        return changed(path, message)
    return None


def check_pages(path: Path, *, full: bool = False) -> None:
    """Read every page of the plan (read-only): DamagedPlanError when SQLite finds damage.

    `quick_check` (the default) checks the b-trees and takes ~70 ms on a 50 000-post plan;
    `full` runs `integrity_check`, which also checks indexes against their tables (~0.5 s).
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = connect_readonly(path, immutable=nobody_writing(path))
        try:
            rows = conn.execute(f"PRAGMA {pragma}(1)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise damaged(path) from None
    if [tuple(row) for row in rows] != [("ok",)]:
        raise damaged(path)


def check_revision(info: PlanFileInfo, extra_versions: Sequence[Path] = ()) -> None:
    """Refuse a plan file this version cannot open as it is: no or a newer schema revision,
    missing tables or columns, no plan settings. Reads nothing beyond `info`."""
    path = info.path
    known, head = setup.known_revisions(extra_versions)
    if info.revision is None:
        raise changed(path, "it has no schema revision")
    if info.revision not in known:
        raise NewerPlanError(
            f"{shown(path)} was saved by a newer version of LM Planner (schema {info.revision}); "
            "update LM Planner to open it."
        )
    problem = setup.shape_problem(info.columns) if info.revision == head else ""
    if problem:
        raise changed(path, problem)
    if info.uuid is None:
        raise changed(path, "it has no plan settings")
