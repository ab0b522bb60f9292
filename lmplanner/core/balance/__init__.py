"""Strategy balance: how posts split between leader and manager, and what to do about it.

The words and periods load with the package (the window's first paint names them); the analysis,
its report and the clash checks (a dozen dataclasses and enums) load when first asked for, which
for the app is once a month's meter is worked out, not for the empty window's first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.words import (
    count_of,
    leader_posts_text,
    percent,
    percent_band,
    setting_percent,
    untied_text,
)
from lmplanner.core.lazy import lazy_names

if TYPE_CHECKING:
    from lmplanner.core.balance.clashes import (
        Clash,
        ClashReason,
        clash_text,
        clashes_for,
        find_clashes,
    )
    from lmplanner.core.balance.engine import analyze
    from lmplanner.core.balance.report import (
        BalanceReport,
        Breakdown,
        Flag,
        FlagCode,
        Severity,
        Verdict,
    )

_LATER = {
    "Clash": "lmplanner.core.balance.clashes",
    "ClashReason": "lmplanner.core.balance.clashes",
    "clash_text": "lmplanner.core.balance.clashes",
    "clashes_for": "lmplanner.core.balance.clashes",
    "find_clashes": "lmplanner.core.balance.clashes",
    "analyze": "lmplanner.core.balance.engine",
    "BalanceReport": "lmplanner.core.balance.report",
    "Breakdown": "lmplanner.core.balance.report",
    "Flag": "lmplanner.core.balance.report",
    "FlagCode": "lmplanner.core.balance.report",
    "Severity": "lmplanner.core.balance.report",
    "Verdict": "lmplanner.core.balance.report",
}

__getattr__, __dir__ = lazy_names(__name__, _LATER)


__all__ = [
    "BalanceReport",
    "Breakdown",
    "Clash",
    "ClashReason",
    "Flag",
    "FlagCode",
    "Period",
    "Severity",
    "Verdict",
    "analyze",
    "clash_text",
    "clashes_for",
    "count_of",
    "find_clashes",
    "leader_posts_text",
    "percent",
    "percent_band",
    "setting_percent",
    "untied_text",
]
