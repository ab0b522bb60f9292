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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, Figure, build_plan, measure, run_process, summarize

BARE_WINDOW = """\
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()


class QuitAfterPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
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
"""
LARGE, SMALL = "large", "small"


# ---------------------------------------------------------------------------------- start-up
def posts(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def startup_figures(
    small: Path, large: Path, work: Path, runs: int, sizes: dict[str, int]
) -> list[Figure]:
    """(a) first paint of the main window, (b) first paint of the populated month of the
    50 000-post plan, both against the bare window; resident memory against it too."""
    data = work / "gui-data"
    data.mkdir(exist_ok=True)
    # Byte-compiled modules, as an installed app has them (some shells turn writing them off).
    env = {"LMPLANNER_DATA_DIR": str(data), "PYTHONDONTWRITEBYTECODE": ""}
    app = [PYTHON, "-c", PEAK_MEMORY_HOOK + APP]
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare": ([PYTHON, "-c", PEAK_MEMORY_HOOK + BARE_WINDOW], env),
        "window": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "window"}),
        "month": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "1"}),
        "month-small": ([*app, str(small)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "1"}),
        "loaded": ([*app, str(large)], {**env, "LMPLANNER_EXIT_AFTER_PAINT": "loaded"}),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    memory: dict[str, list[int]] = {name: [] for name in cases}
    for args, extra in cases.values():
        run_child(args, extra)  # warm-up: byte code written, files in the page cache
    for _ in range(runs):
        for name, (args, extra) in cases.items():
            seconds, rss_kib = run_child(args, extra)
            times[name].append(seconds)
            memory[name].append(rss_kib)
    bare_s, _ = summarize(times["bare"])
    small_s, _ = summarize(times["month-small"])
    rss = {name: statistics.median(values) / 1024 for name, values in memory.items()}
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
            target=3.0,
            note=f"{posts(sizes[SMALL])} posts: {small_s * 1000:.0f} ms; plan attached after "
            f"{summarize(times['loaded'])[0] * 1000:.0f} ms",
        ),
        # Memory in MiB, shown in the time columns (the table has no unit column).
        Figure(
            f"memory, {posts(sizes[LARGE])}-post plan open (MiB, not ms)",
            rss["loaded"] / 1000,
            0.0,
            "bare QMainWindow, peak RSS",
            rss["bare"] / 1000,
            target=2.0,
            note=f"at the first populated paint (snapshot): {rss['month']:.0f} MiB",
        ),
    ]


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of a child process, as `run_process` gives
    them but with the memory the child reports itself (see PEAK_MEMORY_HOOK)."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    started = time.perf_counter()
    done = subprocess.run(
        args, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} … failed ({done.returncode}): {done.stderr}")
    peak = re.search(r"^LMBENCH-PEAK-KIB (\d+)$", done.stderr, re.MULTILINE)
    return elapsed, int(peak.group(1)) if peak else run_process(args, env)[1]


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
    name: str, timed: dict[str, tuple[float, float]], target: float, sizes: dict[str, int]
) -> Figure:
    large, spread = timed[LARGE]
    small, _ = timed[SMALL]
    return Figure(
        f"{name}, {posts(sizes[LARGE])}",
        large,
        spread,
        f"the same with {posts(sizes[SMALL])} posts",
        small,
        target=target,
        note=f"absolute: {large * 1000:.1f} ms with {posts(sizes[LARGE])} posts",
    )


def window_figures(
    small: Path, large: Path, work: Path, repeat: int, sizes: dict[str, int]
) -> list[Figure]:
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for label, plan in ((SMALL, small), (LARGE, large)):
        with open_window(plan, work) as window:
            for name, timing in measure_window(window, repeat).items():
                results.setdefault(name, {})[label] = timing
    figures = [
        ratio_figure("month switch (PgDn until repainted)", results["switch"], 1.5, sizes),
        ratio_figure("GUI meter recompute after one edit", results["meter"], 1.5, sizes),
    ]
    if "agenda open" in results:  # the agenda view arrived with the filters and backlog
        figures += [
            ratio_figure(f"{name}, whole plan", results[name], 3.0, sizes)
            for name in ("agenda open", "agenda sort by title", "agenda search text")
        ]
    return figures


def measure_window(window: Any, repeat: int) -> dict[str, tuple[float, float]]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lmplanner.core.domain import Role

    results: dict[str, tuple[float, float]] = {}
    view = window.current_view()
    keys = [Qt.Key.Key_PageDown, Qt.Key.Key_PageUp]

    def month_switch() -> None:
        keys.reverse()  # back and forth: every press is a month switch
        QTest.keyClick(view, keys[0])
        settle()

    results["switch"] = measure(month_switch, repeat)

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

    results["meter"] = measure(edit_and_recompute, repeat)
    results.update(agenda_timings(window, repeat))
    return results


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
