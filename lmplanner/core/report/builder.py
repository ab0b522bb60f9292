"""Lays the report out with a BaseDocTemplate and writes it atomically: portrait and landscape
page templates, header and footer with "page X of Y", metadata and bookmarks."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from lmplanner import __version__
from lmplanner.core.errors import NotFoundError, PlannerError
from lmplanner.core.paths import part_file
from lmplanner.core.report import text as txt
from lmplanner.core.report.fonts import FontSet, report_fonts
from lmplanner.core.report.options import ReportCancelled, ReportOptions, ReportResult, Section
from lmplanner.core.report.results import results
from lmplanner.core.report.sections import (
    ReportData,
    breakdowns,
    calendar_pages,
    post_list,
    summary,
)
from lmplanner.core.report.signoff import NAMED_CHANGES, SignoffNote
from lmplanner.core.report.strategy import strategy
from lmplanner.core.report.styles import FAINT, HAIRLINE, MUTED, Geometry, color, geometry

if TYPE_CHECKING:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PlanService

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# ReportLab keeps fonts and some layout state in module globals: one report at a time.
_BUILD_LOCK = threading.Lock()
_PREP_STEPS = 3  # read posts, analyse, assemble


class _Cancel(Exception):
    """Raised inside layout; ReportLab may re-wrap it, so the doc also remembers the fact."""


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each footer can say "page X of Y".

    Bookmarks are held with their page too: the PDF page they point to only exists once the
    page is really written.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lm_pages: list[dict[str, Any]] = []
        self._lm_marks: list[tuple[str, int, str]] = []
        self._lm_number_at: tuple[float, float] | None = None
        self._lm_font: tuple[str, float] = ("Helvetica", 8)

    def lm_mark(self, title: str, level: int, key: str) -> None:
        self._lm_marks.append((title, level, key))

    def showPage(self) -> None:
        self._lm_pages.append(dict(self.__dict__))
        self._startPage()
        self._lm_marks = []

    def save(self) -> None:
        total = len(self._lm_pages)
        for number, state in enumerate(self._lm_pages, start=1):
            self.__dict__.update(state)
            for title, level, key in self._lm_marks:
                Canvas.bookmarkPage(self, key, fit="XYZ", top=self._pagesize[1])
                Canvas.addOutlineEntry(self, title, key, level=level, closed=level > 0)
            if self._lm_number_at is not None:
                x, y = self._lm_number_at
                self.setFont(*self._lm_font)
                self.setFillColor(color(MUTED))
                self.drawRightString(x, y, f"Page {number} of {total}")
            Canvas.showPage(self)
        self.showOutline()
        Canvas.save(self)


class _ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(
        self,
        filename: str,
        data: ReportData,
        geo: Geometry,
        *,
        progress: Progress | None,
        cancelled: Cancelled | None,
        steps: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(filename, pagesize=geo.portrait, **kwargs)
        self.data = data
        self.geo = geo
        self.progress = progress
        self.cancelled = cancelled
        self.was_cancelled = False
        self.steps = steps
        self.done = _PREP_STEPS
        templates = []
        for name, landscape in (("portrait", False), ("landscape", True)):
            x, y, w, h = geo.frame(landscape)
            frame = Frame(
                x, y, w, h, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
            )
            size = geo.landscape if landscape else geo.portrait
            templates.append(
                PageTemplate(id=name, frames=[frame], onPage=self._decorate, pagesize=size)
            )
        self.addPageTemplates(templates)

    def _check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            self.was_cancelled = True
            raise _Cancel

    def handle_pageBegin(self) -> None:
        self._check()
        super().handle_pageBegin()

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "_lm_outline", None)
        if outline is not None:
            self.canv.lm_mark(*outline)
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.steps - 1), self.steps)
        self._check()

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header and footer; the page number is added when the page count is known."""
        data, fonts = self.data, self.data.fonts
        width, height = canvas._pagesize
        x, _y, frame_w, _h = self.geo.frame(width > height)
        right = x + frame_w
        canvas.saveState()
        top = height - 40
        canvas.setFillColor(color(MUTED))
        # The title page names the period in its subtitle: its header does not repeat it.
        period = data.period.label() if doc.page > 1 else ""
        period_w = txt.width(period, fonts, 8)
        name = txt.fit(data.settings.name, fonts, 8, frame_w - period_w - 30, bold=True)
        txt.draw(canvas, x, top, name, fonts, 8, bold=True)
        canvas.setFillColor(color(FAINT))
        txt.draw(canvas, right, top, period, fonts, 8, align="right")
        canvas.setStrokeColor(color(HAIRLINE))
        canvas.setLineWidth(0.6)
        canvas.line(x, top - 7, right, top - 7)
        bottom = 34
        canvas.line(x, bottom + 11, right, bottom + 11)
        canvas.setFillColor(color(FAINT))
        canvas.setFont(fonts.regular, 7.5)
        stamp = data.generated
        canvas.drawString(
            x,
            bottom,
            f"LM Planner · content strategy report · generated {stamp:%Y-%m-%d %H:%M}",
        )
        canvas.restoreState()
        canvas._lm_number_at = (right, bottom)
        canvas._lm_font = (fonts.regular, 7.5)


def _report_data(
    service: PlanService, period: Period, options: ReportOptions, fonts: FontSet
) -> ReportData:
    from lmplanner.core.report.styles import make_styles

    settings = service.settings()
    flt = options.post_filter.for_balance() if options.post_filter is not None else None
    posts = tuple(service.posts(start=period.start, end=period.end, flt=flt))
    report = service.balance(period, flt)
    geo = geometry(options.paper)
    return ReportData(
        settings=settings,
        report=report,
        posts=posts,
        period=period,
        generated=dt.datetime.now().replace(microsecond=0),
        fonts=fonts,
        styles=make_styles(fonts),
        width=geo.frame(False)[2],
        landscape_width=geo.frame(True)[2],
        include_bodies=options.include_bodies,
        signoffs=signoff_notes(service, period),
        results=service.results(period, flt) if Section.RESULTS in options.sections else None,
    )


def signoff_notes(service: PlanService, period: Period) -> tuple[SignoffNote, ...]:
    """Sign-offs whose period overlaps the report's, with the titles of posts changed since."""
    notes = []
    for item in service.signoffs():
        if item.end < period.start or item.start > period.end:
            continue
        titles = []
        for post_id in item.changed[:NAMED_CHANGES]:
            try:
                titles.append(service.post(post_id, include_deleted=True).title)
            except NotFoundError:  # removed for good since
                continue
        notes.append(SignoffNote(item, tuple(titles)))
    return tuple(notes)


# How each section is laid out: its page template, and whether it keeps its pages to itself
# (a month grid fills its page). Every section after the summary is landscape, so a printed
# report turns once, after its title page, instead of alternating.
_LAYOUT: tuple[tuple[Section, Callable[[ReportData], list[Flowable]], str, bool], ...] = (
    (Section.CALENDAR, calendar_pages, "landscape", True),
    (Section.BREAKDOWNS, breakdowns, "landscape", False),
    (Section.STRATEGY, strategy, "landscape", False),
    (Section.RESULTS, results, "landscape", False),
    (Section.POSTS, post_list, "landscape", False),
)
_SECTION_ROOM = 140.0  # a section that flows on starts on the same page only with this much room


def _story(data: ReportData, sections: frozenset[Section]) -> tuple[list[Flowable], list[Section]]:
    from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak

    empty = data.report.total == 0
    story: list[Flowable] = []
    made: list[Section] = []
    previous: tuple[str, bool] | None = None
    if Section.SUMMARY in sections or empty:
        story += summary(data)
        made.append(Section.SUMMARY)
        previous = ("portrait", True)
    for section, build, template, own_pages in () if empty else _LAYOUT:
        if section not in sections:
            continue
        if previous is None:
            story.append(NextPageTemplate(template))
        elif previous[0] != template or previous[1] or own_pages:
            story += [NextPageTemplate(template), PageBreak()]
        else:
            story.append(CondPageBreak(_SECTION_ROOM))
        story += build(data)
        made.append(section)
        previous = (template, own_pages)
    return story, made


def _first_template(story: list[Flowable]) -> str:
    from reportlab.platypus import NextPageTemplate

    if story and isinstance(story[0], NextPageTemplate):
        return str(story.pop(0).action[1])
    return "portrait"


def _target_folder(out: Path) -> Path:
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.exists():
        raise PlannerError(f"Cannot write the report: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise PlannerError(f"Cannot write the report: {folder} is not a folder.")
    if out.is_dir():
        raise PlannerError(f"Cannot write the report: {out} is a folder.")
    return folder


def _temp_file(folder: Path, out: Path) -> Path:
    """A new, empty, hidden file beside `out` (created with the usual permissions)."""
    for _attempt in range(20):
        temp = part_file(folder / out.name, secrets.token_hex(4))
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise PlannerError(
                f"Cannot write the report in {folder}: {exc.strerror or exc}."
            ) from None
        os.close(fd)
        return temp
    raise PlannerError(f"Cannot write the report in {folder}: no free temporary name.")


def build(
    service: PlanService,
    period: Period,
    *,
    out: Path,
    options: ReportOptions,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    out = Path(out)
    folder = _target_folder(out)
    with _BUILD_LOCK:
        fonts = report_fonts()
        txt.forget_widths()  # each report measures its own text, as a lone CLI run would
        if progress is not None:
            progress(0, _PREP_STEPS + 1)
        if cancelled is not None and cancelled():
            raise ReportCancelled()
        data = _report_data(service, period, options, fonts)
        story, made = _story(data, options.sections)
        if not story:
            # Only sections without content were asked for (an empty period): say so.
            story, made = _story(data, frozenset({Section.SUMMARY}))
        steps = _PREP_STEPS + len(story) + 1
        if progress is not None:
            progress(_PREP_STEPS, steps)
        temp = _temp_file(folder, out)
        try:
            doc = _ReportDoc(
                str(temp),
                data,
                geometry(options.paper),
                progress=progress,
                cancelled=cancelled,
                steps=steps,
                title=_title(data),
                author=options.author or "LM Planner",
                subject=_subject(data),
                creator=f"LM Planner {__version__}",
                keywords=["content strategy", "leader", "manager", data.period.label()],
                lang="en",
                initialFontName=fonts.regular,
                initialFontSize=9.5,
            )
            first = _first_template(story)
            if first != "portrait":
                doc.pageTemplates.sort(key=lambda t: t.id != first)
            try:
                doc.build(story, canvasmaker=_NumberedCanvas)
            except Exception:
                if doc.was_cancelled:
                    raise ReportCancelled() from None
                raise
            pages = doc.page
            os.replace(temp, out)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        if progress is not None:
            progress(steps, steps)
    return ReportResult(
        path=out,
        pages=pages,
        posts=len(data.posts),
        sections=tuple(made),
        warnings=tuple(fonts.warnings),
    )


def _title(data: ReportData) -> str:
    return f"{txt.clean(data.settings.name)} — content strategy report, {data.period.label()}"


def _subject(data: ReportData) -> str:
    r = data.report
    return (
        f"Leader/manager balance and content plan for {data.period.label()}: "
        f"{r.total} posts, verdict {r.verdict_text().lower()}"
    )
