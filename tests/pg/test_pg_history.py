"""History and sign-off on a team plan: the database role is who acts, and only members of
planner_reviewers may sign off."""

from __future__ import annotations

import datetime as dt

import pytest
from pg_cluster import MEMBER, Cluster

from lmplanner.core.errors import NotAllowedError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 31))
REVIEWERS = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'planner_reviewers') "
    "THEN CREATE ROLE planner_reviewers NOLOGIN; END IF; END $$"
)


def test_history_names_the_database_role(member_url: str) -> None:
    plan = open_plan(member_url)
    try:
        service = PlanService(plan, actor="someone else")  # the database says who it is
        pid = service.add_post(
            PostDraft(title="Launch", role="leader", channel="Blog", date=MARCH[0])
        ).focus[0]
        service.update_post(pid, {"title": "Launch day"})
        entries = service.history(pid)
        assert [e.by for e in entries] == [MEMBER, MEMBER]
        assert entries[0].changes[0].after == "Launch day"
    finally:
        plan.close()


def test_only_reviewers_sign_off(pg: Cluster, database: str, member_url: str) -> None:
    pg.sql([REVIEWERS, f"REVOKE planner_reviewers FROM {MEMBER}"], database)
    plan = open_plan(member_url)
    try:
        service = PlanService(plan)
        with pytest.raises(NotAllowedError, match="only reviewers can sign off"):
            service.sign_off(*MARCH, "OK")
        assert service.signoffs() == []
        pg.sql(f"GRANT planner_reviewers TO {MEMBER}", database)
        service.sign_off(*MARCH, "OK for March")
        (signoff,) = service.signoffs()
        assert (signoff.by, signoff.note) == (MEMBER, "OK for March")
    finally:
        plan.close()
        pg.sql(f"REVOKE planner_reviewers FROM {MEMBER}", database)


def test_the_database_refuses_a_hand_written_sign_off(
    pg: Cluster, database: str, member_url: str
) -> None:
    import psycopg

    pg.sql([REVIEWERS, f"REVOKE planner_reviewers FROM {MEMBER}"], database)
    with pytest.raises(psycopg.Error, match="only reviewers can sign off"):
        pg.sql(
            "INSERT INTO signoff (uuid, period_start, period_end, by, at, note) "
            "VALUES ('x', '2027-03-01', '2027-03-31', 'me', now(), '')",
            database,
            user=MEMBER,
        )
    assert pg.query("SELECT count(*) FROM signoff", database) == [(0,)]
