"""Strategy in the core: vision and thresholds, pillars, follow-up links, and the 0002 upgrade."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.errors import ValidationError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

D = dt.date(2026, 11, 10)
FIXTURE_0002 = Path(__file__).parents[1] / "data" / "plan_0002.lmplan"


def add(service: PlanService, **fields: Any) -> int:
    values: dict[str, Any] = {"title": "A post", "role": "leader", "channel": "LinkedIn"}
    values.update(fields)
    return service.add_post(PostDraft(**values)).created()[0]


def test_vision_and_thresholds_are_plan_settings(service: PlanService) -> None:
    assert service.settings().vision == ""
    assert service.settings().balance.untied_max == 0.25
    service.update_settings(vision="We make planning honest.", pillar_lead_days=14)
    assert service.settings().vision == "We make planning honest."
    assert service.settings().balance.pillar_lead_days == 14
    with pytest.raises(ValidationError, match="limit is 500") as caught:
        service.update_settings(vision="v" * 501)
    assert caught.value.field == "vision"
    with pytest.raises(ValidationError, match="untied share"):
        service.update_settings(untied_max=1.5)
    with pytest.raises(ValidationError, match="pillar_lead_days"):
        service.update_settings(pillar_lead_days=0)


def test_pillars_are_added_edited_reordered_and_checked(service: PlanService) -> None:
    service.add_pillar("Craft", target=40, description="How we work")
    service.add_pillar("People", color="#112233", target=30)
    with pytest.raises(ValidationError, match="already a pillar called “Craft”"):
        service.add_pillar("craft")
    with pytest.raises(ValidationError, match="add up to 110 %"):
        service.add_pillar("Money", target=40)
    with pytest.raises(ValidationError, match="0 to 100"):
        service.add_pillar("Money", target=101)
    with pytest.raises(ValidationError, match="limit is 300"):
        service.add_pillar("Money", description="d" * 301)
    people = service.pillar_by_name("people")
    assert (people.color, people.target, people.position) == ("#112233", 0.3, 1)
    change = service.update_pillar(people.id, name="Our people", position=1)
    assert [p.name for p in service.pillars()] == ["Our people", "Craft"]
    service.apply(change.inverse())
    assert [p.name for p in service.pillars()] == ["Craft", "People"]
    with pytest.raises(ValidationError, match="add up to 110 %"):
        service.update_pillar(people.id, target=70)
    with pytest.raises(
        ValidationError, match=r"no pillar called “Nope” \(pillars: Craft, People\)"
    ):
        service.pillar_by_name("Nope")


def test_a_plan_holds_at_most_twelve_pillars(service: PlanService) -> None:
    for number in range(12):
        service.add_pillar(f"P{number}")
    with pytest.raises(ValidationError, match="at most 12"):
        service.add_pillar("One more")


def test_deleting_a_pillar_clears_its_posts_and_undo_restores(service: PlanService) -> None:
    service.add_pillar("Craft")
    pid = add(service, pillar="craft")
    assert service.post(pid).pillar == "Craft"
    change = service.delete_pillar(service.pillar_by_name("Craft").id)
    assert service.post(pid).pillar is None and service.pillars() == []
    service.apply(change.inverse())
    assert service.post(pid).pillar == "Craft"


def test_an_unknown_pillar_is_refused_listing_the_known_ones(service: PlanService) -> None:
    service.add_pillar("Craft")
    with pytest.raises(ValidationError, match="pillars: Craft") as caught:
        add(service, pillar="Nope")
    assert caught.value.field == "pillar"


def test_follow_ups_link_a_manager_post_to_a_leader_post(service: PlanService) -> None:
    service.add_pillar("Craft")
    leader = add(service, title="Why", pillar="Craft", date=D)
    manager = add(service, title="How", role="manager", follows=leader)
    assert service.post(manager).follows == leader
    assert service.post(manager).pillar == "Craft"  # a new follow-up takes its leader's pillar
    other = add(service, title="Other", role="manager")
    with pytest.raises(ValidationError, match="is a manager post"):
        add(service, role="manager", follows=other)
    with pytest.raises(ValidationError, match="Only a manager post"):
        add(service, follows=leader)
    with pytest.raises(ValidationError, match="no post 999"):
        add(service, role="manager", follows=999)
    with pytest.raises(ValidationError, match="cannot follow itself"):
        service.update_post(other, {"follows": other})
    service.update_post(other, {"follows": leader})
    assert service.post(other).pillar == "Craft"  # an edit adding --follows to a post with none
    service.update_post(other, {"follows": None})
    assert service.post(other).follows is None


def test_a_link_outlives_its_leader_going_to_the_trash(service: PlanService) -> None:
    leader = add(service, title="Why", date=D)
    manager = add(service, title="How", role="manager", follows=leader)
    trashed = service.delete_posts([leader])
    with pytest.raises(ValidationError, match="in the trash"):
        add(service, role="manager", follows=leader)
    service.update_post(manager, {"title": "How, edited"})  # a standing link does not block edits
    assert service.post(manager).follows == leader
    copy = service.duplicate_posts([manager]).created()[0]
    assert service.post(copy).follows is None  # a copy takes only a link in force
    service.apply(trashed.inverse())
    assert service.post(manager).follows == leader


def test_a_plan_from_schema_0002_upgrades_with_no_pillars_and_no_links(tmp_path: Path) -> None:
    path = tmp_path / "old.lmplan"
    shutil.copyfile(FIXTURE_0002, path)
    with open_plan(path) as plan:
        service = PlanService(plan)
        posts = service.posts(order="date")
        assert [p.title for p in posts][:2] == ["Why we build", "How to start"]
        assert all(p.pillar is None and p.follows is None for p in posts)
        assert service.pillars() == []
        settings = service.settings()
        assert (settings.vision, settings.balance.pillar_lead_days) == ("", 30)
        service.add_pillar("Craft")
        add(service, pillar="Craft")
    with sqlite3.connect(path) as conn:  # the upgrade keeps the title index (no table copy)
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"ix_post_title_lower", "ix_post_pillar_id", "ix_post_follows_id"} <= names


def test_filtered_to_a_pillar_the_others_raise_no_flags(service: PlanService) -> None:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PostFilter

    service.add_pillar("Craft", target=50)
    service.add_pillar("Stories", target=50)
    day = dt.date(2026, 11, 3)
    service.add_posts(
        [PostDraft(f"Craft {n}", "leader", "Blog", date=day, pillar="Craft") for n in range(4)]
    )
    november = Period.month(2026, 11)
    silent = [f for f in service.balance(november).flags if f.code == "PILLAR_SILENT"]
    assert len(silent) == 1  # Stories, unfiltered
    filtered = service.balance(november, PostFilter(pillars=("Craft",)))
    assert all(f.code != "PILLAR_SILENT" for f in filtered.flags)
    assert [row.name for row in filtered.by_pillar if row.total] == ["Craft"]
