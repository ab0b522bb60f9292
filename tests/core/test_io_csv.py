"""CSV import and export: encodings, delimiters, line numbers, validation, duplicates, injection,
the Hootsuite layout, --skip-invalid and --dry-run, and the CSV round trip."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import sqlite3
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.domain import Kind, PostRecord, Role, Status
from lmplanner.core.io import (
    ExportFormat,
    ImportFileError,
    ImportFormat,
    ImportOptions,
    ImportResult,
    MissingColumnError,
    commit_import,
    export_plan,
    import_file,
    preview_import,
)
from lmplanner.core.io.csv_format import COLUMNS, escape_cell, unescape_cell
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

HEADER = "title,date,time,role,channel\r\n"
PROBLEM_RE = re.compile(r"^line \d+, column [^:]+: .+$")


def run(service: PlanService, data: bytes | str, **options: Any) -> ImportResult:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_file(service, raw, ImportOptions(**options))


def content(post: PostRecord) -> tuple[Any, ...]:
    """Everything a user wrote into a post (not ids, versions or timestamps)."""
    return (
        post.date,
        post.time,
        post.channel,
        post.role,
        post.kind,
        post.status,
        post.title,
        post.body,
        post.author,
        post.campaign,
        post.link,
        post.notes,
        post.role_suggested,
    )


def plan_rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM post ORDER BY id").fetchall()
    finally:
        conn.close()


TRICKY_DRAFTS = [
    PostDraft(
        title="=SUM(A1:A9) is not a formula",
        role=Role.LEADER,
        channel="LinkedIn",
        date=dt.date(2026, 11, 2),
        time=dt.time(9, 30),
        body='Line one, with a comma\nline two; with "quotes"\n\ttabbed\n',
        kind=Kind.VISION,
        status=Status.SCHEDULED,
        author="Maya Chen",
        campaign="Autumn launch",
        link="https://example.com/a?b=1,2",
        notes="=cmd|' /C calc'!A0",
    ),
    PostDraft(
        title="+1 for plain text",
        role=Role.MANAGER,
        channel="X",
        date=dt.date(2026, 11, 3),
        body="-leading minus",
        kind=Kind.TIP,
        notes="@mention first",
        role_suggested=True,
    ),
    PostDraft(
        title="-5 tips for Café owners €",
        role=Role.MANAGER,
        channel="Newsletter",
        date=dt.date(2026, 11, 3),
        time=dt.time(23, 59),
        body="'already quoted",
        status=Status.PUBLISHED,
    ),
    PostDraft(
        title="@handle says ''hi''",
        role=Role.LEADER,
        channel="Blog",
        body="\rcarriage return first",
        notes="\ttab first",
    ),
    PostDraft(title="Backlog idea 😀", role=Role.LEADER, channel="Instagram", author="Jonas"),
    PostDraft(title="'quote first", role=Role.MANAGER, channel="linkedin", kind="how-to"),
]


# ---------------------------------------------------------------- round trip
def test_csv_round_trip_gives_the_same_posts(service: PlanService, tmp_path: Path) -> None:
    service.add_posts(TRICKY_DRAFTS)
    out = tmp_path / "plan.csv"
    result = export_plan(service, out, ExportFormat.CSV)
    assert result.posts == len(TRICKY_DRAFTS)
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan)
        imported = import_file(other, out)
        assert (imported.imported, imported.skipped_duplicates, imported.rejected) == (6, 0, [])
        assert sorted(map(content, other.posts()), key=repr) == sorted(
            map(content, service.posts()), key=repr
        )
        assert sum(1 for p in other.posts() if p.date is None) == 3


def test_export_is_comma_utf8_with_bom_and_escaped(service: PlanService, tmp_path: Path) -> None:
    service.add_posts(TRICKY_DRAFTS)
    out = tmp_path / "plan.csv"
    export_plan(service, out, "csv")
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    by_title = {row[COLUMNS.index("title")]: row for row in rows[1:]}
    assert "'=SUM(A1:A9) is not a formula" in by_title
    assert "'+1 for plain text" in by_title
    assert "''quote first" in by_title
    row = by_title["'=SUM(A1:A9) is not a formula"]
    assert row[COLUMNS.index("notes")] == "'=cmd|' /C calc'!A0"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("''", "'''"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_escape_and_its_exact_reversal(text: str, escaped: str) -> None:
    assert escape_cell(text) == escaped
    assert unescape_cell(escaped) == text


def test_unescape_leaves_hand_typed_apostrophes_alone() -> None:
    assert unescape_cell("'hello") == "'hello"
    assert unescape_cell("it's") == "it's"


# ---------------------------------------------------------------- encodings and delimiters
TEXT = "title,body,role,channel\r\nCafé €5,Crème brûlée,leader,Blog\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 with BOM"),
        (TEXT.encode("utf-16"), "UTF-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
)
def test_each_encoding(service: PlanService, data: bytes, encoding: str) -> None:
    preview = preview_import(service, data)
    assert preview.encoding == encoding
    assert preview.format is ImportFormat.CSV
    result = commit_import(service, preview)
    assert result.imported == 1
    post = service.posts()[0]
    assert (post.title, post.body) == ("Café €5", "Crème brûlée")


def test_bytes_that_are_no_text_are_a_file_error(service: PlanService) -> None:
    with pytest.raises(ImportFileError, match=r"line 2: .*not UTF-8 or Windows-1252"):
        run(service, b"title,role,channel\nab\x81c,leader,X\n")
    with pytest.raises(ImportFileError, match="not UTF-16"):
        run(service, codecs.BOM_UTF16_LE + "title".encode("utf-16-le") + b"\x00\xd8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter(service: PlanService, delimiter: str) -> None:
    rows = [
        ["title", "body", "date", "role", "channel"],
        ["One, two; three", "a\tb, c; d", "2026-11-02", "leader", "X"],
        ["Second", "x", "2026-11-03", "manager", "X"],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    preview = preview_import(service, buffer.getvalue().encode())
    assert preview.delimiter == delimiter
    commit_import(service, preview)
    assert [(p.title, p.body) for p in service.posts()] == [
        ("One, two; three", "a\tb, c; d"),
        ("Second", "x"),
    ]


def test_delimiter_is_sniffed_without_known_headers(service: PlanService) -> None:
    data = "11/05/2026 09:00;Hello, world;https://x.test\n11/06/2026 10:00;Again, yes;\n"
    preview = preview_import(
        service, data.encode(), ImportOptions(default_role=Role.LEADER, default_channel="X")
    )
    assert (preview.format, preview.delimiter) == (ImportFormat.HOOTSUITE, ";")
    assert [r.cells["title"] for r in preview.records] == ["Hello, world", "Again, yes"]


# ---------------------------------------------------------------- records and line numbers
def test_quoted_newlines_and_the_line_of_the_next_record(service: PlanService) -> None:
    data = (
        "title,body,date,role,channel\r\n"
        '"Multi","line one\r\nline two\r\nline three",2026-11-02,leader,X\r\n'
        "Broken,,2026-13-02,leader,X\r\n"
        "\r\n"
        '"Also multi","a\nb",,manager,X\r\n'
        "Bad role,,,boss,X\r\n"
    )
    result = run(service, data)
    assert result.blocked
    assert [str(p) for p in result.rejected] == [
        "line 5, column date: invalid date '2026-13-02' (no such day; use YYYY-MM-DD)",
        "line 9, column role: unknown role 'boss' (use leader or manager)",
    ]
    assert service.count_posts() == 0


def test_column_is_named_as_in_the_header(service: PlanService) -> None:
    result = run(service, "Title;DATE ;ROLE;Channel\nx;tomorrow;L;X\n")
    assert [str(p) for p in result.rejected] == [
        "line 2, column DATE: invalid date 'tomorrow' (use YYYY-MM-DD or MM/DD/YYYY)"
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"date": "2026-02-30"}, "date", "invalid date '2026-02-30'"),
        ({"date": "31/12/2026"}, "date", "read day first it would be 2026-12-31"),
        ({"role": "boss"}, "role", "unknown role 'boss'"),
        ({"role": ""}, "role", "A post needs a role"),
        ({"title": ""}, "title", "A post needs a title."),
        ({"title": "   "}, "title", "A post needs a title."),
        ({"date": "", "time": "09:00"}, "time", "A time needs a date"),
        ({"time": "25:00"}, "time", "invalid time '25:00'"),
        ({"title": "x" * 301}, "title", "301 characters long; the limit is 300"),
        ({"kind": "rant"}, "kind", "unknown kind 'rant'"),
        ({"kind": "tip"}, "kind", "'tip' is a manager kind"),
        ({"status": "done"}, "status", "unknown status 'done'"),
        ({"channel": ""}, "channel", "A post needs a channel."),
        ({"author": "a" * 81}, "author", "the limit is 80"),
        ({"role_suggested": "maybe"}, "role_suggested", "invalid yes/no value 'maybe'"),
    ],
)
def test_each_validation_message(
    service: PlanService, cells: dict[str, str], column: str, message: str
) -> None:
    record = {
        "title": "A title",
        "date": "2026-11-05",
        "time": "",
        "role": "leader",
        "channel": "X",
        "kind": "",
        "status": "",
        "author": "",
        "role_suggested": "",
        **cells,
    }
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(record.keys())
    writer.writerow(["ok", "2026-11-01", "", "leader", "X", "", "", "", ""])
    writer.writerow(record.values())
    result = run(service, buffer.getvalue())
    assert result.blocked and result.imported == 0 and result.rejected_records == 1
    (problem,) = result.rejected
    assert PROBLEM_RE.match(str(problem))
    assert (problem.line, problem.column) == (3, column)
    assert message in problem.message
    assert service.count_posts() == 0


def test_roles_accept_letters_any_case_and_headers_any_order(service: PlanService) -> None:
    data = (
        "CHANNEL\tRole\tid\tColour\ttitle\tDate\n"
        "X\tl\t77\tred\tOne\t2026-11-02\n"
        "X\tM\t78\t\tTwo\t\n"
    )
    assert run(service, data).imported == 2
    one, two = service.posts()
    assert (one.role, one.date, one.status) == (Role.LEADER, dt.date(2026, 11, 2), Status.DRAFT)
    assert (two.role, two.date, two.status) == (Role.MANAGER, None, Status.IDEA)
    assert one.id != 77


def test_spreadsheet_dates_and_times(service: PlanService) -> None:
    data = "title,date,time,role,channel\nA,11/05/2026,9:05 PM,L,X\nB,2026-11-06,07:30:00,L,X\n"
    run(service, data)
    assert [(p.date, p.time) for p in service.posts()] == [
        (dt.date(2026, 11, 5), dt.time(21, 5)),
        (dt.date(2026, 11, 6), dt.time(7, 30)),
    ]
    run(service, "title,date,role,channel\nC,05/11/2026,L,X\n", day_first=True)
    assert service.posts()[0].date == dt.date(2026, 11, 5)


def test_cells_beyond_the_header_are_a_problem(service: PlanService) -> None:
    result = run(service, "title,role,channel\nA,L,X,,\nB,L,X,oops\n")
    assert [str(p) for p in result.rejected] == [
        "line 3, column 4: 4 cells but the header has 3 columns "
        "(check the delimiter and the quoting of this record)"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty"),
        ("\r\n\r\n", "empty"),
        ("name,role\nA,L\n", "cannot tell the file's layout"),
        (
            'title,role,channel\nA,L,"X\n',
            r"line 2: a quoted field starts in this record and is never closed",
        ),
        ('title,role,channel\n"A"B,L,X\n', r"line 2: malformed quoting"),
    ],
)
def test_file_errors(service: PlanService, data: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        run(service, data)
    assert service.count_posts() == 0


def test_header_errors(service: PlanService) -> None:
    with pytest.raises(ImportFileError, match="no title column"):
        run(service, "name,role,channel\nA,L,X\n", format=ImportFormat.CSV)
    with pytest.raises(ImportFileError, match="names the column 'title' twice"):
        run(service, "title,Title,role,channel\nA,B,L,X\n")


def test_missing_role_or_channel_column_needs_a_default(service: PlanService) -> None:
    with pytest.raises(MissingColumnError) as caught:
        run(service, "title,channel\nA,X\n")
    assert caught.value.field == "role"
    with pytest.raises(MissingColumnError) as caught:
        run(service, "title,role\nA,L\n")
    assert caught.value.field == "channel"
    result = run(
        service,
        "title,role,channel\nA,,\nB,M,Blog\n",
        default_role=Role.LEADER,
        default_channel="X",
    )
    assert result.imported == 2
    assert [(p.title, p.role, p.channel) for p in service.posts(order="title")] == [
        ("A", Role.LEADER, "X"),
        ("B", Role.MANAGER, "Blog"),
    ]


# ---------------------------------------------------------------- duplicates
def test_importing_the_same_file_twice_adds_nothing(service: PlanService) -> None:
    data = HEADER + "A,2026-11-02,09:00,L,LinkedIn\nB,,,M,X\nC,2026-11-02,,L,X\n"
    first = run(service, data)
    assert (first.imported, first.skipped_duplicates) == (3, 0)
    second = run(service, data.replace("LinkedIn", "linkedin"))
    assert (second.imported, second.skipped_duplicates, second.changeset.changes) == (0, 3, ())
    assert service.count_posts() == 3


def test_duplicates_inside_one_file_and_near_misses(service: PlanService) -> None:
    data = HEADER + (
        "A,2026-11-02,09:00,L,X\n"
        "A,2026-11-02,09:00,M,x\n"  # same date, time, channel, title: a duplicate
        "A,2026-11-02,09:01,L,X\n"  # another time
        "A,2026-11-02,,L,X\n"  # no time
        "A,,,L,X\n"  # backlog
        "A,,,L,X\n"  # backlog again: duplicate
        "a,2026-11-02,09:00,L,X\n"  # another title (case counts)
    )
    result = run(service, data)
    assert (result.imported, result.skipped_duplicates) == (5, 2)


# ---------------------------------------------------------------- options
def test_skip_invalid_imports_the_rest(service: PlanService) -> None:
    data = HEADER + "A,2026-11-02,,L,X\nB,2026-11-31,,L,X\nC,,,L,X\n,,,L,X\n"
    result = run(service, data, skip_invalid=True)
    assert (result.imported, result.rejected_records, result.blocked, result.ok) == (
        2,
        2,
        False,
        True,
    )
    assert [p.line for p in result.rejected] == [3, 5]
    assert sorted(p.title for p in service.posts()) == ["A", "C"]
    assert len(result.changeset.created()) == 2


def test_dry_run_writes_nothing(service: PlanService, plan_path: Path) -> None:
    service.add_post(PostDraft(title="Existing", role=Role.LEADER, channel="X"))
    before = plan_rows(plan_path)
    good = run(service, HEADER + "A,2026-11-02,,L,X\nExisting,,,L,X\n", dry_run=True)
    assert (good.imported, good.ready, good.skipped_duplicates, good.ok) == (0, 1, 1, True)
    bad = run(service, HEADER + "A,2026-11-02,,L,X\nB,nope,,L,X\n", dry_run=True)
    assert (bad.imported, bad.ready, bad.rejected_records, bad.ok) == (0, 1, 1, False)
    skipping = run(service, HEADER + "B,nope,,L,X\n", dry_run=True, skip_invalid=True)
    assert not skipping.ok
    assert plan_rows(plan_path) == before


def test_one_import_is_one_undo_step(service: PlanService) -> None:
    result = run(service, HEADER + "A,2026-11-02,,L,New channel\nB,,,M,X\n")
    assert result.changeset.label == "Import 2 posts from the data"
    assert service.count_posts() == 2
    service.apply(result.changeset.inverse())
    assert service.count_posts() == 0
    assert "New channel" not in {c.name for c in service.channels()}


def test_commit_rechecks_duplicates_against_the_plan_as_it_is(service: PlanService) -> None:
    preview = preview_import(service, (HEADER + "A,2026-11-02,,L,X\n").encode())
    assert len(preview.ready) == 1
    run(service, HEADER + "A,2026-11-02,,L,X\n")
    result = commit_import(service, preview)
    assert (result.imported, result.skipped_duplicates) == (0, 1)


def test_replace_is_only_for_backups(service: PlanService) -> None:
    with pytest.raises(ImportFileError, match="only applies to restoring a JSON backup"):
        run(service, HEADER + "A,,,L,X\n", replace=True)


def test_suggest_roles_fills_missing_roles(
    service: PlanService, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []

    def suggest_role(title: str, body: str = "") -> Any:
        calls.append((title, body))
        return types.SimpleNamespace(role=Role.MANAGER, confidence=0.8, cues=(), kind=None)

    fake = types.ModuleType("lmplanner.core.suggest")
    fake.suggest_role = suggest_role  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lmplanner.core.suggest", fake)
    data = "title,body,role,channel\nGuess me,the body,,X\nKnown,,leader,X\n"
    result = run(service, data, suggest_roles=True, default_role=Role.LEADER)
    assert result.imported == 2
    posts = {p.title: p for p in service.posts()}
    assert (posts["Guess me"].role, posts["Guess me"].role_suggested) == (Role.MANAGER, True)
    assert (posts["Known"].role, posts["Known"].role_suggested) == (Role.LEADER, False)
    assert calls == [("Guess me", "the body")]


# ---------------------------------------------------------------- Hootsuite
HOOTSUITE = (
    '11/05/2026 09:00,"Big news today\nMore details in the body",https://example.com/n\n'
    "2026-11-07 14:30,Second message\n"
    f"11/08/2026 08:15,{'w' * 130}\n"
)


def test_hootsuite_layout(service: PlanService) -> None:
    preview = preview_import(
        service, HOOTSUITE.encode(), ImportOptions(default_role=Role.MANAGER, default_channel="X")
    )
    assert preview.format is ImportFormat.HOOTSUITE
    commit_import(service, preview)
    first, second, third = service.posts()
    assert (first.date, first.time, first.title) == (
        dt.date(2026, 11, 5),
        dt.time(9),
        "Big news today",
    )
    assert first.body == "Big news today\nMore details in the body"
    assert first.link == "https://example.com/n"
    assert (first.role, first.channel, first.status) == (Role.MANAGER, "X", Status.DRAFT)
    assert (second.date, second.time, second.link) == (dt.date(2026, 11, 7), dt.time(14, 30), "")
    assert third.title == "w" * 120 and third.body == "w" * 130


def test_hootsuite_day_first_and_errors(service: PlanService) -> None:
    opts: dict[str, Any] = {"default_role": Role.LEADER, "default_channel": "X"}
    data = "05/11/2026 09:00,Fifth of November\n"
    run(service, data, day_first=True, **opts)
    assert service.posts()[0].date == dt.date(2026, 11, 5)
    result = run(
        service,
        "13/11/2026 09:00,Thirteenth\n2026-11-14 9:00,ok\n",
        format=ImportFormat.HOOTSUITE,
        **opts,
    )
    assert [str(p) for p in result.rejected] == [
        "line 1, column 1: invalid date '13/11/2026' (no such day as MM/DD/YYYY; "
        "read day first it would be 2026-11-13)"
    ]
    preview = preview_import(service, b"13/11/2026 09:00,Thirteenth\n", ImportOptions(**opts))
    assert preview.records[0].cells["date"] == "13/11/2026 09:00"
    result = run(service, "11/15/2026 09:00,\n", **opts)
    assert [str(p) for p in result.rejected] == ["line 1, column 2: A post needs a title."]
    with pytest.raises(MissingColumnError):
        run(service, data, default_channel="X")


def test_hootsuite_header_row_is_skipped(service: PlanService) -> None:
    data = "Date,Message,Link\n11/05/2026 09:00,Hi,\n"
    result = run(service, data, default_role=Role.LEADER, default_channel="X")
    assert result.imported == 1 and result.format is ImportFormat.HOOTSUITE
