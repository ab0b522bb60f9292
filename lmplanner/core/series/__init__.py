"""Recurring series: rules (dateutil rrule), their RRULE text, and the rows of occurrences.

No database or Qt here: the series service (core.services) and the store's upkeep use these.
"""

from lmplanner.core.series.model import (
    PATTERN_COLUMNS,
    RULE_COLUMNS,
    SeriesRecord,
    count_for_posts,
    days_of_rule,
    horizon_end,
    kept_skips,
    next_series_day,
    occurrence_rows,
    posts_of_count,
    rule_columns,
    rule_of,
    same_place_bound,
    same_place_days,
    series_dates,
    skip_text,
    skipped_days,
)
from lmplanner.core.series.rrule_text import parse_rrule
from lmplanner.core.series.rule import WEEKDAY_CODES, Freq, Scope, SeriesRule

__all__ = [
    "PATTERN_COLUMNS",
    "RULE_COLUMNS",
    "WEEKDAY_CODES",
    "Freq",
    "Scope",
    "SeriesRecord",
    "SeriesRule",
    "count_for_posts",
    "days_of_rule",
    "horizon_end",
    "kept_skips",
    "next_series_day",
    "occurrence_rows",
    "parse_rrule",
    "posts_of_count",
    "rule_columns",
    "rule_of",
    "same_place_bound",
    "same_place_days",
    "series_dates",
    "skip_text",
    "skipped_days",
]
