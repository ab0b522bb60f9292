"""Reading a series rule from RRULE text (RFC 5545), as `series add --rrule` takes it.

dateutil checks the text first, so its reason is given for anything malformed; the rule is then
read into the forms a series holds (daily, weekly on weekdays, monthly on a day or a weekday).
"""

from __future__ import annotations

import datetime as dt
import re

from lmplanner.core.series.rule import WEEKDAY_CODES, Freq, SeriesRule, rule_error

_KNOWN_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "UNTIL", "COUNT"}
_EXAMPLES = {
    "FREQ": "FREQ=WEEKLY",
    "INTERVAL": "INTERVAL=2",
    "BYDAY": "BYDAY=MO,TH",
    "BYMONTHDAY": "BYMONTHDAY=15",
    "BYSETPOS": "BYSETPOS=2",
    "UNTIL": "UNTIL=20261231",
    "COUNT": "COUNT=8",
}
_NTH_DAY = re.compile(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)")


def parse_rrule(text: str, start: dt.date) -> SeriesRule:
    """The rule in `text` ("FREQ=WEEKLY;BYDAY=MO,TH" or with an "RRULE:" prefix) from `start`;
    a ValidationError with the reason when it is not a rule a series can follow."""
    from dateutil.rrule import rrulestr

    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body:
        raise rule_error("The rule is empty; give it as e.g. FREQ=WEEKLY;BYDAY=MO,TH.")
    parts = _parts(body.upper())
    if "COUNT" in parts and "UNTIL" in parts:
        raise rule_error("A series ends on a date (UNTIL) or after a number (COUNT), not both.")
    try:
        rrulestr(body, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError) as exc:
        raise rule_error(f"The rule {body!r} is not valid RRULE text: {exc}.") from None
    freq = _freq(parts)
    interval = int(parts.get("INTERVAL", "1"))
    until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    days = [_NTH_DAY.fullmatch(code) for code in parts.get("BYDAY", "").split(",") if code]
    if any(match is None for match in days):
        raise rule_error(f"BYDAY={parts['BYDAY']} names a day that is not MO…SU.")
    if freq is Freq.DAILY:
        if set(parts) & {"BYDAY", "BYMONTHDAY", "BYSETPOS"}:
            raise rule_error("A daily rule takes no BYDAY, BYMONTHDAY or BYSETPOS.")
        return SeriesRule(freq, start, interval, until=until, count=count).checked()
    if freq is Freq.WEEKLY:
        if set(parts) & {"BYMONTHDAY", "BYSETPOS"} or any(m and m.group(1) for m in days):
            raise rule_error("A weekly rule takes weekdays only (BYDAY=MO,TH).")
        weekdays = tuple(sorted({WEEKDAY_CODES.index(m.group(2)) for m in days if m}))
        return SeriesRule.every(
            interval, freq, start, weekdays=weekdays, until=until, count=count
        ).checked()
    return _monthly(parts, days, start, interval, until, count)


def _parts(body: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in body.split(";"):
        name, _, value = item.partition("=")
        # dateutil's own reason for these is blank ("invalid 'FREQ': "), so say it here.
        if not item.strip():
            raise rule_error(
                f"The rule {body!r} has an empty part (“;;” or a “;” at the end); separate "
                "its parts with one “;”, e.g. FREQ=WEEKLY;BYDAY=MO,TH."
            )
        if not name:
            raise rule_error(f"The rule part {item!r} has no name before its “=”.")
        if name in _KNOWN_PARTS and not value:
            raise rule_error(f"The rule part {name} has no value; write e.g. {_EXAMPLES[name]}.")
        if name not in _KNOWN_PARTS:
            raise rule_error(
                f"The rule part {name} is not supported; a series repeats daily, weekly on "
                "weekdays or monthly on a day or weekday (FREQ, INTERVAL, BYDAY, BYMONTHDAY, "
                "BYSETPOS, UNTIL, COUNT)."
            )
        parts[name] = value
    return parts


def _freq(parts: dict[str, str]) -> Freq:
    name = parts.get("FREQ", "")
    try:
        return Freq(name.lower())
    except ValueError:
        raise rule_error(
            f"FREQ={name} is not supported; a series repeats DAILY, WEEKLY or MONTHLY."
        ) from None


def _until(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        raise rule_error(f"UNTIL={text} is not a date (write it as YYYYMMDD).") from None


def _monthly(
    parts: dict[str, str],
    days: list[re.Match[str] | None],
    start: dt.date,
    interval: int,
    until: dt.date | None,
    count: int | None,
) -> SeriesRule:
    """FREQ=MONTHLY with BYMONTHDAY=N (or N,-1;BYSETPOS=1, as written back), BYDAY=2TU, or
    BYDAY=TU;BYSETPOS=2."""
    setpos = parts.get("BYSETPOS")
    if "BYMONTHDAY" in parts:
        if days:
            raise rule_error("A monthly rule is on a day of the month or on a weekday, not both.")
        values = parts["BYMONTHDAY"].split(",")
        fallback = len(values) == 2 and values[1] == "-1" and setpos == "1"
        if (len(values) != 1 or setpos) and not fallback:
            raise rule_error("A monthly rule takes one day of the month (BYMONTHDAY=15).")
        day = int(values[0])
        if not 1 <= day <= 31:
            raise rule_error("The day of the month must be from 1 to 31.")
        rule = SeriesRule(Freq.MONTHLY, start, interval, monthday=day, until=until, count=count)
        return rule.checked()
    if len(days) != 1 or days[0] is None:
        raise rule_error("A monthly rule needs BYMONTHDAY=N or one weekday such as BYDAY=2TU.")
    match = days[0]
    nth_text = match.group(1) or setpos
    if not nth_text:
        raise rule_error("A monthly rule on a weekday needs its place: BYDAY=2TU or BYSETPOS=2.")
    weekday = WEEKDAY_CODES.index(match.group(2))
    rule = SeriesRule(
        Freq.MONTHLY, start, interval, (weekday,), None, int(nth_text), until=until, count=count
    )
    return rule.checked()
