"""A file's records checked column by column (checking.convert_records, validate_many) come out
exactly as each record checked on its own: the same posts, the same problems in the same order."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.domain import Role
from lmplanner.core.errors import ValidationError
from lmplanner.core.io import import_file
from lmplanner.core.io.checking import convert_record, convert_records
from lmplanner.core.io.csv_format import cell_parsers
from lmplanner.core.io.encoding import read_rows
from lmplanner.core.io.records import ImportFileError, ImportOptions, Problem, RawRecord
from lmplanner.core.post_fields import EDITABLE
from lmplanner.core.services import PlanService, post_checker, validate_many, validate_post

# Cells each rule takes, then cells it refuses (or that need the suggester).
CELLS: dict[str, tuple[list[str], list[str]]] = {
    "title": (["A post", "  spaced   title "], ["", "   ", "t" * 301, "bad\x01title"]),
    "role": (["leader", "manager", " Leader ", "MANAGER"], ["", "boss"]),
    "kind": (["", "story", "tip", " How to "], ["nonsense"]),
    "other_kind": (["", "story", "tip"], ["nope"]),
    "status": (["", "draft", "Published", "in review"], ["nope"]),
    "date": (["", " ", "2027-03-28", "03/28/2027"], ["2027-02-30", "1800-01-01", "soon"]),
    "time": (["", "09:30", "9:05 PM"], ["25:00", "noon"]),
    "channel": (["Blog", " blog "], ["", "x" * 81, "bad\x02"]),
    "author": (["", "Ana", "  Ana  Obi "], ["a" * 81]),
    "campaign": (["", "Spring"], []),
    "pillar": (["", "Growth"], []),
    "body": (["", "text\r\nmore"], ["bad\x03body"]),
    "link": (["", " https://example.com "], ["l" * 2001]),
    "notes": (["", "note"], []),
    "role_suggested": (["", "yes", "no"], ["maybe"]),
    "impressions": (["", "12", "1,234"], ["lots", "-1"]),
    "clicks": (["", "0"], ["99999999999999999999"]),
    "read_on": (["", "2027-01-01"], ["bad"]),
}


def cell(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """Now and then a cell its rule refuses: about half the records are valid."""
    if not bad:
        return st.sampled_from(good)
    return st.integers(0, 29).flatmap(
        lambda n: st.sampled_from(bad) if n == 0 else st.sampled_from(good)
    )


NEEDED = ("title", "role", "channel")  # a record without them is refused (unless defaults)
RECORD = st.fixed_dictionaries(
    {k: cell(*CELLS[k]) for k in NEEDED},
    optional={k: cell(*v) for k, v in CELLS.items() if k not in NEEDED},
)
OPTIONS = st.builds(
    ImportOptions,
    default_role=st.sampled_from([None, Role.LEADER]),
    default_channel=st.sampled_from([None, "", "Newsletter"]),
    day_first=st.booleans(),
)


def raw_records(
    rows: list[dict[str, str]], flawed: set[int], *, ragged: bool = False
) -> list[RawRecord]:
    """Records as a file gives them: each with every column (files have the same header), a
    few with a problem found while reading; `ragged` ones each with only its own cells."""
    columns = sorted({name for row in rows for name in row})
    labels = {name: name.title() for name in columns}
    return [
        RawRecord(
            line,
            dict(row) if ragged else {name: row.get(name, "") for name in columns},
            labels,
            (Problem(line, "9", "too many cells"),) if line in flawed else (),
        )
        for line, row in enumerate(rows, start=2)
    ]


@settings(deadline=None, max_examples=150)
@given(
    st.lists(RECORD, max_size=12),
    OPTIONS,
    st.sets(st.integers(2, 13), max_size=2),
    st.booleans(),
)
def test_records_checked_by_column_are_those_checked_one_by_one(
    rows: list[dict[str, str]], options: ImportOptions, flawed: set[int], ragged: bool
) -> None:
    raws = raw_records(rows, flawed, ragged=ragged)
    parsers = cell_parsers(day_first=options.day_first)
    by_column = convert_records(raws, options, None, parsers)
    check = post_checker()
    one_by_one = tuple(convert_record(raw, options, None, parsers, check) for raw in raws)
    assert by_column == one_by_one
    for mine, theirs in zip(by_column, one_by_one, strict=True):
        if mine.checked is not None and theirs.checked is not None:
            assert list(mine.checked.values) == list(theirs.checked.values)  # same order too


def test_a_record_without_a_role_asks_the_suggester_and_the_others_do_not() -> None:
    asked: list[str] = []

    def suggest(title: str, body: str) -> Role:
        asked.append(title)
        return Role.MANAGER

    rows = [
        {"title": "Sale", "role": "", "channel": "Blog"},
        {"title": "Essay", "role": "leader", "channel": "Blog"},
    ]
    raws = raw_records(rows, set())
    records = convert_records(
        raws, ImportOptions(suggest_roles=True), suggest, cell_parsers(day_first=False)
    )  # type: ignore[arg-type]
    assert asked == ["Sale"]
    first, second = (r.checked.values for r in records if r.checked is not None)
    assert (first["role"], first["role_suggested"]) == (Role.MANAGER, True)
    assert (second["role"], second["role_suggested"]) == (Role.LEADER, False)


def post_values(**given: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(EDITABLE)
    values.update(title="A post", role="leader", channel="Blog", body="", link="", notes="")
    values.update(role_suggested=False)
    values.update(given)
    return values


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"date": dt.date(2027, 3, 28), "time": dt.time(9, 30, 15)},
        {"time": dt.time(9, 30)},  # a time without a date
        {"role": "manager", "kind": "story"},  # a leader kind
        {"kind": "story", "other_kind": "tip"},
        {"channel": "  "},
        {"impressions": -1},
        {"link": "  https://example.com  "},
        {"impressions": ["12"]},  # a value that cannot be a key
    ],
)
def test_many_posts_validated_at_once_are_each_validated_as_alone(given: dict[str, Any]) -> None:
    values = post_values(**given)
    ok = post_values()
    columns = {name: [ok[name], values[name], ok[name]] for name in EDITABLE}
    try:
        expected: dict[str, Any] | None = validate_post(values)
    except ValidationError:
        expected = None
    first, second, third = validate_many(columns)
    assert first == third == validate_post(ok)
    assert second == expected
    if expected is not None and second is not None:
        assert list(second) == list(expected)


def test_no_posts_validated_at_once_make_no_answers() -> None:
    assert validate_many({name: [] for name in EDITABLE}) == []


def rows_or_error(text: str, delimiter: str, *, first_only: bool) -> object:
    try:
        return list(read_rows(text, delimiter, first_only=first_only))
    except ImportFileError as exc:
        return str(exc)


@settings(deadline=None, max_examples=300)
@given(st.text(st.sampled_from('ab,;\t" \r\n\x85\u2028'), max_size=40), st.sampled_from(",;\t"))
def test_the_first_records_read_lazily_are_those_read_from_the_whole_text(
    text: str, delimiter: str
) -> None:
    """Looking at a file's first records (its delimiter, its header) reads its lines as they
    come; they must be the records reading the whole file gives, errors included."""
    whole = rows_or_error(text, delimiter, first_only=False)
    assert rows_or_error(text, delimiter, first_only=True) == whole


def test_a_big_import_is_undone_and_redone_post_for_post(
    service: PlanService, plan_path: Path
) -> None:
    """Thousands of records take the bulk path (a roomy page cache, ids read back in one go):
    undo removes exactly those posts, redo puts them back with their ids and uuids, and the
    plan file holds nothing half-written in between."""
    lines = [
        f"Post {i},2027-{1 + i % 12:02d}-{1 + i % 28:02d},09:{i % 60:02d},"
        f"{'leader' if i % 3 else 'manager'},{'Blog' if i % 2 else 'New channel'}"
        for i in range(1500)
    ]
    data = ("title,date,time,role,channel\n" + "\n".join(lines) + "\n").encode()
    result = import_file(service, data)
    assert result.imported == 1500
    stored = stored_posts(plan_path)
    assert sorted(stored) == sorted(result.changeset.created())
    assert [stored[pid][0] for pid in result.changeset.created()[:3]] == [
        "Post 0",
        "Post 1",
        "Post 2",
    ]
    undo = service.apply(result.changeset.inverse())
    assert stored_posts(plan_path) == {}
    assert "New channel" not in {c.name for c in service.channels()}
    service.apply(undo.inverse())
    assert stored_posts(plan_path) == stored


def stored_posts(path: Path) -> dict[int, tuple[str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, title, uuid, date FROM post").fetchall()
    finally:
        conn.close()
    return {pid: (title, uuid, day) for pid, title, uuid, day in rows}
