"""The finding: one plain sentence for the meeting on whether leader posts earn the audience."""

from __future__ import annotations

from collections.abc import Mapping

from lmplanner.core.balance import count_of
from lmplanner.core.balance.words import tr

# Fewer posts with results than this on either side and a ratio says more about chance.
MIN_POSTS_EACH = 5

# What each metric's ratio says, as the rest of "Leader posts …": reach first, then relationship.
REACH_WORDS = (
    ("impressions", tr("reached {ratio} more people per post")),
    ("clicks", tr("drew {ratio} more clicks per post")),
)
RELATIONSHIP_WORDS = (
    ("comments", tr("{ratio} more comments")),
    ("shares", tr("{ratio} more shares")),
    ("new_followers", tr("{ratio} more new followers")),
)


def times(value: float) -> str:
    """A ratio as people say it: 2.8×."""
    return f"{value:.1f}×"


def finding_sentence(leader: int, manager: int, ratios: Mapping[str, float | None]) -> str:
    """Whichever way the data points: reach and relationship, each told for the side that won it.
    `leader` and `manager` are their posts with results; `ratios` leader ÷ manager medians.

    With fewer than MIN_POSTS_EACH posts with results on either side, no ratio is given."""
    if min(leader, manager) < MIN_POSTS_EACH:
        return tr(
            "There are too few posts with results to tell: {leader} and {manager} "
            "({need} of each are needed)."
        ).format(
            leader=count_of(leader, tr("leader post")),
            manager=count_of(manager, tr("manager post")),
            need=MIN_POSTS_EACH,
        )
    reached = _reach_phrases(ratios)
    earned = _relationship_phrases(ratios)
    clauses = [
        _clause(tr("Leader posts"), reached["leader"], earned["leader"]),
        _clause(tr("Manager posts"), reached["manager"], earned["manager"]),
    ]
    said = [c for c in clauses if c]
    if not said:
        return tr("Leader and manager posts did equally well per post on every recorded count.")
    if reached["manager"] and not reached["leader"]:
        said.reverse()  # the usual story first: managers reach, leaders relate
    sentence = "; ".join(said[:1] + [s[0].lower() + s[1:] for s in said[1:]])
    return sentence + "."


def _reach_phrases(ratios: Mapping[str, float | None]) -> dict[str, list[str]]:
    """The first reach metric both sides recorded, told for the side that reached more."""
    return _phrases(REACH_WORDS, ratios, first_only=True)


def _relationship_phrases(ratios: Mapping[str, float | None]) -> dict[str, list[str]]:
    """Every relationship metric both sides recorded, each told for the side that earned more."""
    return _phrases(RELATIONSHIP_WORDS, ratios, first_only=False)


def _phrases(
    wording: tuple[tuple[str, str], ...], ratios: Mapping[str, float | None], *, first_only: bool
) -> dict[str, list[str]]:
    """Per side, the words for the metrics whose ratio favours it; with `first_only`, only the
    first metric with a ratio is told (one reach figure is enough for a sentence)."""
    found: dict[str, list[str]] = {"leader": [], "manager": []}
    for metric, words in wording:
        value = ratios.get(metric)
        if value is None:
            continue
        side, shown = _side(value)
        if side:
            found[side].append(words.format(ratio=times(shown)))
        if first_only:
            break
    return found


def _side(value: float) -> tuple[str | None, float]:
    """Which side a leader ÷ manager ratio favours and by how much; None when it reads 1.0×."""
    if round(value, 1) > 1.0:
        return "leader", value
    inverse = 1 / value if value else 0.0
    if value > 0 and round(inverse, 1) > 1.0:
        return "manager", inverse
    return None, 1.0


def _clause(subject: str, reached: list[str], earned: list[str]) -> str:
    parts = list(reached)
    if earned:
        parts.append(tr("earned {what}").format(what=_and(earned)))
    return f"{subject} {_and(parts)}" if parts else ""


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + tr(" and ") + items[-1]
