"""LM Planner's own leader-post prompts: what a plan short of leader posts can start from.

Each is a title to rewrite and a body of questions that lead to a post people keep reading:
what the company believes, has learned and has seen, rather than what it sells.
"""

from __future__ import annotations

from lmplanner.core.domain import Kind, Role, TemplateRecord


def _leader(name: str, kind: Kind, title: str, body: str) -> TemplateRecord:
    return TemplateRecord(name, title, Role.LEADER, body, kind, builtin=True)


BUILTIN_TEMPLATES: tuple[TemplateRecord, ...] = (
    _leader(
        "Where the field is going",
        Kind.VISION,
        "Where we think [our field] is going in the next five years",
        "One belief about the future of the field, said plainly.\n"
        "What we see today that makes us think so (one or two signs).\n"
        "What it will change for the people we serve.\n"
        "What we are doing about it now.",
    ),
    _leader(
        "A mistake we stopped making",
        Kind.STORY,
        "The mistake we stopped making (and what it cost us first)",
        "What we used to do, and why it looked right at the time.\n"
        "The moment we noticed it was wrong.\n"
        "What we do instead, and what changed since.",
    ),
    _leader(
        "A customer story and its lesson",
        Kind.STORY,
        "What [customer] taught us about [topic]",
        "The situation the customer was in (with their permission).\n"
        "What they tried, what worked, what did not.\n"
        "The one lesson any reader can take away.",
    ),
    _leader(
        "An unpopular opinion",
        Kind.PERSPECTIVE,
        "An unpopular opinion about [common practice]",
        "The practice most people in the field take for granted.\n"
        "Why we disagree, with one concrete example.\n"
        "What we would do instead.",
    ),
    _leader(
        "What we would tell our younger selves",
        Kind.INSIGHT,
        "What we would tell ourselves on day one of [company]",
        "Three things we know now that we did not know then.\nWhich one mattered most, and why.",
    ),
    _leader(
        "The question we keep asking",
        Kind.QUESTION,
        "The question we ask before every [decision]",
        "The question, in one line.\nA decision it changed.\nAsk the readers: what is theirs?",
    ),
    _leader(
        "Behind a decision",
        Kind.PERSPECTIVE,
        "Why we decided to [decision]",
        "The choice we faced and the options on the table.\n"
        "What tipped it.\n"
        "What we gave up, honestly.",
    ),
    _leader(
        "A number that surprised us",
        Kind.INSIGHT,
        "The number that changed how we think about [topic]",
        "The number, and where it comes from.\n"
        "What we expected instead.\n"
        "What we do differently because of it.",
    ),
    _leader(
        "Lessons from a failure",
        Kind.STORY,
        "What [project] taught us when it failed",
        "What we set out to do.\n"
        "Where it went wrong, without blaming anyone.\n"
        "What we would do the same, and what differently.",
    ),
    _leader(
        "What good looks like",
        Kind.VISION,
        "What great [service/work] looks like to us",
        "The standard we hold ourselves to, in a few sentences.\n"
        "One example where we met it, one where we did not.",
    ),
    _leader(
        "A trend we are ignoring",
        Kind.PERSPECTIVE,
        "The trend in [field] we are deliberately ignoring",
        "The trend everyone talks about.\n"
        "Why it does not fit the people we serve.\n"
        "What we focus on instead.",
    ),
    _leader(
        "How we work",
        Kind.INSIGHT,
        "One habit that makes our team better at [work]",
        "The habit, and how it started.\n"
        "What it prevents or makes possible.\n"
        "How another team could try it next week.",
    ),
    _leader(
        "A person who shaped us",
        Kind.STORY,
        "What [person or role] taught our team",
        "Who they are (with their permission) and what they do.\n"
        "The moment their way of working changed ours.",
    ),
    _leader(
        "Our answer to a common question",
        Kind.QUESTION,
        "The question customers ask us most, answered honestly",
        "The question, in the customer's own words.\n"
        "Our honest answer, including when we are not the right choice.",
    ),
    _leader(
        "Why we exist",
        Kind.VISION,
        "Why [company] exists, in one paragraph",
        "The problem we saw that nobody was solving well.\n"
        "Who it hurts and how.\n"
        "What the world looks like when we succeed.",
    ),
)
