"""Reading posts: filters, ordering and paging in the query, and the light balance read."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import (
    DATE_MIN,
    METRICS,
    Kind,
    PillarRecord,
    PostRecord,
    Role,
    Status,
    name_key,
)
from lmplanner.core.errors import DamagedPlanError, NotFoundError, ValidationError
from lmplanner.core.post_fields import NAME_FIELDS, POST_SHAPE, record_from_values, record_maker

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.elements import ColumnElement

    from lmplanner.core.balance import BalanceReport, Period
    from lmplanner.core.results.analysis import ResultsReport

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


_NULLABLE_ORDERS = frozenset(
    {"date", "time", "kind", "author", "campaign", "deleted", "pillar", "follows"}
    | {*METRICS, "read_on", "series"}
)


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
        values = {name: row[key] for name, key in _RECORD_KEYS}
        try:
            return record_from_values(values)
        except ValueError as exc:
            raise altered_row(exc) from None

    @staticmethod
    def _record_maker(keys: Sequence[str]) -> Callable[[Sequence[Any]], PostRecord]:
        """_record for rows of _post_select as tuples whose columns are `keys`."""
        make = record_maker([list(keys).index(key) for _name, key in _RECORD_KEYS])

        def record(row: Sequence[Any]) -> PostRecord:
            try:
                return make(row)
            except ValueError as exc:
                raise altered_row(exc) from None

        return record

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

    def follow_ups(self, post_id: int) -> list[PostRecord]:
        """The posts (outside the trash) that name `post_id` as the leader post they follow up,
        by date (backlog last), then id."""
        post = self._table("post")
        query = self._post_select().where(post.c.follows_id == post_id, post.c.deleted_at.is_(None))
        query = query.order_by(*self._order_by("date", False))
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
        query = self._count_query(start, end, backlog, flt, trash)
        with self.plan.read() as conn:
            return int(conn.execute(query).scalar_one())

    def _count_query(
        self,
        start: dt.date | None,
        end: dt.date | None,
        backlog: bool | None,
        flt: PostFilter | None,
        trash: bool,
    ) -> Any:
        from sqlalchemy import func, select

        conditions = self._post_conditions(start, end, backlog, trash)
        if flt is not None and (flt.channels or flt.authors or flt.campaigns or flt.pillars):
            inner = self._post_select().where(*conditions, *self._filter_clauses(flt))
            return select(func.count()).select_from(inner.subquery())
        # No name filter: count posts alone, without joining the name tables.
        post = self._table("post")
        query = select(func.count()).select_from(post)
        return query.where(*conditions, *self._filter_clauses(flt))

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
        from sqlalchemy import func, nulls_first, nulls_last, select

        post = self._table("post")
        comment = self._table("comment")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        pillar = self._table("pillar")
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
            "pillar": pillar.c.name_key,
            "follows": post.c.follows_id,
            "created": post.c.created_at,
            "updated": post.c.updated_at,
            "deleted": post.c.deleted_at,
            **{name: post.c[name] for name in (*METRICS, "read_on")},
            "open_comments": select(func.count())
            .where(comment.c.post_id == post.c.id, comment.c.resolved.is_(False))
            .scalar_subquery(),
            "series": post.c.series_id,  # a series' posts together (the agenda's grouping)
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
        # One read transaction for all of it: the meter runs after every edit, and on a big plan
        # each transaction of its own costs as much as the query in it.
        with self.plan.read() as conn:
            posts = self._balance_facts(conn, period, meter_filter)
            counted = self._count_query(None, None, True, meter_filter, False)
            backlog = int(conn.execute(counted).scalar_one())
            settings = self._read_settings(conn).balance
            pillars = self._pillar_list(conn)
            if meter_filter is not None and meter_filter.pillars:
                # Filtered to some pillars, the others have no posts to judge: no flags of theirs.
                shown = {name_key(name) for name in meter_filter.pillars}
                pillars = [p for p in pillars if name_key(p.name) in shown]
            lead_in = (
                self._pillar_lead_in(conn, period, settings.pillar_lead_days) if pillars else []
            )
        return analyze(
            posts,
            period,
            settings,
            backlog=backlog,
            filters=dict(meter_filter.describe()) if meter_filter else None,
            pillars=pillars,
            lead_in=lead_in,
        )

    def results(self, period: Period, flt: PostFilter | None = None) -> ResultsReport:
        """What the period's dated posts achieved, per role and pillar; the meter's filters."""
        from lmplanner.core.results.analysis import analyze_results

        meter_filter = flt.for_balance() if flt is not None else None
        posts = self.posts(start=period.start, end=period.end, backlog=False, flt=meter_filter)
        with self.plan.read() as conn:
            pillars = self._pillar_list(conn)
        return analyze_results(period.label(), posts, pillars)

    def _pillar_list(self, conn: Connection) -> list[PillarRecord]:
        from sqlalchemy import select

        t = self._table("pillar")
        rows = conn.execute(select(t).order_by(t.c.position, t.c.name_key)).mappings().all()
        return [pillar_record(dict(r)) for r in rows]

    def _balance_facts(
        self, conn: Connection, period: Period, flt: PostFilter | None
    ) -> list[PostRecord]:
        """Just what the balance engine reads (role, kind, date, time, channel…) for a period:
        no bodies or timestamps to convert, so the meter stays quick on big plans. The records'
        other fields are left empty."""

        query = balance_select(*(self._table(name) for name in BALANCE_TABLES))
        query = query.where(*self._post_conditions(period.start, period.end, False, False))
        query = query.where(*self._filter_clauses(flt))
        rows = conn.execute(query).all()
        roles, kinds = _ROLE_VALUES, _KIND_VALUES
        try:
            return [
                PostRecord(
                    id=pid,
                    title=title,
                    role=roles.get(role) or Role(role),
                    channel=channel,
                    date=day,
                    time=time,
                    kind=(kinds.get(kind) or Kind(kind)) if kind else None,
                    author=author,
                    pillar=pillar,
                    follows=follows,
                )
                for pid, title, role, kind, day, time, channel, author, pillar, follows in rows
            ]
        except ValueError as exc:
            raise altered_row(exc) from None

    def _pillar_lead_in(self, conn: Connection, period: Period, days: int) -> list[PostRecord]:
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
        rows = conn.execute(query).all()
        return [
            PostRecord(id=pid, title="", role=Role.LEADER, channel="", date=day, pillar=name)
            for pid, day, name in rows
        ]


BALANCE_TABLES = ("post", "channel", "person", "campaign", "pillar")
# Stored values to members without an enum call per row.
_ROLE_VALUES: dict[str, Role] = {r.value: r for r in Role}
_KIND_VALUES: dict[str, Kind] = {k.value: k for k in Kind}


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


# Where each field of a record is in a row of _post_select: a name's text, else its column.
_RECORD_KEYS: tuple[tuple[str, str], ...] = tuple(
    (f.name, f"{f.name}_name" if f.names else f.column) for f in POST_SHAPE
)
