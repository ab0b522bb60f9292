"""The editor's Repeat section: a post that repeats every N days, weeks (on weekdays) or months
(on its day, or its weekday's place in the month), until a date, a number of times or for good,
with the rule said in plain words ("Every 2 weeks on Monday and Thursday, 8 times").

It fits itself into an open PostEditor (above its error line) so the editor keeps one job; the
launcher asks it for the rule when the post is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from lmplanner.core.errors import ValidationError
from lmplanner.core.series import (
    Freq,
    SeriesRecord,
    SeriesRule,
    count_for_posts,
    posts_of_count,
)
from lmplanner.ui.dates import day_format, day_text

if TYPE_CHECKING:
    from lmplanner.ui.editor.editor import PostEditor

NEVER, ON_DATE, AFTER = "never", "until", "count"
SKIPPED_SHOWN = 3  # skipped days named in the section; the rest are counted (all in the tip)
DAY_OF_MONTH, WEEKDAY_OF_MONTH = "monthday", "nth"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("RepeatSection", text, disambiguation, n)


def weekday_name(day: int) -> str:
    """Monday … Sunday in the person's language (0 = Monday)."""
    return QLocale().dayName(day + 1, QLocale.FormatType.LongFormat)


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return tr("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _every(rule: SeriesRule) -> str:
    n = rule.interval
    if rule.freq is Freq.DAILY:
        return tr("Every day") if n == 1 else tr("Every %n days", "", n)
    if rule.freq is Freq.WEEKLY:
        return tr("Every week") if n == 1 else tr("Every %n weeks", "", n)
    return tr("Every month") if n == 1 else tr("Every %n months", "", n)


def _place(nth: int) -> str:
    return {
        1: tr("first"),
        2: tr("second"),
        3: tr("third"),
        4: tr("fourth"),
        5: tr("fifth"),
        -1: tr("last"),
    }[nth]


def skipped_text(days: tuple[dt.date, ...]) -> str:
    """ "Skipped: 9 Nov 2026, 23 Nov 2026", the first few days named and the rest counted."""
    named = ", ".join(day_text(day) for day in days[:SKIPPED_SHOWN])
    more = len(days) - SKIPPED_SHOWN
    if more > 0:
        named = tr("{days} and %n more", "", more).format(days=named)
    return tr("Skipped: {days}").format(days=named)


def describe_rule(rule: SeriesRule) -> str:
    """The rule in plain words, e.g. "Every 2 weeks on Monday and Thursday, 8 times"."""
    text = _every(rule)
    if rule.freq is Freq.WEEKLY:
        days = _joined([weekday_name(d) for d in rule.weekdays])
        text = tr("{every} on {days}").format(every=text, days=days)
    elif rule.nth is not None:
        text = tr("{every} on the {place} {day}").format(
            every=text, place=_place(rule.nth), day=weekday_name(rule.weekdays[0])
        )
    elif rule.monthday is not None:
        text = tr("{every} on day {day}").format(every=text, day=rule.monthday)
        if rule.monthday >= 29:
            text = tr("{rule} (the last day in shorter months)").format(rule=text)
    if rule.count is not None:
        text = tr("{rule}, %n times", "", rule.count).format(rule=text)
    elif rule.until is not None:
        text = tr("{rule}, until {date}").format(rule=text, date=day_text(rule.until))
    return text


class RepeatSection(QGroupBox):
    """Repeat: off for a single post; on, the rule of a new series starting on the post's date.
    A post of a series also shows the days its series skips, each of which can be restored."""

    restoreRequested = Signal(object)  # a skipped day (datetime.date) to give its post back

    def __init__(self, editor: PostEditor) -> None:
        super().__init__(tr("Repeat"), editor)
        self.setObjectName("repeatSection")
        self.editor = editor
        self.series: SeriesRecord | None = None  # the series of the post being edited
        self._auto_day: int | None = None  # the weekday ticked for the person: it follows the start
        self.repeat_check = QCheckBox(tr("Re&peat this post"), self)
        self.repeat_check.setObjectName("repeatCheck")
        self.every_spin = self._spin("repeatEvery", 1, 999, tr("Repeat every"))
        self.unit_combo = self._combo(
            "repeatUnit",
            tr("Repeat unit"),
            [(tr("days"), Freq.DAILY), (tr("weeks"), Freq.WEEKLY), (tr("months"), Freq.MONTHLY)],
        )
        self.unit_combo.setCurrentIndex(1)
        self.day_checks = []
        for day in range(7):
            check = QCheckBox(QLocale().dayName(day + 1, QLocale.FormatType.ShortFormat), self)
            check.setObjectName(f"repeatDay{day}")
            check.setAccessibleName(weekday_name(day))
            self.day_checks.append(check)
        self.monthly_combo = self._combo(
            "repeatMonthly",
            tr("Monthly on"),
            [(tr("the same day"), DAY_OF_MONTH), (tr("the same weekday"), WEEKDAY_OF_MONTH)],
        )
        self.end_combo = self._combo(
            "repeatEnd",
            tr("Ends"),
            [(tr("never"), NEVER), (tr("on"), ON_DATE), (tr("after"), AFTER)],
        )
        self.until_edit = QDateEdit(self)
        self.until_edit.setObjectName("repeatUntil")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat(day_format())
        self.until_edit.setAccessibleName(tr("Last day"))
        # Told of a day once it is typed (Enter, Tab, the pop-up, an arrow), not of "3" on
        # the way to "30": each told day may be lifted to the first (below).
        self.until_edit.setKeyboardTracking(False)
        self._until_floor = QDate()
        self.until_edit.dateChanged.connect(self._keep_until_from_start)
        self.count_spin = self._spin("repeatCount", 1, 10_000, tr("Number of posts"))
        self.count_spin.setValue(8)
        self.count_spin.setSuffix(tr(" posts"))
        self.summary = QLabel(self)
        self.summary.setObjectName("repeatSummary")
        self.summary.setWordWrap(True)
        self._build_skipped()
        self._lay_out()
        for signal in (
            self.repeat_check.toggled,
            self.every_spin.valueChanged,
            self.unit_combo.currentIndexChanged,
            self.monthly_combo.currentIndexChanged,
            self.end_combo.currentIndexChanged,
            self.until_edit.dateChanged,
            self.count_spin.valueChanged,
            *(check.toggled for check in self.day_checks),
        ):
            signal.connect(self.refresh)
        self.unit_combo.currentIndexChanged.connect(self._tick_start_day)
        editor.date_edit.dateChanged.connect(self._start_moved)
        editor.backlog_check.toggled.connect(self._start_moved)
        self._fit_into(editor)
        self._start_moved()

    def _spin(self, name: str, low: int, high: int, accessible: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setAccessibleName(accessible)
        return spin

    def _combo(self, name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _build_skipped(self) -> None:
        """The series' skipped days, read-only, and a button whose menu restores one."""
        self.skipped_label = QLabel(self)
        self.skipped_label.setObjectName("repeatSkipped")
        self.skipped_label.setWordWrap(True)
        self.restore_button = QPushButton(tr("Restore a da&y"), self)
        self.restore_button.setObjectName("restoreSkipped")
        self.restore_button.setAccessibleName(tr("Restore a skipped day"))
        self.restore_menu = QMenu(self.restore_button)
        self.restore_menu.setObjectName("restoreSkippedMenu")
        self.restore_button.setMenu(self.restore_menu)
        self.show_skipped(())

    def show_skipped(self, days: tuple[dt.date, ...]) -> None:
        """List `days` (none: the row hides) and offer each in the Restore menu."""
        self.skipped_label.setText(skipped_text(days) if days else "")
        self.skipped_label.setToolTip(", ".join(day_text(day) for day in days))
        self.restore_menu.clear()
        for day in days:
            action = self.restore_menu.addAction(tr("Restore {day}").format(day=day_text(day)))
            action.triggered.connect(lambda _=False, d=day: self.restoreRequested.emit(d))
        for widget in (self.skipped_label, self.restore_button):
            widget.setVisible(bool(days))

    def _lay_out(self) -> None:
        rule_row = QHBoxLayout()
        rule_row.addWidget(self.repeat_check)
        rule_row.addWidget(QLabel(tr("every"), self))
        rule_row.addWidget(self.every_spin)
        rule_row.addWidget(self.unit_combo)
        rule_row.addWidget(self.monthly_combo)
        rule_row.addStretch(1)
        days_row = QHBoxLayout()
        for check in self.day_checks:
            days_row.addWidget(check)
        days_row.addStretch(1)
        end_row = QHBoxLayout()
        end_row.addWidget(QLabel(tr("Ends"), self))
        end_row.addWidget(self.end_combo)
        end_row.addWidget(self.until_edit)
        end_row.addWidget(self.count_spin)
        end_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(rule_row)
        layout.addLayout(days_row)
        layout.addLayout(end_row)
        layout.addWidget(self.summary)
        skipped_row = QHBoxLayout()
        skipped_row.addWidget(self.skipped_label, 1)
        skipped_row.addWidget(self.restore_button)
        layout.addLayout(skipped_row)

    def _fit_into(self, editor: PostEditor) -> None:
        """Under the post's fields; in the tab order after the notes, before Save."""
        editor.add_section(self)
        editor.setTabOrder(editor.notes_edit, self.repeat_check)

    # ------------------------------------------------------------------ defaults
    def _tick_start_day(self) -> None:
        """A new weekly repeat has the start's weekday ticked (the rule's own default), so the
        boxes show what the summary says."""
        start = self.start()
        if self.series is not None or start is None:
            return
        if not any(check.isChecked() for check in self.day_checks):
            self._auto_day = start.weekday()
            self.day_checks[self._auto_day].setChecked(True)

    def _start_moved(self, *_args: object) -> None:
        """A new post's start moved: the weekday ticked for the person moves with it (one the
        person ticked stays), and the last day stays on or after the first."""
        start = self.start()
        if self.series is None and start is not None:
            ticked = [day for day, check in enumerate(self.day_checks) if check.isChecked()]
            if self._auto_day is not None and ticked == [self._auto_day]:
                self.day_checks[self._auto_day].setChecked(False)
            self._auto_day = None
            self._tick_start_day()
            self._bound_until(start, start)
        self.refresh()

    def _bound_until(self, first: dt.date, fresh: dt.date) -> None:
        """The last day can be no earlier than `first`; one before it (never chosen, or left
        behind by a move) becomes `fresh`, or three months on when that is the first day."""
        if self.until_edit.date() < _qdate(first):
            until = _qdate(fresh).addMonths(3) if fresh == first else _qdate(fresh)
            self.until_edit.setDate(until)
        self._set_until_floor(_qdate(first))

    def _set_until_floor(self, first: QDate) -> None:
        """The last day's floor. Qt's minimum date refuses each keystroke that is below it on
        the way ("3" of "30" when the first day is the 23rd), so typed days were lost: its
        minimum is the first day's month, and a day before the first is lifted to it."""
        self._until_floor = first
        self.until_edit.setMinimumDate(QDate(first.year(), first.month(), 1))
        self._keep_until_from_start()

    def until_floor(self) -> QDate:
        """The earliest last day: the series' first."""
        return self._until_floor

    def _keep_until_from_start(self, *_args: object) -> None:
        if self._until_floor.isValid() and self.until_edit.date() < self._until_floor:
            self.until_edit.setDate(self._until_floor)

    # ------------------------------------------------------------------ state
    def start(self) -> dt.date | None:
        if self.editor.backlog_check.isChecked():
            return None
        return _pydate(self.editor.date_edit.date())

    def refresh(self) -> None:
        on = self.repeat_check.isChecked()
        unit = self.unit_combo.currentData()
        for widget in (self.every_spin, self.unit_combo, self.end_combo):
            widget.setEnabled(on)
        self.monthly_combo.setVisible(unit == Freq.MONTHLY)
        self.monthly_combo.setEnabled(on)
        for check in self.day_checks:
            check.setVisible(unit == Freq.WEEKLY)
            check.setEnabled(on)
        end = self.end_combo.currentData()
        self.until_edit.setVisible(end == ON_DATE)
        self.count_spin.setVisible(end == AFTER)
        self.until_edit.setEnabled(on)
        self.count_spin.setEnabled(on)
        try:
            rule = self.rule() if self.series is None else self._asked_rule(self.series.rule.start)
        except ValidationError as error:
            self.summary.setText(str(error))
            return
        if self.series is not None:
            self.summary.setText(
                tr("Part of a series: {rule}. Saving asks which of its posts change.").format(
                    rule=describe_rule(rule or self.series.rule)
                )
            )
            return
        self.summary.setText(describe_rule(rule) if rule else tr("Does not repeat."))

    def rule(self) -> SeriesRule | None:
        """The rule asked for: for a new post None when it does not repeat, for a post of a
        series None when its rule stays as it is. A ValidationError (field "rule") when it
        cannot be one."""
        if self.series is not None:
            asked = self._asked_rule(self.series.rule.start)
            return None if asked == self.shown_rule() else asked
        if not self.repeat_check.isChecked():
            return None
        start = self.start()
        if start is None:
            raise ValidationError(tr("A repeating post needs a date to start on."), "rule")
        return self._asked_rule(start)

    def _asked_rule(self, start: dt.date) -> SeriesRule:
        unit = Freq(self.unit_combo.currentData())
        weekdays = tuple(d for d, check in enumerate(self.day_checks) if check.isChecked())
        nth = None
        if unit is Freq.MONTHLY and self.monthly_combo.currentData() == WEEKDAY_OF_MONTH:
            last_week = (start + dt.timedelta(days=7)).month != start.month
            nth = -1 if last_week and start.day > 28 else min((start.day - 1) // 7 + 1, 5)
        end = self.end_combo.currentData()
        rule = SeriesRule.every(
            self.every_spin.value(),
            unit,
            start,
            weekdays=weekdays if unit is Freq.WEEKLY else (),
            nth=nth,
            until=_pydate(self.until_edit.date()) if end == ON_DATE else None,
            count=self.count_spin.value() if end == AFTER else None,
        )
        if self.series is not None and nth is not None and self.series.rule.nth is not None:
            rule = replace(rule, nth=self.series.rule.nth)  # "the last Friday" stays the last
        return rule.checked()

    def shown_rule(self) -> SeriesRule | None:
        """The series' rule as the section shows it: "after N posts" is the posts it makes,
        which is fewer than its COUNT when it skips some of its days (see `stored_rule`)."""
        if self.series is None:
            return None
        rule = self.series.rule
        return replace(rule, count=posts_of_count(rule, self.series.skipped))

    def stored_rule(self, asked: SeriesRule, since: dt.date | None = None) -> SeriesRule:
        """`asked` (from `rule`) with "after N posts" as the COUNT that makes N posts, from
        `since` on when given, given the days the series skips (RFC 5545 counts them)."""
        if self.series is None or asked.count is None or not self.series.skipped:
            return asked
        count = count_for_posts(asked, self.series.skipped, asked.count, since)
        return replace(asked, count=count)

    def show_series(self, series: SeriesRecord) -> None:
        """A post of a series: the series' rule, which can be changed; saving asks which of the
        series' posts a change reaches."""
        rule = series.rule
        self.series = None  # filling the controls below must not ask for the rule yet
        self.repeat_check.setChecked(True)
        # Ends (below) ends a series; "This post" is how one post leaves it.
        self.repeat_check.setEnabled(False)
        self.every_spin.setValue(rule.interval)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(rule.freq))
        for day, check in enumerate(self.day_checks):
            check.setChecked(day in rule.weekdays and rule.freq is Freq.WEEKLY)
        mode = WEEKDAY_OF_MONTH if rule.nth is not None else DAY_OF_MONTH
        self.monthly_combo.setCurrentIndex(self.monthly_combo.findData(mode))
        end = AFTER if rule.count is not None else ON_DATE if rule.until is not None else NEVER
        self.end_combo.setCurrentIndex(self.end_combo.findData(end))
        # Ending an open series "on" a day offers this post's: the series ends with it.
        post = self.editor.post
        here = post.date if post is not None and post.date is not None else rule.start
        self._set_until_floor(_qdate(rule.start))
        self.until_edit.setDate(_qdate(rule.until or max(here, rule.start)))
        if rule.count is not None:
            self.count_spin.setValue(posts_of_count(rule, series.skipped) or 1)
        self.show_skipped(series.skipped)
        self.series = series
        self.refresh()

    def follow_series(self, series: SeriesRecord) -> None:
        """The series as it is now (a day restored, or that undone) without touching the rule's
        controls, which may hold edits not saved yet: its skipped days are listed anew, and an
        "after N posts" left as it was says the posts the series makes now."""
        shown = self.shown_rule()
        untouched = shown is not None and self.count_spin.value() == shown.count
        self.series = None  # as in show_series: no rule is asked for while a control changes
        if untouched and series.rule.count is not None:
            self.count_spin.setValue(posts_of_count(series.rule, series.skipped) or 1)
        self.show_skipped(series.skipped)
        self.series = series
        self.refresh()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())
