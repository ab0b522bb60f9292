"""User text made safe for ReportLab: escaped for Paragraph markup, split into font runs,
measured and truncated for text drawn straight on the canvas.

Right-to-left scripts are handled here for every section: Arabic-script letters are joined
(`rtl.shape`) before text is measured or wrapped, and each line is put in display order
(`rtl.display`) only when it is drawn; Paragraphs do the latter in `report.paragraph`."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from lmplanner.core.report import rtl

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Group
    from reportlab.pdfgen.canvas import Canvas

    from lmplanner.core.report.fonts import FontSet

ELLIPSIS = "…"
# Control characters, and soft hyphens (ReportLab treats them inconsistently as break hints).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Composed (NFC) text without control characters or lone surrogates; tabs become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    # A lone surrogate cannot be encoded in the PDF: make it a replacement character.
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    return unicodedata.normalize("NFC", text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def markup(text: str, fonts: FontSet, *, keep_newlines: bool = False) -> str:
    """Paragraph markup that prints `text` literally: `<b>` stays `<b>`, `&` stays `&`.

    Characters the family lacks are wrapped in a `<font face=…>` of a covering fallback font.
    """
    parts: list[str] = []
    for face, chunk in fonts.runs(rtl.shape(clean(text, keep_newlines=keep_newlines))):
        safe = escape(chunk, {'"': "&quot;"})
        if keep_newlines:
            safe = safe.replace("\n", "<br/>")
        parts.append(safe if face is None else f'<font face="{face}">{safe}</font>')
    return "".join(parts)


def has_rtl(text: str) -> bool:
    """Whether `text` holds right-to-left letters (it needs joining and reordering to print)."""
    return rtl.has_rtl(text)


def reads_rtl(text: str) -> bool:
    """Whether `text` reads from the right (mostly right-to-left words): set it right-aligned."""
    return rtl.mostly_rtl(clean(text))


def truncate_body(text: str, *, max_chars: int, max_lines: int) -> tuple[str, bool]:
    """At most `max_chars` characters and `max_lines` lines, cut at a word where one is near."""
    body = clean(text, keep_newlines=True).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    lines = body.split("\n")
    cut = False
    if len(lines) > max_lines:
        body = "\n".join(lines[:max_lines])
        cut = True
    if len(body) > max_chars:
        head = body[:max_chars]
        space = head.rfind(" ", max_chars - 40)
        body = head[:space] if space > 0 else head
        cut = True
    if cut:
        body = body.rstrip() + " " + ELLIPSIS
    return body, cut


# ---------------------------------------------------------------- text on the canvas
def _face(fonts: FontSet, bold: bool) -> str:
    return fonts.bold if bold else fonts.regular


def width(text: str, fonts: FontSet, size: float, *, bold: bool = False) -> float:
    """How wide `text` prints in `fonts` at `size` points (joined letters are narrower than the
    same letters apart).

    Remembered by face, size and text: laying out a year's calendar wraps thousands of titles
    that share their words, and measures each line once per word added to it."""
    main = _face(fonts, bold)
    key = (main, fonts.source, size, text)
    found = _WIDTHS.get(key)
    if found is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        runs = fonts.runs(rtl.shape(clean(text)))
        found = float(sum(stringWidth(chunk, face or main, size) for face, chunk in runs))
        if len(_WIDTHS) >= _WIDTHS_KEPT:
            _WIDTHS.clear()
        _WIDTHS[key] = found
    return found


_WIDTHS: dict[tuple[str, str, float, str], float] = {}
_WIDTHS_KEPT = 200_000


def forget_widths() -> None:
    """Drop the remembered widths (a report starts with its fonts as they are now)."""
    _WIDTHS.clear()


def fit(text: str, fonts: FontSet, size: float, available: float, *, bold: bool = False) -> str:
    """`text` (cleaned, in reading order), cut with an ellipsis so it is no wider than
    `available`; the ellipsis ends the text, so it shows on the left of right-to-left text."""
    text = clean(text)
    if width(text, fonts, size, bold=bold) <= available:
        return text
    # Shaping depends on neighbours, so measure each candidate prefix as it would print.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if width(text[:middle] + ELLIPSIS, fonts, size, bold=bold) <= available:
            low = middle
        else:
            high = middle - 1
    kept = text[:low].rstrip()
    return kept + ELLIPSIS if kept else ELLIPSIS


def draw(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    fonts: FontSet,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
    rtl_line: bool | None = None,
) -> float:
    """Draw one line of `text` at (x, y) run by run, in display order; `align` is left, right or
    centre, `rtl_line` the direction of the paragraph the line belongs to (by default the line's
    own). Returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    main = _face(fonts, bold)
    runs = fonts.runs(rtl.display(rtl.shape(clean(text)), rtl_line))
    total = float(sum(stringWidth(chunk, face or main, size) for face, chunk in runs))
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    for face, chunk in runs:
        name = face or main
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, name, size)
    return total


def label(
    x: float, y: float, text: str, fonts: FontSet, size: float, *, end: bool = False
) -> Group:
    """A chart label of user text for a `Drawing`: joined, in display order, with fallback fonts;
    it starts at `x` (or ends there with `end`)."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = fonts.runs(rtl.display(rtl.shape(clean(text))))
    total = sum(stringWidth(chunk, face or fonts.regular, size) for face, chunk in runs)
    group = Group()
    x = x - total if end else x
    for face, chunk in runs:
        name = face or fonts.regular
        group.add(String(x, y, chunk, fontName=name, fontSize=size))
        x += stringWidth(chunk, name, size)
    return group
