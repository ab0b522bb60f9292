"""`lmplanner report`: exit codes, one-line errors, the PDF it writes. In this process through
`lmplanner.cli.main`; the first test runs the command as a real process.

An unwritable destination is simulated without permissions (CI runs as root, which may write
anywhere): --out points under a regular file (`<file>/x.pdf`) or into a folder that does not
exist; both must fail with exit 1 and one line, leaving nothing behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.cli.cli_support import CliResult, run_cli, run_process

pypdf = pytest.importorskip("pypdf")


def run(*args: str) -> CliResult:
    return run_cli(*args)


@pytest.fixture
def demo_plan(plan_path: Path) -> Path:
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService, PostDraft
    from lmplanner.core.store import open_plan

    plan = open_plan(plan_path)
    try:
        service = PlanService(plan)
        create_demo(service, 2026, 11)
        today = dt.date.today()
        service.add_post(
            PostDraft(title="This month's anchor post", role="leader", channel="Blog", date=today)
        )
    finally:
        plan.close()
    return plan_path


def test_report_for_a_month_writes_the_pdf(demo_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "november.pdf"
    out.parent.mkdir()
    # A real process: the smoke test of the report command.
    done = run_process(
        "--db", str(demo_plan), "report", "--month", "2026-11", "--out", str(out), timeout=180
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(str(out))
    pages = len(reader.pages)
    assert done.stdout.strip() == f"Wrote {out} ({pages} pages, November 2026)"
    assert done.stderr == ""
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Calendar · November 2026" in text
    assert sorted(p.name for p in out.parent.iterdir()) == ["november.pdf"]


def test_report_options_sections_bodies_and_paper(demo_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts.pdf"
    done = run(
        "--db",
        str(demo_plan),
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-15",
        "--out",
        str(out),
        "--sections",
        "summary,posts",
        "--bodies",
        "--paper",
        "letter",
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(str(out))
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (612, 792)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "CONTENT STRATEGY REPORT" in text and "Breakdowns" not in text
    assert "Tools that only count posts reward activity" in " ".join(text.split())
    assert "1–15 Nov 2026" in done.stdout


def test_default_period_is_the_current_month(demo_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "now.pdf"
    done = run("--db", str(demo_plan), "report", "--out", str(out))
    assert done.returncode == 0, done.stderr
    today = dt.date.today()
    assert f"{today:%B} {today.year}" in done.stdout
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "This month's anchor post" in " ".join(text.split())


@pytest.mark.parametrize(
    "args",
    [
        ("--month", "2026-13"),
        ("--month", "November"),
        ("--from", "2026-11-01"),
        ("--month", "2026-11", "--from", "2026-11-01", "--to", "2026-11-02"),
        ("--from", "2026-11-10", "--to", "2026-11-01"),
        ("--month", "2026-11", "--sections", "summary,charts"),
        ("--month", "2026-11", "--paper", "a3"),
    ],
)
def test_bad_command_lines_exit_2_with_one_line(
    demo_plan: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "bad.pdf"
    done = run("--db", str(demo_plan), "report", *args, "--out", str(out))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stdout == ""
    assert not out.exists()


def test_missing_out_exits_2(demo_plan: Path) -> None:
    done = run("--db", str(demo_plan), "report", "--month", "2026-11")
    assert done.returncode == 2 and "--out" in done.stderr


def test_out_under_a_regular_file_exits_1(demo_plan: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = run(
        "--db", str(demo_plan), "report", "--month", "2026-11", "--out", str(blocker / "x.pdf")
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not a folder" in lines[0]
    assert blocker.read_text() == "x"


def test_out_in_a_missing_folder_exits_1(demo_plan: Path, tmp_path: Path) -> None:
    done = run(
        "--db",
        str(demo_plan),
        "report",
        "--month",
        "2026-11",
        "--out",
        str(tmp_path / "missing" / "x.pdf"),
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0]
    assert not (tmp_path / "missing").exists()


def test_report_is_listed_in_help() -> None:
    done = run("--help")
    assert done.returncode == 0 and "report" in done.stdout
    done = run("report", "--help")
    assert done.returncode == 0
    for option in ("--month", "--from", "--to", "--out", "--sections", "--bodies", "--paper"):
        assert option in done.stdout
