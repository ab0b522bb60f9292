"""File > Plan settings…: name, time zone, week, target band, flag thresholds, housekeeping, the
plan's channels, people and campaigns, and its strategy (vision, pillars). Stored in the plan
itself, so a plan carries its rules to another computer; OK writes everything as one undo step."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import setting_percent
from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import BalanceSettings, Role
from lmplanner.core.errors import PlannerError, ValidationError
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.settings_calendar import CalendarSettingsTab
from lmplanner.ui.dialogs.settings_names import CAMPAIGNS, CHANNELS, PEOPLE, NamesEditor, ask_color
from lmplanner.ui.dialogs.settings_strategy import StrategyEditor
from lmplanner.ui.meter.flags import severity_color

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService
    from lmplanner.ui.document import PlanDocument

LABEL = "Change plan settings"


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanSettings", text)


class BandPreview(QWidget):
    """The target band on a 0–100 % scale, as the meter shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        defaults = BalanceSettings()  # until set_band gives the plan's own
        self.low, self.high = defaults.band_low, defaults.band_high
        self.setAccessibleName(tr("Target band"))

    def set_band(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.setAccessibleDescription(
            tr("Leader share between {low} and {high}").format(
                low=setting_percent(low), high=setting_percent(high)
            )
        )
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(260, 26)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            track = QRectF(1, 8, self.width() - 2, 10)
            p.setPen(theme.grid_color(palette))
            p.setBrush(theme.quiet_color(palette))
            p.drawRoundedRect(track, 5, 5)
            if self.high >= self.low:
                band = QRectF(
                    track.left() + track.width() * self.low,
                    track.top(),
                    track.width() * (self.high - self.low),
                    track.height(),
                )
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(theme.role_color(Role.LEADER, palette))
                p.drawRoundedRect(band, 3, 3)


def percent_box(parent: QWidget, value: float, name: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(0, 100)
    box.setSuffix(" %")
    box.setValue(round(value * 100))
    return box


def count_box(parent: QWidget, value: int, name: str, suffix: str, top: int = 999) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(1, top)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


class PlanSettingsDialog(QDialog):
    """Tabs for the plan's settings and names; `apply()` (OK) is one `perform`, one undo step."""

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        *,
        choose_color: Callable[[QWidget, str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planSettingsDialog")
        self.setWindowTitle(tr("Plan settings"))
        self.document = document
        service = document.service
        self.current = service.settings()
        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, severity_color("high", palette))
        self.error.setPalette(palette)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(), tr("&General"))
        self.tabs.addTab(self._balance_tab(), tr("&Balance"))
        self.calendar_tab = CalendarSettingsTab(self.current, self)
        self.tabs.addTab(self.calendar_tab, tr("Ca&lendar"))
        self.channels = NamesEditor(
            CHANNELS,
            service.channels(),
            service.name_usage("channel"),
            self,
            choose_color=choose_color,
        )
        self.people = NamesEditor(PEOPLE, service.people(), service.name_usage("person"), self)
        self.campaigns = NamesEditor(
            CAMPAIGNS,
            service.campaigns(),
            service.name_usage("campaign"),
            self,
            choose_color=choose_color,
        )
        self.tabs.addTab(self.channels, tr("&Channels"))
        self.tabs.addTab(self.people, tr("&People"))
        self.tabs.addTab(self.campaigns, tr("Ca&mpaigns"))
        self.strategy = StrategyEditor(
            self.current,
            service.pillars(),
            service.name_usage("pillar"),
            self,
            choose_color=choose_color or ask_color,
        )
        self.strategy_tab = self.tabs.addTab(self.strategy, tr("Strat&egy"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        if document.readonly:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self._show_error(document.plan.readonly_reason or tr("This plan is read-only."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 560)

    # ------------------------------------------------------------------ tabs
    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(self.current.name, page)
        self.name_edit.setObjectName("planName")
        self.name_edit.setMaxLength(200)
        form.addRow(tr("Plan &name:"), self.name_edit)

        self.zone_combo = QComboBox(page)
        self.zone_combo.setObjectName("timeZone")
        self.zone_combo.setEditable(True)
        self.zone_combo.setMinimumContentsLength(28)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        zones = sorted(zoneinfo.available_timezones() | {self.current.timezone, "UTC"})
        self.zone_combo.addItems(zones)
        completer = QCompleter(zones, self.zone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_combo.setCompleter(completer)
        self.zone_combo.setCurrentText(self.current.timezone)
        zone_edit = self.zone_combo.lineEdit()
        if zone_edit is not None:
            zone_edit.setPlaceholderText(tr("Type to search, e.g. Lisbon"))
        form.addRow(tr("&Time zone:"), self.zone_combo)
        form.addRow("", _hint(page, tr("Posts keep their wall-clock times in this zone.")))

        self.weekday_combo = QComboBox(page)
        self.weekday_combo.setObjectName("firstWeekday")
        locale = QLocale()
        for weekday in range(7):  # 0 = Monday, as Python counts; Qt counts Monday as 1
            self.weekday_combo.addItem(locale.dayName(weekday + 1), weekday)
        self.weekday_combo.setCurrentIndex(self.current.balance.first_weekday)
        form.addRow(tr("Weeks &start on:"), self.weekday_combo)

        self.backup_box = count_box(page, self.current.backup_keep, "backupKeep", tr(" days"))
        form.addRow(tr("&Keep daily backups for:"), self.backup_box)
        self.trash_box = count_box(page, self.current.trash_days, "trashDays", tr(" days"), 3650)
        form.addRow(tr("Empty the t&rash after:"), self.trash_box)
        self.history_box = count_box(
            page, self.current.history_days, "historyDays", tr(" days"), 3650
        )
        self.history_box.setToolTip(
            tr("Older entries of the change history go (Edit › Plan history).")
        )
        form.addRow(tr("Keep change hist&ory for:"), self.history_box)
        self.approval_check = QCheckBox(tr("Posts need &approval before they are scheduled"), page)
        self.approval_check.setObjectName("requireApproval")
        self.approval_check.setChecked(self.current.require_approval)
        form.addRow(tr("Review:"), self.approval_check)
        self.horizon_box = count_box(
            page, self.current.series_horizon_months, "seriesHorizon", tr(" months"), 240
        )
        self.horizon_box.setToolTip(tr("How far ahead the posts of recurring series are created."))
        form.addRow(tr("Create series posts a&head for:"), self.horizon_box)
        return page

    def _balance_tab(self) -> QWidget:
        page = QWidget(self)
        balance = self.current.balance
        band = QGroupBox(tr("Target band: the leader share a period should reach"), page)
        self.band_low = percent_box(band, balance.band_low, "bandLow")
        self.band_high = percent_box(band, balance.band_high, "bandHigh")
        self.band_preview = BandPreview(band)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("From"), band))
        row.addWidget(self.band_low)
        row.addWidget(QLabel(tr("to"), band))
        row.addWidget(self.band_high)
        row.addSpacing(12)
        row.addWidget(self.band_preview, 1)
        band_layout = QVBoxLayout(band)
        band_layout.addLayout(row)
        band_layout.addWidget(
            _hint(
                band,
                tr(
                    "Below it a plan is all activity and no vision; above it, vision "
                    "without execution."
                ),
            )
        )
        for box in (self.band_low, self.band_high):
            box.valueChanged.connect(self._band_changed)
        self._band_changed()

        flags = QGroupBox(tr("When to raise a flag"), page)
        form = QFormLayout(flags)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.min_posts = count_box(flags, balance.min_posts, "minPosts", tr(" posts"))
        form.addRow(tr("A verdict needs at least:"), self.min_posts)
        self.promotion = percent_box(flags, balance.promotion_max, "promotionMax")
        form.addRow(tr("Promotions above this share:"), self.promotion)
        self.drought = count_box(flags, balance.drought_days, "droughtDays", tr(" days"))
        form.addRow(tr("No leader post for:"), self.drought)
        self.week_min = count_box(
            flags, balance.drought_week_min_posts, "weekMinPosts", tr(" posts")
        )
        form.addRow(tr("A week with fewer than:"), self.week_min)
        self.channel_min = count_box(
            flags, balance.channel_min_posts, "channelMinPosts", tr(" posts")
        )
        form.addRow(tr("Judge a channel from:"), self.channel_min)

        layout = QVBoxLayout(page)
        layout.addWidget(band)
        layout.addWidget(flags)
        layout.addStretch(1)
        return page

    def _band_changed(self) -> None:
        low, high = self.band_low.value() / 100, self.band_high.value() / 100
        self.band_preview.set_band(low, high)
        if high < low:
            self._show_error(tr("The band's upper end is below its lower end."))
        elif self.error.isVisible():
            self.error.setVisible(False)

    # ------------------------------------------------------------------ applying
    def settings_changes(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": " ".join(self.name_edit.text().split()),
            "timezone": self.zone_combo.currentText().strip(),
            "first_weekday": int(self.weekday_combo.currentData()),
            "backup_keep": self.backup_box.value(),
            "trash_days": self.trash_box.value(),
            "history_days": self.history_box.value(),
            "series_horizon_months": self.horizon_box.value(),
            "band_low": self.band_low.value() / 100,
            "band_high": self.band_high.value() / 100,
            "min_posts": self.min_posts.value(),
            "promotion_max": self.promotion.value() / 100,
            "drought_days": self.drought.value(),
            "drought_week_min_posts": self.week_min.value(),
            "channel_min_posts": self.channel_min.value(),
            **self.strategy.settings_values(),
            "require_approval": self.approval_check.isChecked(),
        }
        current = self.current
        old: dict[str, Any] = {
            "name": current.name,
            "vision": current.vision,
            "timezone": current.timezone,
            "backup_keep": current.backup_keep,
            "trash_days": current.trash_days,
            "history_days": current.history_days,
            "require_approval": current.require_approval,
            "series_horizon_months": current.series_horizon_months,
            **{
                key: getattr(current.balance, key)
                for key in values
                if hasattr(current.balance, key)
            },
        }
        changed = {key: value for key, value in values.items() if not _same(value, old.get(key))}
        return {**changed, **self.calendar_tab.changes()}

    def apply(self) -> None:
        """OK: every change in one service operation after another, one undo step; if one is
        refused, those before it are undone and the dialog stays open with the reason."""
        for editor in (self.channels, self.people, self.campaigns):
            problem = editor.problem()
            if problem:
                self.tabs.setCurrentWidget(editor)
                self._show_error(problem)
                return
        problem = self.strategy.problem()
        if problem:
            self.tabs.setCurrentIndex(self.strategy_tab)
            self._show_error(problem)
            return
        changes = self.settings_changes()
        calls = [*self.channels.calls(), *self.people.calls(), *self.campaigns.calls()]
        calls += self.strategy.calls()
        if not changes and not calls:
            self.accept()
            return
        service = self.document.service

        def run() -> ChangeSet:
            return apply_all(service, changes, calls)

        def shown(error: PlannerError) -> bool:
            self._show_error(str(error))
            if isinstance(error, ValidationError) and error.field in ("name", "timezone"):
                self.tabs.setCurrentIndex(0)
            return True

        if self.document.perform(tr("Change plan settings"), run, on_error=shown) is not None:
            self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


def apply_all(
    service: PlanService,
    settings: dict[str, Any],
    calls: list[Callable[[PlanService], ChangeSet]],
) -> ChangeSet:
    """Run the calls as one change: one transaction (a refusal leaves the plan as it was), one
    history entry, one undo step."""
    steps = [lambda s: s.update_settings(**settings)] if settings else []
    return service.together(LABEL, [*steps, *calls])


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b or 0)) < 1e-9
    return bool(a == b)


def _hint(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(len(text) > 60)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, theme.quiet_text_color(palette))
    label.setPalette(palette)
    return label
