"""The report says what the meter and the CLI say, read back with pdftotext: one verdict for a
sample too small to judge, nobody's "No author" among the leaders, real plurals and a score
labelled as the balance score it is."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from report_support import add, build

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role
from lmplanner.core.services import PlanService

DECEMBER = Period.month(2026, 12)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def test_one_leader_post_is_too_early_to_tell_on_the_first_page(
    service: PlanService, tmp_path: Path
) -> None:
    add(service, "Monthly letter from the founder", dt.date(2026, 12, 1))
    out = tmp_path / "early.pdf"
    build(service, out, DECEMBER)
    first = pdftotext(out, 1, 1)
    assert "Verdict: Too early to tell" in first
    assert "Vision without execution" not in pdftotext(out)
    assert "1 of 1 post (100 %) is a leader post" in first
    assert "1 of 1 posts" not in first


def test_who_leads_counts_posts_without_an_author_apart(
    service: PlanService, tmp_path: Path
) -> None:
    for n in range(3):
        add(service, f"Leo's view {n}", dt.date(2026, 12, 2 + n), author="Leo Park")
    for n in range(3):
        add(service, f"Unsigned story {n}", dt.date(2026, 12, 8 + n))
    add(service, "Unsigned how-to", dt.date(2026, 12, 14), role=Role.MANAGER)
    out = tmp_path / "who.pdf"
    build(service, out, DECEMBER)
    text = pdftotext(out)
    who = text[text.rindex("Who leads") :]
    assert "Leading: Leo Park" in who
    assert "3 leader posts and 1 manager post have no author." in who
    assert "No author" not in who and "a leader voice" in who
    # The balance score is named for what it measures, beside every flag.
    assert "Balance score" in text and "the leader share against the band" in text


def test_nobody_leading_reads_the_same_with_or_without_unsigned_posts(
    service: PlanService, tmp_path: Path
) -> None:
    for n in range(3):
        add(service, f"Unsigned story {n}", dt.date(2026, 12, 8 + n))
    out = tmp_path / "nobody.pdf"
    build(service, out, DECEMBER)
    who = pdftotext(out)
    who = who[who.rindex("Who leads") :]
    assert "Leading: nobody yet — no author's leader share reaches 30 %" in who
    assert "3 leader posts have no author." in who
    assert "Leading: No author" not in who


def test_a_right_to_left_name_keeps_the_who_leads_sentence_in_order(
    service: PlanService, tmp_path: Path
) -> None:
    # The tester's plan: "Leading: Jonas Berg, Maya Chen, 2 .سارة manager posts have no author."
    for author in ("Jonas Berg", "Maya Chen", "سارة"):
        for n in range(3):
            add(service, f"{author} view {n}", dt.date(2026, 12, 2 + n), author=author)
    for n in range(2):
        add(service, f"Unsigned how-to {n}", dt.date(2026, 12, 14 + n), role=Role.MANAGER)
    out = tmp_path / "who.pdf"
    build(service, out, DECEMBER)
    who = " ".join(pdftotext(out)[pdftotext(out).rindex("Who leads") :].split())
    assert "Leading: Jonas Berg, Maya Chen, " in who
    assert ". 2 manager posts have no author." in who
    assert "2 ." not in who
    assert "\u2068" not in who and "\u2069" not in who  # the isolates are not drawn
