"""Reading posts: filters, ordering and paging in the query, and the light balance read."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import (
    DATE_MIN,
    Kind,
    PillarRecord,
    PostRecord,
    Role,
    Status,
    name_key,
)
from lmplanner.core.errors import DamagedPlanError, NotFoundError, ValidationError
from lmplanner.core.post_fields import NAME_FIELDS, POST_SHAPE, record_from_values

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.sql.elements import ColumnElement

    from lmplanner.core.balance import BalanceReport, Period

from lmplanner.core.services.pillars import pillar_record
from lmplanner.core.services.rows import ServiceBase


@dataclass(frozen=True, slots=True)
class PostFilter:
    """Which posts a view shows. Empty tuples mean "any"."""

    channels: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    statuses: tuple[Status, ...] = ()
    search: str = ""
    role_suggested: bool | None = None
    pillars: tuple[str, ...] = ()  # "" stands for posts without a pillar

    def for_balance(self) -> PostFilter:
        """The meter follows channel, author, campaign and pillar, never role or status: a share
        of a role-filtered set means nothing."""
        return PostFilter(
            channels=self.channels,
            authors=self.authors,
            campaigns=self.campaigns,
            pillars=self.pillars,
        )

    def describe(self) -> tuple[tuple[str, str], ...]:
        items: list[tuple[str, str]] = []
        for label, values in (
            ("channel", self.channels),
            ("author", self.authors),
            ("campaign", self.campaigns),
            ("pillar", tuple(name or "(none)" for name in self.pillars)),
        ):
            if values:
                items.append((label, ", ".join(values)))
        return tuple(items)

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "role_suggested") or (
            self.role_suggested is not None
        )


_NULLABLE_ORDERS = frozenset({"date", "time", "kind", "author", "campaign", "deleted"})


class PostQueries(ServiceBase):
    """The read side of the plan service for posts."""

    # ------------------------------------------------------------------ reading posts
    def _post_select(self) -> Any:
        """Posts with the text of each name they point to (`channel_name`, `author_name`…)."""
        from sqlalchemy import select

        post = self._table("post")
        query = select(post)
        for f in NAME_FIELDS:
            assert f.names is not None
            names = self._table(f.names)
            query = query.add_columns(names.c.name.label(f"{f.name}_name"))
            joined = names.c.id == post.c[f.column]
            query = query.join(names, joined) if f.required else query.outerjoin(names, joined)
        return query

    def _filter_clauses(self, flt: PostFilter | None) -> list[ColumnElement[bool]]:
        from sqlalchemy import func, or_

        if flt is None:
            return []
        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        clauses: list[ColumnElement[bool]] = []
        if flt.channels:
            clauses.append(channel.c.name_key.in_([name_key(n) for n in flt.channels]))
        if flt.authors:
            clauses.append(person.c.name_key.in_([name_key(n) for n in flt.authors]))
        if flt.campaigns:
            clauses.append(campaign.c.name_key.in_([name_key(n) for n in flt.campaigns]))
        if flt.pillars:
            clauses.append(self._pillar_clause(flt.pillars))
        if flt.roles:
            clauses.append(post.c.role.in_([r.value for r in flt.roles]))
        if flt.statuses:
            clauses.append(post.c.status.in_([s.value for s in flt.statuses]))
        if flt.role_suggested is not None:
            clauses.append(post.c.role_suggested == flt.role_suggested)
        text = flt.search.strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                or_(
                    func.lower(post.c.title).like(pattern.lower(), escape="\\"),
                    func.lower(post.c.body).like(pattern.lower(), escape="\\"),
                )
            )
        return clauses

    def _pillar_clause(self, pillars: tuple[str, ...]) -> ColumnElement[bool]:
        """Posts of these pillars; "" among them: posts without one."""
        from sqlalchemy import or_, select

        post = self._table("post")
        pillar = self._table("pillar")
        keys = [name_key(n) for n in pillars if n.strip()]
        named = post.c.pillar_id.in_(select(pillar.c.id).where(pillar.c.name_key.in_(keys)))
        if len(keys) == len(pillars):
            return named
        return or_(named, post.c.pillar_id.is_(None))

    @staticmethod
    def _record(row: Any) -> PostRecord:
        values = {f.name: row[f"{f.name}_name" if f.names else f.column] for f in POST_SHAPE}
        try:
            return record_from_values(values)
        except ValueError as exc:
            raise altered_row(exc) from None

    def post(self, post_id: int, *, include_deleted: bool = False) -> PostRecord:
        if not 1 <= post_id < 2**63:  # no database can hold it: asking would overflow
            raise NotFoundError(f"There is no post with id {post_id}.")
        post = self._table("post")
        query = self._post_select().where(post.c.id == post_id)
        if not include_deleted:
            query = query.where(post.c.deleted_at.is_(None))
        with self.plan.read() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no post with id {post_id}.")
        return self._record(row)

    def posts(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        flt: PostFilter | None = None,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        trash: bool = False,
    ) -> list[PostRecord]:
        """Posts in a date range (inclusive), the backlog (`backlog=True`), or all; filtered and
        ordered in the query so only the rows asked for are read."""
        query = self._posts_query(start=start, end=end, backlog=backlog, flt=flt, trash=trash)
        query = query.order_by(*self._order_by(order, descending))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.plan.read() as conn:
            rows = conn.execute(query).mappings().all()
        return [self._record(r) for r in rows]

    def count_posts(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        flt: PostFilter | None = None,
        trash: bool = False,
    ) -> int:
        from sqlalchemy import func, select

        conditions = self._post_conditions(start, end, backlog, trash)
        if flt is not None and (flt.channels or flt.authors or flt.campaigns or flt.pillars):
            inner = self._post_select().where(*conditions, *self._filter_clauses(flt))
            query = select(func.count()).select_from(inner.subquery())
        else:
            # No name filter: count posts alone, without joining the name tables.
            post = self._table("post")
            query = select(func.count()).select_from(post)
            query = query.where(*conditions, *self._filter_clauses(flt))
        with self.plan.read() as conn:
            return int(conn.execute(query).scalar_one())

    def post_ids(
        self,
        flt: PostFilter | None = None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[int]:
        """Just the ids of the posts `posts()` would return, in the same order: cheap enough
        for "select all" over a whole plan, where the records themselves are not needed."""
        inner = self._posts_query(start=start, end=end, backlog=backlog, flt=flt, trash=False)
        post = self._table("post")
        query = inner.with_only_columns(post.c.id).order_by(*self._order_by(order, descending))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.plan.read() as conn:
            return [int(pid) for pid in conn.execute(query).scalars()]

    def _post_conditions(
        self,
        start: dt.date | None,
        end: dt.date | None,
        backlog: bool | None,
        trash: bool,
    ) -> list[ColumnElement[bool]]:
        post = self._table("post")
        conditions: list[ColumnElement[bool]] = [
            post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
        ]
        if backlog is True:
            conditions.append(post.c.date.is_(None))
        elif backlog is False:
            conditions.append(post.c.date.is_not(None))
        if start is not None:
            conditions.append(post.c.date >= start)
        if end is not None:
            conditions.append(post.c.date <= end)
        return conditions

    def _posts_query(
        self,
        *,
        start: dt.date | None,
        end: dt.date | None,
        backlog: bool | None,
        flt: PostFilter | None,
        trash: bool,
    ) -> Any:
        conditions = self._post_conditions(start, end, backlog, trash)
        return self._post_select().where(*conditions, *self._filter_clauses(flt))

    def _order_by(self, order: str, descending: bool) -> list[Any]:
        from sqlalchemy import func, nulls_first, nulls_last

        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        columns: dict[str, Any] = {
            "date": post.c.date,
            "time": post.c.time,
            "title": func.lower(post.c.title),
            "channel": channel.c.name_key,
            "role": post.c.role,
            "kind": post.c.kind,
            "status": post.c.status,
            "author": person.c.name_key,
            "campaign": campaign.c.name_key,
            "created": post.c.created_at,
            "updated": post.c.updated_at,
            "deleted": post.c.deleted_at,
        }
        if order not in columns:
            raise ValidationError(f"Cannot sort posts by {order!r}.")
        primary = columns[order]
        primary = primary.desc() if descending else primary.asc()
        if order in _NULLABLE_ORDERS:
            # Unset values (no date, no author…) go last either way. Only where they can occur:
            # NULLS LAST on a column that is never NULL would keep SQLite off its index.
            primary = nulls_last(primary)
        # Ties by date, time and id.
        tail = [nulls_last(post.c.date.asc()), nulls_first(post.c.time.asc()), post.c.id.asc()]
        return [primary, *tail]

    def backlog_count(self, flt: PostFilter | None = None) -> int:
        return self.count_posts(backlog=True, flt=flt)

    def balance(self, period: Period, flt: PostFilter | None = None) -> BalanceReport:
        """The balance report of a period; honours channel, author and campaign filters only."""
        from lmplanner.core.balance import analyze

        meter_filter = flt.for_balance() if flt is not None else None
        posts = self._balance_facts(period, meter_filter)
        backlog = self.backlog_count(meter_filter)
        settings = self.settings().balance
        pillars = self._pillar_list()
        lead_in = self._pillar_lead_in(period, settings.pillar_lead_days) if pillars else []
        return analyze(
            posts,
            period,
            settings,
            backlog=backlog,
            filters=dict(meter_filter.describe()) if meter_filter else None,
            pillars=pillars,
            lead_in=lead_in,
        )

    def _pillar_list(self) -> list[PillarRecord]:
        from sqlalchemy import select

        t = self._table("pillar")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.position, t.c.name_key)).mappings().all()
        return [pillar_record(dict(r)) for r in rows]

    def _balance_facts(self, period: Period, flt: PostFilter | None) -> list[PostRecord]:
        """Just what the balance engine reads (role, kind, date, time, channel…) for a period:
        no bodies or timestamps to convert, so the meter stays quick on big plans. The records'
        other fields are left empty."""

        query = balance_select(*(self._table(name) for name in BALANCE_TABLES))
        query = query.where(*self._post_conditions(period.start, period.end, False, False))
        query = query.where(*self._filter_clauses(flt))
        with self.plan.read() as conn:
            rows = conn.execute(query).all()
        try:
            return [
                PostRecord(
                    id=pid,
                    title=title,
                    role=Role(role),
                    channel=channel,
                    date=day,
                    time=time,
                    kind=Kind(kind) if kind else None,
                    author=author,
                    pillar=pillar,
                    follows=follows,
                )
                for pid, title, role, kind, day, time, channel, author, pillar, follows in rows
            ]
        except ValueError as exc:
            raise altered_row(exc) from None

    def _pillar_lead_in(self, period: Period, days: int) -> list[PostRecord]:
        """Leader posts with a pillar in the `days` before the period: they carry its pillars."""
        from sqlalchemy import select

        post = self._table("post")
        pillar = self._table("pillar")
        start = max(period.start - dt.timedelta(days=days), DATE_MIN)
        query = (
            select(post.c.id, post.c.date, pillar.c.name)
            .join(pillar, pillar.c.id == post.c.pillar_id)
            .where(*self._post_conditions(start, period.start - dt.timedelta(days=1), False, False))
            .where(post.c.role == Role.LEADER.value)
        )
        with self.plan.read() as conn:
            rows = conn.execute(query).all()
        return [
            PostRecord(id=pid, title="", role=Role.LEADER, channel="", date=day, pillar=name)
            for pid, day, name in rows
        ]


BALANCE_TABLES = ("post", "channel", "person", "campaign", "pillar")


@functools.cache
def balance_select(
    post: Table, channel: Table, person: Table, campaign: Table, pillar: Table
) -> Any:
    """The balance read without its conditions, built once: the meter runs it after every edit,
    and building a select with its joins costs more than running it on a small plan."""
    from sqlalchemy import select

    # A follow-up link counts only while its leader post is a leader post outside the trash.
    leader = post.alias("leader")
    in_force = (
        (leader.c.id == post.c.follows_id)
        & (leader.c.role == Role.LEADER.value)
        & leader.c.deleted_at.is_(None)
    )
    return (
        select(
            post.c.id,
            post.c.title,
            post.c.role,
            post.c.kind,
            post.c.date,
            post.c.time,  # slot clashes
            channel.c.name.label("channel_name"),
            person.c.name.label("author_name"),
            pillar.c.name.label("pillar_name"),
            leader.c.id.label("follows"),
        )
        .join(channel, channel.c.id == post.c.channel_id)
        .outerjoin(person, person.c.id == post.c.author_id)
        .outerjoin(campaign, campaign.c.id == post.c.campaign_id)
        .outerjoin(pillar, pillar.c.id == post.c.pillar_id)
        .outerjoin(leader, in_force)
    )


def altered_row(exc: ValueError) -> DamagedPlanError:
    """A stored value no version of LM Planner writes (a role `boss`): said in words."""
    return DamagedPlanError(
        f"the plan file is damaged or was changed by another program (a post holds {exc}) — "
        "restore a backup (lmplanner backups)"
    )
