"""Fixtures for team plans on a real PostgreSQL server started for this test session.

Without server binaries or the driver the tests skip with the reason; with CI=true they fail
instead, so a green CI run proves they ran.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import MEMBER, READER, Cluster, ClusterUnavailable, start_cluster


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def pg() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        reason = f"no throw-away PostgreSQL server for the team-plan tests: {exc}"
        if _in_ci():
            pytest.fail(f"{reason} (CI=true: these tests must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(autouse=True)
def _no_outside_passwords(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libpq must not find a password on its own, and the real keyring must not be touched."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


@pytest.fixture
def plan_path() -> Path:
    """A core suite's tests that look inside the SQLite plan file have nothing to look at here."""
    pytest.skip("looks inside the SQLite plan file")


@pytest.fixture
def database(pg: Cluster) -> Iterator[str]:
    """A new, empty database owned by the plan owner; dropped afterwards."""
    name = pg.create_database()
    try:
        yield name
    finally:
        pg.drop_database(name)


@pytest.fixture
def team_url(pg: Cluster, database: str) -> str:
    """The URL of a team plan, initialised by its owner, with the README's grants for the team."""
    from lmplanner.core.store import open_plan

    url = pg.url(database)
    open_plan(url).close()
    pg.grant_team(database)
    return url


@pytest.fixture
def member_url(pg: Cluster, database: str, team_url: str) -> str:
    return pg.url(database, MEMBER)


@pytest.fixture
def reader_url(pg: Cluster, database: str, team_url: str) -> str:
    return pg.url(database, READER)
