"""The backlog dock: undated ideas, sortable and searchable. Drag one onto a day to schedule it;
drag a chip here to send it back to the backlog."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from lmplanner.ui.compat import override
from lmplanner.ui.views.agenda import SEARCH_DELAY_MS
from lmplanner.ui.views.post_model import PostQuery, PostTableModel, columns
from lmplanner.ui.views.post_table import PostTable

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService, PostFilter

BACKLOG_COLUMNS = columns("title", "role", "channel", "kind", "author", "campaign", "created")


def tr(text: str) -> str:
    return QCoreApplication.translate("Backlog", text)


class BacklogPanel(QWidget):
    postActivated = Signal(int)
    postsDropped = Signal(list)  # ids dropped here: send them to the backlog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service: PlanService | None = None
        self._filter: PostFilter | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("backlogSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Search ideas"))
        self.search.setAccessibleName(tr("Search the backlog"))
        self.count_label = QLabel(tr("Loading…"), self)
        self.count_label.setObjectName("backlogCount")
        self.model = PostTableModel(BACKLOG_COLUMNS, self)
        self.empty_text = tr(
            "No ideas waiting.\n\nDrag a post here from the calendar to take it off its day."
        )
        # Until the plan's rows are read the backlog is not known to be empty: it never says so.
        self.table = PostTable(self.model, self, accepts_drops=True, placeholder=tr("Loading…"))
        self.table.setObjectName("backlogTable")
        self.table.setAccessibleName(tr("Backlog ideas"))
        # Narrow beside the calendar: title, role badge and channel; the header's context menu
        # shows kind, author, campaign and date added.
        self.model.compact_role = True
        self.table.show_columns(["title", "role", "channel"])
        self.table.set_column_widths({"role": 1, "channel": 10, "kind": 11, "author": 12})
        # A narrow dock: the title takes what is left, no sideways scrolling.
        self.table.stretch("title", min_chars=10, min_share=0)
        self.table.sort_by("created", descending=True)
        self.table.postActivated.connect(self.postActivated)
        self.table.postsDropped.connect(self.postsDropped)
        self.model.modelReset.connect(self._show_count)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._timer.start())

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 4, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def query(self) -> PostQuery:
        from lmplanner.core.services import PostFilter  # not needed for the first paint

        flt = replace(self._filter or PostFilter(), search=self.search.text().strip())
        return PostQuery(backlog=True, flt=flt)

    def show_loading(self, ideas: int) -> None:
        """While the data layer loads: the start-up snapshot's count, and "Loading…" in the list."""
        self.count_label.setText(self._count_text(ideas))
        self.table.set_placeholder(tr("Loading…"))

    def set_source(self, service: PlanService | None, flt: PostFilter | None) -> None:
        self.table.set_placeholder(self.empty_text)
        self._service = service
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        self.table.reload(self._service, self.query())

    def selected_post_ids(self) -> list[int]:
        return self.table.selected_post_ids()

    def has_selection(self) -> bool:
        return self.table.has_selection()

    @override
    def sizeHint(self) -> QSize:
        return QSize(340, 420)  # a dock's first width: titles readable beside the month

    def _show_count(self) -> None:
        if self._service is not None:
            self.count_label.setText(self._count_text(self.model.rowCount(QModelIndex())))

    @staticmethod
    def _count_text(count: int) -> str:
        return tr("1 idea") if count == 1 else tr("{n} ideas").format(n=QLocale().toString(count))


class BacklogDock(QDockWidget):
    """The backlog as a dock beside the calendar; View > Show backlog toggles it. Its panel is
    made when the dock is first shown (or asked for): a hidden backlog costs the first paint
    nothing. What the panel shows of the plan meanwhile is kept and handed to it then;
    `panelMade` says when it is."""

    panelMade = Signal(object)  # the BacklogPanel, just made: the window connects it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Backlog"), parent)
        self.setObjectName("backlogDock")  # the name saveState() keys the dock by
        self.made: BacklogPanel | None = None
        self._channel_colors: dict[str, str] = {}
        self._pillar_colors: dict[str, str] = {}
        self._ideas: int | None = None  # a start-up snapshot's count, until the plan attaches
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.BottomDockWidgetArea
        )

    @property
    def panel(self) -> BacklogPanel:
        """The dock's panel, made now if it is not there yet."""
        if self.made is None:
            panel = BacklogPanel(self)
            panel.model.set_channel_colors(self._channel_colors)
            panel.model.set_pillar_colors(self._pillar_colors)
            if self._ideas is not None:
                panel.show_loading(self._ideas)
            self.made = panel
            self.setWidget(panel)
            self.panelMade.emit(panel)
        return self.made

    @override
    def setVisible(self, visible: bool) -> None:
        # Shown on a shown window (View > Show backlog): made before the dock is laid out. A
        # window being built calls this while restoring its layout, maybe only to hide the dock
        # again: it makes the panel itself if the dock stays (see MainWindow), else showEvent.
        if visible and self.window().isVisible():
            self.panel  # noqa: B018
        super().setVisible(visible)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        self.panel  # noqa: B018
        super().showEvent(event)

    def set_channel_colors(self, colors: dict[str, str]) -> None:
        self._channel_colors = dict(colors)
        if self.made is not None:
            self.made.model.set_channel_colors(self._channel_colors)

    def set_pillar_colors(self, colors: dict[str, str]) -> None:
        self._pillar_colors = dict(colors)
        if self.made is not None:
            self.made.model.set_pillar_colors(self._pillar_colors)

    def show_loading(self, ideas: int) -> None:
        """While the data layer loads: the start-up snapshot's count (BacklogPanel.show_loading)."""
        self._ideas = ideas
        if self.made is not None:
            self.made.show_loading(ideas)

    def set_source(self, service: PlanService | None, flt: PostFilter | None) -> None:
        self._ideas = None  # the plan's own count from now on
        self.panel.set_source(service, flt)
