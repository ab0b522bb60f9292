"""The Plan settings dialog's Calendar tab: whose public holidays the calendar shows (country
and region) and how close two timed posts on one channel may be before they clash."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from lmplanner.core.domain import SETTING_RANGES, PlanSettings


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanSettingsDialog", text)


def _country_name(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    name = QLocale.territoryToString(territory) if territory != QLocale.Country.AnyCountry else ""
    return f"{name} ({code})" if name else code


class CalendarSettingsTab(QWidget):
    def __init__(self, current: PlanSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from lmplanner.core.public_holidays import supported_places

        self.current = current
        self._places = supported_places()
        form = QFormLayout(self)
        self.country_combo = QComboBox(self)
        self.country_combo.setObjectName("holidayCountry")
        self.country_combo.setAccessibleName(tr("Public holidays of"))
        self.country_combo.addItem(tr("None"), "")
        for name, code in sorted((_country_name(code), code) for code in self._places):
            self.country_combo.addItem(name, code)
        form.addRow(tr("Public &holidays of:"), self.country_combo)
        self.region_combo = QComboBox(self)
        self.region_combo.setObjectName("holidayRegion")
        self.region_combo.setAccessibleName(tr("Region"))
        form.addRow(tr("&Region:"), self.region_combo)
        form.addRow("", QLabel(tr("Shown in the month and week views and the report."), self))
        self.country_combo.currentIndexChanged.connect(self._fill_regions)
        self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(current.country)))
        self._fill_regions()
        self.region_combo.setCurrentIndex(max(0, self.region_combo.findData(current.region)))

        low, high = SETTING_RANGES["clash_minutes"]
        self.clash_box = QSpinBox(self)
        self.clash_box.setObjectName("clashMinutes")
        self.clash_box.setAccessibleName(tr("Warn of posts on one channel within"))
        self.clash_box.setRange(low, high)
        self.clash_box.setSuffix(tr(" min"))
        self.clash_box.setSpecialValueText(tr("Never"))
        self.clash_box.setValue(current.balance.clash_minutes)
        form.addRow(tr("Warn of posts on one channel &within:"), self.clash_box)

    def _fill_regions(self, *_args: object) -> None:
        code = str(self.country_combo.currentData() or "")
        self.region_combo.clear()
        self.region_combo.addItem(tr("The whole country"), "")
        for region in self._places.get(code, []):
            self.region_combo.addItem(region, region)
        self.region_combo.setEnabled(bool(code))

    def changes(self) -> dict[str, Any]:
        values = {
            "country": str(self.country_combo.currentData() or ""),
            "region": str(self.region_combo.currentData() or ""),
            "clash_minutes": self.clash_box.value(),
        }
        old = {
            "country": self.current.country,
            "region": self.current.region,
            "clash_minutes": self.current.balance.clash_minutes,
        }
        return {key: value for key, value in values.items() if value != old[key]}
