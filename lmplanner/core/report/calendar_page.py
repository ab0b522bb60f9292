"""The landscape month grid: each day's posts with time, channel and title, roles told apart
by a filled "L" or an outlined "M" badge as well as by colour."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.platypus.flowables import Flowable

from lmplanner.core.balance import count_of
from lmplanner.core.domain import PostRecord, Role
from lmplanner.core.report import text as txt
from lmplanner.core.report.styles import (
    FAINT,
    INK,
    LEADER,
    MANAGER,
    MUTED,
    PANEL,
    RULE,
    color,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from lmplanner.core.balance import Period
    from lmplanner.core.report.fonts import FontSet

_HEAD_H = 16.0  # weekday names
_LEGEND_H = 18.0
_DAY_H = 12.0  # the day number line inside a cell
_LINE = 8.4  # one line of a compact entry
# Title sizes tried in turn, down to the smallest that still reads well on paper.
_TITLE_SIZES = (7.0, 6.6, 6.2, 5.8)
_PITCH = 1.2  # line pitch as a multiple of the type size
_TITLE_LINES = 3
_INLINE_CHANNEL_W = 34.0  # a channel name leading into a title is cut to this width
_META_SIZE = 6.4
_PAD = 3.5
_BADGE_W = 8.5
_RTL: dict[str, Any] = {"align": "right", "rtl_line": True}  # how a right-to-left title is drawn


def months_in(period: Period) -> list[dt.date]:
    """The first day of every month the period touches."""
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def draw_badge(canvas: Canvas, x: float, y: float, role: Role, fonts: FontSet) -> None:
    """A small rounded tag: filled violet "L" for leader, outlined teal "M" for manager."""
    leader = role is Role.LEADER
    canvas.saveState()
    canvas.setLineWidth(0.7)
    canvas.setStrokeColor(color(LEADER if leader else MANAGER))
    canvas.setFillColor(color(LEADER if leader else "#ffffff"))
    canvas.roundRect(x, y - 1.6, _BADGE_W, 7.6, 1.6, stroke=1, fill=1)
    canvas.setFillColor(color("#ffffff" if leader else MANAGER))
    canvas.setFont(fonts.bold, 5.8)
    canvas.drawCentredString(x + _BADGE_W / 2, y + 0.4, "L" if leader else "M")
    canvas.restoreState()


def wrap_lines(
    text: str, fonts: FontSet, size: float, avail: float, max_lines: int, *, indent: float = 0.0
) -> list[str]:
    """Greedy word wrap into at most `max_lines`, the last one cut with an ellipsis; the first
    line is `indent` narrower (it follows the time and channel).

    A word wider than the line (a long link, a 300-letter word) is broken where it must be, so
    its start still shows.
    """
    queue = deque(txt.clean(text).split())
    lines: list[str] = []
    current = ""
    while queue and len(lines) < max_lines:
        word = queue.popleft()
        trial = f"{current} {word}" if current else word
        width = avail - indent if not lines else avail
        if txt.width(trial, fonts, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
            current = ""
        elif not lines and indent and txt.width(word, fonts, size) <= avail:
            lines.append("")  # the word fits a whole line: start it on the next one
        else:
            cut = _fitting_prefix(word, fonts, size, width)
            lines.append(word[:cut])
            word = word[cut:]
        queue.appendleft(word)
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if queue or current:
        rest = " ".join([lines[-1], current, *queue]) if current else " ".join([lines[-1], *queue])
        lines[-1] = txt.fit(rest, fonts, size, avail)
    return lines


def _fitting_prefix(word: str, fonts: FontSet, size: float, avail: float) -> int:
    """How many of `word`'s first characters fit on a line (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if txt.width(word[:middle], fonts, size) <= avail:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True, slots=True)
class CellLayout:
    """How a day's posts are set: type size, line pitch, each title's lines, and whether the
    time and channel stand on a line of their own or lead into the title (`inline`)."""

    size: float
    line: float
    titles: tuple[tuple[str, ...], ...]
    inline: bool = False
    channels: tuple[str, ...] = ()  # inline: the channel as it fits before the title
    indents: tuple[float, ...] = ()  # inline: where the title's first line starts


Entry = tuple[str, str, str]  # time ("" without one), channel, title


def cell_layout(
    entries: Sequence[Entry], fonts: FontSet, avail: float, room: float
) -> CellLayout | None:
    """Set a day's posts in `room` points of height, titles whole wherever they can be.

    The largest type that shows every title whole (up to three lines), with a time/channel line
    above each title or, failing that, the time and channel leading into the title (a line a
    post saved); at the smallest legible size the titles share the lines there are, two or
    more each. None when not even that fits (the caller sets one line a post).
    """
    titles = [title for _, _, title in entries]
    # One line more than may be shown: a title that needs it is not whole.
    trial = [_TITLE_LINES + 1] * len(entries)
    for size in _TITLE_SIZES:
        wrapped = [tuple(wrap_lines(t, fonts, size, avail, _TITLE_LINES + 1)) for t in titles]
        if _all_whole(wrapped) and sum(1 + len(w) for w in wrapped) * size * _PITCH <= room:
            return CellLayout(size, size * _PITCH, tuple(wrapped))
        # Larger type matters more than a line of its own for the time and channel.
        layout = _inline_layout(entries, fonts, avail, size, trial)
        if _all_whole(layout.titles) and sum(map(len, layout.titles)) * layout.line <= room:
            return layout
    size = _TITLE_SIZES[-1]
    spare = int(room // (size * _PITCH)) - 2 * len(entries)
    if spare < 0:
        return None
    allowed = []
    for index in range(len(entries)):
        # Share the spare lines fairly among the posts still to set.
        extra = max(0, min(_TITLE_LINES - 2, spare // (len(entries) - index)))
        allowed.append(2 + extra)
        spare -= extra
    return _inline_layout(entries, fonts, avail, size, allowed)


def _all_whole(wrapped: Sequence[Sequence[str]]) -> bool:
    return all(len(lines) <= _TITLE_LINES for lines in wrapped)


def _inline_layout(
    entries: Sequence[Entry], fonts: FontSet, avail: float, size: float, allowed: list[int]
) -> CellLayout:
    channels, indents, titles = [], [], []
    for (stamp, channel, title), most in zip(entries, allowed, strict=True):
        used = txt.width(stamp + " ", fonts, size, bold=True) if stamp else 0.0
        shown = txt.fit(channel, fonts, size, min(_INLINE_CHANNEL_W, avail - used))
        indent = used + txt.width(shown + " ", fonts, size)
        channels.append(shown)
        indents.append(indent)
        titles.append(tuple(wrap_lines(title, fonts, size, avail, most, indent=indent)))
    return CellLayout(size, size * _PITCH, tuple(titles), True, tuple(channels), tuple(indents))


class MonthGrid(Flowable):  # type: ignore[misc]
    """One month as a 7-column grid filling the rest of the frame."""

    def __init__(
        self,
        month: dt.date,
        period: Period,
        posts_by_day: Mapping[dt.date, Sequence[PostRecord]],
        first_weekday: int,
        fonts: FontSet,
        holidays: Mapping[dt.date, str] | None = None,
    ) -> None:
        super().__init__()
        self.holidays = holidays or {}  # public holidays of the plan's country, by day
        self.month = month
        self.period = period
        self.posts_by_day = posts_by_day
        self.first_weekday = first_weekday
        self.fonts = fonts
        self.width = 0.0
        self.height = 0.0
        self.hidden = 0  # posts that did not fit in their cell (shown as "+N more")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        # Ask for a fresh page when little room is left; otherwise take all of it.
        self.height = availHeight if availHeight >= 260 else 400
        return self.width, self.height

    def _weeks(self) -> list[list[dt.date]]:
        cal = calendar.Calendar(self.first_weekday)
        return [list(week) for week in cal.monthdatescalendar(self.month.year, self.month.month)]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        fonts = self.fonts
        weeks = self._weeks()
        grid_top = self.height - _LEGEND_H
        cell_w = self.width / 7
        cell_h = (grid_top - _HEAD_H) / len(weeks)
        self._legend(canvas, self.height - 10)

        # Weekday names.
        names = [calendar.day_name[(self.first_weekday + i) % 7] for i in range(7)]
        canvas.setFillColor(color(MUTED))
        canvas.setFont(fonts.bold, 7.5)
        for i, name in enumerate(names):
            canvas.drawString(i * cell_w + _PAD, grid_top - _HEAD_H + 5, name.upper())

        top = grid_top - _HEAD_H
        for row, week in enumerate(weeks):
            y = top - (row + 1) * cell_h
            for col, day in enumerate(week):
                self._cell(canvas, day, col * cell_w, y, cell_w, cell_h)

        # Grid lines over the cells: hairlines inside, a firmer rule on top.
        canvas.setStrokeColor(color(RULE))
        canvas.setLineWidth(0.5)
        for row in range(len(weeks) + 1):
            yy = top - row * cell_h
            canvas.line(0, yy, self.width, yy)
        for col in range(8):
            canvas.line(col * cell_w, top, col * cell_w, top - len(weeks) * cell_h)
        canvas.setStrokeColor(color(INK))
        canvas.setLineWidth(0.9)
        canvas.line(0, top, self.width, top)

    def _legend(self, canvas: Canvas, y: float) -> None:
        fonts = self.fonts
        in_month = [
            post
            for day, posts in self.posts_by_day.items()
            if day.year == self.month.year and day.month == self.month.month
            for post in posts
        ]
        leaders = sum(1 for p in in_month if p.role is Role.LEADER)
        summary = (
            f"{count_of(len(in_month), 'post')}: "
            f"{leaders} leader, {len(in_month) - leaders} manager"
        )
        canvas.setFillColor(color(MUTED))
        canvas.setFont(fonts.regular, 8)
        canvas.drawString(0, y, summary)
        x = self.width
        for role, label in (
            (Role.MANAGER, "Manager post (execution)"),
            (Role.LEADER, "Leader post (vision, story)"),
        ):
            canvas.setFillColor(color(INK))
            canvas.setFont(fonts.regular, 8)
            w = canvas.stringWidth(label, fonts.regular, 8)
            x -= w
            canvas.drawString(x, y, label)
            x -= _BADGE_W + 4
            draw_badge(canvas, x, y, role, fonts)
            x -= 18

    def _cell(self, canvas: Canvas, day: dt.date, x: float, y: float, w: float, h: float) -> None:
        fonts = self.fonts
        in_month = day.month == self.month.month
        in_period = self.period.contains(day)
        if not in_month or not in_period:
            canvas.setFillColor(color(PANEL))
            canvas.rect(x, y, w, h, stroke=0, fill=1)
            if not in_month:
                return
        posts = list(self.posts_by_day.get(day, ())) if in_period else []
        canvas.setFillColor(color(INK if in_period else FAINT))
        canvas.setFont(fonts.bold, 8.5)
        canvas.drawString(x + _PAD, y + h - _DAY_H + 2, str(day.day))
        holiday = self.holidays.get(day)
        if holiday:
            self._holiday(canvas, holiday, x + _PAD + 14, y + h - _DAY_H + 2, w - 2 * _PAD - 14)
        text_x = x + _PAD + _BADGE_W + 3
        avail = x + w - _PAD - text_x
        room = h - _DAY_H - _PAD
        if not posts or room < 2 * _LINE:
            self.hidden += len(posts)
            return
        cursor = y + h - _DAY_H - _LINE + 1
        entries = [(p.time.strftime("%H:%M") if p.time else "", p.channel, p.title) for p in posts]
        layout = cell_layout(entries, fonts, avail, room)
        more = 0
        if layout is not None:
            top = y + h - _DAY_H + 1
            self._roomy_entries(canvas, posts, layout, x + _PAD, text_x, top, avail)
        else:
            # A busy day: one line per post (time, channel, title) so more of them show.
            lines_free = int(room // _LINE)
            more = len(posts) - lines_free if len(posts) > lines_free else 0
            shown = posts[: lines_free - 1] if more else posts
            more = len(posts) - len(shown)
            for post in shown:
                self._compact_entry(canvas, post, x + _PAD, text_x, cursor, avail)
                cursor -= _LINE
        if more:
            self.hidden += more
            canvas.setFillColor(color(MUTED))
            canvas.setFont(fonts.bold, _META_SIZE)
            label = f"+ {more} more in the post list"
            if canvas.stringWidth(label, fonts.bold, _META_SIZE) > avail:
                label = f"+ {more} more"
            canvas.drawString(text_x, cursor, label)

    def _holiday(self, canvas: Canvas, name: str, x: float, y: float, avail: float) -> None:
        """A public holiday's name beside the day number, shortened to the cell's width."""
        font = self.fonts.italic
        shown = name
        while shown and canvas.stringWidth(shown, font, _META_SIZE) > avail:
            shown = shown[:-2] + "…" if len(shown) > 2 else ""
        canvas.setFillColor(color(MUTED))
        canvas.setFont(font, _META_SIZE)
        canvas.drawString(x, y, shown)

    def _roomy_entries(
        self,
        canvas: Canvas,
        posts: Sequence[PostRecord],
        layout: CellLayout,
        badge_x: float,
        x: float,
        y: float,
        avail: float,
    ) -> None:
        """Each post's time and channel, then its title; `y` is the top of the first line."""
        fonts = self.fonts
        meta = layout.size if layout.inline else min(_META_SIZE, layout.size)
        y -= layout.line
        for index, (post, lines) in enumerate(zip(posts, layout.titles, strict=True)):
            draw_badge(canvas, badge_x, y, post.role, fonts)
            used = self._stamp(canvas, post, x, y, meta)
            canvas.setFillColor(color(MUTED))
            if layout.inline:
                txt.draw(canvas, x + used, y, layout.channels[index], fonts, meta)
                indent = layout.indents[index]
            else:
                channel = txt.fit(post.channel, fonts, meta, avail - used)
                txt.draw(canvas, x + used, y, channel, fonts, meta)
                y -= layout.line
                indent = 0.0
            canvas.setFillColor(color(INK))
            # A right-to-left title keeps its direction on every line, set against the cell's
            # right edge; the grid itself stays left to right.
            rtl = txt.reads_rtl(post.title)
            for line in lines:
                if rtl:
                    txt.draw(canvas, x + avail, y, line, fonts, layout.size, **_RTL)
                else:
                    txt.draw(canvas, x + indent, y, line, fonts, layout.size)
                y -= layout.line
                indent = 0.0

    def _stamp(
        self, canvas: Canvas, post: PostRecord, x: float, y: float, size: float = _META_SIZE
    ) -> float:
        """Draw the post's time in bold; return the width used (0 without a time)."""
        if post.time is None:
            return 0.0
        stamp = post.time.strftime("%H:%M")
        canvas.setFillColor(color(MUTED))
        canvas.setFont(self.fonts.bold, size)
        canvas.drawString(x, y, stamp)
        return float(canvas.stringWidth(stamp + " ", self.fonts.bold, size))

    def _compact_entry(
        self, canvas: Canvas, post: PostRecord, badge_x: float, x: float, y: float, avail: float
    ) -> None:
        fonts = self.fonts
        draw_badge(canvas, badge_x, y, post.role, fonts)
        used = self._stamp(canvas, post, x, y)
        channel = txt.fit(post.channel, fonts, _META_SIZE, min(34.0, avail - used))
        canvas.setFillColor(color(MUTED))
        used += txt.draw(canvas, x + used, y, channel + " ", fonts, _META_SIZE)
        title = txt.fit(post.title, fonts, _META_SIZE + 0.3, avail - used)
        canvas.setFillColor(color(INK))
        if txt.reads_rtl(post.title):
            txt.draw(canvas, x + avail, y, title, fonts, _META_SIZE + 0.3, **_RTL)
        else:
            txt.draw(canvas, x + used, y, title, fonts, _META_SIZE + 0.3)


def posts_by_day(posts: Sequence[PostRecord]) -> dict[dt.date, list[PostRecord]]:
    days: dict[dt.date, list[PostRecord]] = {}
    for post in posts:
        if post.date is not None:
            days.setdefault(post.date, []).append(post)
    for bucket in days.values():
        bucket.sort(key=_time_key)
    return days


def _time_key(post: PostRecord) -> tuple[Any, ...]:
    return (post.time is not None, post.time or dt.time(), post.id)
