"""Dragging chips out of a calendar view and dropping posts onto its days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from lmplanner.core.keep import KEEP
from lmplanner.ui.compat import override
from lmplanner.ui.views.calendar.chips import chip_pixmap
from lmplanner.ui.views.calendar.mime import decode_post_ids, encode_post_ids, has_post_ids

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtGui import QColor

    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.views.calendar.chip_slots import ChipSlot, DropTime
    from lmplanner.ui.views.calendar.chips import ChipFonts


class DragDropMixin(QWidget):
    """CalendarView's drag-and-drop: a drop comes out as `postsDropped`, never as a change."""

    if TYPE_CHECKING:
        # Provided by CalendarView.
        postsDropped: Signal
        _posts: dict[int, PostRecord]
        _slots: list[ChipSlot]
        _fonts: ChipFonts
        _drop_hint: tuple[dt.date, DropTime] | None

        def drop_target_at(self, pos: QPoint | QPointF) -> tuple[dt.date, DropTime] | None: ...
        def _channel_color(self, channel: str) -> QColor: ...

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
