"""The report's Paragraph: ReportLab's, with right-to-left lines put in display order after
wrapping, and right-aligned when the paragraph reads mostly from the right.

Lines are reordered only while they are drawn: ReportLab splits a paragraph across frames
from its wrapped lines, and those must stay in reading order for the rest to wrap again.
"""

from __future__ import annotations

import weakref
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as reportlab_paragraph

from lmplanner.core.report import rtl

# Each style's right-to-left twin, made once (styles live as long as their report).
_TWINS: weakref.WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = weakref.WeakKeyDictionary()
_RTL_MARK = "lm_rtl"  # set on a twin: the parts of a split paragraph keep its direction


def _rtl_twin(style: ParagraphStyle) -> ParagraphStyle:
    twin = _TWINS.get(style)
    if twin is None:
        alignment = TA_RIGHT if style.alignment in (TA_LEFT, TA_JUSTIFY) else style.alignment
        twin = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=alignment)
        setattr(twin, _RTL_MARK, True)
        _TWINS[style] = twin
    return twin


def _plain(frags: Any) -> str:
    return "".join(t for f in frags or () if isinstance(t := getattr(f, "text", None), str))


class Paragraph(reportlab_paragraph.Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines holding right-to-left text print in display order."""

    style: Any
    blPara: Any
    rtl: bool

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        super()._setup(text, style, bulletText, frags, cleaner)
        self.rtl = bool(getattr(self.style, _RTL_MARK, False))
        if not self.rtl and rtl.mostly_rtl(_plain(self.frags)):
            self.rtl = True
            self.style = _rtl_twin(self.style)

    def drawPara(self, debug: int = 0) -> Any:
        logical = self.blPara
        self.blPara = _visual(logical, self.rtl)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual(para: Any, direction: bool) -> Any:
    """A copy of wrapped lines `para` with every line holding right-to-left text reordered."""
    if para.kind == 0:
        lines = [(space, _visual_words(words, direction)) for space, words in para.lines]
    else:
        lines = [line.clone(words=_visual_frags(line.words, direction)) for line in para.lines]
    return para.clone(lines=lines)


def _visual_words(words: list[str], direction: bool) -> list[str]:
    text = " ".join(words)
    if not rtl.needs_display(text):
        return words
    return rtl.display(text, direction).split(" ")


def _visual_frags(frags: list[Any], direction: bool) -> list[Any]:
    """A line's fragments (runs of one font and style) cut and ordered for display."""
    texts: list[tuple[int, str]] = [
        (index, frag.text)
        for index, frag in enumerate(frags)
        if isinstance(getattr(frag, "text", None), str) and not hasattr(frag, "cbDefn")
    ]
    line = "".join(text for _, text in texts)
    if not rtl.needs_display(line):
        return frags
    owner = [index for index, text in texts for _ in text]
    shown: list[Any] = []
    current, chunk = -1, list[str]()
    for position, ch in rtl.visual_order(line, direction):
        if owner[position] != current and chunk:
            shown.append(frags[current].clone(text="".join(chunk)))
            chunk = []
        current = owner[position]
        chunk.append(ch)
    if chunk:
        shown.append(frags[current].clone(text="".join(chunk)))
    # Whatever holds no text (a line break, an empty run) keeps its place at the line's end.
    drawn = {index for index, text in texts if text}
    return shown + [frag for index, frag in enumerate(frags) if index not in drawn]
