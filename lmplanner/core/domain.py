"""The product's vocabulary: roles, kinds, statuses, limits and the records services hand out."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a post does for the audience: earns it (leader) or serves and converts it (manager)."""

    LEADER = "leader"
    MANAGER = "manager"

    @classmethod
    def parse(cls, text: str) -> Role:
        """Accept `leader`/`manager`/`L`/`M` in any case; raise ValueError otherwise."""
        key = text.strip().lower()
        aliases = {"leader": cls.LEADER, "l": cls.LEADER, "manager": cls.MANAGER, "m": cls.MANAGER}
        try:
            return aliases[key]
        except KeyError:
            raise ValueError(f"unknown role {text.strip()!r} (use leader or manager)") from None


class Status(StrEnum):
    """Where a post is on its way out, review states included (core.services.approval)."""

    IDEA = "idea"
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    CHANGES_REQUESTED = "changes-requested"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"

    @classmethod
    def parse(cls, text: str) -> Status:
        key = text.strip().lower()
        if key in cls._value2member_map_:
            return cls(key)
        choices = ", ".join(s.value for s in cls)
        raise ValueError(f"unknown status {text.strip()!r} (use one of: {choices})")


class Kind(StrEnum):
    """Optional finer label; each kind belongs to exactly one role."""

    PERSPECTIVE = "perspective"
    VISION = "vision"
    STORY = "story"
    QUESTION = "question"
    INSIGHT = "insight"
    HOW_TO = "how-to"
    TIP = "tip"
    ANALYTICS = "analytics"
    ANNOUNCEMENT = "announcement"
    EVENT = "event"
    PROMOTION = "promotion"
    ENGAGEMENT = "engagement"

    @property
    def role(self) -> Role:
        return Role.LEADER if self in LEADER_KINDS else Role.MANAGER

    @classmethod
    def parse(cls, text: str) -> Kind:
        key = text.strip().lower().replace("_", "-").replace(" ", "-")
        if key == "howto":
            key = "how-to"
        if key in cls._value2member_map_:
            return cls(key)
        choices = ", ".join(k.value for k in cls)
        raise ValueError(f"unknown kind {text.strip()!r} (use one of: {choices})")


LEADER_KINDS: tuple[Kind, ...] = (
    Kind.PERSPECTIVE,
    Kind.VISION,
    Kind.STORY,
    Kind.QUESTION,
    Kind.INSIGHT,
)
MANAGER_KINDS: tuple[Kind, ...] = (
    Kind.HOW_TO,
    Kind.TIP,
    Kind.ANALYTICS,
    Kind.ANNOUNCEMENT,
    Kind.EVENT,
    Kind.PROMOTION,
    Kind.ENGAGEMENT,
)


def kinds_for(role: Role) -> tuple[Kind, ...]:
    return LEADER_KINDS if role is Role.LEADER else MANAGER_KINDS


# Limits: generous for real use, firm enough that a runaway paste is refused with a message.
TITLE_MAX = 300
BODY_MAX = 100_000
NAME_MAX = 80
LINK_MAX = 2_000
NOTES_MAX = 20_000
VISION_MAX = 500
PILLAR_DESCRIPTION_MAX = 300
PILLARS_MAX = 12
COMMENT_MAX = 5_000
# A post's recorded results: counts read from the channel. Far above any post's reach, and
# within every engine's 64-bit integer.
RESULT_MAX = 10**12
METRICS: tuple[str, ...] = (
    "impressions",
    "reactions",
    "comments",
    "shares",
    "clicks",
    "new_followers",
)
RESULT_FIELDS: tuple[str, ...] = (*METRICS, "read_on")

# The calendar days a plan may hold. Every layer (weeks of either first weekday, the month grid,
# the report, ICS time zones) can step a few weeks past these without leaving Python's dates.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)
DATE_RANGE_TEXT = f"{DATE_MIN.isoformat()} … {DATE_MAX.isoformat()}"


def clamp_date(day: dt.date) -> dt.date:
    """`day`, or the nearest end of the supported range."""
    return min(max(day, DATE_MIN), DATE_MAX)


DEFAULT_CHANNELS: tuple[tuple[str, str], ...] = (
    ("LinkedIn", "#0a66c2"),
    ("X", "#536471"),
    ("Facebook", "#827717"),  # not a second blue beside LinkedIn's
    ("Instagram", "#c13584"),
    ("Blog", "#2e7d32"),
    ("Newsletter", "#ef6c00"),
)

# The usual upper length of a post body per channel, for the editor's counter.
CHANNEL_TEXT_LIMITS: dict[str, int] = {
    "x": 280,
    "twitter": 280,
    "instagram": 2_200,
    "linkedin": 3_000,
    "facebook": 63_206,
}


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """How names of channels, people and campaigns are compared: `linkedin` is LinkedIn.
    Cached: an import or a plan's rows ask for the same few names thousands of times."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class PostRecord:
    """A post as services hand it out: names resolved, safe to keep after the session closes.
    Its fields are POST_SHAPE's (core.post_fields), in the same order, as a test checks."""

    id: int
    title: str
    role: Role
    channel: str
    date: dt.date | None = None
    time: dt.time | None = None
    body: str = ""
    kind: Kind | None = None
    status: Status = Status.IDEA
    author: str | None = None
    campaign: str | None = None
    link: str = ""
    notes: str = ""
    other_kind: Kind | None = None  # its kind in the other role, restored on changing back
    role_suggested: bool = False
    pillar: str | None = None
    follows: int | None = None  # the id of the leader post this manager post follows up
    impressions: int | None = None
    reactions: int | None = None
    comments: int | None = None  # a count of the channel's comments, not review comments
    shares: int | None = None
    clicks: int | None = None
    new_followers: int | None = None
    read_on: dt.date | None = None  # the day the results were read
    series: int | None = None  # the id of the recurring series it is an occurrence of
    version: int = 1
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    deleted_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class BalanceSettings:
    """The plan's rules for the balance engine (stored in the plan file)."""

    band_low: float = 0.30
    band_high: float = 0.60
    min_posts: int = 3
    promotion_max: float = 0.20
    drought_days: int = 10
    drought_week_min_posts: int = 3
    channel_min_posts: int = 4
    first_weekday: int = 0  # 0 = Monday … 6 = Sunday (Python's weekday numbering)
    untied_max: float = 0.25  # the share of manager posts that may serve no pillar or leader post
    pillar_lead_days: int = 30  # how long a leader post of a pillar carries its manager posts
    pillar_tolerance: float = 0.10  # how far a pillar's share may drift from its target
    clash_minutes: int = 60  # two timed posts on one channel closer than this clash


# The whole-number plan settings and their allowed ranges (the Plan settings dialog's too).
SETTING_RANGES: dict[str, tuple[int, int]] = {
    "min_posts": (1, 999),
    "drought_days": (1, 999),
    "drought_week_min_posts": (1, 999),
    "channel_min_posts": (1, 999),
    "pillar_lead_days": (1, 999),
    "backup_keep": (1, 999),
    "trash_days": (1, 3650),
    "history_days": (1, 3650),
    "series_horizon_months": (1, 240),
    "clash_minutes": (0, 1440),
}


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """Everything a plan carries about itself besides its posts."""

    uuid: str
    name: str = "My plan"
    timezone: str = "UTC"
    balance: BalanceSettings = field(default_factory=BalanceSettings)
    backup_keep: int = 7
    trash_days: int = 30
    history_days: int = 365  # how long the change history is kept
    series_horizon_months: int = 12  # how far ahead a series' occurrences are created
    vision: str = ""  # what the company stands for, in a sentence or two
    require_approval: bool = False  # scheduling and publishing wait for a reviewer's approval
    country: str = ""  # ISO code whose public holidays the calendar shows ("" for none)
    region: str = ""  # the country's subdivision code (a state, a canton), "" for the nation

    def values(self) -> dict[str, Any]:
        """Every setting by the name update_settings takes it, the balance rules flattened."""
        found = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _NOT_SETTINGS}
        found.update({f.name: getattr(self.balance, f.name) for f in fields(self.balance)})
        return found


_NOT_SETTINGS = ("uuid", "balance")  # the plan's identity; the rules, flattened by values()


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """A post to start others from: LM Planner's built-in leader prompts, or one of the plan's
    own, saved from a post. Names (channel, pillar, author) are text, used when a post is made."""

    name: str
    title: str
    role: Role
    body: str = ""
    kind: Kind | None = None
    channel: str | None = None
    pillar: str | None = None
    author: str | None = None
    builtin: bool = False


@dataclass(frozen=True, slots=True)
class PillarRecord:
    """A theme the plan's vision stands on; `target` is a share (0–1) of the dated posts."""

    id: int
    name: str
    color: str = "#607d8b"
    description: str = ""
    target: float | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """One comment of a post's review thread; `text` is plain and shown exactly as typed."""

    id: int
    post_id: int
    author: str
    created_at: dt.datetime
    text: str
    resolved: bool = False
