"""Results: counts stored per post, medians and ratios per role and pillar, the finding sentence
in either direction, the small-sample sentence, and results carried by CSV and JSON files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.balance import Period
from lmplanner.core.domain import METRICS, PostRecord, Role
from lmplanner.core.errors import ValidationError
from lmplanner.core.io import ExportFormat, ImportOptions, export_bytes, import_file
from lmplanner.core.io.csv_format import parse_count
from lmplanner.core.results import analyze_results, finding_sentence
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

NOV = Period.month(2026, 11)
DAY = dt.date(2026, 11, 2)


def post(pid: int, role: Role, **counts: int | None) -> PostRecord:
    return PostRecord(
        id=pid, title=f"Post {pid}", role=role, channel="LinkedIn", date=DAY, **counts
    )  # type: ignore[arg-type]


def five_each(leader: dict[str, int], manager: dict[str, int]) -> list[PostRecord]:
    """Five posts of each role, every one with the same counts as the others of its role."""
    posts = [post(i, Role.LEADER, **leader) for i in range(1, 6)]
    return posts + [post(i, Role.MANAGER, **manager) for i in range(6, 11)]


def test_medians_totals_and_ratios_per_role() -> None:
    posts = [
        post(1, Role.LEADER, impressions=100, comments=10),
        post(2, Role.LEADER, impressions=300, comments=30),
        post(3, Role.LEADER, comments=20),  # impressions not read: not a zero
        post(4, Role.MANAGER, impressions=1000, comments=2),
        post(5, Role.MANAGER, impressions=3000, comments=8),
        post(6, Role.MANAGER),  # no results at all: not counted
    ]
    report = analyze_results("November 2026", posts)
    data = report.to_dict()
    assert data["leader"]["posts"] == 3 and data["manager"]["posts"] == 2
    assert data["leader"]["impressions"] == {"median": 200, "total": 400}
    assert data["leader"]["comments"] == {"median": 20, "total": 60}
    assert data["manager"]["comments"] == {"median": 5, "total": 10}
    assert data["leader"]["shares"] == {"median": None, "total": None}
    assert data["ratios"]["impressions"] == 0.1
    assert data["ratios"]["comments"] == 4.0
    assert data["ratios"]["shares"] is None
    assert report.without_results == 1
    assert set(data) >= {"leader", "manager", "ratios", "by_pillar", "finding"}
    assert set(data["leader"]) >= {"posts", *METRICS}


def test_the_finding_when_managers_reach_and_leaders_relate() -> None:
    posts = five_each(
        {"impressions": 1000, "comments": 30, "new_followers": 10, "shares": 4},
        {"impressions": 2800, "comments": 10, "new_followers": 2, "shares": 4},
    )
    assert analyze_results("", posts).finding == (
        "Manager posts reached 2.8× more people per post; "
        "leader posts earned 3.0× more comments and 5.0× more new followers."
    )


def test_the_finding_when_the_data_points_the_other_way() -> None:
    posts = five_each(
        {"impressions": 4000, "comments": 5, "shares": 2, "new_followers": 1},
        {"impressions": 2000, "comments": 10, "shares": 8, "new_followers": 3},
    )
    assert analyze_results("", posts).finding == (
        "Leader posts reached 2.0× more people per post; "
        "manager posts earned 2.0× more comments, 4.0× more shares and 3.0× more new followers."
    )


def test_the_finding_when_one_side_wins_everything_and_when_nothing_differs() -> None:
    posts = five_each({"impressions": 3000, "comments": 9}, {"impressions": 1000, "comments": 3})
    assert analyze_results("", posts).finding == (
        "Leader posts reached 3.0× more people per post and earned 3.0× more comments."
    )
    even = five_each({"impressions": 10, "comments": 2}, {"impressions": 10, "comments": 2})
    assert "equally well" in analyze_results("", even).finding


@pytest.mark.parametrize(("leaders", "managers"), [(4, 9), (9, 4), (0, 0)])
def test_too_few_posts_with_results_on_either_side_gives_no_ratio(
    leaders: int, managers: int
) -> None:
    posts = [post(i, Role.LEADER, impressions=1, comments=50) for i in range(leaders)]
    posts += [post(100 + i, Role.MANAGER, impressions=900, comments=1) for i in range(managers)]
    finding = analyze_results("", posts).finding
    assert finding.startswith("There are too few posts with results to tell")
    assert "×" not in finding
    assert finding_sentence(5, 5, {"comments": 2.0}) == "Leader posts earned 2.0× more comments."


def test_results_per_pillar_in_the_plans_order(service: PlanService) -> None:
    service.add_pillar("Craft")
    service.add_pillar("People")
    drafts = [
        PostDraft("A", "leader", "LinkedIn", date=DAY, pillar="People", comments=12),
        PostDraft("B", "manager", "LinkedIn", date=DAY, pillar="People", comments=4),
        PostDraft("C", "manager", "X", date=DAY, impressions=500),
        PostDraft("D", "leader", "X", date=dt.date(2026, 12, 1), comments=99),  # not November
    ]
    service.add_posts(drafts)
    data = service.results(NOV).to_dict()
    assert [(p["name"], p["posts"]) for p in data["by_pillar"]] == [
        ("Craft", 0),
        ("People", 2),
        (None, 1),
    ]
    assert data["by_pillar"][1]["comments"] == {"median": 8, "total": 16}


def test_counts_are_whole_numbers_of_zero_or_more(service: PlanService) -> None:
    pid = service.add_post(PostDraft("A", "leader", "LinkedIn", impressions=0)).created()[0]
    assert service.post(pid).impressions == 0
    for bad in (-1, 1.5, "many", True, 10**13):
        with pytest.raises(ValidationError) as caught:
            service.update_post(pid, {"comments": bad})
        assert caught.value.field == "comments"
    service.update_post(pid, {"comments": "12", "read_on": DAY})
    assert (service.post(pid).comments, service.post(pid).read_on) == (12, DAY)
    assert parse_count("1,234") == 1234 and parse_count("12 500") == 12500
    with pytest.raises(ValueError, match="whole number"):
        parse_count("12,5")


def test_a_duplicate_starts_without_results(service: PlanService) -> None:
    pid = service.add_post(PostDraft("A", "leader", "LinkedIn", date=DAY, shares=3)).created()[0]
    copy = service.duplicate_posts([pid]).created()[0]
    assert service.post(copy).shares is None and service.post(pid).shares == 3


def test_results_go_through_csv_and_json_and_back(service: PlanService, tmp_path: Path) -> None:
    full = {"impressions": 2400, "reactions": 80, "comments": 12, "shares": 5, "clicks": 40}
    service.add_posts(
        [
            PostDraft("A", "leader", "LinkedIn", date=DAY, new_followers=7, read_on=DAY, **full),
            PostDraft("B", "manager", "X", date=DAY),
        ]
    )
    expected = [replace(p, id=0) for p in service.posts()]
    for fmt in (ExportFormat.CSV, ExportFormat.JSON):
        data, _count = export_bytes(service, fmt)
        other_path = tmp_path / f"other-{fmt.value}.lmplan"
        with open_plan(other_path) as other:
            result = import_file(PlanService(other), data, ImportOptions())
            assert result.imported == 2
            got = [replace(p, id=0) for p in PlanService(other).posts()]
        assert [_content(p) for p in got] == [_content(p) for p in expected]
        with sqlite3.connect(other_path) as conn:
            stored = conn.execute("SELECT impressions, new_followers, read_on FROM post").fetchall()
        assert sorted(stored, key=str) == sorted(
            [(2400, 7, "2026-11-02"), (None, None, None)], key=str
        )
    document = json.loads(export_bytes(service, ExportFormat.JSON)[0])
    assert document["posts"][0]["impressions"] == 2400
    assert document["posts"][0]["read_on"] == "2026-11-02"


def _content(record: PostRecord) -> tuple[object, ...]:
    return (record.title, *(getattr(record, name) for name in (*METRICS, "read_on")))


@settings(deadline=None, max_examples=200)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", ",", " ", "\u00a0"]))
def test_a_count_reads_back_however_a_spreadsheet_groups_its_digits(count: int, sep: str) -> None:
    text = f"{count:,}".replace(",", sep)
    assert parse_count(text) == count
    assert parse_count(f"{count}.0") == count
