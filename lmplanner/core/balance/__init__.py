"""Strategy balance: how posts split between leader and manager, and what to do about it."""

from lmplanner.core.balance.clashes import Clash, ClashReason, clash_text, clashes_for, find_clashes
from lmplanner.core.balance.engine import analyze
from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.report import (
    BalanceReport,
    Breakdown,
    Flag,
    FlagCode,
    Severity,
    Verdict,
)
from lmplanner.core.balance.words import (
    count_of,
    leader_posts_text,
    percent,
    percent_band,
    setting_percent,
    untied_text,
)

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
