"""Start the desktop app: window first, plan right after the first paint (start-up time matters)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import lmplanner
from lmplanner.ui.compat import override

log = logging.getLogger(__name__)

EXIT_AFTER_PAINT_ENV = "LMPLANNER_EXIT_AFTER_PAINT"


def _icon_path() -> Path | None:
    """The app icon from the wheel, a PyInstaller bundle or a source checkout, if present."""
    from lmplanner.core.resources import resource_path

    icon = resource_path("icons", "lmplanner.svg")
    return icon if icon.is_file() else None


class _PaintWatcher(QObject):
    """Calls `callback` once, after `widget` has been painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Let the paint finish (and reach the screen) before doing anything slow.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def _install_excepthook(app: QApplication) -> None:
    """An unexpected error in a slot becomes a dialog and a log entry, never a silent traceback."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        parent = app.activeWindow()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            app.translate("App", "Something went wrong"),
            app.translate(
                "App",
                "LM Planner hit an unexpected problem: {error}\n\n"
                "Your plan is saved after every change; the details are in the log.",
            ).format(error=value),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.open()

    sys.excepthook = hook


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(sys.argv if argv is None else argv))
    from lmplanner.ui.state import APPLICATION, ORGANIZATION

    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(lmplanner.__version__)
    app.setDesktopFileName(lmplanner.APP_ID)
    icon = _icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(db: str | None = None, *, debug: bool = False, argv: list[str] | None = None) -> int:
    """Show the main window on the plan at `db` (or the last one, or the default); the exit code."""
    from lmplanner.logs import setup_logging

    setup_logging(debug=debug)
    app = create_application(argv)
    if not debug:
        _install_excepthook(app)

    from lmplanner.core.paths import resolve_plan_location
    from lmplanner.ui import state
    from lmplanner.ui.main_window import MainWindow

    settings = state.ui_settings()
    last = settings.value(state.LAST_PLAN)
    if not isinstance(last, str) or not Path(last).exists():
        last = None  # a plan deleted or moved since: fall back to the default one
    location = resolve_plan_location(db, last_opened=last)

    window = MainWindow(settings=settings)
    exit_after_paint = os.environ.get(EXIT_AFTER_PAINT_ENV) == "1"
    result = {"code": 0}

    def quit_now() -> None:
        window.close()
        app.quit()

    def open_plan() -> None:
        opened = window.open_plan_at(location, create=True)
        if not exit_after_paint:
            return
        if not opened:
            print(f"lmplanner: could not open {location}", file=sys.stderr)
            result["code"] = 1
            QTimer.singleShot(0, quit_now)
            return
        # Quit once the populated page (month, or the welcome panel) has been painted.
        page = window.pages.currentWidget()
        target: QWidget = (
            window.current_view() if page is window.view_stack or page is None else page
        )
        _PaintWatcher(target, quit_now)
        target.update()

    _PaintWatcher(window, open_plan)
    window.show()
    code = app.exec()
    return result["code"] or int(code)
