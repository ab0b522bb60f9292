"""The window's strategy parts: the plan's pillars and their colours for the filter bar, views,
backlog and meter; View > Who leads; File > Vision and pillars; and what the welcome panel's vision
and pillars fields hold once the panel is left."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

from lmplanner.core.domain import PILLARS_MAX, name_key

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.domain import PillarRecord
    from lmplanner.core.services import PlanService
    from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog
    from lmplanner.ui.dialogs.who_leads import WhoLeadsDialog
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.meter.meter import MeterPanel
    from lmplanner.ui.session import PlanSession
    from lmplanner.ui.views.filters import FilterBar
    from lmplanner.ui.window.welcome import WelcomePanel


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class StrategyWiring(QObject):
    """Keeps every part that shows pillars in step with the plan's pillars."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        *,
        filter_bar: FilterBar,
        colored: Iterable[Any],  # views and models with set_pillar_colors
        meter: MeterPanel,
        settings_action: QAction,  # File > Plan settings: Vision and pillars goes after it
        view_menu: QMenu,
        open_settings: Callable[[], PlanSettingsDialog | None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.filter_bar = filter_bar
        self.colored = list(colored)
        self.meter = meter
        self.open_settings = open_settings
        self.who_leads = _action(parent, tr("Who &leads…"), "whoLeads", "Ctrl+Shift+L")
        self.who_leads.setToolTip(tr("Each author's posts, leader share, profile and pillars"))
        self.who_leads.triggered.connect(self.show_who_leads)
        self.vision = _action(parent, tr("&Vision and pillars…"), "visionPillars", "Ctrl+Shift+P")
        self.vision.triggered.connect(self.show_strategy_settings)
        for menu in settings_action.associatedObjects():
            if isinstance(menu, QMenu):
                after = _after(menu, settings_action)
                if after is None:
                    menu.addAction(self.vision)
                else:
                    menu.insertAction(after, self.vision)
        view_menu.addAction(self.who_leads)
        meter.strategy.whoLeadsRequested.connect(self.show_who_leads)
        session.documentChanged.connect(self._document_changed)
        self._document_changed(session.document)

    @classmethod
    def install(cls, window: Any, session: PlanSession, commands: Any) -> StrategyWiring:
        """The window's parts that show pillars, its menus, its welcome panel."""
        wiring = cls(
            window,
            session,
            filter_bar=window.filter_bar,
            colored=[window.switcher, window.backlog_dock],  # every view, the backlog
            meter=window.meter,
            settings_action=commands.plan_settings,
            view_menu=commands.view_menu,
            open_settings=window.show_plan_settings,
        )
        wiring.watch_welcome(window.pages, window.welcome)
        return wiring

    def _document_changed(self, document: PlanDocument | None) -> None:
        if document is not None:
            document.changed.connect(self._changed)
        for action in (self.who_leads, self.vision):
            action.setEnabled(document is not None)
        self.load()

    def _changed(self, changes: ChangeSet) -> None:
        if "pillar" in changes.tables():
            self.load()

    def load(self) -> None:
        """The plan's pillars and colours, everywhere they show."""
        service = self.session.service
        pillars = service.pillars() if service else []
        self.filter_bar.set_pillars([(p.name, p.color) for p in pillars])
        self.show_colors(pillars)

    def show_colors(self, pillars: Iterable[PillarRecord]) -> None:
        """Pillar colours for the views and the meter (also from a start-up snapshot)."""
        colors = {p.name: p.color for p in pillars}
        for part in self.colored:
            part.set_pillar_colors(colors)
        self.meter.strategy.set_pillar_colors(colors)
        report = self.meter.report()
        if report is not None:
            self.meter.strategy.set_report(report)

    def show_who_leads(self) -> WhoLeadsDialog | None:
        from lmplanner.ui.dialogs.who_leads import WhoLeadsDialog, pillars_by_author

        service, report = self.session.service, self.meter.report()
        if service is None or report is None:
            return None
        flt = self.session.post_filter.for_balance() if self.session.post_filter else None
        dialog = WhoLeadsDialog(
            report,
            pillars_by_author(service, report.period, flt),
            lambda name: self.filter_bar.set_checked("author", [name]),
            self.parent_widget,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_strategy_settings(self) -> PlanSettingsDialog | None:
        dialog = self.open_settings()
        if dialog is not None:
            dialog.tabs.setCurrentIndex(dialog.strategy_tab)
            dialog.strategy.vision_edit.setFocus()
        return dialog

    def watch_welcome(self, pages: QStackedWidget, welcome: WelcomePanel) -> None:
        """What the welcome panel's vision and pillars hold is written when the panel is left,
        however it is left (sample, empty, a new post)."""

        shown_for: list[PlanDocument | None] = [None]  # the plan the panel welcomes

        def changed(_index: int) -> None:
            if pages.currentWidget() is welcome:
                shown_for[0] = self.session.document
            elif shown_for[0] is not None:
                self.take_welcome(welcome, shown_for[0])
                shown_for[0] = None

        def switched(document: PlanDocument | None) -> None:
            # What was typed for the plan before is not for this one.
            welcome.clear_strategy()
            shown_for[0] = document if pages.currentWidget() is welcome else None

        pages.currentChanged.connect(changed)
        self.session.documentChanged.connect(switched)

    def take_welcome(self, welcome: WelcomePanel, welcomed: PlanDocument) -> None:
        """Write what the panel holds into the plan it welcomed (not one opened since)."""
        vision, names = welcome.strategy_values()
        welcome.clear_strategy()
        document = self.session.document
        if document is not welcomed or document.readonly or not (vision or names):
            return
        service = document.service
        document.perform(
            tr("Set the vision and pillars"), lambda: welcome_strategy(service, vision, names)
        )


def welcome_strategy(service: PlanService, vision: str, names: list[str]) -> ChangeSet:
    """The welcome's vision and the pillars it names that the plan lacks, as one change."""
    from lmplanner.ui.dialogs.settings_dialog import apply_all

    known = {name_key(p.name) for p in service.pillars()}
    calls: list[Callable[[PlanService], ChangeSet]] = []
    for name in names:
        if name_key(name) not in known and len(known) < PILLARS_MAX:
            known.add(name_key(name))
            calls.append(_add_pillar(name))
    return apply_all(service, {"vision": vision} if vision else {}, calls)


def _add_pillar(name: str) -> Callable[[PlanService], ChangeSet]:
    def run(service: PlanService) -> ChangeSet:
        return service.add_pillar(name)

    return run


def _action(parent: QWidget, text: str, name: str, keys: str) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(keys))
    parent.addAction(action)
    return action


def _after(menu: QMenu, before: QAction) -> QAction | None:
    """The action after `before` in the menu (to insert in front of), or None for the end."""
    actions = menu.actions()
    index = actions.index(before) if before in actions else len(actions)
    return actions[index + 1] if index + 1 < len(actions) else None
