"""Days as the person's language writes them: the locale's own long date (its order, words and
punctuation) with short day and month names, e.g. "Wed, Dec 16, 2026" (en_US),
"Mi., 16. Dez. 2026" (de_DE), "2026年12月16日水" (ja_JP). Never the numeric short form, which
reads "16 12 2026" in the C locale and swaps day and month between countries."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale


def day_format(locale: QLocale | None = None) -> str:
    """The QDate format of a day in `locale` (the default locale when None)."""
    long = (locale or QLocale()).dateFormat(QLocale.FormatType.LongFormat)
    return long.replace("dddd", "ddd").replace("MMMM", "MMM")


def day_text(day: dt.date, locale: QLocale | None = None) -> str:
    """`day` written in `locale`'s day format."""
    locale = locale or QLocale()
    return locale.toString(QDate(day.year, day.month, day.day), day_format(locale))
