"""Tables of a plan, as SQLModel classes; the schema itself is created and upgraded by Alembic."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from lmplanner.core.domain import BalanceSettings

ROLE_CHECK = "role IN ('leader', 'manager')"
STATUS_CHECK = (
    "status IN ('idea', 'draft', 'in-review', 'changes-requested', 'approved', 'scheduled', "
    "'published')"
)
# Posts in the trash: the condition of a partial index (SQLite and PostgreSQL have them).
TRASHED = "deleted_at IS NOT NULL"
# The balance rules' defaults live in BalanceSettings alone.
_BALANCE = BalanceSettings()


class PlanRow(SQLModel, table=True):
    """The single row of plan-wide settings; a plan carries its own rules to another computer."""

    __tablename__ = "plan"

    id: int = Field(default=1, primary_key=True)
    uuid: str = Field(max_length=36)
    name: str = Field(default="My plan", max_length=200)
    timezone: str = Field(default="UTC", max_length=64)
    first_weekday: int = _BALANCE.first_weekday
    band_low: float = _BALANCE.band_low
    band_high: float = _BALANCE.band_high
    min_posts: int = _BALANCE.min_posts
    promotion_max: float = _BALANCE.promotion_max
    drought_days: int = _BALANCE.drought_days
    drought_week_min_posts: int = _BALANCE.drought_week_min_posts
    channel_min_posts: int = _BALANCE.channel_min_posts
    untied_max: float = _BALANCE.untied_max
    pillar_lead_days: int = _BALANCE.pillar_lead_days
    pillar_tolerance: float = _BALANCE.pillar_tolerance
    backup_keep: int = 7
    trash_days: int = 30
    series_horizon_months: int = 12
    vision: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    history_days: int = 365
    require_approval: bool = False
    clash_minutes: int = _BALANCE.clash_minutes
    country: str = Field(default="", max_length=8)
    region: str = Field(default="", max_length=16)
    created_at: dt.datetime


class ChannelRow(SQLModel, table=True):
    __tablename__ = "channel"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)
    color: str = Field(default="#607d8b", max_length=9)
    weekly_target: int | None = None
    position: int = 0


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)


class CampaignRow(SQLModel, table=True):
    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)
    color: str = Field(default="#8e24aa", max_length=9)
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class PillarRow(SQLModel, table=True):
    """A theme of the vision; `target` is a whole percent of the period's dated posts."""

    __tablename__ = "pillar"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)
    color: str = Field(default="#607d8b", max_length=9)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    target: int | None = None
    position: int = 0


class PostRow(SQLModel, table=True):
    __tablename__ = "post"
    __table_args__ = (
        CheckConstraint(ROLE_CHECK, name="ck_post_role"),
        CheckConstraint(STATUS_CHECK, name="ck_post_status"),
        CheckConstraint("time IS NULL OR date IS NOT NULL", name="ck_post_time_needs_date"),
        Index("ix_post_date", "date", "deleted_at"),
        # Only SQLite's words here: see declare_partial_indexes.
        Index("ix_post_trash", "deleted_at", sqlite_where=text(TRASHED), info={"where": TRASHED}),
        Index("ix_post_channel_id", "channel_id"),
        Index("ix_post_title_lower", text("lower(title)")),
        Index("ix_post_pillar_id", "pillar_id"),
        Index("ix_post_follows_id", "follows_id"),
        Index("ix_post_series_id", "series_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    role: str = Field(max_length=8)
    kind: str | None = Field(default=None, max_length=20)
    status: str = Field(default="idea", max_length=20)
    date: dt.date | None = None
    time: dt.time | None = None
    channel_id: int = Field(
        sa_column=Column(Integer, ForeignKey("channel.id", ondelete="RESTRICT"), nullable=False)
    )
    author_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    campaign_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("campaign.id", ondelete="SET NULL"), nullable=True),
    )
    link: str = Field(default="", sa_column=Column(String(2000), nullable=False, default=""))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    other_kind: str | None = Field(default=None, max_length=20)
    pillar_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pillar.id", ondelete="SET NULL"), nullable=True),
    )
    # A link that outlives its target's move to the trash (it stops counting, undo revives it).
    follows_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("post.id", ondelete="SET NULL"), nullable=True),
    )
    role_suggested: bool = False
    # Results: counts as read on `read_on` (64-bit: a viral post outgrows 32-bit integers).
    impressions: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    reactions: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    comments: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    shares: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    clicks: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    new_followers: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    read_on: dt.date | None = None
    series_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("series.id", ondelete="SET NULL"), nullable=True),
    )
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None


class SeriesRow(SQLModel, table=True):
    """A recurring series: a post pattern and its rule. Its occurrences are real posts that point
    here; `generated_until` is the last day they have been created for (the horizon so far)."""

    __tablename__ = "series"
    __table_args__ = (
        CheckConstraint(ROLE_CHECK, name="ck_series_role"),
        CheckConstraint(STATUS_CHECK, name="ck_series_status"),
        CheckConstraint("freq IN ('daily', 'weekly', 'monthly')", name="ck_series_freq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    role: str = Field(max_length=8)
    kind: str | None = Field(default=None, max_length=20)
    status: str = Field(default="draft", max_length=20)
    time: dt.time | None = None
    channel_id: int = Field(
        sa_column=Column(Integer, ForeignKey("channel.id", ondelete="RESTRICT"), nullable=False)
    )
    author_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    campaign_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("campaign.id", ondelete="SET NULL"), nullable=True),
    )
    pillar_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pillar.id", ondelete="SET NULL"), nullable=True),
    )
    link: str = Field(default="", sa_column=Column(String(2000), nullable=False, default=""))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    freq: str = Field(max_length=8)
    interval: int = 1
    weekdays: str = Field(default="", max_length=40)  # "MO,TH"; with `nth`, the one weekday
    monthday: int | None = None
    nth: int | None = None  # 2 with weekdays "TU": the second Tuesday; -1: the last
    start_date: dt.date
    until: dt.date | None = None
    count: int | None = None
    generated_until: dt.date | None = None
    # The UID of the calendar event it was imported from (a second import finds it again).
    ical_uid: str | None = Field(default=None, max_length=1000)
    # Days of the rule with no post to make ("2027-01-05,…"): EXDATEs and moved occurrences.
    skip_dates: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="", server_default="")
    )
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None


class CommentRow(SQLModel, table=True):
    """One comment of a post's review thread; it goes with its post when that is purged."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_post_id", "post_id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(
        sa_column=Column(Integer, ForeignKey("post.id", ondelete="CASCADE"), nullable=False)
    )
    author: str = Field(max_length=80)
    created_at: dt.datetime
    text: str = Field(sa_column=Column(Text, nullable=False))
    resolved: bool = False


class HistoryRow(SQLModel, table=True):
    """One change set as it was made: who, when, its label, and its field changes as compact
    JSON (`[[post_id, field, before, after], …]`); an undo or redo says so in `step`."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    at: dt.datetime
    by: str = Field(max_length=80)
    label: str = Field(max_length=300)
    step: str = Field(default="", max_length=8)
    changes: str = Field(sa_column=Column(Text, nullable=False))


class HistoryPostRow(SQLModel, table=True):
    """Which posts a history entry touched, so a post's history is found by index: the post's
    uuid (a plan file reuses the id of a post removed for good) and its day before and after
    (what a sign-off's period is checked against, even once the post is gone)."""

    __tablename__ = "history_post"
    __table_args__ = (Index("ix_history_post_post", "post_id"),)

    history_id: int = Field(
        sa_column=Column(Integer, ForeignKey("history.id", ondelete="CASCADE"), primary_key=True)
    )
    post_id: int = Field(primary_key=True)
    post_uuid: str | None = Field(default=None, max_length=36)
    day_before: dt.date | None = None
    day_after: dt.date | None = None


class SignoffRow(SQLModel, table=True):
    """A reviewer's approval of a period's plan, with a note for the meeting."""

    __tablename__ = "signoff"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    period_start: dt.date
    period_end: dt.date
    by: str = Field(max_length=80)
    at: dt.datetime
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The newest history entry when it was signed: later entries are changes since.
    after_history: int | None = None


class TemplateRow(SQLModel, table=True):
    """A post saved to start others from. Names are kept as text: a template outlives the
    channel, pillar or person it names, and a post made from it brings the name back."""

    __tablename__ = "template"
    __table_args__ = (CheckConstraint(ROLE_CHECK, name="ck_template_role"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    role: str = Field(max_length=8)
    kind: str | None = Field(default=None, max_length=20)
    channel: str | None = Field(default=None, max_length=80)
    pillar: str | None = Field(default=None, max_length=80)
    author: str | None = Field(default=None, max_length=80)
    created_at: dt.datetime


TABLES: dict[str, type[SQLModel]] = {
    "plan": PlanRow,
    "channel": ChannelRow,
    "person": PersonRow,
    "campaign": CampaignRow,
    "pillar": PillarRow,
    "post": PostRow,
    "history": HistoryRow,
    "history_post": HistoryPostRow,
    "signoff": SignoffRow,
    "comment": CommentRow,
    "series": SeriesRow,
    "template": TemplateRow,
}


def table(name: str) -> Table:
    """The Core table behind a model, for SQLAlchemy Core statements."""
    result: Table = TABLES[name].__table__  # type: ignore[attr-defined]
    return result


def declare_partial_indexes(dialect: str) -> None:
    """Give each partial index (a `where` in its info) that condition in `dialect`'s words too.

    SQLAlchemy imports a dialect's whole package to check an argument such as `postgresql_where`,
    so the tables name only SQLite's, the engine of every plan file; Alembic's environment adds
    the words of the database it runs on (the migrations spell their indexes out themselves)."""
    for table_ in SQLModel.metadata.tables.values():
        for index in table_.indexes:
            where = index.info.get("where")
            if isinstance(where, str):
                index.dialect_kwargs[f"{dialect}_where"] = text(where)
