"""The window on start-up snapshots while the data layer loads: the month, meter, title and
actions the document will show, for whichever period the person browses to meanwhile (each one
read with `sqlite3` alone, core.snapshot), so navigating never waits for SQLAlchemy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from lmplanner.ui.window.view_switcher import AGENDA

if TYPE_CHECKING:
    from lmplanner.core.store.snapshot import PlanSnapshot
    from lmplanner.ui.window.main_window import MainWindow

# What a period needs read around it: the plan's first day of the week (not known before the
# read) moves a month's or week's first day by at most six days either way.
BEFORE = AFTER = dt.timedelta(days=7)

# read(start, end, days_for): a snapshot of start … end, or of the days `days_for` gives for the
# plan's first day of the week when the reader learns it first (core.snapshot.read_snapshot).
SnapshotReader = Callable[
    [dt.date, dt.date, "Callable[[int], tuple[dt.date, dt.date]] | None"], "PlanSnapshot | None"
]


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class SnapshotStandIn:
    """Shows snapshots in `window` until its document attaches. `read(start, end)` reads one
    (None when the file cannot stand in any more); `attach_now()` brings the document in at
    once, for what a snapshot cannot do (the agenda, any change)."""

    def __init__(
        self,
        window: MainWindow,
        read: SnapshotReader,
        attach_now: Callable[[], None],
        readonly_reason: str = "",
    ) -> None:
        self.window = window
        self.read = read
        self.attach_now = attach_now
        self.readonly_reason = readonly_reason
        self.snapshot: PlanSnapshot | None = None

    @classmethod
    def begin(
        cls,
        window: MainWindow,
        read: SnapshotReader,
        attach_now: Callable[[], None],
        readonly_reason: str = "",
    ) -> SnapshotStandIn | None:
        """Show the plan from start-up snapshots (`read(start, end)`, core.snapshot) while the
        data layer loads: the same month, meter, title and actions the document will show, so
        nothing moves when it attaches, and whichever period the person browses to meanwhile.
        What a snapshot cannot show (the agenda) calls `attach_now`. None when the first
        snapshot cannot stand in (see `show`)."""
        stand_in = cls(window, read, attach_now, readonly_reason)
        start, end = window.current_view().visible_range()
        snapshot = read(start - BEFORE, end + AFTER, stand_in.days_shown)
        if snapshot is None or not stand_in.show(snapshot):
            return None
        window.review_status.show_snapshot(None)  # who acts; the count of posts in review later
        return stand_in

    def days_shown(self, first_weekday: int) -> tuple[dt.date, dt.date]:
        """The days the view shows in weeks starting on `first_weekday` (the plan's, learnt by
        the first read: it then reads just those, not a week's margin either side)."""
        self.window.switcher.set_first_weekday(first_weekday)
        return self.window.current_view().visible_range()

    def show(self, snapshot: PlanSnapshot) -> bool:
        """Paint `snapshot`; False when it cannot stand in (a plan that may be empty, so the
        welcome panel; a filter; a range it does not cover)."""
        from lmplanner.core.balance import analyze

        win = self.window
        if win.document is not None or win.post_filter is not None:
            return False
        if not snapshot.posts and not snapshot.backlog:
            return False
        view = win.current_view()
        start, end = view.visible_range()
        if start < snapshot.start or end > snapshot.end:
            return False
        settings = snapshot.settings
        win.strategy.show_colors(snapshot.pillars)
        win.switcher.set_first_weekday(settings.balance.first_weekday)
        win.switcher.set_channel_colors(snapshot.channel_colors)
        self.snapshot = snapshot
        period = win.current_period()
        view.set_posts([p for p in snapshot.posts if p.date and start <= p.date <= end])
        shown = [p for p in snapshot.posts if p.date and period.start <= p.date <= period.end]
        report = analyze(
            shown,
            period,
            settings.balance,
            backlog=snapshot.backlog,
            pillars=snapshot.pillars,
            lead_in=snapshot.lead_in_of(period.start) if snapshot.pillars else [],
        )
        win.meter.set_report(report, show_weeks=win.view_mode() != "week")
        win.backlog_dock.show_loading(snapshot.backlog)  # never a false "No ideas waiting"
        self._show_plan(snapshot)
        return True

    def _show_plan(self, snapshot: PlanSnapshot) -> None:
        win, reason = self.window, self.readonly_reason
        name = snapshot.settings.name
        suffix = tr(" (read-only)") if reason else ""
        win.setWindowTitle(f"{name}{suffix} — LM Planner")
        win.plan_banner.set_text(reason)
        if reason:
            win.statusBar().showMessage(reason)  # as open_plan_at says it
        win.switcher.show_period_label()
        for action in win.commands.plan_actions():
            action.setEnabled(True)
        win.commands.new_post.setEnabled(not reason)
        win.commands.new_from_template.setEnabled(not reason)
        win.set_plan_name(name)

    def refresh(self) -> None:
        """The period browsed to: from a snapshot when one covers it, else the document now."""
        view = self.window.current_view()
        start, end = view.visible_range()
        snapshot = self.snapshot
        agenda = self.window.view_mode() == AGENDA
        if not agenda and (snapshot is None or start < snapshot.start or end > snapshot.end):
            # Once a snapshot has set the plan's first day of the week, the days shown are
            # known exactly: no margin (a quarter fewer rows read on every PgUp/PgDn).
            snapshot = self.read(start, end, None if snapshot is not None else self.days_shown)
        if agenda or snapshot is None or not self.show(snapshot):
            self.attach_now()
