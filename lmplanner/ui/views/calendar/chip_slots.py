"""Where chips are painted, chip order within a day, and small conversions the views share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QPoint, QPointF, QRectF

from lmplanner.core.domain import PostRecord

if TYPE_CHECKING:
    from lmplanner.core.keep import Keep

    DropTime = dt.time | None | Keep

MORE = -1  # the "+N more" item of the selected day, as a keyboard-current item
FADED_OPACITY = 0.5


@dataclass(slots=True)
class ChipSlot:
    """Where one post's chip is painted."""

    rect: QRectF
    post: PostRecord
    day: dt.date
    tall: bool = False
    faded: bool = False


@dataclass(slots=True)
class MoreSlot:
    """A "+N more" label standing in for a day's posts that did not fit."""

    rect: QRectF
    day: dt.date
    hidden: tuple[PostRecord, ...]
    faded: bool = False


def day_sort_key(post: PostRecord) -> tuple[bool, dt.time, int]:
    return (post.time is not None, post.time or dt.time.min, post.id)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def as_pointf(pos: QPoint | QPointF) -> QPointF:
    return QPointF(pos) if isinstance(pos, QPoint) else pos
