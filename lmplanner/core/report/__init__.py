"""PDF strategy reports for leadership meetings: summary, calendar, breakdowns and post list.

Importing this package is cheap: ReportLab is imported only when a report is built.
`build_report` runs in any thread (the GUI calls it from a worker) and reports progress and
honours cancellation through the two callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lmplanner.core.report.options import (
    ALL_SECTIONS,
    Paper,
    ReportCancelled,
    ReportOptions,
    ReportResult,
    Section,
    default_paper,
)

if TYPE_CHECKING:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PlanService

__all__ = [
    "ALL_SECTIONS",
    "Paper",
    "ReportCancelled",
    "ReportOptions",
    "ReportResult",
    "Section",
    "build_report",
    "default_paper",
]


def build_report(
    service: PlanService,
    period: Period,
    *,
    out: Path,
    options: ReportOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the report of `period` to `out` (a PDF) and say how many pages it has.

    The PDF is written to a temporary file beside `out` and renamed at the end, so a failure
    or a cancel leaves neither a half-written report nor the temporary file.

    progress(done, total) is called from the calling thread as the work advances (total may
    grow once the layout is known; done never goes back). cancelled() is polled between steps
    and on every page; when it returns True the build stops with ReportCancelled.
    Raises PlannerError (with one line for the user) when the folder cannot be written.
    """
    from lmplanner.core.report.builder import build

    return build(
        service,
        period,
        out=Path(out),
        options=options or ReportOptions(),
        progress=progress,
        cancelled=cancelled,
    )
