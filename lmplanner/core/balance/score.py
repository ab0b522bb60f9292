"""The verdict and the 0..100 score of a leader share against the plan's target band."""

from __future__ import annotations

import math

from lmplanner.core.balance.report import Verdict
from lmplanner.core.domain import BalanceSettings


def leader_share(leader: int, total: int) -> float | None:
    """Leader posts as a fraction of all posts; None when there are none to divide by."""
    return leader / total if total else None


def verdict_for(share: float | None, settings: BalanceSettings) -> Verdict:
    """Band edges are inside the band."""
    if share is None:
        return Verdict.EMPTY
    if share < settings.band_low:
        return Verdict.ALL_ACTIVITY
    if share > settings.band_high:
        return Verdict.VISION_ONLY
    return Verdict.BALANCED


def score_for(share: float | None, settings: BalanceSettings) -> int:
    """Closeness of `share` to the band, 0..100.

    100 inside the band (edges included). Below it the score falls linearly to 0 at share 0:
    ``floor(100 * share / band_low)``; above it, linearly to 0 at share 1:
    ``floor(100 * (1 - share) / (1 - band_high))``. Outside the band it is capped at 99, so 100
    means exactly "balanced". No posts (share None) scores 0.
    """
    verdict = verdict_for(share, settings)
    if share is None:
        return 0
    if verdict is Verdict.ALL_ACTIVITY:
        raw = 100 * share / settings.band_low
    elif verdict is Verdict.VISION_ONLY:
        raw = 100 * (1 - share) / (1 - settings.band_high)
    else:
        return 100
    # The epsilon keeps float noise (0.15 / 0.3 = 0.4999…) from costing a point.
    return max(0, min(99, math.floor(raw + 1e-9)))
