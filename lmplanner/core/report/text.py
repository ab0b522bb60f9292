"""User text made safe for ReportLab: escaped for Paragraph markup, split into font runs,
measured and truncated for text drawn straight on the canvas."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
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
    for face, chunk in fonts.runs(clean(text, keep_newlines=keep_newlines)):
        safe = escape(chunk, {'"': "&quot;"})
        if keep_newlines:
            safe = safe.replace("\n", "<br/>")
        parts.append(safe if face is None else f'<font face="{face}">{safe}</font>')
    return "".join(parts)


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
    """How wide `text` is set in `fonts` at `size` points.

    Remembered by face, size and text: laying out a year's calendar wraps thousands of titles
    that share their words, and measures each line once per word added to it."""
    main = _face(fonts, bold)
    key = (main, fonts.source, size, text)
    found = _WIDTHS.get(key)
    if found is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        runs = fonts.runs(clean(text))
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
    """`text` (cleaned), cut with an ellipsis so it is no wider than `available`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = clean(text)
    main = _face(fonts, bold)
    if width(text, fonts, size, bold=bold) <= available:
        return text
    budget = available - stringWidth(ELLIPSIS, main, size)
    used = 0.0
    kept: list[str] = []
    for face, chunk in fonts.runs(text):
        for ch in chunk:
            w = stringWidth(ch, face or main, size)
            if used + w > budget:
                return ("".join(kept).rstrip() + ELLIPSIS) if kept else ELLIPSIS
            used += w
            kept.append(ch)
    return "".join(kept)


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
) -> float:
    """Draw `text` at (x, y) run by run; `align` is left, right or centre. Returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    main = _face(fonts, bold)
    runs = fonts.runs(clean(text))
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
