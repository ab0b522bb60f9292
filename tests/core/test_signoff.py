"""Sign-offs: a reviewer approves a period; the posts of it changed since are counted and named;
sign-offs and history survive a JSON backup and restore."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lmplanner.core.errors import ValidationError
from lmplanner.core.io.backup import backup_to_json
from lmplanner.core.io.importer import ImportOptions, commit_import, preview_import
from lmplanner.core.services import PlanService, PostDraft

MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 31))


def draft(title: str, day: dt.date | None) -> PostDraft:
    return PostDraft(title=title, role="leader", channel="LinkedIn", date=day)


@pytest.fixture
def ana(plan: object) -> PlanService:
    return PlanService(plan, actor="Ana Ruiz")  # type: ignore[arg-type]


def test_sign_off_records_who_when_and_the_note(ana: PlanService) -> None:
    changes = ana.sign_off(*MARCH, "OK for March")
    (signoff,) = ana.signoffs()
    assert (signoff.start, signoff.end, signoff.by, signoff.note) == (
        *MARCH,
        "Ana Ruiz",
        "OK for March",
    )
    assert signoff.changed == ()
    assert ana.history()[0].label == "Sign off March 2027"
    ana.apply(changes.inverse(), step="undo")
    assert ana.signoffs() == []


def test_changes_after_the_sign_off_are_counted_and_named(ana: PlanService) -> None:
    inside, other, leaving, outside = ana.add_posts(
        [
            draft("In March", dt.date(2027, 3, 3)),
            draft("Untouched", dt.date(2027, 3, 9)),
            draft("Moves out", dt.date(2027, 3, 20)),
            draft("April", dt.date(2027, 4, 2)),
        ]
    ).focus
    ana.sign_off(*MARCH)
    assert ana.signoffs()[0].changed == ()
    ana.update_post(inside, {"title": "In March, edited"})
    ana.move_posts([leaving], to_date=dt.date(2027, 4, 5))
    ana.update_post(outside, {"title": "April, edited"})
    assert ana.signoffs()[0].changed == (inside, leaving)
    added = ana.add_post(draft("New in March", dt.date(2027, 3, 30))).focus[0]
    ana.delete_posts([other])
    assert ana.signoffs()[0].changed == tuple(sorted((inside, leaving, added, other)))


def test_a_period_must_make_sense(ana: PlanService) -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        ana.sign_off(dt.date(2027, 3, 31), dt.date(2027, 3, 1))
    with pytest.raises(ValidationError):
        ana.sign_off(*MARCH, "x" * 1001)
    assert ana.signoffs() == []


def test_history_and_sign_offs_survive_a_json_round_trip(plan: object, tmp_path: object) -> None:
    from lmplanner.core.store import open_plan

    ana = PlanService(plan, actor="Ana Ruiz")  # type: ignore[arg-type]
    leader, follower = ana.add_posts(
        [draft("Vision", dt.date(2027, 3, 2)), draft("How-to", dt.date(2027, 3, 4))]
    ).focus
    ana.update_post(follower, {"role": "manager", "follows": leader})
    ana.sign_off(*MARCH, "OK for March")
    ana.update_post(leader, {"title": "Vision, sharper"})
    document = backup_to_json(ana)
    data = json.loads(document)
    assert [s["note"] for s in data["signoffs"]] == ["OK for March"]
    assert len(data["history"]) == len(ana.history())

    other = open_plan(tmp_path / "other.lmplan")  # type: ignore[operator]
    try:
        ben = PlanService(other, actor="Ben")
        restore(ben, document, replace=False)
        restored = {e.title: e for e in ben.history()}
        original = {e.title: e for e in ana.history()}
        assert set(original) < set(restored)  # plus the restore itself, by Ben
        (label,) = set(restored) - set(original)
        assert label.startswith("Restore backup")
        assert restored[label].by == "Ben"
        new_ids = {p.title: p.id for p in ben.posts()}
        changes = {
            (c.post_id, c.field, c.before, c.after)
            for e in ben.history()
            if e.label == "Edit post"
            for c in e.changes
        }
        vision, how_to = new_ids["Vision, sharper"], new_ids["How-to"]
        assert changes == {
            (vision, "title", "Vision", "Vision, sharper"),
            (how_to, "role", "leader", "manager"),
            (how_to, "follows", None, vision),  # post ids as the restored plan has them
        }
        (signoff,) = ben.signoffs()
        assert (signoff.by, signoff.note, signoff.changed) == (
            "Ana Ruiz",
            "OK for March",
            (vision,),  # as in the original plan: the restore itself is no change since
        )
        assert len(ana.signoffs()[0].changed) == 1
        count = len(ben.history())
        restore(ben, document, replace=True)
        assert len(ben.signoffs()) == 1  # matched by uuid: nothing twice
        assert len(ben.history()) == count + 1
    finally:
        other.close()


def restore(service: PlanService, document: bytes, *, replace: bool) -> None:
    options = ImportOptions(replace=replace)
    result = commit_import(service, preview_import(service, document, options), options)
    assert result.changeset


def test_a_post_removed_for_good_still_counts(ana: PlanService) -> None:
    pid = ana.add_post(draft("Vision", dt.date(2027, 3, 2))).focus[0]
    ana.sign_off(*MARCH)
    ana.delete_posts([pid])
    ana.purge_trash(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert ana.signoffs()[0].changed == (pid,)


def test_an_id_used_again_does_not_inherit_history(ana: PlanService) -> None:
    """A plan file gives a post removed for good's id to the next new post."""
    added = ana.add_post(draft("Secret draft", dt.date(2027, 3, 2)))
    ana.apply(added.inverse(), step="undo")
    new = ana.add_post(draft("Unrelated", dt.date(2027, 3, 3))).focus[0]
    assert new == added.focus[0]
    assert [e.label for e in ana.history(new)] == ["Add “Unrelated”"]


def test_settings_ok_is_one_entry_and_a_refusal_none(ana: PlanService) -> None:
    count = len(ana.history())
    ana.together(
        "Change plan settings",
        [lambda s: s.update_settings(name="Q1"), lambda s: s.add_person("Ben")],
    )
    assert len(ana.history()) == count + 1
    with pytest.raises(ValidationError):
        ana.together(
            "Change plan settings",
            [lambda s: s.update_settings(name="Q2"), lambda s: s.update_settings(name="")],
        )
    assert len(ana.history()) == count + 1
    assert ana.settings().name == "Q1"


def test_results_read_back_are_no_change_to_a_signed_off_plan(ana: PlanService) -> None:
    pid = ana.add_post(draft("Vision", dt.date(2027, 3, 2))).focus[0]
    ana.sign_off(*MARCH)
    ana.update_post(pid, {"impressions": 1200, "comments": 4, "read_on": dt.date(2027, 3, 9)})
    assert ana.signoffs()[0].changed == ()
    assert [c.field for c in ana.history(pid)[0].changes] == ["impressions", "comments", "read_on"]
