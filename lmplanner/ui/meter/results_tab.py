"""The meter's Results tab: its view (module, two tables and their headers) is made once there is
a plan to read or the tab is shown, not for the window's first paint (a start-up snapshot has no
results to show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.ui.meter.results_view import ResultsSource, ResultsView


class ResultsTab(QWidget):
    """Holds the ResultsView and what it reads until the view exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: ResultsView | None = None
        self._source: ResultsSource | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def view(self) -> ResultsView:
        if self._view is None:
            from lmplanner.ui.meter.results_view import ResultsView

            self._view = ResultsView(self)
            self._view.set_source(self._source)
            self._layout.addWidget(self._view)
        return self._view

    def set_source(self, source: ResultsSource | None) -> None:
        """What the view reads (see ResultsView.set_source); a plan's source makes the view,
        hidden until the tab is shown, as it was made with the window before."""
        self._source = source
        if self._view is not None or source is not None:
            self.view.set_source(source)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        self.view.show()  # shown before its plan attached (an empty window): made now
        super().showEvent(event)
