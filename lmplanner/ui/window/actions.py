"""The main window's actions, menus and toolbar: what can be done, and the keys that do it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

StandardKey = QKeySequence.StandardKey


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def keys(standard: StandardKey | None, *fallback: str) -> list[QKeySequence]:
    """The platform's standard keys for an action, plus our own where the platform has none."""
    found = list(QKeySequence.keyBindings(standard)) if standard is not None else []
    for text in fallback:
        sequence = QKeySequence(text)
        if sequence not in found:
            found.append(sequence)
    return found


class WindowActions(QObject):
    """Every action of the main window; the window connects them and decides when they apply."""

    def __init__(self, window: QMainWindow, undo_group: QUndoGroup) -> None:
        super().__init__(window)
        self.window = window
        # The style's standard icons (QStyle.StandardPixmap names) are given when the menu that
        # shows them first opens: the toolbar shows text only, and naming QStyle makes PySide6
        # build its types and a dozen enums (~5 ms) the window's first paint does not need.
        self._icons: list[tuple[QAction, str]] = []
        self._file_actions(window)
        self._edit_actions(window, undo_group)
        self._move_actions(window)
        self._view_actions(window)
        self._help_actions()

    def _make(
        self,
        text: str,
        shortcuts: list[QKeySequence] | None = None,
        *,
        name: str,
        tip: str = "",
        icon: str | None = None,
    ) -> QAction:
        window = self.window
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(
                f"{tip} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                if shortcuts
                else tip
            )
        if icon is not None:
            self._icons.append((action, icon))
        window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def give_icons(self) -> None:
        """The actions' standard icons, once (see __init__)."""
        if not self._icons:
            return
        from PySide6.QtWidgets import QStyle

        style = self.window.style()
        for action, name in self._icons:
            action.setIcon(style.standardIcon(QStyle.StandardPixmap[name]))
        self._icons.clear()

    def _file_actions(self, window: QMainWindow) -> None:
        self.new_plan = self._make(
            tr("&New plan…"),
            [QKeySequence("Ctrl+Shift+N")],
            name="newPlan",
            tip=tr("Create a new, empty plan file"),
        )
        self.open_plan = self._make(
            tr("&Open plan…"),
            keys(StandardKey.Open),
            name="openPlan",
            tip=tr("Open another plan file"),
        )
        self.connect_team = self._make(
            tr("Connect to tea&m plan…"),
            [],
            name="connectTeamPlan",
            tip=tr("Open a plan kept in a PostgreSQL database your team shares"),
        )
        self.recent_menu = QMenu(tr("Open &recent"), window)
        self.recent_menu.setObjectName("recentMenu")
        self.save_copy = self._make(
            tr("Save a &copy as…"),
            keys(StandardKey.SaveAs),
            name="saveCopy",
            tip=tr("Copy this plan to another file; you keep working in this one"),
        )
        self.import_posts = self._make(
            tr("&Import…"),
            [QKeySequence("Ctrl+I")],
            name="importPosts",
            tip=tr("Add posts from a CSV, Hootsuite or JSON backup file"),
        )
        self.import_results = self._make(
            tr("Import res&ults…"),
            [],
            name="importResults",
            tip=tr("Record what posts achieved from a CSV of the channels' numbers"),
        )
        self.export_posts = self._make(
            tr("&Export…"),
            [QKeySequence("Ctrl+Shift+E")],
            name="exportPosts",
            tip=tr("Save the plan or a period as CSV, iCalendar or a JSON backup"),
        )
        self.export_report = self._make(
            tr("Export repor&t…"),
            [QKeySequence("Ctrl+Shift+R")],
            name="exportReport",
            tip=tr("The strategy report as a PDF"),
        )
        self.print_report = self._make(
            tr("&Print report…"), keys(StandardKey.Print), name="printReport"
        )
        self.signoffs = self._make(
            tr("Sign-o&ffs…"),
            name="signoffs",
            tip=tr("Sign off a month for the meeting; see what changed since each sign-off"),
        )
        self.restore_backup = self._make(
            tr("Restore from &backup…"),
            name="restoreBackup",
            tip=tr("Put the plan back as it was in one of its backups"),
        )
        self.plan_settings = self._make(
            tr("Plan &settings…"),
            keys(StandardKey.Preferences, "Ctrl+,"),
            name="planSettings",
            tip=tr("Name, time zone, target band, flags, channels, people and campaigns"),
        )
        self.quit = self._make(tr("&Quit"), keys(StandardKey.Quit, "Ctrl+Q"), name="quit")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

    def _edit_actions(self, window: QMainWindow, undo_group: QUndoGroup) -> None:
        self.undo = undo_group.createUndoAction(window, tr("&Undo"))
        self.undo.setObjectName("undo")
        self.undo.setShortcuts(keys(StandardKey.Undo))
        self.redo = undo_group.createRedoAction(window, tr("&Redo"))
        self.redo.setObjectName("redo")
        self.redo.setShortcuts(keys(StandardKey.Redo, "Ctrl+Shift+Z"))
        window.addAction(self.undo)
        window.addAction(self.redo)
        self.new_post = self._make(
            tr("&New post…"),
            keys(StandardKey.New),
            name="newPost",
            tip=tr("Plan a post on the selected day"),
        )
        self.new_from_template = self._make(
            tr("New post from &template…"),
            [QKeySequence("Ctrl+Alt+N")],
            name="newFromTemplate",
            tip=tr("Start a post on the selected day from a template"),
        )
        self.edit_post = self._make(
            tr("&Edit post…"),
            [QKeySequence("Ctrl+E")],
            name="editPost",
            tip=tr("Open the selected post"),
        )
        self.duplicate = self._make(
            tr("Dup&licate"),
            [QKeySequence("Ctrl+D")],
            name="duplicate",
            tip=tr("Copy the selected posts to the same day"),
        )
        self.post_history = self._make(
            tr("Post histor&y…"),
            [QKeySequence("Ctrl+H")],
            name="postHistory",
            tip=tr("Who changed the selected post, what and when"),
        )
        self.plan_history = self._make(
            tr("Pl&an history…"),
            [QKeySequence("Ctrl+Shift+H")],
            name="planHistory",
            tip=tr("Recent changes to the plan, by anyone or by one person"),
        )
        self.delete = self._make(
            tr("&Delete"),
            # Not StandardKey.Delete: on X11 that adds Ctrl+D, which is Duplicate's, and Qt then
            # runs neither ("Ambiguous shortcut overload").
            [QKeySequence(Qt.Key.Key_Delete)],
            name="delete",
            tip=tr("Move the selected posts to the trash (undo brings them back)"),
        )

    def _move_actions(self, window: QMainWindow) -> None:
        self.find = self._make(
            tr("&Find…"),
            keys(StandardKey.Find),
            name="find",
            tip=tr("Search titles and text in the agenda"),
        )
        move_tip = tr("Move the selected posts, keeping their times")
        self.move_earlier = self._make(
            tr("A day &earlier"),
            [QKeySequence("Ctrl+Shift+Left")],
            name="moveEarlier",
            tip=move_tip,
        )
        self.move_later = self._make(
            tr("A day &later"), [QKeySequence("Ctrl+Shift+Right")], name="moveLater", tip=move_tip
        )
        self.move_week_earlier = self._make(
            tr("A &week earlier"),
            [QKeySequence("Ctrl+Shift+Up")],
            name="moveWeekEarlier",
            tip=move_tip,
        )
        self.move_week_later = self._make(
            tr("A wee&k later"),
            [QKeySequence("Ctrl+Shift+Down")],
            name="moveWeekLater",
            tip=move_tip,
        )
        self.use_again = self._make(
            tr("Use a&gain…"),
            name="useAgain",
            tip=tr("Schedule copies of the selected post every few days (evergreen re-use)"),
        )
        self.to_backlog = self._make(
            tr("To the &backlog"),
            name="toBacklog",
            tip=tr("Take the selected posts off their days; they wait in the backlog as ideas"),
        )
        self.move_menu = QMenu(tr("&Move"), window)
        self.move_menu.setObjectName("moveMenu")
        self.move_menu.addActions(
            [self.move_earlier, self.move_later, self.move_week_earlier, self.move_week_later]
        )
        self.move_menu.addSeparator()
        self.move_menu.addAction(self.to_backlog)
        self.role_menu: QMenu | None = None  # built by the window from its post operations
        self.status_menu: QMenu | None = None
        self.channel_menu: QMenu | None = None
        self.review_menu: QMenu | None = None
        self.preferences = self._make(
            tr("&Preferences…"),
            name="preferences",
            tip=tr("Your name on comments and approvals"),
        )

    def _view_actions(self, window: QMainWindow) -> None:
        self.month_view = self._make(tr("&Month"), [QKeySequence("Ctrl+1")], name="monthView")
        self.week_view = self._make(tr("&Week"), [QKeySequence("Ctrl+2")], name="weekView")
        self.agenda_view = self._make(tr("&Agenda"), [QKeySequence("Ctrl+3")], name="agendaView")
        self.view_group = QActionGroup(window)
        self.view_group.setExclusive(True)
        for action in (self.month_view, self.week_view, self.agenda_view):
            action.setCheckable(True)
            self.view_group.addAction(action)
        self.month_view.setChecked(True)
        self.today = self._make(
            tr("&Today"), [QKeySequence(Qt.Key.Key_T)], name="today", tip=tr("Go to today")
        )
        self.previous = self._make(
            tr("&Previous"),
            [QKeySequence(Qt.Key.Key_PageUp)],
            name="previous",
            tip=tr("Previous month or week"),
            icon="SP_ArrowBack",
        )
        self.next = self._make(
            tr("Ne&xt"),
            [QKeySequence(Qt.Key.Key_PageDown)],
            name="next",
            tip=tr("Next month or week"),
            icon="SP_ArrowForward",
        )
        self.fit_titles = self._make(
            tr("Automatic t&itle width"),
            name="fitTitles",
            tip=tr(
                "Undo a dragged title width: the agenda's and the backlog's titles take the "
                "room the other columns leave again (at least a third of the list)"
            ),
        )
        self.trash = self._make(
            tr("T&rash"),
            [QKeySequence("Ctrl+Shift+T")],
            name="trash",
            tip=tr("Recently deleted posts; restore them from here"),
        )
        self.toggle_meter: QAction | None = None  # the docks' own toggles, set by the window
        self.toggle_backlog: QAction | None = None

    def _help_actions(self) -> None:
        self.shortcuts = self._make(
            tr("&Keyboard shortcuts"), [QKeySequence("Ctrl+/")], name="shortcuts"
        )
        self.leader_help = self._make(
            tr("What makes a &leader post?"), keys(StandardKey.HelpContents), name="leaderHelp"
        )
        self.about = self._make(tr("&About LM Planner"), name="about")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def plan_actions(self) -> list[QAction]:
        """Actions that need an open plan."""
        return [
            self.save_copy,
            self.import_posts,
            self.import_results,
            self.export_posts,
            self.export_report,
            self.print_report,
            self.restore_backup,
            self.signoffs,
            self.plan_history,
            self.trash,
            self.plan_settings,
            self.new_post,
            self.new_from_template,
            self.find,
            self.month_view,
            self.week_view,
            self.agenda_view,
            self.today,
            self.previous,
            self.next,
        ]

    def selection_actions(self) -> list[QAction]:
        """Actions on the selected posts (enabled with a selection in a writable plan)."""
        return [self.duplicate, self.use_again, self.delete, self.to_backlog, *self.day_moves()]

    def day_moves(self) -> list[QAction]:
        return [self.move_earlier, self.move_later, self.move_week_earlier, self.move_week_later]

    def change_menus(self) -> list[QMenu]:
        menus = (self.role_menu, self.status_menu, self.channel_menu, self.review_menu)
        return [m for m in menus if m is not None]

    def build_menus(
        self,
        window: QMainWindow,
        toggle_meter: QAction,
        toggle_backlog: QAction,
        filter_menu: QMenu,
    ) -> None:
        self.toggle_meter = toggle_meter
        self.toggle_backlog = toggle_backlog
        bar = window.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        file_menu.setObjectName("fileMenu")
        file_menu.addActions([self.new_plan, self.open_plan, self.connect_team])
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_copy)
        file_menu.addSeparator()
        file_menu.addActions([self.import_posts, self.import_results, self.export_posts])
        file_menu.addActions([self.export_report, self.print_report, self.signoffs])
        file_menu.addSeparator()
        file_menu.addAction(self.restore_backup)
        file_menu.addAction(self.plan_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        self.file_menu = file_menu

        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.setObjectName("editMenu")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_post, self.new_from_template])
        edit_menu.addActions([self.edit_post, self.duplicate, self.delete])
        edit_menu.addAction(self.use_again)
        edit_menu.addSeparator()
        edit_menu.addMenu(self.move_menu)
        for menu in self.change_menus():
            edit_menu.addMenu(menu)
        edit_menu.addSeparator()
        edit_menu.addActions([self.post_history, self.plan_history])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences)

        view_menu = bar.addMenu(tr("&View"))
        view_menu.setObjectName("viewMenu")
        view_menu.aboutToShow.connect(self.give_icons)
        view_menu.addActions([self.month_view, self.week_view, self.agenda_view])
        view_menu.addSeparator()
        view_menu.addActions([self.today, self.previous, self.next])
        view_menu.addSeparator()
        view_menu.addMenu(filter_menu)
        view_menu.addSeparator()
        view_menu.addActions([toggle_backlog, toggle_meter, self.fit_titles])
        view_menu.addSeparator()
        view_menu.addAction(self.trash)
        self.view_menu = view_menu

        help_menu = bar.addMenu(tr("&Help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addActions([self.leader_help, self.shortcuts])
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    def build_toolbar(self, window: QMainWindow, period_label: QWidget) -> QToolBar:
        bar = QToolBar(tr("Navigation"), window)
        bar.setObjectName("navigationToolbar")  # the name saveState() keys it by
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.new_post)
        bar.addSeparator()
        bar.addAction(self.today)
        bar.addAction(self.previous)
        bar.addAction(self.next)
        for action in (self.previous, self.next):
            button = bar.widgetForAction(action)
            if button is not None:
                button.setProperty("iconOnly", True)
        bar.addWidget(period_label)
        spacer = QWidget(bar)
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        bar.addWidget(spacer)
        bar.addAction(self.month_view)
        bar.addAction(self.week_view)
        bar.addAction(self.agenda_view)
        bar.addSeparator()
        # The menu's actions read "Undo Add the sample month"; the toolbar stays short.
        for action in (self.undo, self.redo):
            bar.addAction(_short_proxy(action, bar))
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) for the shortcuts dialog: the menus, then the calendar's keys."""
        rows: list[tuple[str, str, str]] = []

        def entries(menu: QMenu, prefix: str = "") -> list[tuple[str, QAction]]:
            found: list[tuple[str, QAction]] = []
            for action in menu.actions():
                sub = action.menu()
                if isinstance(sub, QMenu):  # "Move: a day later"
                    found += entries(sub, sub.title().replace("&", ""))
                elif not action.isSeparator():
                    found.append((prefix, action))
            return found

        # The bar's menus as its actions hold them: its children also hold the overflow menu
        # (no title) a narrow window shows, which would repeat the menus it holds.
        menus = [a.menu() for a in self.window.menuBar().actions()]
        for menu in (m for m in menus if isinstance(m, QMenu)):
            group = menu.title().replace("&", "")
            for prefix, action in entries(menu):
                shortcuts = [
                    s.toString(QKeySequence.SequenceFormat.NativeText)
                    for s in action.shortcuts()
                    if _on_a_keyboard(s)
                ]
                # Ctrl combinations first: Ctrl+Y, Ctrl+Shift+Z before Alt+Shift+Backspace.
                shortcuts.sort(key=lambda text: not text.startswith("Ctrl+"))
                if shortcuts:
                    if action is self.undo or action is self.redo:
                        text = tr("Undo") if action is self.undo else tr("Redo")
                    else:
                        text = action.text().replace("&", "").rstrip("…")
                        if prefix:  # the rest of the line goes on in lower case, as the others
                            text = tr("{menu}: {item}").format(menu=prefix, item=continued(text))
                    rows.append((group, text, ", ".join(shortcuts[:2])))
        calendar = tr("Calendar")
        rows += [
            (calendar, tr("Move the selected day and select its first post"), tr("Arrow keys")),
            (calendar, tr("Open the selected post, or create one on an empty day"), tr("Enter")),
            (calendar, tr("Step through the day's posts"), tr("Tab, Shift+Tab")),
            (calendar, tr("Add or remove the current post from the selection"), tr("Space")),
            (calendar, tr("Select all posts of the day"), tr("Ctrl+A")),
            (calendar, tr("Clear the selection"), tr("Esc")),
            (calendar, tr("Add or remove a post from the selection"), tr("Ctrl+click")),
        ]
        lists = tr("Agenda and backlog")
        rows += [
            (lists, tr("Open the post"), tr("Enter, double-click")),
            (lists, tr("Select all rows"), tr("Ctrl+A")),
            (lists, tr("Extend the selection"), tr("Shift+click, Shift+arrows")),
            (lists, tr("Sort by a column"), tr("Click its header")),
        ]
        editor = tr("Post editor")
        rows += [
            (editor, tr("Save"), tr("Ctrl+Enter")),
            (editor, tr("Cancel"), tr("Esc")),
            (editor, tr("Leader / manager"), tr("Alt+L, Alt+M")),
            (editor, tr("Pillar"), tr("Alt+R")),
            (editor, tr("Find the leader post a manager post follows up"), tr("Alt+F")),
            (editor, tr("Open the linked post / remove the link"), tr("Alt+E, Alt+V")),
            (editor, tr("Plan a follow-up of a leader post"), tr("Alt+W")),
        ]
        return rows


def _short_proxy(action: QAction, parent: QObject) -> QAction:
    """A toolbar twin of an undo/redo action: short text, the full text as its tooltip."""
    proxy = QAction(action.text().split(" ", 1)[0].replace("&", ""), parent)
    proxy.setObjectName(f"{action.objectName()}Button")

    def sync() -> None:
        proxy.setEnabled(action.isEnabled())
        proxy.setToolTip(action.text().replace("&", ""))

    action.changed.connect(sync)
    proxy.triggered.connect(action.trigger)
    sync()
    return proxy


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """Leave out the platform's media-key bindings ("Open", "Undo" keys) nobody types."""
    first_media_key = Qt.Key.Key_Super_L.value  # after F1…F35 come Super, Menu, Help, media
    return sequence.count() > 0 and sequence[0].key().value < first_media_key  # type: ignore[index]


def continued(text: str) -> str:
    """A menu item's text where it goes on after "Move: ": its first letter in lower case,
    unless the first word is an abbreviation written in capitals ("ICS file")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]
