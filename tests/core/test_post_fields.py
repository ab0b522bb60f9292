"""A post's fields are declared once (POST_SHAPE): the classes match the declaration, and every
layout (validation, CSV, JSON backup, CLI JSON and options, snapshot) takes its fields from it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import MISSING, FrozenInstanceError, astuple, fields
from pathlib import Path

import pytest

from lmplanner.cli import build_parser
from lmplanner.cli.posts import JSON_KEYS, OPTIONS, post_to_json
from lmplanner.core.domain import PostRecord
from lmplanner.core.io.backup import backup_document
from lmplanner.core.io.csv_format import COLUMNS, posts_to_csv
from lmplanner.core.post_fields import (
    EDITABLE,
    POST_SHAPE,
    ROW_ONLY_COLUMNS,
    build_record,
    in_order,
)
from lmplanner.core.services import POST_FIELDS, PlanService, PostDraft, validate_post
from lmplanner.core.store import open_plan
from lmplanner.core.store.schema import PostRow
from lmplanner.core.store.snapshot import read_snapshot

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 3)


def full_draft() -> PostDraft:
    """A post with every field set to something other than its default."""
    return PostDraft(
        title="Everything set",
        role="manager",
        channel="Blog",
        date=DAY,
        time=dt.time(9, 30),
        body="Body",
        kind="tip",
        status="scheduled",
        author="Ann",
        campaign="Launch",
        link="https://example.com",
        notes="Notes",
        role_suggested=True,
        impressions=1200,
        reactions=40,
        comments=7,
        shares=3,
        clicks=25,
        new_followers=2,
        read_on=DAY + dt.timedelta(days=7),
    )


def test_the_record_and_draft_classes_have_exactly_the_declared_fields() -> None:
    assert [f.name for f in fields(PostRecord)] == [f.name for f in POST_SHAPE]
    assert [f.name for f in fields(PostDraft)] == list(EDITABLE)
    required = {f.name for f in fields(PostDraft) if f.default is MISSING}
    assert required == {f.name for f in POST_SHAPE if f.required}


def test_records_built_from_their_slots_are_the_records_init_makes(plan_path: Path) -> None:
    """Reads build records by their slots (post_fields.build_record), not by __init__: the same
    values, equal and hashed alike, still frozen; a row of the wrong length is refused."""
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        pid = service.add_post(full_draft()).created()[0]
        read = service.post(pid)
    values = astuple(read)
    assert read.kind is not None and read.time is not None and read.role_suggested  # all set
    made = PostRecord(*values)
    built = build_record(values)
    assert type(built) is PostRecord
    assert built == made == read and hash(built) == hash(made)
    assert repr(built) == repr(made)
    with pytest.raises(FrozenInstanceError):
        built.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 29 values, not 28"):
        build_record(values[:-1])


def test_the_post_table_has_a_column_for_every_field(plan_path: Path) -> None:
    declared = {f.column for f in POST_SHAPE} | set(ROW_ONLY_COLUMNS)
    assert set(PostRow.__table__.columns.keys()) == declared  # type: ignore[attr-defined]
    open_plan(plan_path).close()  # the migrations made the same table
    with sqlite3.connect(plan_path) as conn:
        migrated = {row[1] for row in conn.execute("PRAGMA table_info(post)")}
    assert migrated == declared


def test_every_layout_takes_every_field(plan_path: Path) -> None:
    editable = set(EDITABLE)
    assert POST_FIELDS == EDITABLE
    # CSV carries each post's uuid and, for reference, its series
    assert set(COLUMNS) == {"id", *ROW_ONLY_COLUMNS, "series"} | editable
    assert set(JSON_KEYS) == {"id", "version", "series"} | editable
    assert set(OPTIONS) == {f.name for f in POST_SHAPE if f.editable and f.option}
    field_options = {f"--{name}" for name in OPTIONS}
    assert _options("edit") == field_options
    assert _options("add") == field_options | {"--template"}  # a post's fields from a template
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        pid = service.add_post(full_draft()).created()[0]
        record = service.post(pid)
        document = backup_document(service)
        csv_header = posts_to_csv([record]).decode("utf-8-sig").splitlines()[0]
        snapshot = read_snapshot(plan_path, DAY, DAY)
    assert set(validate_post(_draft_values(full_draft()))) == editable
    assert {f.name: getattr(record, f.name) for f in fields(PostDraft)} == validate_post(
        _draft_values(full_draft())
    )
    assert csv_header.split(",") == list(COLUMNS)
    # Beside the fields, a backup's post carries its comment thread (review) and its series.
    stamps = {"uuid", "created_at", "updated_at", "review_comments", "series"}
    assert set(document["posts"][0]) == stamps | editable
    assert set(post_to_json(record)) == set(JSON_KEYS)
    assert snapshot is not None and snapshot.posts == [record]


def _draft_values(draft: PostDraft) -> dict[str, object]:
    return {f.name: getattr(draft, f.name) for f in fields(draft)}


def _options(command: str) -> set[str]:
    """The `--name` options of a command beyond those every command has (`delete` has no other)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

    def long_options(name: str) -> set[str]:
        return {o for a in sub.choices[name]._actions for o in a.option_strings if o[:2] == "--"}

    return long_options(command) - long_options("delete")


def test_layouts_keep_their_established_order() -> None:
    assert in_order(("a", "b", "c", "d"), lead=("c", "a")) == ("c", "a", "b", "d")
    assert COLUMNS[:9] == (
        "id",
        "date",
        "time",
        "channel",
        "role",
        "kind",
        "status",
        "title",
        "body",
    )


# Appends one field after the last editable one (read_on) in a copy of the declared table and
# imports the layouts against it.
_NEW_FIELD_PROBE = textwrap.dedent(
    """
    import json, sys, types
    from pathlib import Path

    path = Path(sys.argv[1])
    source = path.read_text(encoding="utf-8")
    row = '    PostField("read_on", Value.DATE),\\n'
    assert source.count(row) == 1
    source = source.replace(row, row + '    PostField("priority", Value.TEXT, limit=20),\\n')
    module = types.ModuleType("lmplanner.core.post_fields")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    exec(compile(source, str(path), "exec"), module.__dict__)

    from lmplanner.cli.posts import JSON_KEYS, OPTIONS
    from lmplanner.core.io.backup import POST_KEYS
    from lmplanner.core.io.csv_format import COLUMNS
    from lmplanner.core.services import POST_FIELDS, validate_post
    from lmplanner.core.store import snapshot

    values = {"title": "t", "role": "leader", "channel": "c", "priority": " high "}
    print(json.dumps({
        "csv": COLUMNS[-1],
        "backup": POST_KEYS[-1],
        "cli_json": JSON_KEYS[-2],
        "cli_option": OPTIONS[-1],
        "validation": POST_FIELDS[-1],
        "validated": validate_post(values)["priority"],
        "snapshot": "post.priority" in snapshot._POSTS,
    }))
    """
)


def test_a_new_field_reaches_every_layout_from_one_declaration() -> None:
    source = ROOT / "lmplanner" / "core" / "post_fields.py"
    result = subprocess.run(
        [sys.executable, "-c", _NEW_FIELD_PROBE, str(source)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(result.stdout) == {
        "csv": "priority",
        "backup": "priority",
        "cli_json": "priority",
        "cli_option": "priority",
        "validation": "priority",
        "validated": " high ",
        "snapshot": True,
    }
