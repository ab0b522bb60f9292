"""Strategy in files: CSV uuid/pillar/follows, JSON backup vision/pillars/links, ICS categories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import icalendar

from lmplanner.core.io import ExportFormat, ImportOptions, export_bytes, import_file, post_uuids
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

D = dt.date(2026, 11, 10)


def strategy_plan(service: PlanService) -> tuple[int, int]:
    service.update_settings(vision="We make planning honest.")
    service.add_pillar("Craft", color="#112233", target=40, description="How we work")
    service.add_pillar("People")
    leader = service.add_post(PostDraft("Why", "leader", "X", date=D, pillar="Craft"))
    manager = service.add_post(
        PostDraft("How", "manager", "X", date=D + dt.timedelta(days=1), follows=leader.created()[0])
    )
    return leader.created()[0], manager.created()[0]


def shape(service: PlanService) -> list[tuple[Any, ...]]:
    posts = service.posts(order="date")
    titles = {p.id: p.title for p in posts}
    return [(p.title, p.pillar, titles.get(p.follows) if p.follows else None) for p in posts]


def test_csv_carries_uuid_pillar_and_the_followed_posts_uuid(
    service: PlanService, tmp_path: Path
) -> None:
    leader, manager = strategy_plan(service)
    data, _ = export_bytes(service, ExportFormat.CSV)
    header, *rows = data.decode("utf-8-sig").splitlines()
    columns = header.split(",")
    assert {"uuid", "pillar", "follows"} <= set(columns)
    uuids = post_uuids(service, [leader, manager])
    follows = [row.split(",")[columns.index("follows")] for row in rows]
    assert follows == ["", uuids[leader]]
    with open_plan(tmp_path / "other.lmplan") as plan:
        other = PlanService(plan)
        refused = import_file(other, data)
        assert refused.imported == 0 and "--create-pillars" in str(refused.rejected[0])
        result = import_file(other, data, ImportOptions(create_pillars=True))
        assert result.imported == 2
        assert shape(other) == shape(service) == [("Why", "Craft", None), ("How", "Craft", "Why")]
        again = import_file(other, data, ImportOptions(create_pillars=True))
        assert (again.imported, again.skipped_duplicates) == (0, 2)  # the same uuids


def test_csv_follows_resolves_against_the_plan_or_is_a_problem(service: PlanService) -> None:
    leader, _ = strategy_plan(service)
    uuid = post_uuids(service, [leader])[leader]
    header = "title,date,role,channel,follows\r\n"
    result = import_file(service, (header + f"Later,2026-11-20,manager,X,{uuid}\r\n").encode())
    assert result.imported == 1
    later = service.post(result.changeset.created()[0])
    assert (later.follows, later.pillar) == (leader, "Craft")
    missing = "00000000-0000-4000-8000-000000000000"
    result = import_file(service, (header + f"Lost,2026-11-21,manager,X,{missing}\r\n").encode())
    assert result.imported == 0
    assert str(result.rejected[0]).startswith("line 2, column follows: no post with the uuid")


def test_json_backup_carries_vision_pillars_and_links(service: PlanService, tmp_path: Path) -> None:
    strategy_plan(service)
    data, _ = export_bytes(service, ExportFormat.JSON)
    document = json.loads(data)
    assert document["plan"]["vision"] == "We make planning honest."
    assert document["pillars"][0] == {
        "name": "Craft",
        "color": "#112233",
        "description": "How we work",
        "target": 40,
    }
    with open_plan(tmp_path / "other.lmplan") as plan:
        other = PlanService(plan)
        import_file(other, data)
        assert other.settings().vision == "We make planning honest."
        assert [(p.name, p.target) for p in other.pillars()] == [("Craft", 0.4), ("People", None)]
        assert shape(other) == shape(service)


def test_an_older_backup_without_pillars_still_restores(
    service: PlanService, tmp_path: Path
) -> None:
    service.add_post(PostDraft("Old", "leader", "X", date=D))
    document = json.loads(export_bytes(service, ExportFormat.JSON)[0])
    del document["pillars"], document["plan"]["vision"]
    for post in document["posts"]:
        del post["pillar"], post["follows"]
    with open_plan(tmp_path / "other.lmplan") as plan:
        other = PlanService(plan)
        assert import_file(other, json.dumps(document).encode()).imported == 1
        assert other.pillars() == [] and other.settings().vision == ""


def test_ics_categories_include_the_pillar(service: PlanService) -> None:
    strategy_plan(service)
    data, _ = export_bytes(service, ExportFormat.ICS)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    categories = [[str(c) for c in e.get("categories").cats] for e in events]
    assert ["Leader", "X", "Craft"] in categories
