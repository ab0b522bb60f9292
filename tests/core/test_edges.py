"""Edges below the CLI: control characters, files that are not regular files, odd paths, team
URL ports, and the local time zone (tzlocal)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from lmplanner.core import paths
from lmplanner.core.domain import Role
from lmplanner.core.errors import NotAPlanError, TeamPlanError, ValidationError
from lmplanner.core.io import ExportFormat, export_plan
from lmplanner.core.io.importer import read_source
from lmplanner.core.io.records import ImportFileError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan, setup
from lmplanner.core.store.postgres.url import parse_url

CONTROL = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f"]


# ---------------------------------------------------------------- control characters
@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize("field", ["title", "body", "notes", "author", "campaign", "link"])
def test_control_characters_are_refused_in_every_text(
    service: PlanService, field: str, char: str
) -> None:
    values = {"title": "T", "role": Role.LEADER, "channel": "X", field: f"a{char}b"}
    if char.isspace() and field in ("title", "author", "campaign"):
        # One-line fields fold whitespace (NEL is whitespace) into single spaces.
        service.add_post(PostDraft(**values))  # type: ignore[arg-type]
        assert getattr(service.posts()[0], field) == "a b"
        return
    with pytest.raises(ValidationError, match="control character") as caught:
        service.add_post(PostDraft(**values))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert service.count_posts() == 0


def test_control_characters_in_names_and_settings(service: PlanService) -> None:
    with pytest.raises(ValidationError, match="control character"):
        service.add_post(PostDraft(title="T", role=Role.LEADER, channel="Li\x00nk"))
    with pytest.raises(ValidationError, match="control character"):
        service.update_settings(name="Plan\x00")


def test_tab_newline_and_carriage_returns(service: PlanService) -> None:
    service.add_post(PostDraft(title="T", role=Role.LEADER, channel="X", body="a\tb\r\nc\rd"))
    assert service.posts()[0].body == "a\tb\nc\nd"


def test_ics_never_writes_raw_control_characters(
    service: PlanService, plan_path: Path, tmp_path: Path
) -> None:
    service.add_post(
        PostDraft(title="T", role=Role.LEADER, channel="X", date=dt.date(2026, 11, 5), body="b")
    )
    # A plan written before validation refused them, or changed by another program.
    conn = sqlite3.connect(plan_path)
    with conn:
        conn.execute(
            "UPDATE post SET title = ?, body = ?, link = ?",
            ("Ti\x00t\x1ble", "one\x07\r\ntwo\x85\tthree", "https://e.x/\x01"),
        )
        conn.execute("UPDATE channel SET name = 'X\x02'")
        conn.execute("UPDATE plan SET name = 'Plan\x03'")
    conn.close()
    export_plan(service, tmp_path / "p.ics", ExportFormat.ICS)
    text = (tmp_path / "p.ics").read_bytes().decode("utf-8").replace("\r\n", "")
    assert [c for c in text if c != "\t" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)] == []
    assert "Title" in text and "one\\ntwo\tthree" in text


# ---------------------------------------------------------------- devices, FIFOs, odd paths
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_neither_a_plan_nor_an_import() -> None:
    with pytest.raises(ImportFileError, match="/dev/zero is a device, not a regular file"):
        read_source("/dev/zero")
    with pytest.raises(NotAPlanError, match="a plan must be a regular file"):
        open_plan("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_neither_a_plan_nor_an_import(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match="is a FIFO"):
        read_source(fifo)
    with pytest.raises(NotAPlanError, match="is a FIFO"):
        open_plan(fifo)


def test_an_import_is_read_up_to_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmplanner.core.io import importer

    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 10)
    (tmp_path / "big.csv").write_bytes(b"x" * 11)
    with pytest.raises(ImportFileError, match="too large"):
        read_source(tmp_path / "big.csv")
    (tmp_path / "ok.csv").write_bytes(b"x" * 10)
    assert read_source(tmp_path / "ok.csv") == (b"x" * 10, "ok.csv")


def test_shown_escapes_bytes_that_are_not_utf8() -> None:
    assert paths.shown("/tmp/plain.lmplan") == "/tmp/plain.lmplan"
    if sys.platform != "win32":
        raw = os.fsdecode(b"/tmp/pl\xffan.lmplan")
        assert paths.shown(raw) == "/tmp/pl\\xffan.lmplan"
        paths.shown(raw).encode("utf-8")  # printable and loggable


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs names that are bytes")
def test_a_plan_at_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    where = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xe9t\xe9.lmplan"))
    plan = open_plan(where)
    try:
        service = PlanService(plan)
        service.add_post(PostDraft(title="T", role=Role.LEADER, channel="X"))
        assert service.settings().name == "\\xe9t\\xe9"
    finally:
        plan.close()
    assert where.is_file()


# ---------------------------------------------------------------- team URLs
@pytest.mark.parametrize("port", ["abc", "70000", "0", "-5"])
def test_a_port_that_is_not_a_port(port: str) -> None:
    with pytest.raises(TeamPlanError, match="port after the host must be a number from 1 to 65535"):
        parse_url(f"postgresql+psycopg://ana:pw@db.example:{port}/plan")


def test_a_good_port_still_parses() -> None:
    assert parse_url("postgresql+psycopg://ana@db.example:6543/plan").port == 6543


# ---------------------------------------------------------------- local time zone
def test_the_local_zone_comes_from_tzlocal(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    # What Windows reports through tzlocal (the hand-written function said UTC there).
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Asia/Tokyo")
    monkeypatch.setattr(os, "readlink", _no_symlinks)
    assert setup.local_timezone_name() == "Asia/Tokyo"


@pytest.mark.parametrize("found", [None, "Not/AZone"])
def test_no_or_an_unknown_local_zone_is_utc(
    monkeypatch: pytest.MonkeyPatch, found: str | None
) -> None:
    import tzlocal

    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: found)
    assert setup.local_timezone_name() == "UTC"


def test_a_new_plan_takes_the_local_zone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tzlocal

    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "America/Sao_Paulo")
    plan = open_plan(tmp_path / "new.lmplan")
    try:
        assert PlanService(plan).settings().timezone == "America/Sao_Paulo"
    finally:
        plan.close()


def _no_symlinks(path: object) -> str:
    raise OSError("no symbolic link here")
