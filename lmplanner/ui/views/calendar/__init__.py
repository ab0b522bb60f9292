"""Custom-painted month and week calendars of posts, and the posts drag payload they share."""

from __future__ import annotations

from lmplanner.ui.views.calendar.mime import (
    MIME_TYPE,
    decode_post_ids,
    encode_post_ids,
    has_post_ids,
)
from lmplanner.ui.views.calendar.month_view import MonthView
from lmplanner.ui.views.calendar.week_view import WeekView

__all__ = [
    "MIME_TYPE",
    "MonthView",
    "WeekView",
    "decode_post_ids",
    "encode_post_ids",
    "has_post_ids",
]
