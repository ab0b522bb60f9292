"""Exports are written to a temporary file and renamed: a failure never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lmplanner.core.domain import Role
from lmplanner.core.io import ExportError, ExportFormat, export_plan
from lmplanner.core.io.exporter import write_atomically
from lmplanner.core.paths import FILE_NAME_BYTES, fitted_file_name, part_file
from lmplanner.core.services import PlanService, PostDraft


def test_format_from_file_name() -> None:
    assert ExportFormat.from_path("a/plan.CSV") is ExportFormat.CSV
    assert ExportFormat.from_path("plan.ics") is ExportFormat.ICS
    assert ExportFormat.from_path("plan.json") is ExportFormat.JSON
    assert ExportFormat.from_path("plan.txt") is None


def test_replaces_the_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.csv"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.csv", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_missing_folder_and_folder_target(service: PlanService, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_plan(service, tmp_path / "nope" / "out.csv", "csv")
    with pytest.raises(ExportError, match="it is a folder"):
        export_plan(service, tmp_path, "csv")


def test_whole_plan_by_default_and_period(service: PlanService, tmp_path: Path) -> None:
    import datetime as dt

    from lmplanner.core.balance import Period

    service.add_posts(
        [
            PostDraft(title="Nov", role=Role.LEADER, channel="X", date=dt.date(2026, 11, 3)),
            PostDraft(title="Dec", role=Role.LEADER, channel="X", date=dt.date(2026, 12, 3)),
            PostDraft(title="Idea", role=Role.LEADER, channel="X"),
        ]
    )
    assert export_plan(service, tmp_path / "all.csv", "csv").posts == 3
    november = export_plan(service, tmp_path / "nov.csv", "csv", Period.month(2026, 11))
    assert november.posts == 1
    text = (tmp_path / "nov.csv").read_bytes().decode("utf-8-sig")
    assert "Nov" in text and "Dec" not in text and "Idea" not in text
    assert text.count("\r\n") == 2


@pytest.mark.parametrize("letter", ["a", "é", "計", "🙂"])
def test_a_target_name_at_the_file_systems_limit_is_written(tmp_path: Path, letter: str) -> None:
    # The hidden file written first once added 15 bytes to a name the file system just took.
    stem = fitted_file_name(letter * 300, ".csv")
    assert 251 <= len(os.fsencode(stem)) <= 255 and stem.endswith(".csv")
    assert stem.removesuffix(".csv").strip(letter) == ""  # whole characters only
    target = tmp_path / stem
    write_atomically(target, b"data")
    assert target.read_bytes() == b"data" and os.listdir(tmp_path) == [stem]
    assert len(os.fsencode(part_file(target, "0123abcd").name)) <= FILE_NAME_BYTES
