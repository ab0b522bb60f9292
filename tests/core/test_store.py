"""The plan file: created atomically, refused untouched when foreign or newer, upgraded safely."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core import paths
from lmplanner.core.errors import NewerPlanError, NotAPlanError, PlanFileError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import MIGRATIONS_DIR, open_plan
from lmplanner.core.store.migrations import HEAD, KNOWN_REVISIONS
from lmplanner.core.store.sqlite_file import APPLICATION_ID

TEST_CHAIN = Path(__file__).parent / "test_migrations" / "versions"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_new_plan_is_marked_as_ours_with_uuid_and_default_channels(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        names = [c.name for c in service.channels()]
        settings = service.settings()
    assert names == ["LinkedIn", "X", "Facebook", "Instagram", "Blog", "Newsletter"]
    assert len(settings.uuid) == 36
    assert settings.balance.band_low == 0.30 and settings.balance.band_high == 0.60
    conn = sqlite3.connect(plan_path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    # Nothing was left over from building the file aside.
    assert not [n for n in siblings(plan_path) if n.endswith(".creating")]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="folder does not exist"):
        open_plan(tmp_path / "nope" / "plan.lmplan")


def test_default_plan_lives_in_the_user_data_folder(data_dir: Path) -> None:
    assert paths.default_plan_path() == data_dir / "plan.lmplan"
    assert paths.resolve_plan_location() == str(data_dir / "plan.lmplan")


def test_location_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LMPLANNER_DB", str(tmp_path / "env.lmplan"))
    assert paths.resolve_plan_location(str(tmp_path / "cli.lmplan"), "last.lmplan").endswith(
        "cli.lmplan"
    )
    assert paths.resolve_plan_location(None, "last.lmplan").endswith("env.lmplan")
    monkeypatch.delenv("LMPLANNER_DB")
    assert paths.resolve_plan_location(None, str(tmp_path / "last.lmplan")).endswith("last.lmplan")


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('not a plan')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not an LM Planner plan"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "not an LM Planner plan"),
        (None, "another program"),
    ],
    ids=["empty", "random-bytes", "short-header", "unrelated-sqlite"],
)
def test_foreign_files_are_refused_and_left_byte_identical(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    target = tmp_path / "other.lmplan"
    if content is None:
        _foreign_sqlite(target)
    else:
        target.write_bytes(content)
    before = digest(target)
    listing = siblings(target)
    with pytest.raises(NotAPlanError, match=message):
        open_plan(target)
    assert digest(target) == before
    assert siblings(target) == listing  # no -wal / -shm / journal left behind


def test_truncated_plan_is_refused_untouched(plan_path: Path, service: PlanService) -> None:
    service.add_post(PostDraft(title="Keep me", role="leader", channel="Blog"))
    service.plan.close()
    data = plan_path.read_bytes()
    plan_path.write_bytes(data[: len(data) // 3])
    before = digest(plan_path)
    with pytest.raises(NotAPlanError):
        open_plan(plan_path)
    assert digest(plan_path) == before


def test_plan_from_newer_schema_is_refused_untouched(plan_path: Path) -> None:
    open_plan(plan_path).close()
    conn = sqlite3.connect(plan_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(plan_path)
    listing = siblings(plan_path)
    with pytest.raises(NewerPlanError, match="newer version"):
        open_plan(plan_path)
    assert digest(plan_path) == before
    assert siblings(plan_path) == listing


def test_head_constant_matches_the_revision_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == HEAD
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def test_older_plan_is_backed_up_then_upgraded(plan_path: Path, data_dir: Path) -> None:
    with open_plan(plan_path) as plan:
        PlanService(plan).add_post(PostDraft(title="Survives the upgrade", role="L", channel="X"))
        uuid = plan.uuid
    with open_plan(plan_path, extra_versions=[TEST_CHAIN]) as plan:
        post = PlanService(plan).posts()[0]
        assert post.title == "Survives the upgrade"
    conn = sqlite3.connect(plan_path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9001"
        columns = {row[1] for row in conn.execute("PRAGMA table_info(post)")}
        assert "test_reach" in columns
    finally:
        conn.close()
    backups = list((data_dir / "backups" / uuid).glob(f"pre-upgrade-{HEAD}-*.lmplan"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    try:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert old.execute("SELECT title FROM post").fetchall() == [("Survives the upgrade",)]
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        old.close()
    # This build (without the test chain) now sees a plan from the future and keeps its hands off.
    before = digest(plan_path)
    with pytest.raises(NewerPlanError):
        open_plan(plan_path)
    assert digest(plan_path) == before


def test_database_urls_are_recognised_and_masked() -> None:
    url = "postgresql+psycopg://ana:s3cret@db.example:5432/plan"
    assert paths.is_database_url(url)
    assert not paths.is_database_url("/home/ana/plan.lmplan")
    assert not paths.is_database_url("C:\\plans\\plan.lmplan")
    assert "s3cret" not in paths.mask_url(url)
    assert paths.mask_url(url) == "postgresql+psycopg://ana:***@db.example:5432/plan"


def test_every_plan_connection_keeps_a_small_page_cache(plan_path: Path) -> None:
    """Whole-table reads would otherwise leave SQLite's default 2 000 KiB cache full for as long
    as the plan is open (issue 25, memory); writable, read-only and snapshot connections alike."""
    from lmplanner.core.store.sqlite_file import PAGE_CACHE_KIB, connect_readonly

    def cache_kib(conn: sqlite3.Connection) -> int:
        return -int(conn.execute("PRAGMA cache_size").fetchone()[0])  # negative: in KiB

    assert PAGE_CACHE_KIB < 2000
    with open_plan(plan_path) as plan, plan.read() as conn:
        assert cache_kib(conn.connection.dbapi_connection) == PAGE_CACHE_KIB
    with open_plan(plan_path, readonly=True) as plan, plan.read() as conn:
        assert cache_kib(conn.connection.dbapi_connection) == PAGE_CACHE_KIB
    snapshot = connect_readonly(plan_path, immutable=True)
    try:
        assert cache_kib(snapshot) == PAGE_CACHE_KIB
    finally:
        snapshot.close()
