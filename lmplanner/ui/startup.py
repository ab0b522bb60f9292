"""Open the plan into the shown window in the quickest order that keeps it correct: the month
from a snapshot read with `sqlite3` first, while SQLAlchemy and the services load on a thread;
looking around works meanwhile, anything else waits for the document (see Startup)."""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

# Quit right after a first paint, for smoke tests and the start-up benchmarks:
#   "1"       the populated month (from the snapshot, or the fully loaded plan);
#   "window"  the main window, before any plan is read;
#   "loaded"  the month once the data layer has attached (resident memory with the plan open);
#   "interactive"  the next month after a PgDn pressed as soon as the first month was painted.
EXIT_AFTER_PAINT_ENV = "LMPLANNER_EXIT_AFTER_PAINT"
# What the loader thread imports, step by step (each step waits while the person browses).
LOADER_STEPS = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "sqlmodel",
    "lmplanner.core.store.sqlite",
    "lmplanner.core.services",
    "lmplanner.ui.document",
)
LOADING_SWITCH_INTERVAL = 0.0002  # seconds; Python's default is 0.005
# How long input must have been still before the loader takes its next step: about one answered
# key press and its paint; a person rarely presses keys faster than this while reading a month.
SETTLE_MS = 150
SETTLE_AT_MOST_S = 2.0


class PaintWatcher(QObject):
    """Calls `callback` once, after `widget` has been painted."""

    def __init__(
        self,
        widget: QWidget,
        callback: Callable[[], None],
        when: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._when = when  # only a paint after this holds counts
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and self._when():
            self._widget.removeEventFilter(self)
            # Let the paint finish (and reach the screen) before doing anything slow.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def browses(event: QKeyEvent) -> bool:
    """Keys that only look around (move through days and periods, select, switch between month
    and week): a start-up snapshot answers them without the data layer."""
    Key, Mod = Qt.Key, Qt.KeyboardModifier
    key = event.key()
    mods = event.modifiers() & ~Mod.KeypadModifier
    if key in (Key.Key_Shift, Key.Key_Control, Key.Key_Meta):
        return True
    if key in (Key.Key_Left, Key.Key_Right, Key.Key_Up, Key.Key_Down):
        return mods in (Mod.NoModifier, Mod.ShiftModifier)  # Ctrl+Shift+arrows move posts
    if key in (Key.Key_PageUp, Key.Key_PageDown, Key.Key_Home, Key.Key_End, Key.Key_Escape):
        return mods in (Mod.NoModifier, Mod.ShiftModifier)
    if key in (Key.Key_Tab, Key.Key_Backtab):
        return True
    if key == Key.Key_T:
        return mods == Mod.NoModifier  # Today
    return mods == Mod.ControlModifier and key in (Key.Key_1, Key.Key_2, Key.Key_A)


class _InputGate(QObject):
    """While one window shows a start-up snapshot: looking around (keys that browse, clicks,
    the wheel and hover on the calendar) goes through at once; anything else (a change, the
    editor, a menu, a drag, the agenda) first brings the document in with `attach_now`, which
    waits with a busy cursor only if the data layer is still loading.

    It watches the window's own widgets (each one as it is polished), not the application: an
    application's filter is handed every object Qt has, its internal timers and windows too, and
    PySide6 makes a Python class (and its enums) for each kind it has not met yet, over a
    hundred of them before the first key press is answered."""

    ACTS = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.ContextMenu,
            QEvent.Type.DragEnter,
            QEvent.Type.Drop,
        }
    )
    LOOKS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})

    def __init__(
        self,
        window: QWidget,
        browsing: Callable[[QWidget], bool],
        attach_now: Callable[[], None],
        browsed: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._browsing = browsing
        self._attach_now = attach_now
        self._browsed = browsed
        self._released = False
        self._watch(window)

    def _watch(self, widget: QWidget) -> None:
        # Installing again only moves the filter to the front: a widget never sees it twice.
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._released:
            return False
        kind = event.type()
        if kind == QEvent.Type.ChildPolished and isinstance(watched, QWidget):
            self._watch(watched)  # a widget made while the snapshot shows (a panel, a dialog)
            return False
        if kind not in self.ACTS:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False  # a dialog of the window's: its own business
        if (isinstance(event, QKeyEvent) and browses(event)) or (
            kind in self.LOOKS and self._browsing(watched)
        ):
            self._browsed()
            return False
        self._attach_now()  # then the event goes on to a window with its document
        return False

    def release(self) -> None:
        self._released = True  # Qt takes the filter off every widget once it is deleted
        self.deleteLater()


class Startup(QObject):
    """Opens the plan into a shown window in the quickest order that keeps it correct.

    After the window's first paint: a plan file's month is read with `sqlite3` alone
    (core.snapshot) and painted; then a thread imports the data layer (SQLAlchemy, SQLModel,
    the services: over a second of imports), a step at a time whenever input has settled, and
    the plan is opened the normal way, which paints the same month again. Meanwhile the person
    can look around (other periods come from more snapshots); the first thing a snapshot cannot
    do waits for the document (`attach_now`).
    A team plan, a new plan or a file the snapshot declines is opened the normal way at once.
    """

    _loaded = Signal()  # from the loader thread; delivered on the UI thread
    _review_counted = Signal(int)  # from its own thread; -1 when it could not be read

    def __init__(self, window: MainWindow, location: str, exit_mode: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.location = location
        self.exit_mode = exit_mode
        self.code = 0
        self.snapshot_shown = False
        self._gate: _InputGate | None = None
        self._thread: threading.Thread | None = None
        self._stack_ready = threading.Event()  # the data layer is imported
        self._quiet = threading.Event()  # no browsing input for SETTLE_MS: the loader may go on
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._quiet.set)
        self._attached = False
        self._loaded.connect(self._attach)
        self.review_counted = False
        self._review_counted.connect(self._show_review_count)

    def window_painted(self) -> None:
        if self.exit_mode == "window":
            self._quit()
            return
        if self._show_snapshot():
            self.snapshot_shown = True
            self._gate = _InputGate(self.window, self._browsing, self.attach_now, self._input)
            done = self._quit if self.exit_mode == "1" else self._start_loading
            if self.exit_mode == "interactive":
                done = self._load_and_browse
            self._after_paint(done)
        else:
            self._open()

    def _show_snapshot(self) -> bool:
        from lmplanner.core.paths import is_database_url

        if is_database_url(self.location) or not Path(self.location).is_file():
            return False
        import datetime as dt

        from lmplanner.core.store.snapshot import DaysFor, PlanSnapshot, read_snapshot
        from lmplanner.core.store.sqlite_file import readonly_reason  # open_plan's very words
        from lmplanner.ui import state

        path = Path(self.location)

        def read(start: dt.date, end: dt.date, days_for: DaysFor | None) -> PlanSnapshot | None:
            return read_snapshot(path, start, end, days_for=days_for)

        if not self.window.stand_in(read, self.attach_now, readonly_reason(path)):
            return False
        self._count_review(path)
        state.remember_plan(self.window.settings, str(path))
        return True

    def _count_review(self, path: Path) -> None:
        """The status bar's count of posts in review: a scan of the whole post table, on a
        thread of its own (sqlite3 lets go of the GIL while it scans) after the first paint."""

        def count() -> None:
            from lmplanner.core.store.snapshot import count_in_review

            found = count_in_review(path)
            # The window may have been closed meanwhile: then there is no one to tell.
            with contextlib.suppress(RuntimeError):
                self._review_counted.emit(-1 if found is None else found)

        threading.Thread(target=count, name="lmplanner-review-count", daemon=True).start()

    def _show_review_count(self, count: int) -> None:
        self.review_counted = True
        if count >= 0 and self.window.document is None and self.window.isVisible():
            self.window.review_status.show_snapshot(count)  # the plan's own count once attached

    def _after_paint(self, then: Callable[[], None]) -> None:
        view = self.window.current_view()
        target: QWidget = view if view.isVisible() else self.window
        PaintWatcher(target, then)
        target.update()

    def _start_loading(self) -> None:
        if self._attached:
            return  # brought in already (something needed it before the first paint ended)
        self._settle.start()  # the first step once the first paint has settled
        self._thread = threading.Thread(target=self._load, name="lmplanner-startup", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        self._quiet.wait(SETTLE_AT_MOST_S)
        from lmplanner.logs import setup_logging
        from lmplanner.ui.lean_imports import import_lean

        setup_logging()  # here, not before the snapshot: logging.handlers is not a free import
        # The UI thread gets the GIL back within a fraction of a millisecond, not the default
        # five, each time it hands it over (every sqlite3 step, most Qt calls): browsing while
        # this thread imports would otherwise wait out one interval per call.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(LOADING_SWITCH_INTERVAL)
        try:
            for name in LOADER_STEPS:
                # Browsing first: each step starts once input has settled (or after a while of
                # browsing without pause, so that the plan still attaches).
                self._quiet.wait(SETTLE_AT_MOST_S)
                import_lean(name)  # without OpenSSL, which nothing here uses (lean_imports)
        except Exception:
            log.exception("Loading the data layer in the background failed")
        finally:
            sys.setswitchinterval(interval)
        self._stack_ready.set()
        self._loaded.emit()
        # The role-suggestion model is not loaded here: it costs about a mebibyte for as long as
        # the app runs, and the first editor that needs it loads it in a few tens of milliseconds.

    def _input(self) -> None:
        """A key, click or wheel turn that browses: the loader holds its next step until the
        UI thread has answered it and painted."""
        self._quiet.clear()
        self._settle.start()

    def _browsing(self, widget: QWidget) -> bool:
        """A click or the wheel on the month or week: selecting and looking, no document needed."""
        return any(
            view is widget or view.isAncestorOf(widget) for view in self.window.views.calendars()
        )

    def attach_now(self) -> None:
        """The document, now: for what a snapshot cannot do. Waits (busy cursor) only while
        the data layer is still loading; the loader's later signal then finds it done."""
        if self._attached:
            return
        if self._stack_ready.is_set():
            self._attach()
            return
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._settle.stop()
        self._quiet.set()  # the person waits for the loader now, not the other way round
        try:
            if self._thread is not None:
                self._stack_ready.wait()
            self._attach()  # before the loader started: the stack is imported right here
        finally:
            QApplication.restoreOverrideCursor()

    def _attach(self) -> None:
        if self._attached:
            return
        self._attached = True
        gate, self._gate = self._gate, None
        try:
            if self.window.isVisible():  # not closed while loading
                self._open()
        finally:
            if gate is not None:
                gate.release()

    def _open(self) -> None:
        from lmplanner.logs import setup_logging

        setup_logging()  # a no-op when the loader did it
        try:
            opened = self.window.open_plan_at(self.location, create=True)
        finally:
            gc.enable()  # paused by run() for the start-up; the plan is in: collect as usual
        if not self.exit_mode:
            return
        if not opened:
            print(f"lmplanner: could not open {self.location}", file=sys.stderr)
            self.code = 1
            QTimer.singleShot(0, self._quit)
            return
        # Quit once the populated page (month, or the welcome panel) has been painted.
        page = self.window.pages.currentWidget()
        if page is not None and page is not self.window.view_stack:
            PaintWatcher(page, self._quit)
            page.update()
        else:
            self._after_paint(self._quit)

    def _load_and_browse(self) -> None:
        """LMPLANNER_EXIT_AFTER_PAINT=interactive: load on, press PgDn at once (the real key
        path: shortcut, then key) and quit once the next month has been painted."""
        from PySide6.QtTest import QTest

        self._start_loading()
        view = self.window.current_view()
        shown = view.period_range()
        PaintWatcher(view, self._quit, when=lambda: view.period_range() != shown)
        self.window.activateWindow()
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_PageDown)

    def _quit(self) -> None:
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def wait(self, timeout: float = 30.0) -> None:
        """Let the loader thread end before the interpreter does (a quit during start-up)."""
        if self._thread is not None:
            self._thread.join(timeout)
