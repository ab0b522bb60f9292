"""A realistic sample month for first runs, screenshots and demos.

About 25 dated posts over several channels by two authors, a few backlog ideas, and one week of
pure activity (no leader post) so the balance engine has something to point at. The plan gets a
vision and three pillars; some manager posts follow up a leader post, and one pillar holds only
manager posts, so the strategy flags have something to point at too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import replace

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import PILLARS_MAX, Kind, Role, Status, name_key
from lmplanner.core.errors import ValidationError
from lmplanner.core.services import PlanService, PostDraft

AUTHORS = ("Maya Chen", "Jonas Berg")
CAMPAIGN = "{month} launch"  # named for the month the sample is made for
VISION = "Fewer, better posts with a point of view — and the help that follows from it."
# (name, colour, target %, description); Okabe–Ito colours, told apart by colour-blind eyes and
# apart from the leader purple and manager teal.
PILLARS: tuple[tuple[str, str, int, str], ...] = (
    ("Point of view", "#0072b2", 25, "What we believe about planning, said plainly."),
    ("Customer stories", "#e69f00", 30, "Real teams and what changed for them."),
    ("Product tips", "#cc79a7", 20, "How to get more out of the planner."),
)
# Part of a title → pillar; "Product tips" has manager posts only, so PILLAR_WITHOUT_LEADER shows.
_PILLAR_OF = {
    "Why the next decade": "Point of view",
    "Engagement is a lagging": "Point of view",
    "What would your audience": "Point of view",
    "Content strategy is product": "Point of view",
    "Hot take": "Point of view",
    "What we got wrong": "Point of view",
    "The customer who taught": "Customer stories",
    "The spreadsheet that ran": "Customer stories",
    "We measured a year": "Customer stories",
    "From 40 posts": "Customer stories",
    "Customer spotlight": "Customer stories",
    "Three keyboard shortcuts": "Product tips",
    "New: export your calendar": "Product tips",
    "Tip: colour-code": "Product tips",
    "How to import a Hootsuite": "Product tips",
    "Batch your drafts": "Product tips",
    "Webinar recording is up": "Product tips",
    "newsletter: what's new": "Product tips",
    "Checklist: 10 things": "Product tips",
}
# Part of a follower's title → the start of the leader post's title it follows up.
_FOLLOWS = {
    "How to plan a month": "Why the next decade",
    "Share your planning desk": "The customer who taught",
    "Live Q&A on Thursday": "Engagement is a lagging",
    "Poll: which day": "What would your audience",
    "report: what moved the needle": "We measured a year",
    "Behind the scenes at the Lisbon": "From 40 posts",
    "How to run a content retro": "Content strategy is product",
}


def _starting(table: dict[str, str], title: str) -> str | None:
    return next((value for part, value in table.items() if part in title), None)


# (day offset within its week slot, time, channel, role, kind, title, body)
_WEEKS: tuple[tuple[tuple[int, str, str, Role, Kind, str, str], ...], ...] = (
    (
        (
            0,
            "09:00",
            "LinkedIn",
            Role.LEADER,
            Kind.VISION,
            "Why the next decade of planning tools will be opinionated",
            "Tools that only count posts reward activity. We think a planner should say when "
            "a plan has no point of view.",
        ),
        (
            1,
            "12:30",
            "X",
            Role.MANAGER,
            Kind.TIP,
            "Three keyboard shortcuts that save us an hour a week",
            "",
        ),
        (
            2,
            "08:00",
            "Newsletter",
            Role.MANAGER,
            Kind.ANNOUNCEMENT,
            "{month} newsletter: what's new this month",
            "",
        ),
        (
            3,
            "17:00",
            "Instagram",
            Role.LEADER,
            Kind.STORY,
            "The customer who taught us to delete features",
            "A story about the week a customer asked us to remove something, and why we listened.",
        ),
        (
            4,
            "11:00",
            "Facebook",
            Role.MANAGER,
            Kind.ENGAGEMENT,
            "Share your planning desk: best photo wins a notebook",
            "",
        ),
    ),
    (
        (
            0,
            "09:00",
            "LinkedIn",
            Role.MANAGER,
            Kind.HOW_TO,
            "How to plan a month of posts in 30 minutes",
            "",
        ),
        (
            1,
            "10:00",
            "Blog",
            Role.LEADER,
            Kind.PERSPECTIVE,
            "Engagement is a lagging indicator; conviction is a leading one",
            "",
        ),
        (
            2,
            "13:00",
            "Facebook",
            Role.MANAGER,
            Kind.EVENT,
            "Live Q&A on Thursday: bring your content calendar",
            "",
        ),
        (
            3,
            "09:30",
            "X",
            Role.MANAGER,
            Kind.ANALYTICS,
            "{previous} in numbers: reach, saves and replies",
            "",
        ),
        (
            4,
            "16:00",
            "Newsletter",
            Role.LEADER,
            Kind.QUESTION,
            "What would your audience miss if you stopped posting tomorrow?",
            "",
        ),
        (
            4,
            "19:00",
            "Instagram",
            Role.LEADER,
            Kind.STORY,
            "The spreadsheet that ran our first 100 posts",
            "",
        ),
    ),
    # The activity-heavy week: busy, useful, and without a single leader post.
    (
        (
            0,
            "09:00",
            "LinkedIn",
            Role.MANAGER,
            Kind.PROMOTION,
            "{month} launch: 20 % off annual plans this week",
            "",
        ),
        (
            1,
            "12:00",
            "Instagram",
            Role.MANAGER,
            Kind.ANNOUNCEMENT,
            "New: export your calendar to Outlook and Google",
            "",
        ),
        (
            1,
            "18:00",
            "X",
            Role.MANAGER,
            Kind.TIP,
            "Tip: colour-code campaigns to spot gaps at a glance",
            "",
        ),
        (
            2,
            "10:00",
            "Facebook",
            Role.MANAGER,
            Kind.ENGAGEMENT,
            "Poll: which day do you plan your content?",
            "",
        ),
        (
            3,
            "11:00",
            "Newsletter",
            Role.MANAGER,
            Kind.PROMOTION,
            "Last chance: launch pricing ends Friday",
            "",
        ),
        (
            4,
            "15:00",
            "Blog",
            Role.MANAGER,
            Kind.HOW_TO,
            "How to import a Hootsuite CSV in two steps",
            "",
        ),
    ),
    (
        (
            0,
            "08:30",
            "LinkedIn",
            Role.LEADER,
            Kind.INSIGHT,
            "We measured a year of our own posts. The quiet ones built the pipeline.",
            "",
        ),
        (
            1,
            "12:00",
            "X",
            Role.MANAGER,
            Kind.TIP,
            "Batch your drafts on Mondays, schedule on Fridays",
            "",
        ),
        (
            2,
            "09:00",
            "Blog",
            Role.LEADER,
            Kind.STORY,
            "From 40 posts a month to 12 — and twice the replies",
            "",
        ),
        (
            3,
            "14:00",
            "Instagram",
            Role.MANAGER,
            Kind.EVENT,
            "Behind the scenes at the Lisbon meetup",
            "",
        ),
        (
            3,
            "18:30",
            "Newsletter",
            Role.MANAGER,
            Kind.ANNOUNCEMENT,
            "Webinar recording is up: planning for Q1",
            "",
        ),
        (
            4,
            "10:00",
            "LinkedIn",
            Role.MANAGER,
            Kind.ANALYTICS,
            "{quarter} report: what moved the needle",
            "",
        ),
    ),
    (
        (
            0,
            "09:00",
            "LinkedIn",
            Role.LEADER,
            Kind.VISION,
            "Content strategy is product strategy said out loud",
            "",
        ),
        (
            1,
            "12:00",
            "Facebook",
            Role.MANAGER,
            Kind.ANNOUNCEMENT,
            "New opening hours for our support team",
            "",
        ),
        (
            2,
            "16:00",
            "X",
            Role.LEADER,
            Kind.PERSPECTIVE,
            "Hot take: most 'thought leadership' is neither",
            "",
        ),
        (
            3,
            "08:00",
            "Newsletter",
            Role.MANAGER,
            Kind.HOW_TO,
            "How to run a content retro with your team",
            "",
        ),
    ),
)

_BACKLOG: tuple[tuple[str, Role, Kind | None, str], ...] = (
    ("What we got wrong about short-form video", Role.LEADER, Kind.PERSPECTIVE, "Blog"),
    (
        "Customer spotlight: a bakery that plans a quarter ahead",
        Role.LEADER,
        Kind.STORY,
        "LinkedIn",
    ),
    ("Checklist: 10 things to prepare before a launch week", Role.MANAGER, Kind.HOW_TO, "Blog"),
    ("Giveaway idea for the 1 000th subscriber", Role.MANAGER, Kind.PROMOTION, "Instagram"),
)


def demo_drafts(year: int, month: int, first_weekday: int = 0) -> list[PostDraft]:
    """The sample month's posts: weeks of the month filled from its first full working week."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    # Start on the first Monday (or the plan's first weekday) on or after the 1st.
    offset = (first_weekday - first.weekday()) % 7
    week_start = first + dt.timedelta(days=offset)
    if week_start.day > 3:
        week_start -= dt.timedelta(days=7)
    today = dt.date.today()
    # Titles name this month, the one before and the last full quarter: never "November
    # newsletter" in a December plan.
    previous = first - dt.timedelta(days=1)
    quarter = (month - 1) // 3 or 4
    words = {
        "month": calendar.month_name[month],
        "previous": calendar.month_name[previous.month],
        "quarter": f"Q{quarter}" if month > 3 else f"Q4 {year - 1}",
    }
    campaign = CAMPAIGN.format(**words)
    drafts: list[PostDraft] = []
    for index, week in enumerate(_WEEKS):
        start = week_start + dt.timedelta(weeks=index)
        for day_offset, time_text, channel, role, kind, title, body in week:
            day = start + dt.timedelta(days=day_offset)
            if day < first:
                day = first + dt.timedelta(days=day_offset)
            if day > last:
                continue
            hour, minute = map(int, time_text.split(":"))
            status = Status.PUBLISHED if day < today else Status.SCHEDULED
            if day >= today and index >= 3:
                status = Status.DRAFT
            drafts.append(
                PostDraft(
                    title=title.format(**words),
                    role=role,
                    channel=channel,
                    date=day,
                    time=dt.time(hour, minute),
                    body=body,
                    kind=kind,
                    status=status,
                    author=AUTHORS[len(drafts) % 2],
                    campaign=campaign if kind in (Kind.PROMOTION, Kind.ANNOUNCEMENT) else None,
                    pillar=_starting(_PILLAR_OF, title),
                )
            )
    for title, role, idea_kind, channel in _BACKLOG:
        drafts.append(
            PostDraft(
                title=title,
                role=role,
                channel=channel,
                kind=idea_kind,
                status=Status.IDEA,
                author=AUTHORS[len(drafts) % 2],
                pillar=_starting(_PILLAR_OF, title),
            )
        )
    return drafts


def demo_links(drafts: list[PostDraft]) -> dict[int, int]:
    """Which draft follows up which: follower index → leader index (both in `drafts`)."""
    index = {draft.title: i for i, draft in enumerate(drafts)}
    links: dict[int, int] = {}
    for i, draft in enumerate(drafts):
        leader = _starting(_FOLLOWS, draft.title)
        found = next((index[t] for t in index if leader and t.startswith(leader)), None)
        if found is not None:
            links[i] = found
    return links


def create_demo(service: PlanService, year: int, month: int) -> ChangeSet:
    """Add the sample month to a plan in one undoable step: its vision (when the plan has none),
    its pillars (those the plan lacks) and its posts with their follow-up links."""
    label = "Add the sample month"
    done: list[ChangeSet] = []
    try:
        if not service.settings().vision:
            done.append(service.update_settings(vision=VISION))
        done += _add_pillars(service)
        known = {name_key(p.name) for p in service.pillars()}
        drafts = [
            d if d.pillar is None or name_key(d.pillar) in known else replace(d, pillar=None)
            for d in demo_drafts(year, month, service.settings().balance.first_weekday)
        ]
        uuids = [str(uuid.uuid4()) for _ in drafts]
        links = {i: uuids[leader] for i, leader in demo_links(drafts).items()}
        done.append(service.add_posts(drafts, label=label, uuids=uuids, links=links))
    except Exception:
        if done:  # all or nothing, as one undo step promises
            service.apply(ChangeSet.merge(label, done).inverse())
        raise
    return ChangeSet.merge(label, done)


def _add_pillars(service: PlanService) -> list[ChangeSet]:
    """The sample's pillars the plan does not have yet; without a target where the plan's own
    targets leave no room, none at all past the plan's limit."""
    known = {name_key(p.name) for p in service.pillars()}
    done: list[ChangeSet] = []
    for name, color, target, description in PILLARS:
        if name_key(name) in known or len(known) >= PILLARS_MAX:
            continue
        try:
            done.append(
                service.add_pillar(name, color=color, target=target, description=description)
            )
        except ValidationError:
            done.append(service.add_pillar(name, color=color, description=description))
        known.add(name_key(name))
    return done


def has_sample_month(service: PlanService, year: int, month: int) -> bool:
    """Whether the plan already holds the sample month for this month: one of its dated posts in
    the month, at its time, on its channel, with its title. The day is left out on purpose: it
    follows the plan's first weekday, which may have changed since the sample was added."""
    drafts = demo_drafts(year, month)
    wanted = {(d.time, d.channel, d.title) for d in drafts if d.date is not None}
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return any((p.time, p.channel, p.title) in wanted for p in service.posts(start=first, end=last))
