"""Editing channels, people and campaigns through the services: validated, one transaction,
undoable, and never leaving a post without its channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import Kind, Role
from lmplanner.core.errors import ValidationError
from lmplanner.core.services import PlanService, PostDraft, PostFilter

D = dt.date(2026, 3, 10)


def add(service: PlanService, **fields: Any) -> int:
    values: dict[str, Any] = {"title": "A post", "role": "leader", "channel": "LinkedIn", "date": D}
    values.update(fields)
    return service.add_post(PostDraft(**values)).created()[0]


def channel(service: PlanService, name: str) -> Any:
    found = [c for c in service.channels() if c.name == name]
    assert len(found) == 1, [c.name for c in service.channels()]
    return found[0]


def test_add_rename_recolour_and_undo_a_channel(service: PlanService) -> None:
    before = [(c.name, c.color) for c in service.channels()]
    added = service.add_channel("  Mastodon  ", weekly_target=2)
    assert added.label == "Add channel “Mastodon”"
    new = channel(service, "Mastodon")
    assert new.weekly_target == 2 and new.color.startswith("#")
    assert service.channels()[-1].name == "Mastodon"  # added at the end of the list

    post_id = add(service, channel="Mastodon")
    renamed = service.update_channel(new.id, name="Fediverse", color="#123ABC", weekly_target=None)
    assert renamed.label == "Rename channel “Mastodon” to “Fediverse”"
    changed = channel(service, "Fediverse")
    assert (changed.color, changed.weekly_target) == ("#123abc", None)
    assert service.post(post_id).channel == "Fediverse"  # posts follow a rename
    assert [p.id for p in service.posts(flt=PostFilter(channels=("fediverse",)))] == [post_id]

    service.apply(renamed.inverse())
    assert channel(service, "Mastodon").weekly_target == 2
    service.update_post(post_id, {"channel": "LinkedIn"})
    service.apply(added.inverse())
    assert [(c.name, c.color) for c in service.channels()] == before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_channel("linkedin"), "already a channel called “LinkedIn”"),
        (lambda s: s.add_channel("   "), "needs a name"),
        (lambda s: s.add_channel("x" * 81), "limit is 80"),
        (lambda s: s.add_channel("Vlog", color="red"), "not #RRGGBB"),
        (lambda s: s.add_channel("Vlog", weekly_target=-1), "weekly target"),
        (lambda s: s.add_person("Ana\x07"), "control characters"),
        (lambda s: s.add_campaign("Launch", start_date=D, end_date=D - dt.timedelta(1)), "end"),
    ],
)
def test_names_are_validated(service: PlanService, call: Any, message: str) -> None:
    names = (service.channels(), service.people(), service.campaigns())
    with pytest.raises(ValidationError, match=message):
        call(service)
    assert (service.channels(), service.people(), service.campaigns()) == names


def test_renaming_onto_another_name_is_refused_but_a_change_of_case_is_not(
    service: PlanService,
) -> None:
    linkedin = channel(service, "LinkedIn")
    with pytest.raises(ValidationError, match="already a channel called “Instagram”"):
        service.update_channel(linkedin.id, name="INSTAGRAM")
    service.update_channel(linkedin.id, name="Linkedin")
    assert channel(service, "Linkedin").id == linkedin.id
    assert not service.update_channel(linkedin.id, name="Linkedin")  # nothing to change


def test_a_used_channel_cannot_be_deleted_even_from_the_trash(service: PlanService) -> None:
    post_id = add(service, channel="Newsletter")
    newsletter = channel(service, "Newsletter")
    assert service.name_usage("channel")[newsletter.id] == 1
    with pytest.raises(ValidationError, match="used by 1 post; give it another channel"):
        service.delete_channel(newsletter.id)
    service.delete_posts([post_id])
    with pytest.raises(ValidationError, match=r"used by 1 post \(1 of them in the trash\)"):
        service.delete_channel(newsletter.id)
    assert channel(service, "Newsletter")


def test_delete_an_unused_channel_and_undo_it(service: PlanService) -> None:
    service.add_channel("Podcast", color="#00aa00", weekly_target=1)
    podcast = channel(service, "Podcast")
    deleted = service.delete_channel(podcast.id)
    assert deleted.label == "Delete channel “Podcast”"
    assert "Podcast" not in [c.name for c in service.channels()]
    service.apply(deleted.inverse())
    back = channel(service, "Podcast")
    assert (back.id, back.color, back.weekly_target) == (podcast.id, "#00aa00", 1)


def test_people_add_rename_delete(service: PlanService) -> None:
    service.add_person("Ana")
    ana = next(p for p in service.people() if p.name == "Ana")
    post_id = add(service, author="Ana")
    service.update_person(ana.id, name="Ana Lima")
    assert service.post(post_id).author == "Ana Lima"
    with pytest.raises(ValidationError, match="used by 1 post"):
        service.delete_person(ana.id)
    service.update_post(post_id, {"author": None})
    assert service.name_usage("person") == {}
    service.delete_person(ana.id)
    assert service.people() == []
    with pytest.raises(ValidationError, match="already a person called “Bo”"):
        service.add_person("Bo")
        service.add_person("bo")


def test_campaigns_keep_their_dates_and_colour(service: PlanService) -> None:
    start, end = dt.date(2026, 4, 1), dt.date(2026, 4, 30)
    service.add_campaign("Spring launch", color="#AA0000", start_date=start, end_date=end)
    spring = next(c for c in service.campaigns() if c.name == "Spring launch")
    assert (spring.color, spring.start_date, spring.end_date) == ("#aa0000", start, end)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        service.update_campaign(spring.id, end_date=dt.date(2026, 3, 1))
    changed = service.update_campaign(spring.id, end_date=None, color="#00AA00")
    spring = next(c for c in service.campaigns() if c.id == spring.id)
    assert (spring.color, spring.end_date) == ("#00aa00", None)
    service.apply(changed.inverse())
    assert next(c for c in service.campaigns() if c.id == spring.id).end_date == end
    service.delete_campaign(spring.id)
    assert service.campaigns() == []


def test_settings_and_names_merge_into_one_undo_step(service: PlanService) -> None:
    parts = [
        service.update_settings(band_low=0.2, name="Spring plan"),
        service.add_channel("Threads"),
        service.add_person("Ana"),
    ]
    merged = ChangeSet.merge("Change plan settings", parts)
    assert merged.tables() == {"plan", "channel", "person"}
    service.apply(merged.inverse())
    assert service.settings().balance.band_low == 0.30
    assert "Threads" not in [c.name for c in service.channels()]
    assert service.people() == []
    service.apply(merged)
    assert service.settings().name == "Spring plan"


def test_post_ids_follow_posts_order_and_filters(service: PlanService) -> None:
    ids = [add(service, title=t, date=D + dt.timedelta(days=i)) for i, t in enumerate("cab")]
    idea = add(service, title="idea", date=None)
    assert service.post_ids() == [*ids, idea]
    assert service.post_ids(order="title") == [ids[1], ids[2], ids[0], idea]
    assert service.post_ids(order="title", descending=True, limit=2) == [idea, ids[0]]
    assert service.post_ids(backlog=True) == [idea]
    assert service.post_ids(start=D + dt.timedelta(days=1), end=D + dt.timedelta(days=9)) == ids[1:]
    assert service.post_ids(PostFilter(search="B")) == [ids[2]]
    assert service.post_ids(order="channel", offset=3) == [idea]
    for order in ("date", "title", "channel", "author", "role", "status", "kind", "campaign"):
        assert service.post_ids(order=order) == [p.id for p in service.posts(order=order)]


def test_set_role_clears_kinds_of_the_other_role_in_one_step(service: PlanService) -> None:
    how_to = add(service, role="manager", kind=Kind.HOW_TO)
    story = add(service, role="leader", kind=Kind.STORY)
    suggested = add(service, role="manager", role_suggested=True)
    changed = service.set_role([how_to, story, suggested], Role.LEADER)
    assert changed.label == "Set role of 3 posts to leader"
    assert sorted(changed.post_ids) == sorted([how_to, suggested])  # the story was a leader
    assert (service.post(how_to).role, service.post(how_to).kind) == (Role.LEADER, None)
    assert service.post(story).kind is Kind.STORY
    assert not service.post(suggested).role_suggested
    service.apply(changed.inverse())
    assert service.post(how_to).kind is Kind.HOW_TO
    assert service.post(suggested).role_suggested
    with pytest.raises(ValidationError, match="unknown role"):
        service.set_role([how_to], "boss")
