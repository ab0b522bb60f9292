"""The balance engine: is a plan's period all activity and no vision, and what to do about it.

`analyze` is one tally pass over the posts (`tally`) and then the table of rules (`rules.RULES`)
over what it counted; the verdict and score come from `score`, every word from `words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lmplanner.core.balance.periods import Period, check_weekday
from lmplanner.core.balance.pillars import tally_strategy
from lmplanner.core.balance.report import (
    BalanceReport,
    Breakdown,
    Flag,
    FollowUps,
    PillarShare,
    Untied,
    Verdict,
)
from lmplanner.core.balance.rules import RULES
from lmplanner.core.balance.score import leader_share, score_for, verdict_for
from lmplanner.core.balance.tally import Facts, by_size, tally
from lmplanner.core.balance.words import NO_AUTHOR, NO_CHANNEL, NONE_KEY, kind_label
from lmplanner.core.domain import BalanceSettings, Kind, PillarRecord, PostRecord

__all__ = ["analyze"]


def analyze(
    posts: Iterable[PostRecord],
    period: Period,
    settings: BalanceSettings = BalanceSettings(),  # noqa: B008 - frozen, safe as a default
    *,
    backlog: int = 0,
    filters: Mapping[str, str] | None = None,
    pillars: Sequence[PillarRecord] | None = None,
    lead_in: Iterable[PostRecord] = (),
) -> BalanceReport:
    """Analyse the posts planned in `period` against the plan's balance rules.

    Only posts with a date inside the period count; undated posts (the backlog) and posts in
    the trash (`deleted_at` set) are ignored — pass the backlog size as `backlog`. One pass over
    the posts, then work proportional to the number of days and groups.

    `pillars` (the plan's, in order) turns on the strategy rules, the voice rules and the
    pillar rows; `lead_in` are the leader posts with a pillar in the `pillar_lead_days` before
    the period. A post's `follows` is read as a link in force (the service hands out no other).
    """
    _check_settings(settings)
    facts = tally(posts, period, settings.first_weekday, backlog)
    if pillars is not None:
        facts.strategy = tally_strategy(facts, pillars, lead_in)
    flags = [flag for rule in RULES.values() for flag in rule(facts, settings)]
    flags.sort(key=Flag.sort_key)
    share = facts.share
    enough_data = facts.total >= settings.min_posts
    # One verdict for the meter, the report and the CLI: a sample too small is no verdict.
    verdict = verdict_for(share, settings) if enough_data or not facts.total else Verdict.TOO_EARLY
    return BalanceReport(
        period=period,
        total=facts.total,
        leader=facts.leader,
        manager=facts.manager,
        backlog=backlog,
        leader_share=share,
        verdict=verdict,
        # Too few posts to judge: no score either, so no number contradicts "too early to tell".
        score=score_for(share, settings) if enough_data and facts.total else None,
        enough_data=enough_data,
        flags=tuple(flags),
        by_week=_week_rows(facts),
        by_channel=tuple(
            t.row(t.name, t.name if t.name != NONE_KEY else NO_CHANNEL)
            for t in by_size(facts.channels.values())
        ),
        by_author=_author_rows(facts),
        by_kind=_kind_rows(facts),
        settings=settings,
        filters=tuple((str(k), str(v)) for k, v in (filters or {}).items()),
        **_strategy_rows(facts),
    )


def _strategy_rows(facts: Facts) -> dict[str, Any]:
    """by_pillar, untied and follow_ups of a whole-plan analysis (empty otherwise)."""
    strategy = facts.strategy
    if strategy is None:
        return {}
    total = facts.total
    rows = tuple(
        PillarShare(
            name=group.pillar.name if group.pillar else None,
            total=group.total,
            leader=group.leader,
            manager=group.manager,
            leader_share=leader_share(group.leader, group.total),
            share=group.total / total if total else None,
            target=group.pillar.target if group.pillar else None,
        )
        for group in (*strategy.pillars, strategy.unpillared)
    )
    untied = Untied(
        len(strategy.untied),
        len(strategy.untied) / facts.manager if facts.manager else None,
        tuple(post.id for post in strategy.untied),
    )
    follow_ups = tuple(
        FollowUps(post.id, post.title, tuple(strategy.followers.get(post.id, ())))
        for post in strategy.leaders
    )
    return {"by_pillar": rows, "untied": untied, "follow_ups": follow_ups}


def _check_settings(settings: BalanceSettings) -> None:
    if not 0 <= settings.band_low <= settings.band_high <= 1:
        raise ValueError(
            "the leader band must satisfy 0 <= low <= high <= 1, got "
            f"{settings.band_low}–{settings.band_high}"
        )
    if not 0 <= settings.promotion_max <= 1:
        raise ValueError(f"promotion_max must be 0 to 1, got {settings.promotion_max}")
    if settings.drought_days < 0:
        raise ValueError(f"drought_days must not be negative, got {settings.drought_days}")
    check_weekday(settings.first_weekday)


def _week_rows(facts: Facts) -> tuple[Breakdown, ...]:
    return tuple(
        Breakdown(
            key=week.start.isoformat(),
            label=week.label(),
            total=tally.total,
            leader=tally.leader,
            manager=tally.total - tally.leader,
            leader_share=leader_share(tally.leader, tally.total),
            start=week.start,
            end=week.end,
        )
        for week, tally in zip(facts.weeks, facts.week_tallies, strict=True)
    )


def _author_rows(facts: Facts) -> tuple[Breakdown, ...]:
    """Biggest first, posts without an author last."""
    authors = facts.authors
    rows = by_size(t for k, t in authors.items() if k != NONE_KEY)
    if NONE_KEY in authors:
        rows.append(authors[NONE_KEY])
    return tuple(t.row(t.name, t.name if t.name != NONE_KEY else NO_AUTHOR) for t in rows)


def _kind_rows(facts: Facts) -> tuple[Breakdown, ...]:
    """In the order of `Kind`, posts without a kind last."""
    order = {kind: i for i, kind in enumerate([*Kind, None])}
    kinds = facts.kinds
    return tuple(
        kinds[kind].row(kinds[kind].name, kind_label(kind))
        for kind in sorted(kinds, key=order.__getitem__)
    )
