"""The main window: month, week and agenda views, backlog, filters, balance meter, menus, and the
loop edit → service → refresh. The plan itself is the session's; the views are the switcher's; the
selection is the tracker's; what is done to posts are the operations."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QTableView, QWidget

from lmplanner.core.changes import ChangeSet
from lmplanner.core.errors import PlannerError
from lmplanner.ui import review, state
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.prompter import LeaderHelpDialog, Prompter, ShortcutsDialog, show_about
from lmplanner.ui.editor.launcher import EditorLauncher
from lmplanner.ui.meter.meter import MeterDock
from lmplanner.ui.operations import posts as ops
from lmplanner.ui.operations.review import review_menu
from lmplanner.ui.session import PlanSession
from lmplanner.ui.views.backlog import BacklogDock, BacklogPanel
from lmplanner.ui.views.calendar.base import CalendarView
from lmplanner.ui.views.calendar.holidays import holiday_source
from lmplanner.ui.views.filters import FilterBar, meter_note
from lmplanner.ui.window import layout_state
from lmplanner.ui.window.actions import WindowActions
from lmplanner.ui.window.banner import PlanBanner
from lmplanner.ui.window.day_list import DayList
from lmplanner.ui.window.first_run import FirstRun
from lmplanner.ui.window.leader_help import LeaderHelp
from lmplanner.ui.window.plan_files import PlanFiles
from lmplanner.ui.window.post_actions import connect_post_actions, move_posts
from lmplanner.ui.window.selection_tracker import SelectionTracker
from lmplanner.ui.window.stand_in import SnapshotReader, SnapshotStandIn
from lmplanner.ui.window.strategy import StrategyWiring
from lmplanner.ui.window.touched import only_posts, patched_posts, touches_backlog
from lmplanner.ui.window.view_switcher import AGENDA, MONTH, WEEK, ViewSwitcher
from lmplanner.ui.window.welcome import WelcomePanel

__all__ = ["AGENDA", "MONTH", "WEEK", "MainWindow"]

# The tables' columns, as QSettings keeps them.
AGENDA_HEADER, BACKLOG_HEADER = "agenda/header", "backlog/header"

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, SignalInstance
    from PySide6.QtWidgets import QMenu

    from lmplanner.core.balance import Period
    from lmplanner.core.services import PlanService, PostFilter
    from lmplanner.core.store import Plan
    from lmplanner.ui.dialogs.day_dialog import DayDialog
    from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.editor.editor import PostEditor
    from lmplanner.ui.views.agenda import AgendaView
    from lmplanner.ui.window.view_switcher import PlanView

log = logging.getLogger(__name__)

FOCUS_SELECT_MAX = 12


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """One window on one plan. Widgets only show and ask; PlanDocument does every write."""

    def __init__(
        self,
        *,
        prompter: Prompter | None = None,
        settings: QSettings | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._today = today or dt.date.today()
        self.leader_help = LeaderHelp(self, lambda: self.document, lambda: self.editing.editor)
        self._plan_name = ""
        self._stand_in: SnapshotStandIn | None = None
        self.undo_group = QUndoGroup(self)
        self.commands = WindowActions(self, self.undo_group)
        self.session = PlanSession(
            self,
            prompter=prompter or Prompter(),
            settings=settings or state.ui_settings(),
            undo_group=self.undo_group,
        )
        self.session.documentChanged.connect(self._document_changed)
        self.session.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.switcher = ViewSwitcher(
            self,
            self.session,
            self.commands,
            self._today,
            refresh=self.refresh,
            welcome_visible=self.welcome_visible,
            close_welcome=self.start_empty,
        )
        self.views = self.switcher.views
        self.view_stack = self.switcher.view_stack
        self.period_label = self.switcher.period_label
        self.plan_files = PlanFiles(
            self,
            self.session,
            recent_menu=self.commands.recent_menu,
            current_period=self.current_period,
        )
        self.editing = EditorLauncher(
            self,
            self.session,
            show_help=self.show_leader_help,
            closed=lambda: self.current_view().setFocus(),
            refresh=self.refresh,
        )
        self.day_list = DayList(
            self, self.session, edit_post=self.edit_post, new_post=self.new_post
        )
        self._build_central()
        toggle_meter = self._build_meter()
        toggle_backlog = self._build_backlog()
        self.selection = SelectionTracker(
            self,
            self.session,
            self.commands,
            backlog_dock=self.backlog_dock,
            view_stack=self.view_stack,
            current_view=self.current_view,
        )
        self._connect_views()
        self.filter_bar = FilterBar(self)
        self.filter_bar.filterChanged.connect(self._filter_changed)
        app = QApplication.instance()
        app.focusChanged.connect(self.selection.focus_changed)  # type: ignore[union-attr]
        self._build_menus(toggle_meter, toggle_backlog)
        self.strategy = StrategyWiring.install(self, self.session, self.commands)
        self._connect_actions()
        self.review_status = review.ReviewStatus.install(self, self.session)  # who acts, who waits
        self._restore_window_state()
        self._update_title()
        self._update_actions()
        self.switcher.show_period_label()
        self.plan_banner = PlanBanner.install(self, self.session)  # read-only or not live: says why

    # ------------------------------------------------------------------ set-up
    def _build_central(self) -> None:
        self.welcome = WelcomePanel(self)
        self.welcome.sampleRequested.connect(self.start_with_sample)
        self.welcome.emptyRequested.connect(self.start_empty)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view_stack)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.first_run = FirstRun(
            self.welcome,
            self.pages,
            self.view_stack,
            self.settings,
            document=lambda: self.document,
            show_calendar=lambda: self.current_view().setFocus(),
            go_today=self.go_today,
            today=self._today,
        )

    def _build_meter(self) -> QAction:
        self.meter_dock = MeterDock(self)
        self.meter = self.meter_dock.panel
        self.meter.flagActivated.connect(self.switcher.show_flag)
        self.meter.leaderPostRequested.connect(self.editing.plan_leader_post)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.meter_dock)
        toggle = self.meter_dock.toggleViewAction()
        toggle.setText(tr("Balance m&eter"))
        toggle.setObjectName("toggleMeter")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.addAction(toggle)
        return toggle

    def _build_backlog(self) -> QAction:
        self.backlog_dock = BacklogDock(self)
        self.backlog_dock.panelMade.connect(self._backlog_made)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.backlog_dock)
        show_backlog = self.backlog_dock.toggleViewAction()
        show_backlog.setText(tr("Show &backlog"))
        show_backlog.setObjectName("toggleBacklog")
        show_backlog.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.addAction(show_backlog)
        return show_backlog

    def _connect_views(self) -> None:
        """Every view (and the backlog) opens, creates, drops and asks for menus the same way."""
        for view in self.views.made():
            self._connect_view(view)
        self.switcher.viewMade.connect(self._agenda_made)
        self.backlog_dock.visibilityChanged.connect(self.selection.backlog_shown)

    def _connect_view(self, view: PlanView) -> None:
        view.selectionChanged.connect(self._update_actions)
        view.selectionChanged.connect(self.meter.selection_changed_elsewhere)
        view.postActivated.connect(self.edit_post)
        view.createRequested.connect(self.new_post)
        view.moreRequested.connect(self.show_day_list)
        view.postsDropped.connect(self.move_posts)
        menu_source = view if isinstance(view, CalendarView) else view.table
        menu_source.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        menu_source.customContextMenuRequested.connect(
            lambda pos, source=menu_source: self.show_context_menu(source, pos)
        )

    def _backlog_made(self, backlog: BacklogPanel) -> None:
        """The backlog's panel, made the first time the dock is shown: connected, its columns
        as left."""
        backlog.postActivated.connect(self.edit_post)
        backlog.postsDropped.connect(lambda ids: self.move_posts(ids, None, None))
        backlog.table.customContextMenuRequested.connect(
            lambda pos: self.show_context_menu(backlog.table, pos)
        )
        backlog.table.selectionModel().selectionChanged.connect(self._update_actions)
        layout_state.restore_tables(self.settings, {BACKLOG_HEADER: backlog.table})

    def _agenda_made(self, agenda: AgendaView) -> None:
        """The agenda, made the first time it is shown: connected, its columns as left."""
        self._connect_view(agenda)
        layout_state.restore_tables(self.settings, {AGENDA_HEADER: agenda.table})

    def _build_menus(self, toggle_meter: QAction, toggle_backlog: QAction) -> None:
        a, session, ids = self.commands, self.session, self.selected_ids
        a.role_menu = ops.role_menu(self, session, ids)
        a.status_menu = ops.status_menu(self, session, ids)
        a.channel_menu = ops.channel_menu(self, session, ids)
        a.review_menu = review_menu(self, session, ids)
        a.build_menus(self, toggle_meter, toggle_backlog, self.filter_bar.build_menu(self))
        self.toolbar = a.build_toolbar(self, self.period_label)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.filter_bar)

    def _connect_actions(self) -> None:
        a, files, views = self.commands, self.plan_files, self.switcher
        a.new_plan.triggered.connect(files.new_plan)
        a.open_plan.triggered.connect(files.open_plan)
        a.connect_team.triggered.connect(self.connect_to_team_plan)
        a.save_copy.triggered.connect(files.save_copy)
        a.plan_settings.triggered.connect(self.show_plan_settings)
        a.import_posts.triggered.connect(files.import_posts)
        a.import_results.triggered.connect(files.import_results)
        a.export_posts.triggered.connect(files.export_posts)
        a.export_report.triggered.connect(lambda: files.export_report())
        a.print_report.triggered.connect(lambda: files.export_report(printing=True))
        a.restore_backup.triggered.connect(files.restore_backup)
        a.trash.triggered.connect(files.show_trash)
        a.signoffs.triggered.connect(files.show_signoffs)
        a.plan_history.triggered.connect(lambda: files.show_history())
        a.post_history.triggered.connect(
            lambda: files.show_history(ids[0]) if len(ids := self.selected_ids()) == 1 else None
        )
        a.quit.triggered.connect(self.close)
        a.recent_menu.aboutToShow.connect(files.fill_recent_menu)
        layout_state.connect_fit_titles(a.fit_titles, a.view_menu, self._tables)
        a.new_post.triggered.connect(lambda: self.new_post(self.current_view().selected_date()))
        a.new_from_template.triggered.connect(
            lambda: self.editing.open_from_template(self.current_view().selected_date())
        )
        a.edit_post.triggered.connect(self.edit_selected)
        connect_post_actions(a, self, self.session, self.selected_ids)
        a.find.triggered.connect(views.find_posts)
        a.month_view.triggered.connect(lambda: self.set_view_mode(MONTH))
        a.week_view.triggered.connect(lambda: self.set_view_mode(WEEK))
        a.agenda_view.triggered.connect(lambda: self.set_view_mode(AGENDA))
        a.today.triggered.connect(views.go_today)
        a.previous.triggered.connect(lambda: views.step_period(-1))
        a.next.triggered.connect(lambda: views.step_period(1))
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.leader_help.triggered.connect(self.show_leader_help)
        a.about.triggered.connect(lambda: show_about(self))
        a.preferences.triggered.connect(lambda: review.show_preferences(self, self.session))

    def _restore_window_state(self) -> None:
        layout_state.restore_layout(self, self.settings, self.backlog_dock, self._tables())
        if not self.backlog_dock.isHidden():
            self.backlog_dock.panel  # noqa: B018  (laid out with the window, at its first size)
        mode = self.settings.value(state.VIEW, MONTH)
        self.set_view_mode(
            mode if isinstance(mode, str) and mode in self.views else MONTH, refresh=False
        )

    def save_window_state(self) -> None:
        layout_state.save_layout(self, self.settings, self._tables())
        state.put(self.settings, state.VIEW, self.view_mode())
        self.settings.sync()

    def _tables(self) -> dict[str, QTableView]:
        """The tables made so far (an agenda never shown keeps the columns it was left with)."""
        tables: dict[str, QTableView] = {}
        if self.backlog_dock.made is not None:
            tables[BACKLOG_HEADER] = self.backlog_dock.made.table
        if self.views.agenda is not None:
            tables[AGENDA_HEADER] = self.views.agenda.table
        return tables

    @property
    def backlog(self) -> BacklogPanel:
        """The backlog's panel, made now if it is not there yet."""
        return self.backlog_dock.panel

    @property
    def agenda(self) -> AgendaView:
        """The agenda view, made now if it is not there yet."""
        return self.switcher.agenda

    # ------------------------------------------------------------------ the session's
    @property
    def document(self) -> PlanDocument | None:
        return self.session.document

    @property
    def service(self) -> PlanService | None:
        return self.session.service

    @property
    def post_filter(self) -> PostFilter | None:
        return self.session.post_filter

    @property
    def prompter(self) -> Prompter:
        return self.session.prompter

    @property
    def settings(self) -> QSettings:
        return self.session.settings

    @property
    def documentChanged(self) -> SignalInstance:
        return self.session.documentChanged

    @property
    def refreshed(self) -> SignalInstance:
        return self.session.refreshed

    def open_plan_at(
        self, location: str | os.PathLike[str], *, create: bool = False, readonly: bool = False
    ) -> bool:
        return self.session.open_plan_at(location, create=create, readonly=readonly)

    def adopt_plan(self, plan: Plan, location: str) -> None:
        self.session.adopt_plan(plan, location)

    def connect_to_team_plan(self) -> None:
        self.session.connect_to_team_plan()

    def set_document(self, document: PlanDocument | None) -> None:
        self.session.set_document(document)

    def _document_changed(self, document: PlanDocument | None) -> None:
        """A plan opened or closed: its settings, names and filters, the welcome, the views."""
        if document is not None:
            self._stand_in = None  # the document shows the plan from now on
            self.session.snapshot_reason = None
            document.changed.connect(self._on_changed)
            self._load_plan_settings()
        self.filter_bar.clear()  # filters belong to a look at one plan, not to the next
        self._load_names()
        if document is not None:
            self.first_run.maybe_show()
        self.refresh()
        self._update_actions()

    # ------------------------------------------------------------------ the switcher's
    def view_mode(self) -> str:
        return self.switcher.view_mode()

    def current_view(self) -> PlanView:
        return self.switcher.current_view()

    def set_view_mode(self, mode: str, *, refresh: bool = True) -> None:
        self.switcher.set_view_mode(mode, refresh=refresh)

    def current_period(self) -> Period:
        return self.switcher.current_period()

    def go_to(self, day: dt.date) -> None:
        self.switcher.go_to(day)

    def go_today(self) -> None:
        self.switcher.go_today()

    def _show_weeks(self) -> bool:
        """The meter's weekly bars: for a month or the agenda, not for one week."""
        return self.view_mode() != WEEK

    # ------------------------------------------------------------------ posts
    def selected_ids(self) -> list[int]:
        return self.selection.selected_ids()

    def _update_actions(self, *_args: object) -> None:
        self.selection.update_actions()

    def show_context_menu(self, source: QWidget, pos: QPoint) -> QMenu | None:
        return self.selection.show_context_menu(source, pos)

    def editor(self) -> PostEditor | None:
        """The open post editor, if any."""
        return self.editing.editor

    def new_post(self, day: dt.date | None = None) -> PostEditor | None:
        if self.session.readonly:
            return None
        return self.editing.open(None, day if isinstance(day, dt.date) else None)

    def edit_post(self, post_id: int) -> PostEditor | None:
        service = self.session.service
        if service is None:
            return None
        try:
            post = service.post(post_id)
        except PlannerError as error:
            self.prompter.error(self, tr("Cannot open the post"), str(error))
            return None
        return self.editing.open(post, None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_post(ids[0])

    def move_posts(self, ids: list[int], day: dt.date | None, time: Any) -> None:
        """A drop on the calendar (post_actions.move_posts)."""
        move_posts(self, self.session, ids, day, time)

    def show_day_list(self, day: dt.date) -> DayDialog:
        """ "+N more": the day's posts as chips, with the same actions as the calendar."""
        return self.day_list.show(day)

    # ------------------------------------------------------------------ plans
    def _load_plan_settings(self) -> None:
        assert self.document is not None
        service = self.document.service
        settings = service.settings()
        self._plan_name = settings.name
        channels = service.channels()
        colors = {channel.name: channel.color for channel in channels}
        holidays = holiday_source(settings)
        self.switcher.set_first_weekday(settings.balance.first_weekday)
        self.switcher.set_channel_colors(colors)
        for calendar in self.views.calendars():
            calendar.set_holiday_source(holidays)
        self.backlog_dock.set_channel_colors(colors)
        self._update_title()

    def _load_names(self) -> None:
        """The filter bar's lists follow the plan's channels, people and campaigns."""
        service = self.session.service
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

    def welcome_visible(self) -> bool:
        return self.first_run.visible()

    def start_with_sample(self) -> None:
        """The sample month on the current month, as one undo step."""
        self.first_run.start_with_sample()

    def start_empty(self) -> None:
        self.first_run.close()

    def refresh(self, changes: ChangeSet | None = None) -> None:
        """Show the plan as it is: the visible range's posts, and the period's balance. After
        `changes` (known row by row, posts only) just the changed posts are read again."""
        self.switcher.show_period_label()
        view = self.current_view()
        if self.document is None:
            if self._stand_in is not None:
                self._stand_in.refresh()
                return
            view.set_posts([])
            self.meter.set_report(None)
            self.meter.set_results_source(None)
            return
        service = self.document.service
        flt = self.session.post_filter
        # Only a look without a filter is patched: whether a post passes is the query's to say.
        patch = only_posts(changes) and flt is None
        try:
            if not isinstance(view, CalendarView):  # the agenda: pages of its own query
                self.agenda.set_source(service, flt)
            else:
                span = view.visible_range()
                posts = None
                if patch and changes is not None:
                    posts = patched_posts(view.shown_posts(), changes, service, span)
                if posts is None:
                    posts = service.posts(start=span[0], end=span[1], flt=flt)
                view.set_posts(posts)
                view.set_comment_counts(service.open_comment_counts())
            report = service.balance(self.current_period(), flt)
            backlog_due = not patch or changes is None or touches_backlog(changes)
            if not self.backlog_dock.isHidden() and backlog_due:
                self.backlog_dock.set_source(service, flt)
        except Exception as error:
            log.exception("Reading the plan failed")
            self.prompter.error(self, tr("Cannot read the plan"), str(error))
            return
        self.meter.set_report(report, show_weeks=self._show_weeks())
        self.meter.set_results_source(partial(service.results, self.current_period(), flt))
        self.meter.set_filter_note(meter_note(flt))
        self._update_actions()
        self.session.refreshed.emit()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.welcome_visible() and changes.post_ids:
            self.first_run.close()  # a post made from the toolbar or menu answers the welcome
        tables = changes.tables()
        if tables & {"plan", "channel"}:
            self._load_plan_settings()
        if tables & {"channel", "person", "campaign"}:
            self._load_names()
        step = self.document.last_step if self.document is not None else ""
        # A move to another period refreshes by itself.
        if not self.switcher.follow(changes, replayed=step in ("undo", "redo")):
            self.refresh(changes)
        if 0 < len(changes.focus) <= FOCUS_SELECT_MAX:
            # Select what a small change was about; a whole sample month selected is just noise.
            self.current_view().select_posts(list(changes.focus))
        message = {"undo": tr("Undone: {label}"), "redo": tr("Redone: {label}")}.get(
            step, "{label}"
        )
        self.statusBar().showMessage(message.format(label=changes.label), 5000)

    def _filter_changed(self) -> None:
        self.session.post_filter = self.filter_bar.post_filter()
        self.refresh()

    def show_plan_settings(self) -> PlanSettingsDialog | None:
        from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog

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
        return self.leader_help.show()

    # ------------------------------------------------------------------ closing
    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        if self.editing.editor is not None:
            self.editing.editor.reject()
        self._stand_in = None  # a window closing while the plan loads reads nothing more
        self.session.snapshot_reason = None
        self.set_document(None)
        super().closeEvent(event)

    # ------------------------------------------------------------------ start-up snapshot
    def set_plan_name(self, name: str) -> None:
        """The plan's name for the window title (a start-up snapshot knows it first)."""
        self._plan_name = name

    def stand_in(
        self, read: SnapshotReader, attach_now: Callable[[], None], readonly_reason: str = ""
    ) -> bool:
        """Show the plan from start-up snapshots while the data layer loads (SnapshotStandIn);
        False when the first one cannot stand in."""
        self._stand_in = SnapshotStandIn.begin(self, read, attach_now, readonly_reason)
        if self._stand_in is not None:
            self.session.snapshot_reason = readonly_reason
        return self._stand_in is not None
