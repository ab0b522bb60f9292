"""PDF report writing and options: atomic replace, cancel and failure leave no temp, one clear
error for a bad folder, the paper the locale implies, section lists, the lazy import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_support import NOVEMBER, build, files_in

from lmplanner.core.errors import PlannerError
from lmplanner.core.report import (
    Paper,
    ReportCancelled,
    ReportOptions,
    Section,
    build_report,
    default_paper,
)
from lmplanner.core.services import PlanService


# ------------------------------------------------------------------------------ writing
def test_cancel_leaves_no_file_and_no_temp(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(ReportCancelled):
        build_report(demo, NOVEMBER, out=out, options=ReportOptions(), cancelled=cancelled)
    assert files_in(out_dir) == []


def test_failure_keeps_the_previous_report_and_no_temp(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    out.write_bytes(b"%PDF-old")

    def progress(done: int, total: int) -> None:
        if done > 10:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        build_report(demo, NOVEMBER, out=out, options=ReportOptions(), progress=progress)
    assert files_in(out_dir) == ["r.pdf"]
    assert out.read_bytes() == b"%PDF-old"


def test_success_replaces_the_file_and_reports_progress(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    out.write_bytes(b"old")
    seen: list[tuple[int, int]] = []
    result = build_report(
        demo, NOVEMBER, out=out, options=ReportOptions(), progress=lambda d, t: seen.append((d, t))
    )
    assert files_in(out_dir) == ["r.pdf"]
    assert out.read_bytes().startswith(b"%PDF")
    assert result.path == out
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1]
    assert all(d <= t for d, t in seen)


def test_missing_folder_or_file_as_folder_is_one_clear_error(
    demo: PlanService, out_dir: Path
) -> None:
    blocker = out_dir / "a-file"
    blocker.write_text("x")
    with pytest.raises(PlannerError, match="is not a folder"):
        build(demo, blocker / "r.pdf")
    with pytest.raises(PlannerError, match="does not exist"):
        build(demo, out_dir / "nope" / "r.pdf")
    assert files_in(out_dir) == ["a-file"]


# ------------------------------------------------------------------------------ options
@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, Paper.LETTER),
        ({"LANG": "fr_CA.UTF-8"}, Paper.LETTER),
        ({"LANG": "es_MX"}, Paper.LETTER),
        ({"LANG": "en_PH.UTF-8"}, Paper.LETTER),
        ({"LANG": "de_DE.UTF-8"}, Paper.A4),
        ({"LANG": "en_GB.UTF-8"}, Paper.A4),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.A4),
        ({"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.LETTER),
        ({"LANG": "C.UTF-8"}, Paper.A4),
        ({}, Paper.A4),
    ],
)
def test_default_paper_follows_the_locale(env: dict[str, str], paper: Paper) -> None:
    assert default_paper(env) is paper


def test_section_list_parsing() -> None:
    assert Section.parse_list("summary, posts") == {Section.SUMMARY, Section.POSTS}
    assert Section.parse_list("all") == frozenset(Section)
    with pytest.raises(ValueError, match="unknown section 'charts'"):
        Section.parse_list("summary,charts")
    with pytest.raises(ValueError):
        Section.parse_list(" , ")


def test_importing_the_package_does_not_import_reportlab() -> None:

    code = (
        "import sys, lmplanner.core.report, lmplanner.cli.report; "
        "sys.exit(1 if any(m.startswith('reportlab') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
