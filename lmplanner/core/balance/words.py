"""Words for people in the balance report: verdicts, flags, suggestions and period labels."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lmplanner.core.domain import BalanceSettings, Kind

if TYPE_CHECKING:
    from lmplanner.core.balance.periods import Period

# Private to the balance modules. Every user-facing string goes through `tr` / `_n` in this
# module, so a gettext catalogue (or Qt's translator) can be plugged in later without touching
# the rules.


def tr(text: str) -> str:
    """Translation hook (identity for now); templates use named `{fields}` so words can move."""
    return text


def _n(singular: str, plural: str, count: int) -> str:
    """Plural-aware translation hook, shaped like `ngettext`."""
    return singular if count == 1 else plural


MONTHS = (
    tr("January"),
    tr("February"),
    tr("March"),
    tr("April"),
    tr("May"),
    tr("June"),
    tr("July"),
    tr("August"),
    tr("September"),
    tr("October"),
    tr("November"),
    tr("December"),
)
MONTHS_SHORT = (
    tr("Jan"),
    tr("Feb"),
    tr("Mar"),
    tr("Apr"),
    tr("May"),
    tr("Jun"),
    tr("Jul"),
    tr("Aug"),
    tr("Sep"),
    tr("Oct"),
    tr("Nov"),
    tr("Dec"),
)

# How to turn a manager post of a given kind into a leader post: the "why" behind the "what".
_REFRAME: dict[Kind | None, str] = {
    Kind.HOW_TO: tr("a story about why you built it this way"),
    Kind.TIP: tr("a perspective on why the tip matters"),
    Kind.ANALYTICS: tr("an insight on what the numbers mean"),
    Kind.ANNOUNCEMENT: tr("a story about why it matters"),
    Kind.EVENT: tr("a story about why you are holding it"),
    Kind.PROMOTION: tr("a perspective on the problem it solves"),
    Kind.ENGAGEMENT: tr("an open question that asks for real opinions"),
    None: tr("a perspective or a story"),
}


def _posts(count: int) -> str:
    return _n("{count} post", "{count} posts", count).format(count=count)


def _kind_posts(count: int, kind: Kind | None) -> str:
    if kind is None:
        return _n("{count} manager post", "{count} manager posts", count).format(count=count)
    return _n("{count} {kind} post", "{count} {kind} posts", count).format(
        count=count, kind=kind.value
    )


def day_text(day: dt.date) -> str:
    return tr("{day} {month} {year}").format(
        day=day.day, month=MONTHS_SHORT[day.month - 1], year=day.year
    )


def _percent_number(fraction: float) -> str:
    value = fraction * 100
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.1f}".rstrip("0").rstrip(".")


# The one style for numbers people read, in the CLI, the app and the report alike: a share is
# "36 %" (a number, a space, the sign), a range "30 %–60 %", a count "1 post" / "2 posts".
def percent(fraction: float | None) -> str:
    """A share as a whole percentage ("36 %"); "—" when there is none (no posts)."""
    if fraction is None:
        return "—"
    return tr("{number} %").format(number=round(fraction * 100))


def setting_percent(fraction: float) -> str:
    """A plan setting as a percentage, with the decimal a setting may have ("12.5 %")."""
    return tr("{number} %").format(number=_percent_number(fraction))


def percent_band(low: float, high: float) -> str:
    """A target band, both ends with their sign: "30 %–60 %"."""
    return tr("{low}–{high}").format(low=setting_percent(low), high=setting_percent(high))


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """`count` with the noun's real form: "1 post", "2 posts" (never "post(s)")."""
    noun = singular if count == 1 else (plural or singular + "s")
    return tr("{count} {noun}").format(count=count, noun=noun)


def _share_percent(share: float, edge: float) -> str:
    """`share` as a percentage, with enough decimals that it never reads as equal to `edge`."""
    text = str(round(share * 100))
    if share != edge and text == _percent_number(edge):
        for decimals in (1, 2, 3):
            text = f"{share * 100:.{decimals}f}"
            if text.rstrip("0").rstrip(".") != _percent_number(edge):
                break
    return tr("{number} %").format(number=text)


def _band_text(settings: BalanceSettings) -> str:
    return percent_band(settings.band_low, settings.band_high)


VERDICT_TEXT = {
    "balanced": tr("Balanced"),
    "all-activity-no-vision": tr("All activity, no vision"),
    "vision-without-execution": tr("Vision without execution"),
    "empty": tr("Nothing planned"),
    "too-early": tr("Too early to tell"),
}


def _part_of(part: int, whole: int, pct: str = "") -> str:
    """ "1 of 1 post", "2 of 3 posts (67 %)": the noun's form follows the whole."""
    text = _n("{part} of {whole} post", "{part} of {whole} posts", whole).format(
        part=part, whole=whole
    )
    return tr("{posts} ({pct})").format(posts=text, pct=pct) if pct else text


def _of_the(part: int, whole: int, singular: str, plural: str) -> str:
    """ "2 of the 5 manager posts", or "the only manager post" when there is one."""
    if whole == 1:
        return tr("the only {noun}").format(noun=singular)
    return tr("{part} of the {whole} {nouns}").format(part=part, whole=whole, nouns=plural)


def leader_posts_text(leader: int, total: int, pct: str = "") -> str:
    """ "1 of 1 post is a leader post", "2 of 5 posts (40 %) are leader posts"; with none,
    "None of the 5 posts are leader posts" (it may begin a sentence)."""
    if leader == 0:
        return _n(
            "The only post is not a leader post",
            "None of the {total} posts are leader posts",
            total,
        ).format(total=total)
    return _n("{posts} is a leader post", "{posts} are leader posts", leader).format(
        posts=_part_of(leader, total, pct)
    )


def untied_text(count: int, pct: str) -> str:
    """The report's lead-in to the list of untied manager posts."""
    return _n(
        "{count} manager post ({pct}) serves no pillar and follows up no leader post:",
        "{count} manager posts ({pct}) serve no pillar and follow up no leader post:",
        count,
    ).format(count=count, pct=pct)


def msg_all_activity(leader: int, total: int, share: float, s: BalanceSettings) -> str:
    if leader == 0:
        return _n(
            "The only post is not a leader post; the target is {band}.",
            "None of the {total} posts are leader posts; the target is {band}.",
            total,
        ).format(total=total, band=_band_text(s))
    return tr("Only {posts}; the target is {band}.").format(
        posts=leader_posts_text(leader, total, _share_percent(share, s.band_low)),
        band=_band_text(s),
    )


def sug_all_activity(
    add: int | None, convert: int, manager: int, s: BalanceSettings, hint: str
) -> str:
    convert_text = _n(
        "turn {posts} into a leader post", "turn {posts} into leader posts", convert
    ).format(posts=_of_the(convert, manager, tr("manager post"), tr("manager posts")))
    if add is None:
        text = tr("To reach {low}, {convert_text}.").format(
            low=setting_percent(s.band_low), convert_text=convert_text
        )
    else:
        text = _n(
            "Add {add} leader post (a perspective, a story or an insight), or {convert_text}, "
            "to reach {low}.",
            "Add {add} leader posts (perspectives, stories or insights), or {convert_text}, "
            "to reach {low}.",
            add,
        ).format(add=add, convert_text=convert_text, low=setting_percent(s.band_low))
    return f"{text} {hint}" if hint else text


def _its_kind_posts(count: int, kind: Kind | None) -> str:
    """ "its how-to post" for one, "one of its 7 how-to posts" for more: never "its 1 … post"."""
    if count == 1:
        what = kind.value if kind is not None else "manager"
        return tr("its {kind} post").format(kind=what)
    return tr("one of its {posts}").format(posts=_kind_posts(count, kind))


def hint_start_with(week_label: str, count: int, kind: Kind | None) -> str:
    return tr("Start with {week}: turn {posts} into {reframe}.").format(
        week=week_label, posts=_its_kind_posts(count, kind), reframe=_REFRAME[kind]
    )


def msg_vision_only(leader: int, total: int, share: float, s: BalanceSettings) -> str:
    return tr(
        "{posts}; the target is {band}, so nobody turns the attention they earn into results."
    ).format(
        posts=leader_posts_text(leader, total, _share_percent(share, s.band_high)),
        band=_band_text(s),
    )


def sug_vision_only(add: int | None, convert: int, leader: int, s: BalanceSettings) -> str:
    convert_text = _n(
        "turn {posts} into a manager post", "turn {posts} into manager posts", convert
    ).format(posts=_of_the(convert, leader, tr("leader post"), tr("leader posts")))
    if add is None:
        return tr("To get down to {high}, {convert_text}.").format(
            high=setting_percent(s.band_high), convert_text=convert_text
        )
    return _n(
        "Add {add} manager post (a how-to, an event or an engagement post) so someone serves "
        "the audience your leaders attract, or {convert_text}, to get down to {high}.",
        "Add {add} manager posts (how-tos, an event, engagement posts) so someone serves "
        "the audience your leaders attract, or {convert_text}, to get down to {high}.",
        add,
    ).format(add=add, convert_text=convert_text, high=setting_percent(s.band_high))


def msg_promotion(promo: int, total: int, s: BalanceSettings) -> str:
    return _n(
        "{posts} is promotion; the limit is {limit}.",
        "{posts} are promotion; the limit is {limit}.",
        promo,
    ).format(
        posts=_part_of(promo, total, _share_percent(promo / total, s.promotion_max)),
        limit=setting_percent(s.promotion_max),
    )


def sug_promotion(replace: int, promo: int) -> str:
    return _n(
        "Replace {posts} with a how-to or a story that earns attention before asking for it.",
        "Replace {posts} with how-tos or stories that earn attention before asking for it.",
        replace,
    ).format(posts=_of_the(replace, promo, tr("promotion post"), tr("promotion posts")))


def msg_week_drought(week_label: str, count: int) -> str:
    return tr("The week {week} has {posts} and not one leader post.").format(
        week=week_label, posts=_posts(count)
    )


def sug_week_drought(count: int, kind: Kind | None) -> str:
    return tr("Turn {posts} into {reframe}.").format(
        posts=_its_kind_posts(count, kind), reframe=_REFRAME[kind]
    )


def msg_gap(gap: Period, period: Period, limit: int) -> str:
    values = {
        "days": _n("{count} day", "{count} days", gap.days()).format(count=gap.days()),
        "range": gap.label(),
        "period": period.label(),
        "limit": _n("{count} day", "{count} days", limit).format(count=limit),
    }
    if gap == period:
        template = tr("No leader post at all in {period} ({days}); the limit is {limit}.")
    elif gap.start == period.start:
        template = tr(
            "No leader post in the first {days} of the period ({range}); the limit is {limit}."
        )
    elif gap.end == period.end:
        template = tr(
            "No leader post in the last {days} of the period ({range}); the limit is {limit}."
        )
    else:
        template = tr("No leader post for {days} ({range}); the limit is {limit}.")
    return template.format(**values)


def sug_gap(middle: dt.date) -> str:
    return tr(
        "Plan a leader post (a perspective or a story) around {day} so the audience keeps "
        "hearing why you do what you do."
    ).format(day=day_text(middle))


def msg_channel(channel: str, count: int) -> str:
    return _n(
        "The only post on {channel} is a manager post.",
        "All {count} posts on {channel} are manager posts.",
        count,
    ).format(count=count, channel=channel)


def sug_channel(channel: str) -> str:
    return tr(
        "Give {channel} a leader post too: share a perspective or a story there, not only updates."
    ).format(channel=channel)


def msg_empty(period: Period) -> str:
    return tr("Nothing is planned for {period}.").format(period=period.label())


def sug_empty(backlog: int) -> str:
    if backlog > 0:
        return _n(
            "Schedule the idea waiting in the backlog, and make the first post a leader post.",
            "Schedule some of the {backlog} ideas waiting in the backlog; start with a leader "
            "post.",
            backlog,
        ).format(backlog=backlog)
    return tr(
        "Plan a leader post (a perspective or a story) and a manager post (a how-to or an event) "
        "to get started."
    )


def kind_label(kind: Kind | None) -> str:
    if kind is None:
        return tr("No kind")
    return kind.value.capitalize()


# The group key of posts with a blank channel or author, or no kind (never shown as a name).
NONE_KEY = "(none)"
NO_AUTHOR = tr("No author")
NO_CHANNEL = tr("No channel")


# ------------------------------------------------------------------ strategy: pillars and voices
def msg_untied(untied: int, manager: int, share: float, s: BalanceSettings) -> str:
    posts = _n(
        "{untied} of {manager} manager post ({pct})",
        "{untied} of {manager} manager posts ({pct})",
        manager,
    ).format(untied=untied, manager=manager, pct=_share_percent(share, s.untied_max))
    return _n(
        "{posts} serves no pillar and follows up no leader post; the limit is {limit}.",
        "{posts} serve no pillar and follow up no leader post; the limit is {limit}.",
        untied,
    ).format(posts=posts, limit=setting_percent(s.untied_max))


def sug_untied(group: str, count: int, serve: str) -> str:
    return tr(
        "Start with the {posts} {group}: give each a pillar or let it follow up {serve}."
    ).format(
        posts=_n("untied post", "{count} untied posts", count).format(count=count),
        group=group,
        serve=serve,
    )


def untied_group(channel: str | None, kind: Kind | None) -> str:
    if kind is not None:
        return tr("of kind {kind}").format(kind=kind.value)
    return tr("on {channel}").format(channel=channel)


def serve_pillar(pillar: str) -> str:
    return tr("a leader post of the pillar {pillar}").format(pillar=pillar)


def serve_leader(title: str, day: dt.date) -> str:
    return tr("the leader post “{title}” ({day})").format(title=title, day=day_text(day))


MSG_NO_PILLARS = tr("This plan names no content pillars, so nothing ties its posts to the vision.")
SUG_NO_PILLARS = tr(
    "Name the 2–5 themes your vision stands on (Plan settings > Strategy, or `pillar add NAME`) "
    "and give each post one."
)


def msg_pillar_without_leader(pillar: str, manager: int, lead_days: int) -> str:
    return _n(
        "The pillar {pillar} has {manager} manager post and no leader post in the period "
        "or the {days} before it.",
        "The pillar {pillar} has {manager} manager posts and no leader post in the period "
        "or the {days} before it.",
        manager,
    ).format(pillar=pillar, manager=manager, days=count_of(lead_days, "day"))


def sug_pillar_without_leader(pillar: str, first: dt.date) -> str:
    return tr(
        "Plan a leader post for {pillar} (a perspective or a story) before {day}: leaders drive "
        "the need that its manager posts serve."
    ).format(pillar=pillar, day=day_text(first))


def msg_execution_before_vision(pillar: str, early: int, leader_day: dt.date) -> str:
    return _n(
        "{early} manager post of the pillar {pillar} comes before its first leader post ({day}).",
        "{early} manager posts of the pillar {pillar} come before its first leader post ({day}).",
        early,
    ).format(early=early, pillar=pillar, day=day_text(leader_day))


def sug_execution_before_vision(pillar: str, leader_day: dt.date, first: dt.date) -> str:
    return tr(
        "Move the leader post of {pillar} from {leader} to {first} or earlier, or move the "
        "manager posts after it."
    ).format(pillar=pillar, leader=day_text(leader_day), first=day_text(first))


def msg_pillar_off_target(pillar: str, count: int, share: float, target: float) -> str:
    return tr("The pillar {pillar} has {posts} ({pct}); its target is {target}.").format(
        pillar=pillar,
        posts=_posts(count),
        pct=_share_percent(share, target),
        target=setting_percent(target),
    )


def sug_pillar_off_target(pillar: str, posts: int, under: bool) -> str:
    if under:
        return _n(
            "Give {count} more of the period's posts the pillar {pillar} (or add one) to come "
            "back within its tolerance.",
            "Give {count} more of the period's posts the pillar {pillar} (or add new ones) to "
            "come back within its tolerance.",
            posts,
        ).format(count=posts, pillar=pillar)
    return _n(
        "Move {count} post of {pillar} to another pillar to come back within its tolerance.",
        "Move {count} posts of {pillar} to other pillars to come back within its tolerance.",
        posts,
    ).format(count=posts, pillar=pillar)


def msg_pillar_silent(pillar: str, target: float) -> str:
    return tr("The pillar {pillar} has no post in the period; its target is {target}.").format(
        pillar=pillar, target=setting_percent(target)
    )


def sug_pillar_silent(pillar: str) -> str:
    return tr("Plan a leader post for {pillar}, then a manager post that follows it up.").format(
        pillar=pillar
    )


def msg_no_leader_voice(posts: int, authors: int) -> str:
    return _n(
        "{authors} person writes {posts} and none of them is a leader post: a company without "
        "social-media leaders struggles to build relationships.",
        "{authors} people write {posts} and none of them is a leader post: a company without "
        "social-media leaders struggles to build relationships.",
        authors,
    ).format(authors=authors, posts=_posts(posts))


def sug_no_leader_voice(author: str, day: dt.date) -> str:
    return tr(
        "Ask {author}, the most active author, to write a leader post (a perspective or a "
        "story) for {day}."
    ).format(author=author, day=day_text(day))


def msg_single_leader_voice(author: str, leaders: int, authors: int) -> str:
    return _n(
        "{author} wrote the only leader post of the {authors} people posting.",
        "{author} wrote all {count} leader posts of the {authors} people posting.",
        leaders,
    ).format(author=author, count=leaders, authors=authors)


def sug_single_leader_voice(other: str) -> str:
    return tr(
        "Let a second voice lead: ask {other} to write a leader post so the team's leaders are "
        "more than one person."
    ).format(other=other)


PROFILE_TOO_FEW = "too-few"
PROFILE_LEADER = "leader-voice"
PROFILE_MANAGER = "manager-voice"
PROFILE_NO_AUTHOR = "no-author"  # the posts without an author: nobody's voice


FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolated(name: str) -> str:
    """A user-supplied name set apart for the bidi algorithm (FSI…PDI): a right-to-left name
    keeps its own direction without pulling the sentence's commas and numbers into it."""
    return f"{FIRST_STRONG_ISOLATE}{name}{POP_DIRECTIONAL_ISOLATE}"


def leading_text(names: list[str], band_low: float) -> str:
    """Who leads, the same words in the meter and the report; each name isolated."""
    if names:
        return tr("Leading: {names}").format(names=", ".join(isolated(n) for n in names))
    return tr("Leading: nobody yet — no author's leader share reaches {low}").format(
        low=setting_percent(band_low)
    )


def unauthored_text(leader: int, manager: int) -> str:
    """The posts without an author, counted apart from the authors ("" when there are none)."""
    leaders = _n("{count} leader post", "{count} leader posts", leader).format(count=leader)
    managers = _n("{count} manager post", "{count} manager posts", manager).format(count=manager)
    if leader and manager:
        return tr("{leaders} and {managers} have no author.").format(
            leaders=leaders, managers=managers
        )
    if leader or manager:
        count = leader or manager
        return _n("{posts} has no author.", "{posts} have no author.", count).format(
            posts=leaders if leader else managers
        )
    return ""


NO_PILLAR = tr("No pillar")
