"""Plans that can only be read: opened read-only, writes refused clearly, files untouched."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from lmplanner.core.errors import ReadOnlyPlanError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from tests.reliability_helpers import can_drop_privileges, lmplanner

needs_unprivileged = pytest.mark.skipif(
    os.name == "posix" and os.geteuid() == 0 and not can_drop_privileges(),
    reason="running as root without setpriv: file permissions cannot be made to bite",
)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def make_plan(path: Path) -> None:
    result = lmplanner("--db", str(path), "demo", "--month", "2026-11")
    assert result.returncode == 0, result.stderr


def test_readonly_open_refuses_writes_and_leaves_no_trace(plan_path: Path) -> None:
    make_plan(plan_path)
    before = snapshot(plan_path.parent)
    with open_plan(plan_path, readonly=True) as plan:
        service = PlanService(plan)
        assert service.count_posts() > 20
        with pytest.raises(ReadOnlyPlanError):
            service.add_post(PostDraft(title="Nope", role="leader", channel="X"))
    assert snapshot(plan_path.parent) == before


@needs_unprivileged
def test_readonly_file(tmp_path: Path) -> None:
    plan = tmp_path / "shared.lmplan"
    make_plan(plan)
    plan.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = snapshot(tmp_path)
    listed = lmplanner("--db", str(plan), "list", unprivileged=True)
    assert listed.returncode == 0, listed.stderr
    assert "Why the next decade" in listed.stdout
    added = lmplanner(
        "--db",
        str(plan),
        "add",
        "--title",
        "x",
        "--role",
        "L",
        "--channel",
        "X",
        unprivileged=True,
    )
    assert added.returncode == 1
    assert added.stderr.strip().splitlines() == [
        f"lmplanner: {plan} is read-only: you can look at this plan but not change it."
    ]
    assert snapshot(tmp_path) == before


@needs_unprivileged
def test_plan_in_readonly_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    plan = folder / "plan.lmplan"
    make_plan(plan)
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        listed = lmplanner("--db", str(plan), "balance", "--month", "2026-11", unprivileged=True)
        assert listed.returncode == 0, listed.stderr
        moved = lmplanner("--db", str(plan), "move", "1", "--backlog", unprivileged=True)
        assert moved.returncode == 1
        assert "folder" in moved.stderr and "read-only" in moved.stderr
        assert len(moved.stderr.strip().splitlines()) == 1
        created = lmplanner("--db", str(folder / "new.lmplan"), "list", unprivileged=True)
        assert created.returncode == 1 and "read-only" in created.stderr
        assert snapshot(folder) == before
    finally:
        folder.chmod(0o755)


@needs_unprivileged
def test_an_unwritable_data_folder_costs_one_warning_line_not_tracebacks(
    tmp_path: Path, data_dir: Path
) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan)
    with open_plan(plan) as opened:
        uuid = opened.uuid
    folder = data_dir / "backups" / uuid
    for old in folder.iterdir():
        old.unlink()  # so the next change tries today's daily backup again
    folder.chmod(0o555)
    log = data_dir / "logs" / "lmplanner.log"
    log.unlink(missing_ok=True)
    log.symlink_to("/dev/full")  # a log file on a full disk
    added = lmplanner(
        "--db", str(plan), "add", "--title", "Lands", "--role", "leader", "--channel", "Blog",
        unprivileged=True,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert len(added.stderr.splitlines()) <= 1, added.stderr
    assert "Traceback" not in added.stderr
    assert "daily backup" in added.stderr
    listed = lmplanner("--db", str(plan), "list", "--json", unprivileged=True)
    assert "Lands" in listed.stdout
    assert listed.stderr == ""
