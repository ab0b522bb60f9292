"""What the month and week views share: posts, selection, mouse, keyboard, tooltips, drag-and-drop.

A view paints its posts as chips and never writes anything: clicks, keys and drops come out as
signals, and the owner turns them into service calls and hands fresh posts back with
`set_posts`. Subclasses supply the geometry (`_layout`, `day_at`, `drop_target_at`) and the
painting of their grid; chips, hit-testing and interaction live here.

Chip order within a day: untimed posts first (like all-day events, and like the week view's
"All day" strip), then by time, then by id, so the order is stable.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from lmplanner.core.domain import PostRecord, name_key
from lmplanner.core.services import KEEP
from lmplanner.ui import theme
from lmplanner.ui.calendar.chips import (
    ChipColors,
    ChipFonts,
    chip_colors,
    chip_pixmap,
    chip_tooltip,
    paint_chip,
)
from lmplanner.ui.calendar.mime import decode_post_ids, encode_post_ids, has_post_ids

if TYPE_CHECKING:
    from lmplanner.core.services import _Keep

    DropTime = dt.time | None | _Keep

_F = TypeVar("_F", bound=Callable[..., Any])

if sys.version_info >= (3, 12):
    from typing import override
else:  # typing.override arrived in 3.12; on 3.11 it is documentation only.

    def override(func: _F) -> _F:
        return func


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


@dataclass(slots=True)
class _Press:
    pos: QPointF
    post_id: int | None
    offset: QPointF
    deferred: bool = False  # plain click on an already multi-selected chip: decide on release


class CalendarView(QWidget):
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
        self._slots: list[ChipSlot] = []
        self._more: list[MoreSlot] = []
        self._layout_dirty = True
        self._press: _Press | None = None
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
        """Show the period containing `anchor`; a selected day outside it moves into it."""
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
        self._invalidate()
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

    def set_channel_colors(self, colors: Mapping[str, str]) -> None:
        """Channel name → "#rrggbb"; unknown channels are painted grey."""
        self._channel_colors = {name_key(k): theme.channel_color(v) for k, v in colors.items()}
        self.update()

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

    def _ensure_layout(self) -> None:
        if self._layout_dirty:
            # Cleared first: geometry helpers used by _layout may themselves ensure the layout.
            self._layout_dirty = False
            self._slots = []
            self._more = []
            self._layout()

    def _set_selected_date(self, day: dt.date) -> None:
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
            summary = self.tr("%n post(s): ", "", len(posts)) + titles
        else:
            summary = self.tr("no posts")
        self.setAccessibleDescription(
            self.tr("{period}. Selected: {day}, {summary}.").format(
                period=self._period_label(), day=day_text, summary=summary
            )
        )

    # ------------------------------------------------------------------ painting helpers

    def _paint_chips(self, p: QPainter, dirty: QRectF) -> None:
        palette = self.palette()
        selected = set(self._selected)
        focused = self.hasFocus()
        # Colours depend only on role, selection and channel: work each out once per paint.
        colors: dict[tuple[str, bool, str], ChipColors] = {}
        for slot in self._slots:
            if not slot.rect.intersects(dirty):
                continue
            post = slot.post
            is_selected = post.id in selected
            key = (post.role, is_selected, post.channel)
            chip = colors.get(key)
            if chip is None:
                channel = self._channel_color(post.channel)
                chip = colors[key] = chip_colors(post, palette, channel, selected=is_selected)
            if slot.faded:
                p.setOpacity(FADED_OPACITY)
            paint_chip(
                p,
                slot.rect,
                post,
                palette,
                self._fonts,
                channel=chip.channel,
                selected=is_selected,
                current=focused and self._current == post.id,
                tall=slot.tall,
                colors=chip,
            )
            if slot.faded:
                p.setOpacity(1.0)
        text = theme.mix(
            palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.3
        )
        p.setFont(self._fonts.small)
        for more in self._more:
            if more.faded:
                p.setOpacity(FADED_OPACITY)
            label = self.tr("+%n more", "", len(more.hidden))
            p.setPen(text)
            p.drawText(
                more.rect.adjusted(4, 0, 0, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            if focused and self._current == MORE and more.day == self._selected_date:
                p.save()
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(palette.color(QPalette.ColorRole.Highlight))
                width = self._fonts.small_metrics.horizontalAdvance(label) + 8
                ring = QRectF(more.rect.left(), more.rect.top(), width, more.rect.height())
                p.drawRoundedRect(ring.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
                p.restore()
            if more.faded:
                p.setOpacity(1.0)

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
        QToolTip.hideText()
        event.ignore()

    @override
    def focusInEvent(self, event: QFocusEvent) -> None:
        if event.reason() == Qt.FocusReason.BacktabFocusReason:
            items = self._items_of_day(self._selected_date)
            if items:
                self._make_current(items[-1], select=True)
        super().focusInEvent(event)
        self.update()

    @override
    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # mouse -----------------------------------------------------------------------------

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        pos = event.position()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        self._highlighted = frozenset()
        self._press = None
        more = self._more_slot_at(pos)
        if more is not None and button == Qt.MouseButton.LeftButton:
            self._set_selected_date(more.day)
            self._current = MORE
            self.update()
            self.moreRequested.emit(more.day)
            return
        slot = self._slot_at(pos)
        if slot is None:
            day = self.day_at(pos)
            if day is not None:
                self._set_selected_date(day)
            self._current = None
            if not ctrl:
                self._set_selection([])
            self._update_accessible()
            self.update()
            return
        post_id = slot.post.id
        self._set_selected_date(slot.day)
        press = _Press(pos, post_id, pos - slot.rect.topLeft())
        if button == Qt.MouseButton.RightButton:
            if post_id not in self._selected:
                self._set_selection([post_id])
            self._current = post_id
        elif shift:
            day_ids = [p.id for p in self._by_day.get(slot.day, [])]
            anchor = self._current if self._current in day_ids else post_id
            assert anchor is not None
            a, b = sorted((day_ids.index(anchor), day_ids.index(post_id)))
            span = day_ids[a : b + 1]
            self._current = anchor
            self._set_selection([*self._selected, *span] if ctrl else span)
        elif ctrl:
            if post_id in self._selected:
                self._set_selection([i for i in self._selected if i != post_id])
            else:
                self._set_selection([*self._selected, post_id])
            self._current = post_id
        else:
            if post_id in self._selected and len(self._selected) > 1:
                press.deferred = True
            else:
                self._set_selection([post_id])
            self._current = post_id
        if button == Qt.MouseButton.LeftButton:
            self._press = press
        self.update()

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None or press.post_id is None:
            super().mouseMoveEvent(event)
            return
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self._press = None
            return
        distance = (event.position() - press.pos).manhattanLength()
        if distance < QApplication.startDragDistance():
            return
        self._press = None
        ids = self._selected if press.post_id in self._selected else [press.post_id]
        self._start_drag(list(ids), press.post_id, press.offset)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press = self._press
        self._press = None
        if press is not None and press.deferred and press.post_id is not None:
            self._set_selection([press.post_id])
        super().mouseReleaseEvent(event)

    @override
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        pos = event.position()
        self._press = None
        if self._more_slot_at(pos) is not None:
            return  # the first click of the pair already asked for the day's list
        slot = self._slot_at(pos)
        if slot is not None:
            self._set_selected_date(slot.day)
            self._set_selection([slot.post.id])
            self._current = slot.post.id
            self.postActivated.emit(slot.post.id)
            return
        day = self.day_at(pos)
        if day is not None:
            self._set_selected_date(day)
            self._set_selection([])
            self.createRequested.emit(day)

    # keyboard --------------------------------------------------------------------------

    _ARROWS: Mapping[int, int] = {
        Qt.Key.Key_Left: -1,
        Qt.Key.Key_Right: 1,
        Qt.Key.Key_Up: -7,
        Qt.Key.Key_Down: 7,
    }

    @staticmethod
    def _plain(event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return mods == Qt.KeyboardModifier.NoModifier

    def _handles_key(self, event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.SelectAll):
            return True
        key = event.key()
        if not self._plain(event):
            return False
        if key in self._ARROWS or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            return True
        return key == Qt.Key.Key_Escape and bool(self._selected)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self._highlighted = frozenset()
            ids = [p.id for p in self._by_day.get(self._selected_date, [])]
            self._set_selection(ids)
            if ids and self._current not in ids:
                self._current = ids[0]
            self.update()
            return
        key = event.key()
        if key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+Tab / Ctrl+Shift+Tab: move the current chip without touching the selection.
            self._cycle(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier, select=False)
            return
        if key == Qt.Key.Key_Backtab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._cycle(False, select=False)
            return
        if not self._plain(event):
            super().keyPressEvent(event)
            return
        if key in self._ARROWS:
            self._highlighted = frozenset()
            self._current = None
            self._set_selection([])
            self._set_selected_date(self._selected_date + dt.timedelta(days=self._ARROWS[key]))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate()
        elif key == Qt.Key.Key_Space:
            self._toggle_current()
        elif key == Qt.Key.Key_Escape and self._selected:
            self._set_selection([])
        else:
            super().keyPressEvent(event)

    def _activate(self) -> None:
        """Enter: open the one selected post (or the current one of several), else create."""
        if self._current == MORE:
            self.moreRequested.emit(self._selected_date)
        elif len(self._selected) == 1:
            self.postActivated.emit(self._selected[0])
        elif self._selected and self._current in self._selected:
            assert self._current is not None
            self.postActivated.emit(self._current)
        else:
            self.createRequested.emit(self._selected_date)

    def _toggle_current(self) -> None:
        current = self._current
        if current is None or current == MORE:
            return
        if current in self._selected:
            self._set_selection([i for i in self._selected if i != current])
        else:
            self._set_selection([*self._selected, current])
        self.update()

    def _make_current(self, item: int, *, select: bool) -> None:
        self._current = item
        if select and item != MORE:
            self._set_selection([item])
        self.update()

    def _cycle(self, forward: bool, *, select: bool) -> bool:
        """Step the current item through the day; False when stepping past either end."""
        items = self._items_of_day(self._selected_date)
        if not items:
            return False
        if self._current in items:
            index = items.index(self._current) + (1 if forward else -1)
        else:
            index = 0 if forward else len(items) - 1
        if not 0 <= index < len(items):
            self._current = None
            self.update()
            return False
        self._make_current(items[index], select=select)
        return True

    @override
    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab/Shift+Tab walk the selected day's chips (and its "+N more"); past the last one
        # focus moves on as usual, so the calendar is never a keyboard trap.
        if self._cycle(next, select=True):
            return True
        return super().focusNextPrevChild(next)

    # drag-and-drop ---------------------------------------------------------------------

    def _start_drag(self, ids: list[int], post_id: int, offset: QPointF) -> None:
        slot = next((s for s in self._slots if s.post.id == post_id), None)
        if slot is None:
            return
        drag = QDrag(self)
        drag.setMimeData(encode_post_ids(ids))
        size = slot.rect.size().toSize()
        pixmap = chip_pixmap(
            slot.post,
            size,
            self.palette(),
            self._fonts,
            channel=self._channel_color(slot.post.channel),
            device_pixel_ratio=self.devicePixelRatioF(),
            count=len(ids),
            tall=slot.tall,
        )
        drag.setPixmap(pixmap)
        extra_top = pixmap.height() / pixmap.devicePixelRatio() - size.height()
        drag.setHotSpot(QPoint(round(offset.x()), round(offset.y() + extra_top)))
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def _accept_drag(self, event: QDragMoveEvent | QDragEnterEvent) -> None:
        target = self.drop_target_at(event.position())
        if target is None or not has_post_ids(event.mimeData()):
            event.ignore()
            self._set_drop_hint(None)
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._set_drop_hint(target)

    def _set_drop_hint(self, target: tuple[dt.date, DropTime] | None) -> None:
        """Move the drop indicator, repainting only the days it leaves and enters."""
        if target == self._drop_hint:
            return
        for hint in (self._drop_hint, target):
            if hint is not None:
                for rect in self._drop_hint_region(hint[0]):
                    self.update(rect.toAlignedRect().adjusted(-3, -3, 3, 3))
        self._drop_hint = target

    def _drop_hint_region(self, day: dt.date) -> list[QRectF]:
        """Where the drop indicator for `day` is painted (the whole view unless narrowed)."""
        return [QRectF(self.rect())]

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if has_post_ids(event.mimeData()):
            self._accept_drag(event)
            # Accept the enter even over the header so moves across it keep being reported.
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_drag(event)

    @override
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_hint(None)
        super().dragLeaveEvent(event)

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_hint(None)
        ids = decode_post_ids(event.mimeData())
        target = self.drop_target_at(event.position())
        if not ids or target is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        day, time = target
        if self._drop_is_noop(ids, day, time):
            return
        self.postsDropped.emit(ids, day, time)

    def _drop_is_noop(self, ids: Sequence[int], day: dt.date, time: DropTime) -> bool:
        """Dropping posts back where they are would be an empty undo step; say nothing."""
        for post_id in ids:
            post = self._posts.get(post_id)
            if post is None or post.date != day:
                return False
            if time is not KEEP and post.time != time:
                return False
        return True
