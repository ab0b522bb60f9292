"""GUI figures: start-up against a bare PySide6 window, month switch, meter recompute after an edit,
the agenda (open, sort by title, search) at 50 000 vs 50 posts, and resident memory.

Start-up and memory run the app as a child process (`LMPLANNER_EXIT_AFTER_PAINT` quits it after
the paint that is measured) next to a bare script that shows an empty QMainWindow of the same
size and quits after its first paint, interleaved run by run so both see the same machine.
The other figures drive one window in this process on the offscreen platform.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, Figure, build_plan, fair_plan, measure, summarize

BARE_WINDOW = """\
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()


def close_and_quit():
    sys.stderr.write(f"LMBENCH-MARK {time.monotonic()}\\n")  # painted; the quit starts
    window.close()
    app.quit()


class QuitAfterPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, close_and_quit)
        return False


quitter = QuitAfterPaint()
window.installEventFilter(quitter)
window.resize(1320, 840)
window.show()
sys.exit(app.exec())
"""
APP = "import sys; from lmplanner.ui.app import run; sys.exit(run(sys.argv[1]))"
# Peak resident memory as the child sees it (VmHWM of its own address space, written at exit):
# wait4()'s ru_maxrss would also count the benchmark process the child was forked from.
PEAK_MEMORY_HOOK = """\
import atexit, sys
def _peak_memory():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    sys.stderr.write("LMBENCH-PEAK-KIB " + line.split()[1] + "\\n")
    except OSError:
        pass
atexit.register(_peak_memory)
import os
_end = os._exit
def _end_with_peak(code):  # the app ends its process with os._exit: no atexit there
    _peak_memory()
    _end(code)
os._exit = _end_with_peak
"""
# The moment the next month has been painted (`interactive`): the start-up quits right after that
# paint, and the mark comes before its window closes, as the bare window's comes before its own.
# The hook imports the start-up module early, so it pauses the collector first, as `run` does
# before its own imports.
PAINT_MARK_HOOK = """\
import gc, sys, time
gc.disable()
from lmplanner.ui import startup as _startup
_quit = _startup.Startup._quit
def _marked(self):
    sys.stderr.write(f"LMBENCH-MARK {time.monotonic()}\\n")
    _quit(self)
_startup.Startup._quit = _marked
"""
# The moment the main window starts closing (the quit figure times from there to exit).
CLOSE_MARK_HOOK = """\
import sys, time
from lmplanner.ui.window import main_window as _mw
_close = _mw.MainWindow.closeEvent
def _marked(self, event):
    sys.stderr.write(f"LMBENCH-MARK {time.monotonic()}\\n")
    _close(self, event)
_mw.MainWindow.closeEvent = _marked
"""
LARGE, SMALL, FAIR = "large", "small", "fair"


# ---------------------------------------------------------------------------------- start-up
def posts(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def startup_figures(
    small: Path, large: Path, work: Path, runs: int, sizes: dict[str, int]
) -> list[Figure]:
    """(a) first paint of the main window, (b) first paint of the populated month of the
    50 000-post plan, interactive (a PgDn at the first paint handled and painted) and quit, all
    against the bare window; resident memory against it too."""
    data = work / "gui-data"
    data.mkdir(exist_ok=True)
    # Byte-compiled modules, as an installed app has them (some shells turn writing them off).
    env = {"LMPLANNER_DATA_DIR": str(data), "PYTHONDONTWRITEBYTECODE": ""}
    app = [PYTHON, "-c", PEAK_MEMORY_HOOK + APP]
    marked = [PYTHON, "-c", PAINT_MARK_HOOK + APP]
    EXIT = "LMPLANNER_EXIT_AFTER_PAINT"
    closing = [PYTHON, "-c", CLOSE_MARK_HOOK + APP]
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare": ([PYTHON, "-c", PEAK_MEMORY_HOOK + BARE_WINDOW], env),
        "window": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "window"}),
        "month": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "1"}),
        "month-small": ([*app, str(small)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "1"}),
        "loaded": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "loaded"}),
        "interactive": ([*marked, str(large)], {**env, EXIT: "interactive"}),
        "quit": ([*closing, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "loaded"}),
    }
    runs_of: dict[str, list[Child]] = {name: [] for name in cases}
    for args, extra in cases.values():
        run_child(args, extra)  # warm-up: byte code written, files in the page cache
    for _ in range(runs):
        for name, (args, extra) in cases.items():
            runs_of[name].append(run_child(args, extra))
    times = {name: [c.seconds for c in children] for name, children in runs_of.items()}
    bare_s, _ = summarize(times["bare"])
    small_s, _ = summarize(times["month-small"])
    rss = {
        name: statistics.median(c.peak_kib for c in children) / 1024
        for name, children in runs_of.items()
    }
    marks = {name: [c.marked for c in children] for name, children in runs_of.items()}
    tails = {name: [c.after_mark for c in children] for name, children in runs_of.items()}
    return [
        Figure(
            "start-up (a): first paint of the main window",
            *summarize(times["window"]),
            "bare QMainWindow, first paint",
            bare_s,
            target=1.5,
            note=f"median of {runs} runs",
        ),
        Figure(
            f"start-up (b): populated month, {posts(sizes[LARGE])} posts",
            *summarize(times["month"]),
            "bare QMainWindow, first paint",
            bare_s,
            target=2.5,
            note=f"{posts(sizes[SMALL])} posts: {small_s * 1000:.0f} ms; plan attached after "
            f"{summarize(times['loaded'])[0] * 1000:.0f} ms",
        ),
        Figure(
            f"interactive: PgDn handled and painted, {posts(sizes[LARGE])} posts",
            *summarize(marks["interactive"]),
            "bare QMainWindow, first paint (from launch)",
            summarize(marks["bare"])[0],
            target=3.0,
            note="from launch to the next month painted after a PgDn pressed at the first paint",
        ),
        Figure(
            f"quit with the {posts(sizes[LARGE])}-post plan open",
            *summarize(tails["quit"]),
            "bare QMainWindow, close to exit",
            summarize(tails["bare"])[0],
            target=1.5,
            note="from the window's close to the process' exit",
        ),
        # Memory in MiB, shown in the time columns (the table has no unit column).
        Figure(
            f"memory, {posts(sizes[LARGE])}-post plan open (MiB, not ms)",
            rss["loaded"] / 1000,
            0.0,
            "bare QMainWindow, peak RSS",
            rss["bare"] / 1000,
            target=2.2,
            note=f"at the first populated paint (snapshot): {rss['month']:.0f} MiB",
        ),
    ]


@dataclass
class Child:
    """One child process: wall time, peak memory, and its mark (LMBENCH-MARK) in seconds from
    launch and to exit (0 when it printed none)."""

    seconds: float
    peak_kib: int
    marked: float = 0.0
    after_mark: float = 0.0


def run_child(args: list[str], env: dict[str, str]) -> Child:
    """Wall time and peak resident memory (KiB) of a child process, as `run_process` gives
    them but with the memory the child reports itself (see PEAK_MEMORY_HOOK)."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    started = time.monotonic()  # CLOCK_MONOTONIC: the child's marks are on the same clock
    done = subprocess.run(
        args, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    ended = time.monotonic()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} … failed ({done.returncode}): {done.stderr}")
    peak = re.search(r"^LMBENCH-PEAK-KIB (\d+)$", done.stderr, re.MULTILINE)
    mark = re.search(r"^LMBENCH-MARK ([\d.]+)$", done.stderr, re.MULTILINE)
    child = Child(ended - started, int(peak.group(1)) if peak else 0)
    if mark:
        at = float(mark.group(1))
        child.marked, child.after_mark = at - started, ended - at
    return child


# ---------------------------------------------------------------------------------- in-process
@contextmanager
def open_window(plan: Path, work: Path) -> Iterator[Any]:
    """A shown main window on `plan`, sized like the app's, with its own settings file."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lmplanner.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    settings = QSettings(str(work / f"{plan.stem}-ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1320, 840)
    assert window.open_plan_at(plan), plan
    window.show()
    settle(app)
    try:
        yield window
    finally:
        window.close()
        window.deleteLater()
        settle(app)


def settle(app: Any = None) -> None:
    """Run the event loop until nothing is pending: every posted paint has been done."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents()


def ratio_figure(
    name: str,
    timed: dict[str, tuple[float, float]],
    target: float,
    sizes: dict[str, int],
    baseline: str = SMALL,
) -> Figure:
    large, spread = timed[LARGE]
    base, _ = timed[baseline]
    what = (
        f"the same with {posts(sizes[SMALL])} posts"
        if baseline == SMALL
        else f"the same months alone ({posts(sizes[FAIR])} posts: the same chips)"
    )
    return Figure(
        f"{name}, {posts(sizes[LARGE])}",
        large,
        spread,
        what,
        base,
        target=target,
        note=f"absolute: {large * 1000:.1f} ms with {posts(sizes[LARGE])} posts",
    )


def window_figures(
    small: Path, large: Path, work: Path, repeat: int, sizes: dict[str, int]
) -> list[Figure]:
    """Month switch and GUI meter with the three plans' windows open at once, timed in turn
    (interleaved, so each ratio sees the same machine); then each window's agenda."""
    results: dict[str, dict[str, tuple[float, float]]] = {}
    fair, sizes[FAIR] = fair_plan(large, work)
    plans = {SMALL: small, FAIR: fair, LARGE: large}
    with ExitStack() as stack:
        windows = {label: stack.enter_context(open_window(p, work)) for label, p in plans.items()}
        results.update(interleaved({k: window_actions(w) for k, w in windows.items()}, repeat))
        for label, window in windows.items():
            activate(window)
            for name, timing in agenda_timings(window, repeat).items():
                results.setdefault(name, {})[label] = timing
    switch, meter = results["switch"], results["meter"]
    figures = [
        ratio_figure("month switch (PgDn until repainted)", switch, 1.3, sizes, FAIR),
        ratio_figure("GUI meter recompute after one edit", meter, 1.3, sizes, FAIR),
    ]
    figures[1].note += f" (two frames: 33 ms; {posts(sizes[SMALL])}-post plan: " + (
        f"{meter[SMALL][0] * 1000:.1f} ms)"
    )
    if "agenda open" in results:  # the agenda view arrived with the filters and backlog
        figures += [
            ratio_figure(f"{name}, whole plan", results[name], 3.0, sizes)
            for name in ("agenda open", "agenda sort by title", "agenda search text")
        ]
    return figures


def activate(window: Any) -> None:
    """Make `window` the active one (its shortcuts answer), outside any timing."""
    window.activateWindow()
    window.current_view().setFocus()
    settle()


def interleaved(
    actions: dict[str, tuple[Any, dict[str, Callable[[], None]]]], repeat: int
) -> dict[str, dict[str, tuple[float, float]]]:
    """Each action timed `repeat` times per window, the windows taking turns (one warm-up)."""
    names = next(iter(actions.values()))[1].keys()
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for name in names:
        times: dict[str, list[float]] = {label: [] for label in actions}
        for run in range(repeat + 1):
            for label, (window, timed_actions) in actions.items():
                activate(window)
                started = time.perf_counter()
                timed_actions[name]()
                if run:  # the first round warms up
                    times[label].append(time.perf_counter() - started)
        results[name] = {label: summarize(t) for label, t in times.items()}
    return results


def window_actions(window: Any) -> tuple[Any, dict[str, Callable[[], None]]]:
    """The window and what is timed in it: a month switch (PgDn or PgUp, until repainted) and
    one edit until the meter and month are repainted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lmplanner.core.domain import Role

    view = window.current_view()
    keys = [Qt.Key.Key_PageDown, Qt.Key.Key_PageUp]

    def month_switch() -> None:
        keys.reverse()  # back and forth: every press is a month switch
        QTest.keyClick(view, keys[0])
        settle()

    document = window.document
    service = document.service
    period = window.current_period()
    post_id = service.posts(start=period.start, end=period.end, limit=1)[0].id
    roles = [Role.LEADER, Role.MANAGER]

    def edit_and_recompute() -> None:
        roles.reverse()
        document.perform(
            "Role", lambda: service.update_post(post_id, {"role": roles[0], "kind": None})
        )
        settle()

    return window, {"switch": month_switch, "meter": edit_and_recompute}


def agenda_timings(window: Any, repeat: int) -> dict[str, tuple[float, float]]:
    """Open the agenda on the whole plan (every post, paged), sort it by title, search it."""
    agenda = getattr(window, "agenda", None)
    if agenda is None:
        return {}
    from lmplanner.ui.window.main_window import AGENDA, MONTH

    results: dict[str, tuple[float, float]] = {}
    agenda.whole_plan.setChecked(True)

    def show(mode: str) -> None:
        window.set_view_mode(mode)
        settle()

    # Opening is timed from the month view; the switch back to it is not.
    show(AGENDA)
    samples = [timed(lambda: show(AGENDA), before=lambda: show(MONTH)) for _ in range(repeat)]
    results["agenda open"] = summarize(samples)
    order = [True, False]

    def sort_by_title() -> None:
        order.reverse()
        agenda.table.sort_by("title", descending=order[0])
        settle()

    results["agenda sort by title"] = measure(sort_by_title, repeat)
    words = ["pricing", "onboarding"]

    def search() -> None:
        words.reverse()
        agenda.search.setText(words[0])
        agenda.reload()  # what Enter does: no typing pause to wait for
        settle()

    results["agenda search text"] = measure(search, repeat)
    agenda.search.clear()
    show(MONTH)
    return results


def timed(fn: Callable[[], None], *, before: Callable[[], None]) -> float:
    before()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(quick: bool, work: Path) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Backups made by the edits below go to the work folder, not the user's data folder.
    os.environ.setdefault("LMPLANNER_DATA_DIR", str(work / "gui-data"))
    _quiet_qt()
    sizes = {SMALL: 50, LARGE: 1_000 if quick else 50_000}
    small = build_plan(work / "plan-50.lmplan", sizes[SMALL])
    large = build_plan(work / f"plan-{sizes[LARGE]}.lmplan", sizes[LARGE])
    figures = startup_figures(small, large, work, 2 if quick else 5, sizes)
    figures += window_figures(small, large, work, 3 if quick else 15, sizes)
    return figures


def _quiet_qt() -> None:
    """The offscreen platform warns that it cannot resize to size hints: not news here."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "does not support propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
