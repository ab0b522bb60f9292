"""JSON backups: the whole plan out and back, refusal and --replace, undo, and broken files."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.demo import create_demo
from lmplanner.core.domain import Role
from lmplanner.core.io import (
    ExportError,
    ExportFormat,
    ImportFileError,
    ImportFormat,
    ImportOptions,
    export_bytes,
    export_plan,
    import_file,
    post_uuids,
    preview_import,
)
from lmplanner.core.io.backup import FORMAT_VERSION
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan


def backup(service: PlanService) -> dict[str, Any]:
    data, _count = export_bytes(service, ExportFormat.JSON)
    document: dict[str, Any] = json.loads(data)
    return document


def restore(service: PlanService, document: dict[str, Any] | bytes, **options: Any) -> Any:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return import_file(service, data, ImportOptions(**options))


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A backup without what legitimately differs between two plans holding the same content."""
    doc = copy.deepcopy(document)
    # The history differs by what was done to each plan (a restore is an entry of its own);
    # tests/core/test_signoff.py checks that it travels.
    for key in ("exported_at", "app_version", "history"):
        doc.pop(key)
    doc["plan"].pop("uuid")
    for post in doc["posts"]:
        post.pop("updated_at")
    return doc


CUSTOM: dict[str, Any] = {
    "format": "lmplanner-backup",
    "format_version": 1,
    "plan": {
        "name": "Team plan",
        "timezone": "Europe/Berlin",
        "first_weekday": 6,
        "band_low": 0.35,
        "band_high": 0.55,
        "min_posts": 4,
        "promotion_max": 0.1,
        "drought_days": 7,
        "drought_week_min_posts": 2,
        "channel_min_posts": 5,
        "backup_keep": 3,
        "trash_days": 9,
    },
    "channels": [
        {"name": "Mastodon", "color": "#6364ff", "weekly_target": 3},
        {"name": "LinkedIn", "color": "#123456", "weekly_target": None},
        {"name": "Podcast", "color": "#abcdef80", "weekly_target": 1},
    ],
    "people": [{"name": "Ana"}, {"name": "Bo"}],
    "campaigns": [
        {
            "name": "Spring",
            "color": "#00ff00",
            "start_date": "2026-03-01",
            "end_date": "2026-05-31",
        },
        {"name": "Always on", "color": "#8e24aa", "start_date": None, "end_date": None},
    ],
    "posts": [
        {
            "uuid": "6f1c1f5e-8d3a-4a43-9b4e-0c7a2b1d9e01",
            "date": "2026-03-29",
            "time": "02:30",
            "channel": "Mastodon",
            "role": "leader",
            "kind": "vision",
            "status": "scheduled",
            "title": "At the DST gap",
            "body": "Body\nwith lines",
            "author": "Ana",
            "campaign": "Spring",
            "link": "https://example.com",
            "notes": "=not a formula",
            "role_suggested": True,
            "created_at": "2026-01-02T03:04:05+00:00",
            "updated_at": "2026-01-03T03:04:05+00:00",
        },
        {
            "uuid": "6f1c1f5e-8d3a-4a43-9b4e-0c7a2b1d9e02",
            "date": None,
            "time": None,
            "channel": "Podcast",
            "role": "manager",
            "kind": None,
            "status": "idea",
            "title": "Backlog idea",
            "body": "",
            "author": None,
            "campaign": None,
            "link": "",
            "notes": "",
            "role_suggested": False,
            "created_at": "2026-01-04T00:00:00+00:00",
            "updated_at": "2026-01-04T00:00:00+00:00",
        },
    ],
}


def test_json_round_trip_gives_the_same_plan(service: PlanService, tmp_path: Path) -> None:
    first = restore(service, CUSTOM)
    assert (first.imported, first.rejected, first.format) == (2, [], ImportFormat.JSON)
    exported = backup(service)
    assert exported["plan"]["name"] == "Team plan"
    assert [c["name"] for c in exported["channels"]] == ["Mastodon", "LinkedIn", "Podcast"]
    assert exported["channels"][2] == {"name": "Podcast", "color": "#abcdef80", "weekly_target": 1}
    assert {c["name"]: c["end_date"] for c in exported["campaigns"]}["Always on"] is None
    assert {c["name"]: c["start_date"] for c in exported["campaigns"]}["Spring"] == "2026-03-01"
    for original, again in zip(CUSTOM["posts"], exported["posts"], strict=True):
        assert {k: again[k] for k in original if k != "updated_at"} == {
            k: v for k, v in original.items() if k != "updated_at"
        }
    out = tmp_path / "backup.json"
    export_plan(service, out, ExportFormat.JSON)
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan)
        import_file(other, out)
        assert comparable(backup(other)) == comparable(exported)
        settings = other.settings()
        assert (settings.timezone, settings.balance.first_weekday) == ("Europe/Berlin", 6)


def test_demo_plan_round_trip(service: PlanService, tmp_path: Path) -> None:
    create_demo(service, 2026, 11)
    out = tmp_path / "demo.json"
    export_plan(service, out, "json")
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan)
        result = import_file(other, out)
        assert result.imported == service.count_posts()
        assert comparable(backup(other)) == comparable(backup(service))
        # uuids travel with the backup, so calendar UIDs stay the same
        ids = [p.id for p in service.posts()]
        assert sorted(post_uuids(service, ids).values()) == sorted(
            post_uuids(other, [p.id for p in other.posts()]).values()
        )


def test_refused_into_a_plan_with_posts_unless_replace(service: PlanService) -> None:
    service.add_post(PostDraft(title="Already here", role=Role.LEADER, channel="Blog"))
    with pytest.raises(ImportFileError, match="already has 1 post"):
        restore(service, CUSTOM)
    assert [p.title for p in service.posts()] == ["Already here"]
    result = restore(service, CUSTOM, replace=True)
    assert result.imported == 2
    assert sorted(p.title for p in service.posts()) == ["At the DST gap", "Backlog idea"]
    assert [p.title for p in service.posts(trash=True)] == ["Already here"]
    # the trashed post's channel stays, though the backup does not name it
    assert "Blog" in {c.name for c in service.channels()}


def test_restore_is_one_undo_step(service: PlanService) -> None:
    service.add_post(PostDraft(title="Already here", role=Role.LEADER, channel="Blog"))
    before = (backup(service), service.channels(), service.people(), service.campaigns())
    result = restore(service, CUSTOM, replace=True)
    assert result.changeset.label.startswith("Restore backup")
    service.apply(result.changeset.inverse())
    after = (backup(service), service.channels(), service.people(), service.campaigns())
    assert comparable(after[0]) == comparable(before[0])
    assert after[1:] == before[1:]
    assert service.count_posts(trash=True) == 0


def test_restore_into_an_empty_plan_with_only_trash(service: PlanService) -> None:
    changes = service.add_post(PostDraft(title="Gone", role=Role.LEADER, channel="Blog"))
    service.delete_posts(changes.created())
    post_uuid = CUSTOM["posts"][0]["uuid"]
    assert restore(service, CUSTOM).imported == 2
    # restoring the same backup again (with replace) cannot reuse the trashed posts' uuids
    restore(service, CUSTOM, replace=True)
    uuids = post_uuids(service, [p.id for p in service.posts()])
    assert post_uuid not in uuids.values()
    assert len(set(uuids.values())) == 2


def test_dry_run_and_invalid_posts(service: PlanService) -> None:
    document = copy.deepcopy(CUSTOM)
    document["posts"][1]["time"] = "10:00"  # a time without a date
    document["posts"][0]["role"] = "boss"
    text = json.dumps(document, indent=2).encode()
    result = restore(service, text)
    assert result.blocked and service.count_posts() == 0
    lines = text.decode().splitlines()
    first, second = result.rejected
    assert (first.column, second.column) == ("role", "time")
    assert lines[first.line - 1].strip() == "{" and '"uuid"' in lines[first.line]
    assert second.line > first.line
    assert str(first).startswith(f"line {first.line}, column role: unknown role 'boss'")
    dry = restore(service, text, dry_run=True, skip_invalid=True)
    assert (dry.imported, dry.ready, dry.ok) == (0, 0, False)
    partial = restore(service, text, skip_invalid=True)
    assert partial.imported == 0 and service.count_posts() == 0
    document["posts"][0]["role"] = "leader"
    assert restore(service, document, skip_invalid=True).imported == 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format_version=FORMAT_VERSION + 1), "newer LM Planner"),
        (lambda d: d.update(format="something"), "not an LM Planner backup"),
        (lambda d: d.update(format_version="1"), "no valid format_version"),
        (lambda d: d.update(posts={}), '"posts" is not a list'),
        (lambda d: d["plan"].update(timezone="Mars/Olympus"), "Unknown time zone"),
        (lambda d: d["plan"].update(band_low="low"), "wrong type"),
        (lambda d: d["plan"].update(band_low=0.9), "target band"),
        (lambda d: d["channels"][0].update(color="red"), "not #RRGGBB"),
        (lambda d: d["channels"][0].update(weekly_target=-1), "weekly target"),
        (lambda d: d["channels"].append({"name": "   "}), "empty channel name"),
        (lambda d: d["people"].append({"name": "x" * 81}), "the limit is 80"),
        (lambda d: d["campaigns"][0].update(start_date="March"), "not YYYY-MM-DD"),
        (lambda d: d["people"].append("Bo"), "person 3 in the backup has no name"),
        # Issue 19, items 7 and 8: the services' rules, and values no database takes.
        (lambda d: d["plan"].update(trash_days=10**30), "trash_days must be a whole number"),
        (lambda d: d["plan"].update(trash_days=1_000_000_000), "from 1 to 3650"),
        (lambda d: d["plan"].update(backup_keep=10**30), "backup_keep must be a whole number"),
        (lambda d: d["channels"][0].update(weekly_target=10**30), "from 0 to 1000"),
        (
            lambda d: d["campaigns"][0].update(start_date="2026-11-10", end_date="2026-11-01"),
            "cannot end before it starts",
        ),
        (lambda d: d["people"].append({"name": "Half \ud800 pair"}), "not valid Unicode"),
    ],
)
def test_broken_backups_are_file_errors(service: PlanService, mutate: Any, message: str) -> None:
    document = copy.deepcopy(CUSTOM)
    mutate(document)
    # A lone surrogate only reaches the parser as an escape in the JSON text.
    data = json.dumps(document).replace("\\\\ud800", "\\ud800").encode()
    with pytest.raises(ImportFileError, match=message):
        restore(service, data)
    assert service.count_posts() == 0
    assert service.settings().name != "Team plan"


def test_malformed_json_names_line_and_column(service: PlanService) -> None:
    with pytest.raises(ImportFileError, match=r"line 3, column 2: not valid JSON"):
        restore(service, b'{"format": "lmplanner-backup",\n"posts": [\n]]')
    with pytest.raises(ImportFileError, match="nested too deeply"):
        restore(service, b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}")


def test_json_is_always_the_whole_plan(service: PlanService) -> None:
    from lmplanner.core.balance import Period

    with pytest.raises(ExportError, match="whole plan"):
        export_bytes(service, ExportFormat.JSON, Period.month(2026, 11))


def test_preview_shows_records_and_existing_posts(service: PlanService) -> None:
    service.add_post(PostDraft(title="Already here", role=Role.LEADER, channel="Blog"))
    preview = preview_import(service, json.dumps(CUSTOM).encode())
    assert (preview.format, preview.existing_posts, len(preview.records)) == (
        ImportFormat.JSON,
        1,
        2,
    )
    assert preview.backup is not None and preview.backup.people == ("Ana", "Bo")
    assert preview.records[0].draft is not None
    assert preview.records[0].draft.date == dt.date(2026, 3, 29)


class _CountingText(str):
    """JSON text that tallies how many characters `count` scans (the line numbers of posts)."""

    scanned = 0

    def count(self, *args: Any) -> int:  # type: ignore[override]
        start = args[1] if len(args) > 1 else 0
        end = args[2] if len(args) > 2 else len(self)
        _CountingText.scanned += max(0, end - start)
        return str.count(self, *args)


def test_reading_a_backup_scans_its_text_once_not_once_per_post() -> None:
    from lmplanner.core.io.backup import parse_backup

    posts = [{"title": f"Post {n}", "role": "leader", "channel": "Blog"} for n in range(400)]
    text = json.dumps({**CUSTOM, "posts": posts}, indent=2)
    _CountingText.scanned = 0
    parsed = parse_backup(_CountingText(text))
    assert len(parsed.posts) == 400
    assert parsed.posts[-1].line == text.count("\n", 0, text.rindex('"Post 399"'))
    # Counting newlines from the start for every post made this quadratic (5k posts took 7 s).
    assert _CountingText.scanned <= len(text)


def test_a_restore_writes_posts_in_batches_not_one_statement_each(
    service: PlanService, tmp_path: Path
) -> None:
    from sqlalchemy import event

    with open_plan(tmp_path / "source.lmplan") as source:
        drafts = [PostDraft(title=f"P{n}", role="leader", channel=f"C{n % 3}") for n in range(600)]
        PlanService(source).add_posts(drafts)
        data, _count = export_bytes(PlanService(source), ExportFormat.JSON)
    statements: list[str] = []
    engine = service.plan.engine  # type: ignore[attr-defined]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = restore(service, data)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert result.imported == 600
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO POST")]
    assert len(inserts) <= 10, len(inserts)


@pytest.mark.slow
def test_the_largest_legal_posts_export_and_restore_both_ways(tmp_path: Path) -> None:
    """720 posts with 99 000-character bodies (within the limits) make a 71 MB backup, past the
    64 MB a CSV may be: whatever export writes, import restores."""
    from lmplanner.core.domain import BODY_MAX, NOTES_MAX, TITLE_MAX

    with open_plan(tmp_path / "big.lmplan") as plan:
        service = PlanService(plan)
        drafts = [
            PostDraft(
                title=f"{n:04d} " + "t" * (TITLE_MAX - 5),
                role="leader",
                channel="Blog",
                body="b" * (BODY_MAX - 1_000),
                notes="n" * NOTES_MAX,
            )
            for n in range(720)
        ]
        for first in range(0, len(drafts), 120):
            service.add_posts(drafts[first : first + 120])
        out = tmp_path / "big.json"
        export_plan(service, out, ExportFormat.JSON)
    assert out.stat().st_size > 64 * 1024 * 1024
    with open_plan(tmp_path / "restored.lmplan") as plan:
        restored = PlanService(plan)
        result = import_file(restored, out)
        assert result.imported == 720
        again = backup(restored)
    assert [p["body"] for p in again["posts"]] == [d.body for d in drafts]


@pytest.mark.parametrize(
    "stamp", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-05:00", "1899-12-31T23:59:59"]
)
def test_a_created_at_outside_the_years_is_a_rejected_record(
    service: PlanService, stamp: str
) -> None:
    document = copy.deepcopy(CUSTOM)
    document["posts"][0]["created_at"] = stamp
    result = restore(service, document)
    assert result.blocked and result.rejected_records == 1
    assert "from 1900 to 2999" in str(result.rejected[0])
    assert service.count_posts() == 0
