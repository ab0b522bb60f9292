"""The filter bar: channel, author, campaign, pillar, role and status, in one place for every view.

Each filter is a menu of checkable names that stays open while you tick several (the same menus
sit under View > Filter for the keyboard). The bar hands out one `PostFilter`; the balance meter
takes only its channel, author, campaign and pillar part (`PostFilter.for_balance`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton, QWidget

from lmplanner.core.domain import Role, Status, name_key
from lmplanner.ui.badges import role_badge, swatch
from lmplanner.ui.compat import override
from lmplanner.ui.theme import role_name
from lmplanner.ui.views.post_text import status_name

if TYPE_CHECKING:
    from lmplanner.core.services import PostFilter

FILTER_KEYS = ("channel", "author", "campaign", "pillar", "role", "status")


def tr(text: str) -> str:
    return QCoreApplication.translate("Filters", text)


def filter_titles() -> dict[str, str]:
    return {
        "channel": tr("&Channel"),
        "author": tr("&Author"),
        "campaign": tr("Ca&mpaign"),
        "pillar": tr("&Pillar"),
        "role": tr("&Role"),
        "status": tr("S&tatus"),
    }


def meter_note(flt: PostFilter | None) -> str:
    """The meter's line on filters: which it honours, and that role and status are not among
    them (a leader share of only leader posts would say nothing)."""
    if flt is None:
        return ""
    names = {
        "channel": tr("channel"),
        "author": tr("author"),
        "campaign": tr("campaign"),
        "pillar": tr("pillar"),
    }
    honoured = "; ".join(f"{names[key]} {values}" for key, values in flt.for_balance().describe())
    parts = [tr("Filtered: {what}").format(what=honoured)] if honoured else []
    if flt.roles or flt.statuses:
        parts.append(tr("Role and status filters do not change the balance."))
    return "\n".join(parts)


class StickyMenu(QMenu):
    """A menu whose checkable entries toggle without closing it, so several can be ticked."""

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        toggles = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if toggles and action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().keyPressEvent(event)


class FilterBar(QToolBar):
    """Filter menus as tool buttons; `filterChanged` after every tick."""

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Filters"), parent)
        self.setObjectName("filterToolbar")  # the name saveState() keys it by
        self.setMovable(False)
        # The text carries the arrow: the style's own indicator sits on top of the last letter.
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        label = QLabel(tr("Show only:"), self)
        label.setContentsMargins(8, 0, 6, 0)
        self.addWidget(label)
        self.menus: dict[str, StickyMenu] = {}
        self.buttons: dict[str, QToolButton] = {}
        titles = filter_titles()
        for key in FILTER_KEYS:
            menu = StickyMenu(titles[key], self)
            menu.setObjectName(f"{key}FilterMenu")
            self.menus[key] = menu
            button = QToolButton(self)
            button.setObjectName(f"{key}FilterButton")
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            self.buttons[key] = button
            self.addWidget(button)
        self.clear_action = QAction(tr("Clear filters"), self)
        self.clear_action.setObjectName("clearFilters")
        self.clear_action.setShortcut("Ctrl+Shift+F")
        self.clear_action.triggered.connect(self.clear)
        self.addSeparator()
        self.addAction(self.clear_action)
        self._fill_fixed()
        self.set_names([], [], [])
        self.set_pillars([])

    # ------------------------------------------------------------------ contents
    def _fill_fixed(self) -> None:
        palette = self.palette()
        self._fill("role", [(role.value, role_name(role)) for role in Role])
        for action in self.menus["role"].actions():
            action.setIcon(role_badge(Role(action.data()), palette))
        self._fill("status", [(s.value, status_name(s)) for s in Status])

    def set_names(
        self, channels: Sequence[str], authors: Sequence[str], campaigns: Sequence[str]
    ) -> None:
        """The plan's names; ticks on names that still exist are kept."""
        changed = False
        for key, names in (("channel", channels), ("author", authors), ("campaign", campaigns)):
            before = self.checked(key)
            self._fill(key, [(name, name) for name in names], keep=before)
            changed |= self.checked(key) != before
        self._sync()
        if changed:
            self.filterChanged.emit()

    def set_pillars(self, pillars: Sequence[tuple[str, str]]) -> None:
        """The plan's pillars as (name, colour), after "No pillar" (the value ""); ticks on
        pillars that still exist are kept."""
        before = self.checked("pillar")
        items = [("", tr("No pillar")), *((name, name) for name, _color in pillars)]
        self._fill("pillar", items if pillars else [], keep=before)
        colors = dict(pillars)
        for action in self.menus["pillar"].actions():
            color = colors.get(str(action.data())) if action.isCheckable() else None
            if color:
                action.setIcon(swatch(color))
        self._sync()
        if self.checked("pillar") != before:
            self.filterChanged.emit()

    def _fill(self, key: str, items: Iterable[tuple[str, str]], keep: Sequence[str] = ()) -> None:
        menu = self.menus[key]
        menu.clear()
        kept = {name_key(k) for k in keep}
        for value, text in items:
            action = menu.addAction(text.replace("&", "&&"))
            action.setCheckable(True)
            action.setData(value)
            action.setChecked(name_key(value) in kept)
            action.toggled.connect(self._ticked)
        if menu.isEmpty():
            menu.addAction(tr("(none in this plan)")).setEnabled(False)

    def _ticked(self, _checked: bool) -> None:
        self._sync()
        self.filterChanged.emit()

    def _sync(self) -> None:
        titles = filter_titles()
        any_active = False
        for key, button in self.buttons.items():
            escaped = [a.text() for a in self._checked_actions(key)]  # "&&" for a literal "&"
            checked = [text.replace("&&", "&") for text in escaped]
            title = titles[key]
            if not checked:
                text = title
            elif len(checked) == 1:
                text = f"{title}: {escaped[0]}"
            else:
                text = f"{title}: {len(checked)}"
            button.setText(f"{text} \N{BLACK DOWN-POINTING SMALL TRIANGLE}")
            button.setToolTip(", ".join(checked) if checked else tr("Any"))
            font = button.font()
            font.setBold(bool(checked))
            button.setFont(font)
            any_active |= bool(checked)
        self.clear_action.setEnabled(any_active)

    # ------------------------------------------------------------------ reading and setting
    def _checked_actions(self, key: str) -> list[QAction]:
        return [a for a in self.menus[key].actions() if a.isCheckable() and a.isChecked()]

    def checked(self, key: str) -> list[str]:
        return [str(a.data()) for a in self._checked_actions(key)]

    def set_checked(self, key: str, values: Sequence[str]) -> None:
        """Tick exactly these entries of one filter (by name or value); one filterChanged."""
        wanted = {name_key(v) for v in values}
        menu = self.menus[key]
        blocked = [a.blockSignals(True) for a in menu.actions()]
        try:
            for action in menu.actions():
                if action.isCheckable():
                    action.setChecked(name_key(str(action.data())) in wanted)
        finally:
            for action, was in zip(menu.actions(), blocked, strict=True):
                action.blockSignals(was)
        self._sync()
        self.filterChanged.emit()

    def clear(self) -> None:
        if not any(self.checked(key) for key in FILTER_KEYS):
            return
        for key in FILTER_KEYS:
            for action in self._checked_actions(key):
                action.blockSignals(True)
                action.setChecked(False)
                action.blockSignals(False)
        self._sync()
        self.filterChanged.emit()

    def post_filter(self) -> PostFilter | None:
        """The ticked filters, or None when nothing is ticked."""
        from lmplanner.core.services import PostFilter  # not needed for the first paint

        flt = PostFilter(
            channels=tuple(self.checked("channel")),
            authors=tuple(self.checked("author")),
            campaigns=tuple(self.checked("campaign")),
            pillars=tuple(self.checked("pillar")),
            roles=tuple(Role(v) for v in self.checked("role")),
            statuses=tuple(Status(v) for v in self.checked("status")),
        )
        return flt if flt.active else None

    def build_menu(self, parent: QWidget) -> QMenu:
        """View > Filter: the same menus, for the keyboard."""
        menu = QMenu(tr("&Filter"), parent)
        menu.setObjectName("filterMenu")
        for key in FILTER_KEYS:
            menu.addMenu(self.menus[key])
        menu.addSeparator()
        menu.addAction(self.clear_action)
        return menu

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            palette = self.palette()
            for action in self.menus["role"].actions():
                if action.isCheckable():
                    action.setIcon(role_badge(Role(action.data()), palette))
        super().changeEvent(event)
