"""The main window: month, week and agenda views, backlog, filters, balance meter, menus, and the
loop edit → service → refresh."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QTableView, QWidget

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import BalanceSettings
from lmplanner.core.errors import PlanFileError
from lmplanner.core.paths import is_database_url
from lmplanner.ui import state
from lmplanner.ui.actions import WindowActions
from lmplanner.ui.agenda import AgendaView
from lmplanner.ui.backlog import BacklogDock
from lmplanner.ui.calendar.month_view import MonthView
from lmplanner.ui.calendar.week_view import WeekView
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs import LeaderHelpDialog, Prompter, ShortcutsDialog, show_about
from lmplanner.ui.editing import EditorLauncher
from lmplanner.ui.filters import FilterBar, meter_note
from lmplanner.ui.meter import MeterDock
from lmplanner.ui.plan_banner import PlanBanner
from lmplanner.ui.plan_files import PlanFiles
from lmplanner.ui.post_ops import PostOperations
from lmplanner.ui.welcome import WelcomePanel
from lmplanner.ui.window_posts import PostsMixin
from lmplanner.ui.window_views import AGENDA, MONTH, WEEK, ViewsMixin

__all__ = ["AGENDA", "MONTH", "WEEK", "MainWindow"]

if TYPE_CHECKING:
    from lmplanner.core.services import PostFilter
    from lmplanner.core.store import Plan
    from lmplanner.core.store.snapshot import PlanSnapshot
    from lmplanner.ui.calendar.base import CalendarView
    from lmplanner.ui.day_dialog import DayDialog
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.settings_dialog import PlanSettingsDialog

    PlanView = CalendarView | AgendaView

log = logging.getLogger(__name__)

FOCUS_SELECT_MAX = 12


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(ViewsMixin, PostsMixin):
    """One window on one plan. Widgets only show and ask; PlanDocument does every write."""

    documentChanged = Signal(object)  # the new PlanDocument (or None)
    refreshed = Signal()  # views and meter show the plan as it is now

    def __init__(
        self,
        *,
        prompter: Prompter | None = None,
        settings: QSettings | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.prompter = prompter or Prompter()
        self.settings = settings or state.ui_settings()
        self.document: PlanDocument | None = None
        self.post_filter: PostFilter | None = None  # the filter bar's, for every view
        self._today = today or dt.date.today()
        self._help: LeaderHelpDialog | None = None
        self._day_dialog: DayDialog | None = None
        self._backlog_focused = False  # the selection Edit acts on: the backlog's or the view's
        self._plan_name = ""

        self.undo_group = QUndoGroup(self)
        self.commands = WindowActions(self, self.undo_group)
        self.plan_files = PlanFiles(self)
        self.post_ops = PostOperations(self)
        self.editing = EditorLauncher(self)

        self.agenda = AgendaView(self)
        self.views: dict[str, PlanView] = {
            MONTH: MonthView(self),
            WEEK: WeekView(self),
            AGENDA: self.agenda,
        }
        self.view_stack = QStackedWidget(self)
        self.view_stack.setObjectName("viewStack")
        for view in self.views.values():
            view.set_today(self._today)
            view.set_period(self._today)
            view.set_selected_date(self._today)
            self.view_stack.addWidget(view)
            view.selectedDateChanged.connect(self._on_selected_date_changed)
            view.selectionChanged.connect(self._update_actions)
            view.postActivated.connect(self.edit_post)
            view.createRequested.connect(self.new_post)
            view.moreRequested.connect(self.show_day_list)
            view.postsDropped.connect(self.move_posts)
            menu_source = self.agenda.table if view is self.agenda else view
            menu_source.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            menu_source.customContextMenuRequested.connect(
                lambda pos, source=menu_source: self.show_context_menu(source, pos)
            )
        self.welcome = WelcomePanel(self)
        self.welcome.sampleRequested.connect(self.start_with_sample)
        self.welcome.emptyRequested.connect(self.start_empty)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view_stack)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)

        self.meter_dock = MeterDock(self)
        self.meter = self.meter_dock.panel
        self.meter.flagActivated.connect(self.show_flag)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.meter_dock)
        toggle = self.meter_dock.toggleViewAction()
        toggle.setText(tr("Balance m&eter"))
        toggle.setObjectName("toggleMeter")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.addAction(toggle)

        self.backlog_dock = BacklogDock(self)
        self.backlog = self.backlog_dock.panel
        self.backlog.postActivated.connect(self.edit_post)
        self.backlog.postsDropped.connect(lambda ids: self.post_ops.move(ids, None, None))
        self.backlog.table.customContextMenuRequested.connect(
            lambda pos: self.show_context_menu(self.backlog.table, pos)
        )
        self.backlog.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.backlog_dock.visibilityChanged.connect(self._backlog_shown)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.backlog_dock)
        show_backlog = self.backlog_dock.toggleViewAction()
        show_backlog.setText(tr("Show &backlog"))
        show_backlog.setObjectName("toggleBacklog")
        show_backlog.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.addAction(show_backlog)
        self.filter_bar = FilterBar(self)
        self.filter_bar.filterChanged.connect(self._filter_changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

        self.period_label = QLabel(self)
        self.period_label.setObjectName("periodLabel")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.period_label.setFont(font)
        self.period_label.setContentsMargins(12, 0, 12, 0)
        self.period_label.setMinimumWidth(220)
        self.commands.role_menu = self.post_ops.role_menu(self)
        self.commands.status_menu = self.post_ops.status_menu(self)
        self.commands.channel_menu = self.post_ops.channel_menu(self)
        self.commands.build_menus(self, toggle, show_backlog, self.filter_bar.build_menu(self))
        self.toolbar = self.commands.build_toolbar(self, self.period_label)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.filter_bar)
        self._connect_actions()
        self.statusBar()
        self._restore_window_state()
        self._update_title()
        self._update_actions()
        self._show_period_label()
        self.plan_banner = PlanBanner.install(self)  # read-only or not live: says why

    # ------------------------------------------------------------------ set-up
    def _connect_actions(self) -> None:
        a = self.commands
        a.new_plan.triggered.connect(self.plan_files.new_plan)
        a.open_plan.triggered.connect(self.plan_files.open_plan)
        a.connect_team.triggered.connect(self.connect_to_team_plan)
        a.save_copy.triggered.connect(self.plan_files.save_copy)
        a.plan_settings.triggered.connect(self.show_plan_settings)
        files = self.plan_files
        a.import_posts.triggered.connect(files.import_posts)
        a.export_posts.triggered.connect(files.export_posts)
        a.export_report.triggered.connect(lambda: files.export_report())
        a.print_report.triggered.connect(lambda: files.export_report(printing=True))
        a.restore_backup.triggered.connect(files.restore_backup)
        a.trash.triggered.connect(files.show_trash)
        a.quit.triggered.connect(self.close)
        a.recent_menu.aboutToShow.connect(self.plan_files.fill_recent_menu)
        a.new_post.triggered.connect(lambda: self.new_post(self.current_view().selected_date()))
        a.edit_post.triggered.connect(self.edit_selected)
        a.duplicate.triggered.connect(lambda: self.post_ops.duplicate())
        a.delete.triggered.connect(lambda: self.post_ops.delete())
        a.to_backlog.triggered.connect(lambda: self.post_ops.to_backlog())
        for action, days in zip(a.day_moves(), (-1, 1, -7, 7), strict=True):
            action.triggered.connect(lambda _=False, d=days: self.post_ops.move_by(d))
        a.find.triggered.connect(self.find_posts)
        a.month_view.triggered.connect(lambda: self.set_view_mode(MONTH))
        a.week_view.triggered.connect(lambda: self.set_view_mode(WEEK))
        a.agenda_view.triggered.connect(lambda: self.set_view_mode(AGENDA))
        a.today.triggered.connect(self.go_today)
        a.previous.triggered.connect(lambda: self.step_period(-1))
        a.next.triggered.connect(lambda: self.step_period(1))
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.leader_help.triggered.connect(self.show_leader_help)
        a.about.triggered.connect(lambda: show_about(self))

    def _restore_window_state(self) -> None:
        screen = self.screen().availableGeometry()
        roomy = screen.width() >= 1600  # room for the backlog beside the month and the meter
        geometry = self.settings.value(state.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            width = min(1560 if roomy else 1320, int(screen.width() * 0.92))
            self.resize(width, min(840, int(screen.height() * 0.9)))
        window_state = self.settings.value(state.WINDOW_STATE)
        if window_state is not None:
            self.restoreState(window_state)
        else:
            self.backlog_dock.setVisible(roomy)
        for key, table in self._tables().items():  # column widths, order and sort
            header = self.settings.value(key)
            if header is not None:
                table.horizontalHeader().restoreState(header)
        mode = self.settings.value(state.VIEW, MONTH)
        self.set_view_mode(mode if mode in self.views else MONTH, refresh=False)

    def save_window_state(self) -> None:
        self.settings.setValue(state.GEOMETRY, self.saveGeometry())
        self.settings.setValue(state.WINDOW_STATE, self.saveState())
        self.settings.setValue(state.VIEW, self.view_mode())
        for key, table in self._tables().items():
            self.settings.setValue(key, table.horizontalHeader().saveState())
        self.settings.sync()

    def _tables(self) -> dict[str, QTableView]:
        return {"agenda/header": self.agenda.table, "backlog/header": self.backlog.table}

    # ------------------------------------------------------------------ plans
    @property
    def service(self) -> Any:
        return self.document.service if self.document else None

    def open_plan_at(
        self, location: str | os.PathLike[str], *, create: bool = False, readonly: bool = False
    ) -> bool:
        """Open a plan file; a foreign, damaged or newer file gets a dialog and stays untouched
        (with the ways out that work: open read-only, restore from a backup)."""
        from lmplanner.core.errors import ReadOnlyPlanError
        from lmplanner.core.store import open_plan
        from lmplanner.core.store.postgres import url_without_password

        text = os.fspath(location)
        team = is_database_url(text)
        ask = None
        try:
            if team:
                # A read-only member opens read-only by itself; no retry (it would ask twice).
                from lmplanner.ui.team_dialog import password_prompt

                ask = password_prompt(self)
                plan = open_plan(text, create=create, password_callback=ask)
                ask.opened()
            else:
                try:
                    plan = open_plan(text, create=create and not readonly, readonly=readonly)
                except ReadOnlyPlanError:
                    plan = open_plan(text, create=False, readonly=True)
        except PlanFileError as error:
            return self.plan_files.cannot_open(text, error)
        except Exception as error:  # a disk or database failure: a dialog, never a traceback
            log.exception("Opening %s failed", text)
            self.prompter.error(self, tr("Cannot open this plan"), f"{text}: {error}")
            return False
        remembered = url_without_password(text) if team else str(plan.path or text)
        self.adopt_plan(plan, remembered)
        return True

    def adopt_plan(self, plan: Plan, location: str) -> None:
        """Make an open plan this window's; `location` is what recent plans keep (no password)."""
        from lmplanner.ui.document import PlanDocument

        self.set_document(PlanDocument(plan, self))
        state.remember_plan(self.settings, location)
        if plan.readonly:
            self.statusBar().showMessage(plan.readonly_reason)

    def connect_to_team_plan(self) -> None:
        """File > Connect to team plan…: a dialog that connects on a worker thread."""
        from lmplanner.ui.team_dialog import connect_to_team_plan

        connect_to_team_plan(self, self.adopt_plan, recent=state.recent_plans(self.settings))

    def set_document(self, document: PlanDocument | None) -> None:
        old = self.document
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self.document = document
        if document is not None:
            self.undo_group.addStack(document.undo_stack)
            self.undo_group.setActiveStack(document.undo_stack)
            document.changed.connect(self._on_changed)
            document.failed.connect(lambda title, text: self.prompter.error(self, title, text))
            self._load_plan_settings()
        self.filter_bar.clear()  # filters belong to a look at one plan, not to the next
        self._load_names()
        if document is not None:
            self._maybe_welcome()
        self.refresh()
        self._update_actions()
        self.documentChanged.emit(document)

    def _load_plan_settings(self) -> None:
        assert self.document is not None
        service = self.document.service
        settings = service.settings()
        self._plan_name = settings.name
        channels = service.channels()
        colors = {channel.name: channel.color for channel in channels}
        for view in self.views.values():
            view.set_first_weekday(settings.balance.first_weekday)
            view.set_channel_colors(colors)
        self.backlog.model.set_channel_colors(colors)
        self._update_title()

    def _load_names(self) -> None:
        """The filter bar's lists follow the plan's channels, people and campaigns."""
        service = self.service
        if service is None:
            self.filter_bar.set_names([], [], [])
            return
        self.filter_bar.set_names(
            [c.name for c in service.channels()],
            [p.name for p in service.people()],
            [c.name for c in service.campaigns()],
        )

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle("LM Planner")
            return
        suffix = tr(" (read-only)") if self.document.readonly else ""
        self.setWindowTitle(f"{self._plan_name}{suffix} — LM Planner")

    def _welcome_done(self) -> list[str]:
        return state.string_list(self.settings, state.WELCOME_DONE)

    def _maybe_welcome(self) -> None:
        assert self.document is not None
        empty = (
            self.document.service.count_posts() == 0 and self.document.service.backlog_count() == 0
        )
        show = (
            empty
            and not self.document.readonly
            and self.document.plan.uuid not in self._welcome_done()
        )
        self.pages.setCurrentWidget(self.welcome if show else self.view_stack)
        if show:
            self.welcome.focus_default()

    def welcome_visible(self) -> bool:
        return self.pages.currentWidget() is self.welcome

    def _close_welcome(self) -> None:
        if self.document is not None:
            done = [u for u in self._welcome_done() if u != self.document.plan.uuid]
            self.settings.setValue(state.WELCOME_DONE, [self.document.plan.uuid, *done][:50])
        self.pages.setCurrentWidget(self.view_stack)
        self.current_view().setFocus()

    def start_with_sample(self) -> None:
        """The sample month on the current month, as one undo step."""
        if self.document is None:
            return
        from lmplanner.core.demo import create_demo

        service = self.document.service
        today = self._today
        self._close_welcome()
        self.go_today()
        self.document.perform(
            tr("Add the sample month"), lambda: create_demo(service, today.year, today.month)
        )

    def start_empty(self) -> None:
        self._close_welcome()

    def refresh(self) -> None:
        """Show the plan as it is: the visible range's posts, and the period's balance."""
        self._show_period_label()
        view = self.current_view()
        if self.document is None:
            view.set_posts([])
            self.meter.set_report(None)
            return
        service = self.document.service
        flt = self.post_filter
        try:
            if view is self.agenda:
                self.agenda.set_source(service, flt)
            else:
                start, end = view.visible_range()
                view.set_posts(service.posts(start=start, end=end, flt=flt))
            report = service.balance(self.current_period(), flt)
            if not self.backlog_dock.isHidden():
                self.backlog.set_source(service, flt)
        except Exception as error:
            log.exception("Reading the plan failed")
            self.prompter.error(self, tr("Cannot read the plan"), str(error))
            return
        self.meter.set_report(report, show_weeks=self.view_mode() != WEEK)
        self.meter.set_filter_note(meter_note(flt))
        self._update_actions()
        self.refreshed.emit()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.welcome_visible() and changes.post_ids:
            self._close_welcome()  # a post made from the toolbar or menu answers the welcome
        tables = changes.tables()
        if tables & {"plan", "channel"}:
            self._load_plan_settings()
        if tables & {"channel", "person", "campaign"}:
            self._load_names()
        self._follow(changes)
        self.refresh()
        if 0 < len(changes.focus) <= FOCUS_SELECT_MAX:
            # Select what a small change was about; a whole sample month selected is just noise.
            self.current_view().select_posts(list(changes.focus))
        step = self.document.last_step if self.document is not None else ""
        message = {"undo": tr("Undone: {label}"), "redo": tr("Redone: {label}")}.get(
            step, "{label}"
        )
        self.statusBar().showMessage(message.format(label=changes.label), 5000)

    def _filter_changed(self) -> None:
        self.post_filter = self.filter_bar.post_filter()
        self.refresh()

    def show_plan_settings(self) -> PlanSettingsDialog | None:
        from lmplanner.ui.settings_dialog import PlanSettingsDialog

        if self.document is None:
            return None
        dialog = PlanSettingsDialog(self.document, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ help
    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.commands.shortcut_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_leader_help(self) -> LeaderHelpDialog:
        if self._help is None:
            balance = BalanceSettings()  # no plan open: a new plan's band
            low, high = balance.band_low, balance.band_high
            if self.document is not None:
                balance = self.document.service.settings().balance
                low, high = balance.band_low, balance.band_high
            parent: QWidget = self.editing.editor or self
            self._help = LeaderHelpDialog(parent, band_low=low, band_high=high)
            self._help.finished.connect(self._help_closed)
        self._help.show()
        self._help.raise_()
        return self._help

    def _help_closed(self) -> None:
        help_dialog, self._help = self._help, None
        if help_dialog is not None:
            help_dialog.deleteLater()

    # ------------------------------------------------------------------ closing
    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        if self.editing.editor is not None:
            self.editing.editor.reject()
        self.set_document(None)
        super().closeEvent(event)

    # ------------------------------------------------------------------ start-up snapshot
    def show_snapshot(self, snapshot: PlanSnapshot, readonly_reason: str = "") -> bool:
        """Show the plan from a start-up snapshot (core.snapshot) while the data layer loads:
        the same month, meter, title and actions the document will show, so nothing moves when
        it attaches (app.py holds input until then). False when the snapshot cannot stand in:
        a plan that may be empty (the welcome panel), a filter, a range it does not cover."""
        from lmplanner.core.balance import analyze

        if self.document is not None or self.post_filter is not None:
            return False
        if not snapshot.posts and not snapshot.backlog:
            return False
        settings = snapshot.settings
        for view in self.views.values():
            view.set_first_weekday(settings.balance.first_weekday)
            view.set_channel_colors(snapshot.channel_colors)
        view = self.current_view()
        start, end = view.visible_range()
        if start < snapshot.start or end > snapshot.end:
            return False
        period = self.current_period()
        view.set_posts([p for p in snapshot.posts if p.date and start <= p.date <= end])
        shown = [p for p in snapshot.posts if p.date and period.start <= p.date <= period.end]
        report = analyze(shown, period, settings.balance, backlog=snapshot.backlog)
        self.meter.set_report(report, show_weeks=self.view_mode() == MONTH)
        self._plan_name = settings.name
        suffix = tr(" (read-only)") if readonly_reason else ""
        self.setWindowTitle(f"{settings.name}{suffix} — LM Planner")
        self.plan_banner.set_text(readonly_reason)
        if readonly_reason:
            self.statusBar().showMessage(readonly_reason)  # as open_plan_at says it
        self._show_period_label()
        for action in self.commands.plan_actions():
            action.setEnabled(True)
        self.commands.new_post.setEnabled(not readonly_reason)
        return True
