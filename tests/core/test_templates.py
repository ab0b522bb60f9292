"""Templates: built-in leader prompts in every plan, the plan's own saved from posts (undoable),
posts made from them, and their way through a JSON backup."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lmplanner.core.domain import Kind, Role
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.io import ImportOptions, import_file
from lmplanner.core.io.backup import backup_to_json
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.core.templates import BUILTIN_TEMPLATES


def saved_post(service: PlanService) -> int:
    changes = service.add_post(
        PostDraft(
            title="Five tips for the export",
            role=Role.MANAGER,
            channel="Blog",
            kind=Kind.TIP,
            body="1. …",
            author="Ann Lee",
            date=dt.date(2026, 12, 1),
        )
    )
    return changes.created()[0]


def test_built_in_leader_prompts_are_in_every_plan(service: PlanService) -> None:
    templates = service.templates()
    assert 10 <= len(BUILTIN_TEMPLATES) <= 20
    assert templates == list(BUILTIN_TEMPLATES)
    assert all(t.builtin and t.role is Role.LEADER and t.body for t in templates)
    assert len({t.name.casefold() for t in templates}) == len(templates)
    assert {"A mistake we stopped making", "Where the field is going"} <= {
        t.name for t in templates
    }


def test_a_post_saved_as_a_template_and_undone(service: PlanService) -> None:
    post_id = saved_post(service)
    changes = service.add_template("  Export tip ", service.post(post_id))
    own = service.template("export TIP")
    assert (own.name, own.title, own.role, own.kind, own.channel, own.author) == (
        "Export tip",
        "Five tips for the export",
        Role.MANAGER,
        Kind.TIP,
        "Blog",
        "Ann Lee",
    )
    assert not own.builtin and service.templates()[-1] == own
    with pytest.raises(ValidationError, match="already a template"):
        service.add_template("EXPORT TIP", service.post(post_id))
    with pytest.raises(ValidationError, match="already a template"):
        service.add_template("why we exist", service.post(post_id))  # a built-in's name
    service.apply(changes.inverse())
    with pytest.raises(NotFoundError, match="no template called “Export tip”"):
        service.template("Export tip")


def test_posts_from_templates_take_overrides(service: PlanService) -> None:
    service.add_template("Export tip", service.post(saved_post(service)))
    draft = service.draft_from_template("Export tip", date=dt.date(2026, 12, 9), title="New")
    post = service.post(service.add_post(draft).created()[0])
    assert (post.title, post.role, post.kind, post.channel, post.author, post.date) == (
        "New",
        Role.MANAGER,
        Kind.TIP,
        "Blog",
        "Ann Lee",
        dt.date(2026, 12, 9),
    )
    # A built-in names no channel: the plan's first one; another role drops the kind.
    leader = service.draft_from_template("Why we exist")
    assert (leader.channel, leader.role, leader.kind) == ("LinkedIn", Role.LEADER, Kind.VISION)
    as_manager = service.draft_from_template("Why we exist", role=Role.MANAGER)
    assert as_manager.kind is None


def test_built_ins_cannot_be_deleted_own_ones_can(service: PlanService) -> None:
    with pytest.raises(ValidationError, match="built in"):
        service.delete_template("Why we exist")
    service.add_template("Mine", service.post(saved_post(service)))
    changes = service.delete_template("mine")
    assert [t.name for t in service.templates()] == [t.name for t in BUILTIN_TEMPLATES]
    service.apply(changes.inverse())
    assert service.template("Mine").title == "Five tips for the export"


def test_own_templates_travel_in_the_json_backup(service: PlanService, tmp_path: Path) -> None:
    service.add_template("Mine", service.post(saved_post(service)))
    data = backup_to_json(service)
    document = json.loads(data)
    assert [t["name"] for t in document["templates"]] == ["Mine"]  # built-ins are not copied
    with open_plan(tmp_path / "other.lmplan") as plan:
        other = PlanService(plan)
        import_file(other, data)
        assert other.templates()[-1] == service.template("Mine")
        # A backup from before templates leaves the plan's templates alone.
        del document["templates"]
        again = json.dumps(document).encode()
        import_file(other, again, ImportOptions(replace=True))
        assert other.template("Mine").builtin is False


def test_a_broken_template_in_a_backup_is_refused(service: PlanService) -> None:
    document = json.loads(backup_to_json(service))
    document["templates"] = [{"name": "X", "title": "", "role": "leader"}]
    from lmplanner.core.io import ImportFileError

    with pytest.raises(ImportFileError, match=r"templates\[0\]: A post needs a title"):
        import_file(service, json.dumps(document).encode())


def test_renames_reach_the_templates_and_undo_with_them(service: PlanService) -> None:
    service.add_pillar("Craft")
    post_id = saved_post(service)
    service.update_post(post_id, {"pillar": "Craft"})
    service.add_template("Export tip", service.post(post_id))
    pillar = service.pillar_by_name("craft").id
    renamed = service.update_pillar(pillar, name="Craftsmanship")
    assert service.template("Export tip").pillar == "Craftsmanship"
    post = service.post(service.add_post(service.draft_from_template("Export tip")).created()[0])
    assert post.pillar == "Craftsmanship"
    service.apply(renamed.inverse())
    assert service.template("Export tip").pillar == "Craft"

    channel = next(c.id for c in service.channels() if c.name == "Blog")
    person = next(p.id for p in service.people() if p.name == "Ann Lee")
    service.update_channel(channel, name="Journal")
    service.update_person(person, name="Ann Lee-Smith")
    own = service.template("Export tip")
    assert (own.channel, own.author, own.pillar) == ("Journal", "Ann Lee-Smith", "Craft")
    post = service.post(service.add_post(service.draft_from_template("Export tip")).created()[0])
    assert (post.channel, post.author) == ("Journal", "Ann Lee-Smith")
    assert {c.name for c in service.channels()} >= {"Journal"}
    assert "Blog" not in {c.name for c in service.channels()}  # no channel brought back
    # Another template naming some other pillar is left as it was; a case-only rename follows.
    service.update_pillar(service.pillar_by_name("craft").id, name="CRAFT")
    assert service.template("Export tip").pillar == "CRAFT"
    assert service.template("Why we exist").pillar is None
