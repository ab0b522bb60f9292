"""Start the desktop app: the window first, then the plan (ui.startup). Nothing here imports Qt
before `run` has paused the garbage collector: PySide6 and the window's modules are most of the
start-up, and the collector scanning what they make again and again cost a tenth of it."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

import lmplanner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def _icon_path() -> Path | None:
    """The app icon from the wheel, a PyInstaller bundle or a source checkout, if present."""
    from lmplanner.core.resources import resource_path

    icon = resource_path("icons", "lmplanner.svg")
    return icon if icon.is_file() else None


def _install_excepthook(app: QApplication) -> None:
    """An unexpected error in a slot becomes a dialog and a log entry, never a silent traceback."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        # Imported here: PySide6 makes the type and its enums when first named, and start-up
        # need not pay for a box it may never show.
        from PySide6.QtWidgets import QMessageBox

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
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from lmplanner.ui.compat import bypass_feature_scan

    bypass_feature_scan()  # before the window's and the data layer's imports: 25 MiB less
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


def no_display() -> bool:
    """True on Linux when Qt would look for an X11 display and there is neither X11 nor Wayland
    (over SSH, in a container): other platforms and an explicit QT_QPA_PLATFORM are Qt's call."""
    from PySide6.QtWidgets import QApplication

    if not sys.platform.startswith("linux") or QApplication.instance() is not None:
        return False
    if os.environ.get("QT_QPA_PLATFORM", "xcb") not in ("", "xcb"):
        return False
    return not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")


def run(db: str | None = None, *, debug: bool = False, argv: list[str] | None = None) -> int:
    """Show the main window on the plan at `db` (or the last one, or the default); when the app
    quits, end the process with its exit code (see end_process)."""
    # No cyclic garbage collection until the plan has attached (Startup._open), from before
    # PySide6 is imported: start-up makes few cycles but hundreds of thousands of objects
    # (modules, classes, Qt's enums), and the collector scanning them again and again cost
    # about a sixth of the time to the first answered key press, on the UI thread and the
    # loader's.
    gc.disable()
    if debug:
        from lmplanner.logs import setup_logging

        setup_logging(debug=True)
    if no_display():
        # Qt would abort (exit 134) with a hint about xcb-cursor0 that sends people astray.
        print(
            "lmplanner: no display found (DISPLAY is not set); "
            "the command line works without one: lmplanner --help",
            file=sys.stderr,
        )
        gc.enable()
        return 1
    app = create_application(argv)
    if not debug:
        _install_excepthook(app)

    from lmplanner.core.paths import resolve_plan_location
    from lmplanner.ui import state
    from lmplanner.ui.startup import EXIT_AFTER_PAINT_ENV, PaintWatcher, Startup
    from lmplanner.ui.window.main_window import MainWindow

    settings = state.ui_settings()
    last = settings.value(state.LAST_PLAN)
    from lmplanner.core.paths import is_database_url

    if not isinstance(last, str) or not (is_database_url(last) or Path(last).exists()):
        last = None  # a plan deleted or moved since: fall back to the default one
    location = resolve_plan_location(db, last_opened=last)

    window = MainWindow(settings=settings)
    startup = Startup(window, location, os.environ.get(EXIT_AFTER_PAINT_ENV, ""))

    PaintWatcher(window, startup.window_painted)
    window.show()
    code = app.exec()
    end_process(startup.code or int(code))


def end_process(code: int) -> NoReturn:
    """End the app's process now. Every change was committed when it was made and the plan is
    closed with its window; what interpreter shutdown would add is Python and Qt tearing down
    their objects one by one (over a second with the data layer loaded) and waiting for the
    start-up loader, which nobody needs. Windows still open are closed (their plans with them),
    background work still running is waited for, logs and output are flushed first."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    workers = sys.modules.get("lmplanner.ui.workers")
    if workers is not None:
        workers.wait_for_all()  # an export or import mid-write finishes (or is cancelled)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()  # a closed or missing stream: nothing left to say there
    os._exit(code)
