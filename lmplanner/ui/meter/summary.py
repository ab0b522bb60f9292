"""The meter's sentences: the verdict line, what the balance score measures, and the one
paragraph (tooltip and accessible description) that says everything the gauge shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from lmplanner.core.balance import Verdict, percent, percent_band

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


def verdict_line(report: BalanceReport) -> str:
    """The verdict in words, honest about periods too small to judge (core's verdict says so)."""
    if report.verdict is Verdict.TOO_EARLY:
        return tr("Too early to tell")
    return report.verdict_text()


def score_tip() -> str:
    """What the score measures: the leader share alone, so a flag beside 100 is no contradiction."""
    return tr(
        "The balance score measures the leader share against the target band: 100 inside "
        "the band, falling to 0 at a share of 0 % or 100 %. Flags are judged apart."
    )


def summary_text(report: BalanceReport) -> str:
    """One paragraph for screen readers and the tooltip: everything the gauge shows."""
    s = report.settings
    share = percent(report.leader_share) if report.leader_share is not None else tr("no posts")
    parts = [
        tr("{period}: leader share {share}, target {band}. {verdict}.").format(
            period=report.period.label(),
            share=share,
            band=percent_band(s.band_low, s.band_high),
            verdict=verdict_line(report),
        ),
        tr(
            "{leader} leader, {manager} manager, {backlog} in the backlog. Balance score {score}."
        ).format(
            leader=report.leader,
            manager=report.manager,
            backlog=report.backlog,
            score=report.score_text(),
        ),
    ]
    if report.total and not report.enough_data:
        parts.append(tr("A verdict needs at least {n} posts.").format(n=s.min_posts))
    parts.append(score_tip())
    return " ".join(parts)
