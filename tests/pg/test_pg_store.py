"""Opening team plans: a new plan in an empty database, foreign and newer databases refused
untouched, older ones upgraded, read-only roles, and one clear message for connection failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_cluster import MEMBER, OWNER, PASSWORDS, READER, Cluster

from lmplanner.core.domain import DEFAULT_CHANNELS
from lmplanner.core.errors import (
    AuthenticationError,
    NewerPlanError,
    NotAPlanError,
    ReadOnlyPlanError,
    ServerConnectionError,
    TeamPlanError,
)
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.core.store.migrations import HEAD
from lmplanner.core.store.postgres import PostgresPlan, forget_password, remember_password

TEST_CHAIN = Path(__file__).resolve().parents[1] / "core" / "test_migrations" / "versions"


def test_empty_database_becomes_a_plan_with_its_identity(pg: Cluster, database: str) -> None:
    url = pg.url(database)
    with open_plan(url) as plan:
        assert isinstance(plan, PostgresPlan)
        assert (plan.is_team, plan.readonly, plan.path) == (True, False, None)
        assert PASSWORDS[OWNER] not in plan.location and "***" in plan.location
        uuid = plan.uuid
        service = PlanService(plan)
        assert [c.name for c in service.channels()] == [n for n, _ in DEFAULT_CHANNELS]
        assert service.settings().name == database
    assert pg.query("SELECT version_num FROM alembic_version", database) == [(HEAD,)]
    assert pg.query("SELECT uuid FROM plan", database) == [(uuid,)]
    with open_plan(url) as again:
        assert again.uuid == uuid
    # The trash's partial index, though the tables name only SQLite's condition (schema.py).
    (indexdef,) = pg.query(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_post_trash'", database
    )[0]
    assert indexdef.endswith("WHERE (deleted_at IS NOT NULL)"), indexdef


def test_create_false_refuses_an_empty_database(pg: Cluster, database: str) -> None:
    with pytest.raises(TeamPlanError, match="database is empty"):
        open_plan(pg.url(database), create=False)
    assert pg.fingerprint(database) == []


def test_database_of_another_program_is_refused_untouched(pg: Cluster, database: str) -> None:
    pg.sql(
        [
            "CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)",
            "INSERT INTO invoices (total) VALUES (12.5), (99)",
        ],
        database,
        user=OWNER,
    )
    before = pg.fingerprint(database)
    with pytest.raises(NotAPlanError, match=r"another program.*invoices.*left untouched"):
        open_plan(pg.url(database))
    assert pg.fingerprint(database) == before


def test_plan_from_a_newer_schema_is_refused_untouched(pg: Cluster, team_url: str) -> None:
    database = team_url.rsplit("/", 1)[1]
    pg.sql("UPDATE alembic_version SET version_num = 'ffff9999'", database)
    before = pg.fingerprint(database)
    with pytest.raises(NewerPlanError, match="newer version"):
        open_plan(team_url)
    assert pg.fingerprint(database) == before


def test_older_plan_is_upgraded_with_the_same_migrations(pg: Cluster, database: str) -> None:
    url = pg.url(database)
    with open_plan(url) as plan:
        PlanService(plan).add_post(PostDraft(title="Survives the upgrade", role="L", channel="X"))
    with open_plan(url, extra_versions=[TEST_CHAIN]) as plan:
        assert PlanService(plan).posts()[0].title == "Survives the upgrade"
    assert pg.query("SELECT version_num FROM alembic_version", database) == [("9001",)]
    columns = pg.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'post'", database
    )
    assert ("test_reach",) in columns
    before = pg.fingerprint(database)
    with pytest.raises(NewerPlanError):
        open_plan(url)  # this build, without the test chain, keeps its hands off
    assert pg.fingerprint(database) == before


def test_only_the_owner_can_upgrade_and_a_member_is_told_so(
    pg: Cluster, database: str, member_url: str
) -> None:
    before = pg.fingerprint(database)
    with pytest.raises(ReadOnlyPlanError, match="could not be upgraded"):
        open_plan(member_url, extra_versions=[TEST_CHAIN])
    assert pg.fingerprint(database) == before


def test_member_with_table_rights_writes(pg: Cluster, member_url: str) -> None:
    with open_plan(member_url) as plan:
        assert not plan.readonly
        service = PlanService(plan)
        service.add_post(PostDraft(title="By a member", role="manager", channel="New channel"))
        assert [p.title for p in service.posts()] == ["By a member"]


def test_read_only_role_opens_read_only_and_writes_are_refused_clearly(
    pg: Cluster, database: str, team_url: str, reader_url: str
) -> None:
    with open_plan(team_url) as plan:
        PlanService(plan).add_post(PostDraft(title="Shared", role="leader", channel="Blog"))
    before = pg.fingerprint(database)
    with open_plan(reader_url) as plan:
        assert plan.readonly
        assert READER in plan.readonly_reason and "not change it" in plan.readonly_reason
        service = PlanService(plan)
        assert [p.title for p in service.posts()] == ["Shared"]
        with pytest.raises(ReadOnlyPlanError) as refused:
            service.add_post(PostDraft(title="Nope", role="leader", channel="Blog"))
        assert str(refused.value) == plan.readonly_reason
        with pytest.raises(ReadOnlyPlanError):
            service.update_post(1, {"title": "Nope"})
    assert pg.fingerprint(database) == before


def test_read_only_role_cannot_initialise_an_empty_database(pg: Cluster, database: str) -> None:
    with pytest.raises(ReadOnlyPlanError, match="empty"):
        open_plan(pg.url(database, READER))
    assert pg.fingerprint(database) == []


def test_asking_read_only_is_honoured_for_a_writer(pg: Cluster, team_url: str) -> None:
    with open_plan(team_url, readonly=True) as plan:
        assert plan.readonly and plan.readonly_reason
        with pytest.raises(ReadOnlyPlanError):
            PlanService(plan).add_post(PostDraft(title="T", role="L", channel="X"))


@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("unreachable", ServerConnectionError, "Cannot reach"),
        ("wrong-password", AuthenticationError, "wrong password"),
        ("missing-database", ServerConnectionError, "no database"),
        ("unknown-user", AuthenticationError, "refused"),
    ],
)
def test_connection_failures_are_one_clear_line_with_the_password_masked(
    pg: Cluster, case: str, error: type[Exception], words: str
) -> None:
    secret = "Top-s3cret" if case in ("wrong-password", "unknown-user") else PASSWORDS[OWNER]
    url = {
        "unreachable": pg.url("plan").replace(f":{pg.port}/", f":{_closed_port()}/"),
        "wrong-password": pg.url("postgres", password=secret),
        "missing-database": pg.url("no_such_plan"),
        "unknown-user": pg.url("postgres", "nobody_here", password=secret),
    }[case]
    with pytest.raises(error) as failed:
        open_plan(url)
    message = str(failed.value)
    assert words in message
    assert "\n" not in message
    assert secret not in message and ":***@" in message
    assert not pg.database_exists("no_such_plan")


def test_password_is_asked_for_when_needed(pg: Cluster, team_url: str) -> None:
    database = team_url.rsplit("/", 1)[1]
    asked: list[tuple[str, str]] = []
    answers = iter(["wrong guess", PASSWORDS[OWNER]])

    def ask(shown: str, why: str) -> str | None:
        asked.append((shown, why))
        return next(answers)

    with open_plan(pg.url(database, password=None), password_callback=ask) as plan:
        assert not plan.readonly
    assert [why for _, why in asked] == [
        f"The server needs a password for {OWNER}.",
        f"Wrong password for {OWNER}; try again.",
    ]
    assert all(shown == pg.url(database, password=None) for shown, _ in asked)


def test_giving_up_on_the_password_is_a_clear_error(pg: Cluster, team_url: str) -> None:
    database = team_url.rsplit("/", 1)[1]
    with pytest.raises(AuthenticationError, match="No password given"):
        open_plan(pg.url(database, password=None), password_callback=lambda _u, _w: None)
    with pytest.raises(AuthenticationError, match="needs a password"):
        open_plan(pg.url(database, password=None))


def test_password_from_the_system_keyring(
    pg: Cluster, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            del self.store[(service, username)]

    memory = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", memory)
    database = team_url.rsplit("/", 1)[1]
    url = pg.url(database, password=None)
    assert remember_password(url, PASSWORDS[OWNER])
    assert memory.store == {
        ("lmplanner", f"{OWNER}@127.0.0.1:{pg.port}/{database}"): PASSWORDS[OWNER]
    }
    with open_plan(url) as plan:
        assert not plan.readonly
    assert forget_password(url)
    with pytest.raises(AuthenticationError):
        open_plan(url)


@pytest.mark.parametrize(
    ("revoke", "missing"),
    [
        ("DELETE ON post", "DELETE on post"),
        ("USAGE ON SEQUENCE post_id_seq", "USAGE on the id sequence of post"),
    ],
)
def test_member_missing_one_right_reads_only(
    pg: Cluster, database: str, team_url: str, revoke: str, missing: str
) -> None:
    pg.sql(f"REVOKE {revoke} FROM {MEMBER}", database, user=OWNER)
    with open_plan(pg.url(database, MEMBER)) as plan:
        assert plan.readonly and f"(no {missing})" in plan.readonly_reason


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_without_the_driver_a_url_gets_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if lmplanner[team] were not installed
    with pytest.raises(ServerConnectionError, match=r"pip install 'lmplanner\[team\]'") as failed:
        open_plan("postgresql+psycopg://ana:Top-s3cret@db.example:5432/plan")
    assert "Top-s3cret" not in str(failed.value)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://ana:Top-s3cret@db/plan", "team plans live in PostgreSQL"),
        ("postgresql+psycopg2://ana:Top-s3cret@db/plan", "psycopg 3"),
        ("postgresql+psycopg://ana:Top-s3cret@db:5432", "names no database"),
    ],
)
def test_urls_that_are_not_team_plans_are_refused_clearly(url: str, words: str) -> None:
    with pytest.raises(TeamPlanError, match=words) as failed:
        open_plan(url)
    assert "Top-s3cret" not in str(failed.value)


def test_the_url_to_remember_has_no_password() -> None:
    from lmplanner.core.store.postgres import url_without_password

    url = "postgresql+psycopg://ana:Top%40s3cret@db.example:5432/plan?sslmode=require"
    assert (
        url_without_password(url) == "postgresql+psycopg://ana@db.example:5432/plan?sslmode=require"
    )
