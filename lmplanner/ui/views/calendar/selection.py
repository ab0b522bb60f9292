"""Selecting posts and days in a calendar view with the mouse and the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from lmplanner.ui.compat import override
from lmplanner.ui.views.calendar.chip_slots import MORE

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, Signal

    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.views.calendar.chip_slots import ChipSlot, MoreSlot


@dataclass(slots=True)
class Press:
    pos: QPointF
    post_id: int | None
    offset: QPointF
    deferred: bool = False  # plain click on an already multi-selected chip: decide on release


@dataclass(frozen=True, slots=True)
class Hit:
    """What a left press landed on, kept for the double-click that may follow it.

    The first click of a pair can move the view (a greyed next-month day switches the month,
    as in KOrganizer and GNOME Calendar), so the second lands on a different day; the
    double-click acts on what the first press hit, which is what the user pointed at."""

    pos: QPointF
    post_id: int | None
    day: dt.date | None
    more: bool = False


class SelectionMixin(QWidget):
    """CalendarView's clicks, double-clicks and keys: selection, the current chip, activation."""

    if TYPE_CHECKING:
        # Provided by CalendarView.
        moreRequested: Signal
        postActivated: Signal
        createRequested: Signal
        _by_day: dict[dt.date, list[PostRecord]]
        _selected_date: dt.date
        _selected: list[int]
        _current: int | None
        _highlighted: frozenset[dt.date]
        _press: Press | None
        _press_hit: Hit | None
        _posts: dict[int, PostRecord]

        def day_at(self, pos: QPoint | QPointF) -> dt.date | None: ...
        def _set_selected_date(self, day: dt.date) -> None: ...
        def _set_selection(self, ids: Sequence[int]) -> None: ...
        def _slot_at(self, pos: QPoint | QPointF) -> ChipSlot | None: ...
        def _more_slot_at(self, pos: QPoint | QPointF) -> MoreSlot | None: ...
        def _items_of_day(self, day: dt.date) -> list[int]: ...
        def _update_accessible(self) -> None: ...
        def _start_drag(self, ids: list[int], post_id: int, offset: QPointF) -> None: ...

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
        self._press_hit = self._hit_at(pos) if button == Qt.MouseButton.LeftButton else None
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
        press = Press(pos, post_id, pos - slot.rect.topLeft())
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
        hit = self._first_press_hit(pos)
        if hit.more:
            return  # the first click of the pair already asked for the day's list
        if hit.post_id is not None and hit.day is not None:
            self._set_selected_date(hit.day)
            self._set_selection([hit.post_id])
            self._current = hit.post_id
            self.postActivated.emit(hit.post_id)
            return
        if hit.day is not None:
            self._set_selected_date(hit.day)
            self._set_selection([])
            self.createRequested.emit(hit.day)

    def _hit_at(self, pos: QPointF) -> Hit:
        more = self._more_slot_at(pos)
        if more is not None:
            return Hit(pos, None, more.day, more=True)
        slot = self._slot_at(pos)
        if slot is not None:
            return Hit(pos, slot.post.id, slot.day)
        return Hit(pos, None, self.day_at(pos))

    def _first_press_hit(self, pos: QPointF) -> Hit:
        """What the press that began this double-click hit; what is under `pos` now when that
        press is unknown, too far away to be the same gesture, or its post has gone."""
        hit, self._press_hit = self._press_hit, None
        if hit is None:
            return self._hit_at(pos)
        distance = QApplication.styleHints().mouseDoubleClickDistance()
        near = (pos - hit.pos).manhattanLength() <= distance
        if not near or (hit.post_id is not None and hit.post_id not in self._posts):
            return self._hit_at(pos)
        return hit

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
            self._select_first_post()
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
        elif not self._selected and self._select_first_post():
            self.postActivated.emit(self._selected[0])  # a day with posts: open, never create
        else:
            self.createRequested.emit(self._selected_date)

    def _select_first_post(self) -> bool:
        """An arrow onto a day with posts selects its first one, as KOrganizer and GNOME
        Calendar do, so Enter opens it and Tab steps on; False on an empty day."""
        posts = [item for item in self._items_of_day(self._selected_date) if item != MORE]
        if not posts:
            return False
        self._make_current(posts[0], select=True)
        return True

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
