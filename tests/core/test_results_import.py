"""Importing results: header names and synonyms, matching by uuid, link or date + channel +
title (and why a row matches nothing or too much), all-or-nothing, and a re-import that
replaces the numbers in one undo step."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core.io import ImportFileError
from lmplanner.core.io.plan_rows import post_uuids
from lmplanner.core.results import HEADERS, commit_results, import_results, preview_results
from lmplanner.core.results.importing import service_today
from lmplanner.core.services import PlanService, PostDraft

DAY = dt.date(2026, 11, 2)
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def posts(service: PlanService) -> list[int]:
    drafts = [
        PostDraft("Why we plan less", "leader", "LinkedIn", date=DAY, link="https://ex.com/a"),
        PostDraft("Launch week", "manager", "X", date=DAY, link="https://ex.com/b"),
        PostDraft("Same title", "manager", "Blog", date=DAY),
        PostDraft("Same title", "manager", "Blog", date=DAY, link="https://ex.com/b"),
    ]
    return service.add_posts(drafts).created()


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        (" Likes ", "reactions"),
        ("REACTIONS", "reactions"),
        ("Reposts", "shares"),
        ("retweets", "shares"),
        ("shares", "shares"),
        ("Link clicks", "clicks"),
        ("clicks", "clicks"),
        ("Follows", "new_followers"),
        ("Followers gained", "new_followers"),
        ("new followers", "new_followers"),
        ("new_followers", "new_followers"),
        ("Impressions", "impressions"),
        ("comments", "comments"),
    ],
)
def test_headers_match_trimmed_in_any_case_or_by_synonym(
    service: PlanService, posts: list[int], header: str, field: str
) -> None:
    data = csv(f"link,{header}", "https://ex.com/a,42")
    outcome = import_results(service, data, today=TODAY)
    assert outcome.recorded == 1
    assert getattr(service.post(posts[0]), field) == 42
    assert service.post(posts[0]).read_on == TODAY  # no read-on column: today


@pytest.mark.parametrize("header", ["read on", "Date read", "READ_ON"])
def test_the_day_read_comes_from_its_column(
    service: PlanService, posts: list[int], header: str
) -> None:
    import_results(service, csv(f"link,comments,{header}", "https://ex.com/a,3,2026-11-20"))
    assert service.post(posts[0]).read_on == dt.date(2026, 11, 20)
    assert "date_read" in HEADERS and "views" not in HEADERS


def test_each_match_rule(service: PlanService, posts: list[int]) -> None:
    uuid = post_uuids(service, [posts[3]])[posts[3]]
    data = csv(
        "uuid,link,date,channel,title,comments",
        f"{uuid.upper()},,,,,1",  # uuid first, in any case
        ",https://ex.com/a,,,,2",  # then the link
        ",,2026-11-02,x,  launch   WEEK ,3",  # then date + channel + title (spacing, case)
    )
    outcome = import_results(service, data, today=TODAY)
    assert outcome.recorded == 3 and not outcome.rejected
    assert [service.post(pid).comments for pid in posts] == [2, 3, None, 1]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("00000000-0000-0000-0000-000000000000,,,,,1", "no post of this plan has the uuid"),
        (",https://nowhere.example,,,,1", "no post of this plan has the link"),
        (",https://ex.com/b,,,,1", "2 posts have the link https://ex.com/b"),
        (",,2026-11-02,Blog,Same title,1", "2 posts have the date 2026-11-02, channel Blog"),
        (",,2026-11-03,X,Launch week,1", "no post of this plan has the date 2026-11-03"),
        (
            ",,2026-11-02,,Launch week,1",
            "nothing to match a post by: no uuid or link, and no channel",
        ),
        (",,2026-13-40,X,Launch week,1", "date: invalid date"),
        (",https://ex.com/a,,,,lots", "comments: invalid number 'lots'"),
        (",https://ex.com/a,,,,-4", "comments: invalid number '-4'"),
    ],
)
def test_a_row_that_cannot_be_used_stops_the_import(
    service: PlanService, posts: list[int], plan_path: Path, row: str, reason: str
) -> None:
    data = csv("uuid,link,date,channel,title,comments", ",https://ex.com/a,,,,5", row)
    outcome = import_results(service, data)
    assert outcome.blocked and outcome.recorded == 0
    assert [str(r) for r in outcome.rejected] == [f"line 3: {outcome.rejected[0].problem}"]
    assert reason in outcome.rejected[0].problem
    with sqlite3.connect(plan_path) as conn:  # nothing written, not even the good row
        assert conn.execute("SELECT count(*) FROM post WHERE comments IS NOT NULL").fetchone() == (
            0,
        )
    skipped = import_results(service, data, skip_invalid=True)
    assert not skipped.blocked and skipped.recorded == 1 and len(skipped.rejected) == 1
    assert service.post(posts[0]).comments == 5


def test_two_rows_for_one_post_are_refused(service: PlanService, posts: list[int]) -> None:
    data = csv("link,comments", "https://ex.com/a,1", "https://ex.com/a,2")
    outcome = import_results(service, data)
    assert [str(r) for r in outcome.rejected] == [
        "line 3: “Why we plan less” already has its results on line 2"
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("link,views", "names no results column"),
        ("comments,shares", "nothing to match posts by"),
        ("date,title,comments", "nothing to match posts by"),
        ("link,Reposts,retweets", "the columns 'Reposts' and 'retweets' both give shares"),
    ],
)
def test_a_header_that_cannot_work_is_a_file_error(
    service: PlanService, posts: list[int], header: str, message: str
) -> None:
    with pytest.raises(ImportFileError, match=message) as caught:
        preview_results(service, csv(header, "https://ex.com/a,1,2"))
    assert str(caught.value).startswith("line 1: ")


def test_a_column_named_exactly_wins_over_a_synonym(service: PlanService, posts: list[int]) -> None:
    data = csv("link,likes,reactions,follows,new followers", "https://ex.com/a,1,2,3,4")
    import_results(service, data)
    post = service.post(posts[0])
    assert (post.reactions, post.new_followers) == (2, 4)


def test_reimport_replaces_the_numbers_in_one_undo_step(
    service: PlanService, posts: list[int]
) -> None:
    first = csv("link,impressions,comments,shares", "https://ex.com/a,100,4,1")
    import_results(service, first, today=TODAY)
    again = csv(
        "link,impressions,comments,read on",
        "https://ex.com/a,250,9,2026-12-06",
        "https://ex.com/c-not-here,,,",  # no numbers at all: left alone, not an error
    )
    preview = preview_results(service, again, today=dt.date(2026, 12, 6))
    assert preview.blank == 1
    outcome = commit_results(service, preview)
    after = service.post(posts[0])
    assert (after.impressions, after.comments, after.shares) == (250, 9, 1)  # shares: no column
    assert after.read_on == dt.date(2026, 12, 6)
    assert outcome.changeset.label == "Import results for 1 post from the data"
    service.apply(outcome.changeset.inverse())
    undone = service.post(posts[0])
    assert (undone.impressions, undone.comments, undone.read_on) == (100, 4, TODAY)


def test_the_plans_own_csv_export_reads_back_as_results(
    service: PlanService, posts: list[int]
) -> None:
    from lmplanner.core.io import ExportFormat, export_bytes

    service.update_post(posts[1], {"impressions": 5000, "shares": 12, "read_on": TODAY})
    data, _count = export_bytes(service, ExportFormat.CSV)  # uuid, link, date… and the counts
    service.update_post(posts[1], {"impressions": None, "shares": None, "read_on": None})
    preview = preview_results(service, data)
    assert preview.blank == 3  # the posts without results are left alone
    outcome = commit_results(service, preview)
    assert outcome.recorded == 1 and not outcome.rejected
    post = service.post(posts[1])
    assert (post.impressions, post.shares, post.read_on) == (5000, 12, TODAY)


def test_a_read_on_day_after_today_in_the_plans_zone_is_refused(
    service: PlanService, posts: list[int]
) -> None:
    data = csv("link,impressions,read on", "https://ex.com/a,100,2026-12-06")
    (row,) = preview_results(service, data, today=TODAY).rows
    assert str(row) == (
        "line 2: read on: 2026-12-06 is in the future (today is 2026-12-05 in the plan's time zone)"
    )
    outcome = import_results(service, data, today=TODAY)
    assert outcome.blocked and outcome.recorded == 0
    assert service.post(posts[0]).impressions is None
    assert import_results(service, data, today=dt.date(2026, 12, 6)).recorded == 1
    # Without `today`, the plan's own zone decides: Kiritimati (UTC+14) is a day ahead of most.
    service.update_settings(timezone="Pacific/Kiritimati")
    kiritimati = service_today(service)
    ahead = csv("link,impressions,read on", f"https://ex.com/a,5,{kiritimati.isoformat()}")
    assert preview_results(service, ahead).rows[0].valid
    service.update_settings(timezone="Pacific/Pago_Pago")  # UTC-11: that day is yet to come
    assert "is in the future" in preview_results(service, ahead).rows[0].problem
