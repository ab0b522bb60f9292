"""What the month and week views share: posts, selection, mouse, keyboard, tooltips, drag-and-drop.

A view paints its posts as chips and never writes anything: clicks, keys and drops come out as
signals, and the owner turns them into service calls and hands fresh posts back with
`set_posts`. Subclasses supply the geometry (`_layout`, `day_at`, `drop_target_at`) and the
painting of their grid; chips, hit-testing and interaction live here and in the mixins
`SelectionMixin` (selection.py), `DragDropMixin` (dragdrop.py) and `ChipPaintingMixin`
(painting.py).

Chip order within a day: untimed posts first (like all-day events, and like the week view's
"All day" strip), then by time, then by id, so the order is stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from lmplanner.core.balance import count_of
from lmplanner.core.domain import PostRecord, clamp_date, name_key
from lmplanner.ui import theme
from lmplanner.ui.compat import override as override

# `name as name` marks a re-export: the views and the day dialog import these from here.
from lmplanner.ui.views.calendar.chip_slots import FADED_OPACITY as FADED_OPACITY
from lmplanner.ui.views.calendar.chip_slots import MORE as MORE
from lmplanner.ui.views.calendar.chip_slots import ChipSlot as ChipSlot
from lmplanner.ui.views.calendar.chip_slots import MoreSlot as MoreSlot
from lmplanner.ui.views.calendar.chip_slots import as_pointf as as_pointf
from lmplanner.ui.views.calendar.chip_slots import day_sort_key as day_sort_key
from lmplanner.ui.views.calendar.chip_slots import qdate as qdate
from lmplanner.ui.views.calendar.chips import ChipFonts
from lmplanner.ui.views.calendar.dragdrop import DragDropMixin
from lmplanner.ui.views.calendar.holidays import HolidayMixin
from lmplanner.ui.views.calendar.painting import ChipPaintingMixin
from lmplanner.ui.views.calendar.selection import Hit, Press, SelectionMixin
from lmplanner.ui.views.post_text import chip_tooltip

if TYPE_CHECKING:
    from lmplanner.ui.views.calendar.chip_slots import DropTime as DropTime


Box = tuple[float, float, float, float]
# Past this many changed chips one repaint of the whole view is cheaper than a region of them.
PATCH_RECTS_MAX = 40


def box(rect: QRectF) -> Box:
    """A rectangle as a hashable tuple (x, y, width, height)."""
    return (rect.x(), rect.y(), rect.width(), rect.height())


def painted_items(slots: Sequence[ChipSlot], more: Sequence[MoreSlot]) -> set[tuple[Box, object]]:
    """What chips and "+N more" labels paint, each with its rectangle. Records are told apart
    by identity: a record the window kept is the same object, a re-read one is new (and a
    re-read may have changed it), which is cheaper than comparing 30 fields per chip."""
    items: set[tuple[Box, object]] = {
        (box(slot.rect), (id(slot.post), slot.tall, slot.faded)) for slot in slots
    }
    items.update((box(m.rect), (tuple(map(id, m.hidden)), m.faded)) for m in more)
    return items


class CalendarView(SelectionMixin, DragDropMixin, ChipPaintingMixin, HolidayMixin):
    """Base of MonthView and WeekView; not used on its own."""

    selectedDateChanged = Signal(object)
    postActivated = Signal(int)
    createRequested = Signal(object)
    selectionChanged = Signal(list)
    moreRequested = Signal(object)
    postsDropped = Signal(list, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self._today = today
        self._anchor = today
        self._selected_date = today
        self._first_weekday = 0
        self._posts: dict[int, PostRecord] = {}
        self._by_day: dict[dt.date, list[PostRecord]] = {}
        self._selected: list[int] = []
        self._current: int | None = None
        self._highlighted: frozenset[dt.date] = frozenset()
        self._channel_colors: dict[str, QColor] = {}
        self._pillar_colors: dict[str, QColor] = {}
        self._open_comments: dict[int, int] = {}  # post id → open comments (review marks)
        self._slots: list[ChipSlot] = []
        self._more: list[MoreSlot] = []
        self._layout_dirty = True
        self._press: Press | None = None
        self._press_hit: Hit | None = None
        self._drop_hint: tuple[dt.date, DropTime] | None = None
        self._fonts = ChipFonts.from_font(self.font())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    # ------------------------------------------------------------------ geometry (subclasses)

    def period_range(self) -> tuple[dt.date, dt.date]:
        return self._period_of(self._anchor)

    def visible_range(self) -> tuple[dt.date, dt.date]:
        return self.period_range()

    def _period_of(self, anchor: dt.date) -> tuple[dt.date, dt.date]:
        raise NotImplementedError

    def _move_into_period(self, day: dt.date, start: dt.date, end: dt.date) -> dt.date:
        raise NotImplementedError

    def _layout(self) -> None:
        """Fill `_slots` and `_more` for the current size, period and posts."""
        raise NotImplementedError

    def day_at(self, pos: QPoint | QPointF) -> dt.date | None:
        raise NotImplementedError

    def drop_target_at(self, pos: QPoint | QPointF) -> tuple[dt.date, DropTime] | None:
        """Where a drop at `pos` would put posts: a day and a time, None (untimed) or KEEP."""
        raise NotImplementedError

    def _period_label(self) -> str:
        raise NotImplementedError

    # ------------------------------------------------------------------ public API

    def set_period(self, anchor: dt.date) -> None:
        """Show the period containing `anchor`; a selected day outside it moves into it.

        Periods stop at the supported range's ends: the grid never reaches a day Python or Qt
        cannot hold (December 9999 crashed the painter)."""
        anchor = clamp_date(anchor)
        new = self._period_of(anchor)
        if new == self.period_range():
            self._anchor = anchor
            return
        self._anchor = anchor
        self._invalidate()
        start, end = new
        if not start <= self._selected_date <= end:
            self._set_selected_date(self._move_into_period(self._selected_date, start, end))
        self._update_accessible()

    def set_posts(self, posts: Sequence[PostRecord]) -> None:
        """Show these posts (those of `visible_range()`, already filtered); keep the selection of
        ids that are still present."""
        self._posts = {p.id: p for p in posts}
        by_day: dict[dt.date, list[PostRecord]] = {}
        for post in posts:
            if post.date is not None:
                by_day.setdefault(post.date, []).append(post)
        for day_posts in by_day.values():
            day_posts.sort(key=day_sort_key)
        self._by_day = by_day
        if self._current not in (None, MORE) and self._current not in self._posts:
            self._current = None
        self._repaint_what_moved()
        self._update_accessible()
        self._set_selection([i for i in self._selected if i in self._posts])

    def set_first_weekday(self, weekday: int) -> None:
        """0 = Monday … 6 = Sunday (Python's numbering). The visible range may change: the owner
        then hands over the posts of the new `visible_range()`."""
        if not 0 <= weekday <= 6:
            raise ValueError(f"first weekday must be 0..6, not {weekday}")
        if weekday != self._first_weekday:
            self._first_weekday = weekday
            self._invalidate()
            start, end = self.period_range()
            if not start <= self._selected_date <= end:
                self._set_selected_date(self._move_into_period(self._selected_date, start, end))

    def first_weekday(self) -> int:
        return self._first_weekday

    def set_comment_counts(self, counts: Mapping[int, int]) -> None:
        """Post id → open comments, shown on the chips; posts left out have none."""
        counts = dict(counts)
        if counts != self._open_comments:  # unchanged after most edits: nothing to repaint
            self._open_comments = counts
            self.update()

    def set_channel_colors(self, colors: Mapping[str, str]) -> None:
        """Channel name → "#rrggbb"; unknown channels are painted grey."""
        self._channel_colors = {name_key(k): theme.channel_color(v) for k, v in colors.items()}
        self.update()

    def set_pillar_colors(self, colors: Mapping[str, str]) -> None:
        """Pillar name → "#rrggbb": the stripe at a chip's right end."""
        self._pillar_colors = {name_key(k): QColor(v) for k, v in colors.items()}
        self.update()

    def _pillar_color(self, pillar: str | None) -> QColor | None:
        return self._pillar_colors.get(name_key(pillar)) if pillar else None

    def selected_date(self) -> dt.date:
        return self._selected_date

    def set_selected_date(self, day: dt.date) -> None:
        """Select `day`; emits selectedDateChanged when it changes (also outside the period: the
        owner then calls set_period)."""
        self._set_selected_date(day)

    def selected_post_ids(self) -> list[int]:
        return list(self._selected)

    def select_posts(self, ids: Sequence[int]) -> None:
        """Select these posts (unknown ids are ignored); emits selectionChanged on a change."""
        wanted = [i for i in dict.fromkeys(ids) if i in self._posts]
        if self._current not in wanted:
            self._current = wanted[0] if wanted else None
        self._set_selection(wanted)

    def select_dates(self, days: Sequence[dt.date]) -> None:
        """Highlight days (e.g. those a balance flag is about) until the next click or key."""
        self._highlighted = frozenset(days)
        self.update()

    def highlighted_dates(self) -> list[dt.date]:
        return sorted(self._highlighted)

    def set_today(self, day: dt.date) -> None:
        self._today = day
        self.update()

    def today(self) -> dt.date:
        return self._today

    def shown_posts(self) -> list[PostRecord]:
        """The posts handed over by the last `set_posts`."""
        return list(self._posts.values())

    def posts_on(self, day: dt.date) -> list[PostRecord]:
        """The day's posts in chip order (including those behind "+N more")."""
        return list(self._by_day.get(day, ()))

    def post_at(self, pos: QPoint | QPointF) -> int | None:
        """Id of the post whose chip is painted at `pos`, if any."""
        slot = self._slot_at(pos)
        return slot.post.id if slot else None

    def more_at(self, pos: QPoint | QPointF) -> dt.date | None:
        """The day whose "+N more" label is at `pos`, if any."""
        more = self._more_slot_at(pos)
        return more.day if more else None

    def chip_rect(self, post_id: int) -> QRectF | None:
        """Where the post's chip is painted (None when hidden or not in view)."""
        self._ensure_layout()
        for slot in self._slots:
            if slot.post.id == post_id:
                return QRectF(slot.rect)
        return None

    def more_rect(self, day: dt.date) -> QRectF | None:
        self._ensure_layout()
        for more in self._more:
            if more.day == day:
                return QRectF(more.rect)
        return None

    def current_post_id(self) -> int | None:
        """The keyboard-current chip (Tab/Shift+Tab), or None."""
        return None if self._current == MORE else self._current

    # ------------------------------------------------------------------ internals

    def _invalidate(self) -> None:
        self._layout_dirty = True
        self.update()

    def _repaint_what_moved(self) -> None:
        """Lay the chips out again and repaint only where they differ: after one post changed,
        its day's cell instead of every chip of the month (a whole repaint costs more than the
        change itself). A layout already due (resize, period, fonts) repaints everything."""
        if self._layout_dirty or not self.isVisible():
            self._invalidate()
            return
        # The old slots stay referenced until compared: their records' ids cannot be reused.
        old_slots, old_more = self._slots, self._more
        before = painted_items(old_slots, old_more)
        self._layout_dirty = True
        self._ensure_layout()
        moved = {item[0] for item in before ^ painted_items(self._slots, self._more)}
        if len(moved) > PATCH_RECTS_MAX:  # a full read: one repaint of everything
            self.update()
            return
        for rect in moved:
            self.update(QRectF(*rect).toAlignedRect().adjusted(-3, -3, 3, 3))

    def _ensure_layout(self) -> None:
        if self._layout_dirty:
            # Cleared first: geometry helpers used by _layout may themselves ensure the layout.
            self._layout_dirty = False
            self._slots = []
            self._more = []
            self._layout()

    def _set_selected_date(self, day: dt.date) -> None:
        day = clamp_date(day)
        if day == self._selected_date:
            return
        self._selected_date = day
        self.update()
        self._update_accessible()
        self.selectedDateChanged.emit(day)

    def _set_selection(self, ids: Sequence[int]) -> None:
        new = list(dict.fromkeys(ids))
        if set(new) == set(self._selected):
            self._selected = new
            return
        self._selected = new
        self.update()
        self.selectionChanged.emit(list(new))

    def _slot_at(self, pos: QPoint | QPointF) -> ChipSlot | None:
        self._ensure_layout()
        point = as_pointf(pos)
        for slot in self._slots:
            if slot.rect.contains(point):
                return slot
        return None

    def _more_slot_at(self, pos: QPoint | QPointF) -> MoreSlot | None:
        self._ensure_layout()
        point = as_pointf(pos)
        for more in self._more:
            if more.rect.contains(point):
                return more
        return None

    def _channel_color(self, channel: str) -> QColor:
        return self._channel_colors.get(name_key(channel)) or theme.channel_color(None)

    def _items_of_day(self, day: dt.date) -> list[int]:
        """The selected day's keyboard items in painted order: visible chips, then "+N more"."""
        self._ensure_layout()
        items = [slot.post.id for slot in self._slots if slot.day == day]
        if any(more.day == day for more in self._more):
            items.append(MORE)
        return items

    def _update_accessible(self) -> None:
        posts = self._by_day.get(self._selected_date, [])
        day_text = self.locale().toString(qdate(self._selected_date), "dddd d MMMM yyyy")
        if posts:
            titles = "; ".join(p.title for p in posts[:5])
            summary = count_of(len(posts), self.tr("post"), self.tr("posts")) + ": " + titles
        else:
            summary = self.tr("no posts")
        self.setAccessibleDescription(
            self.tr("{period}. Selected: {day}, {summary}.").format(
                period=self._period_label(), day=day_text, summary=summary
            )
        )

    # ------------------------------------------------------------------ Qt overrides

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout_dirty = True
        super().resizeEvent(event)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = ChipFonts.from_font(self.font())
            self._invalidate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LocaleChange):
            self._invalidate()
        super().changeEvent(event)

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._show_tooltip(event)
            return True
        if event.type() == QEvent.Type.ShortcutOverride:
            # Keys the view owns win over window shortcuts while it has focus.
            assert isinstance(event, QKeyEvent)
            if self._handles_key(event):
                event.accept()
                return True
        return super().event(event)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        import html  # here: its entity table (a third of a MiB) waits for the first tooltip

        slot = self._slot_at(event.pos())
        if slot is not None:
            QToolTip.showText(
                event.globalPos(), chip_tooltip(slot.post), self, slot.rect.toAlignedRect()
            )
            return
        more = self._more_slot_at(event.pos())
        if more is not None:
            lines = "<br>".join(
                f"{theme.role_letter(p.role)} · {html.escape(p.title)}" for p in more.hidden[:12]
            )
            QToolTip.showText(event.globalPos(), lines, self, more.rect.toAlignedRect())
            return
        day = self.day_at(event.pos())
        holiday = self.holiday_name(day) if day is not None else ""
        if holiday:
            QToolTip.showText(event.globalPos(), html.escape(holiday), self)
            return
        QToolTip.hideText()
        event.ignore()
