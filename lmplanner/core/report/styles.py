"""The report's look: page geometry, a restrained palette that survives grey-scale printing,
and the paragraph and table styles every section shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import Role

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle

    from lmplanner.core.report.fonts import FontSet
    from lmplanner.core.report.options import Paper

# Colours as hex so this module imports without ReportLab; `color()` turns them into objects.
INK = "#1c2230"
MUTED = "#5b6472"
FAINT = "#8a919c"
RULE = "#c8ccd3"
HAIRLINE = "#e1e4e8"
PANEL = "#f4f5f7"
ACCENT = "#1f3a5f"  # headings' kicker lines and the title rule: a quiet navy
# Leader is a dark violet and manager a light teal, so the pair differs in lightness (grey-scale
# prints) as well as hue; the letter/shape marker carries the meaning in any case.
LEADER = "#5a32a3"
MANAGER = "#00796b"
MANAGER_FILL = "#8fd1c7"
BAND = "#2e7d32"
WARN = "#9a4a00"
WARN_TINT = "#fdf1e0"
SEVERITY_COLOURS = {"high": "#a3261d", "medium": "#9a4a00", "low": "#4b5563"}

LEADER_MARK = "★"  # print-safe shape cues, as in the app
MANAGER_MARK = "●"
OFF_BALANCE_MARK = "▲"


def color(value: str) -> Color:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def role_colour(role: Role) -> str:
    return LEADER if role is Role.LEADER else MANAGER


def role_mark(role: Role) -> str:
    return LEADER_MARK if role is Role.LEADER else MANAGER_MARK


def role_letter(role: Role) -> str:
    return "L" if role is Role.LEADER else "M"


def role_name(role: Role) -> str:
    return "Leader" if role is Role.LEADER else "Manager"


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page sizes and margins in points for one paper size."""

    portrait: tuple[float, float]
    landscape: tuple[float, float]
    margin_x: float = 54.0
    margin_top: float = 66.0
    margin_bottom: float = 58.0

    def frame(self, landscape: bool) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the text frame."""
        w, h = self.landscape if landscape else self.portrait
        mx = self.margin_x if not landscape else 42.0
        return (
            mx,
            self.margin_bottom,
            w - 2 * mx,
            h - self.margin_top - self.margin_bottom,
        )


def geometry(paper: Paper) -> Geometry:
    from reportlab.lib.pagesizes import A4, LETTER, landscape

    size = A4 if paper.value == "a4" else LETTER
    return Geometry(portrait=size, landscape=landscape(size))


@dataclass(frozen=True, slots=True)
class Styles:
    """Named paragraph styles built on the registered font family."""

    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    verdict: ParagraphStyle
    flag_message: ParagraphStyle
    flag_suggestion: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    post_title: ParagraphStyle
    post_body: ParagraphStyle


def make_styles(fonts: FontSet) -> Styles:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": fonts.family,
            "fontSize": 9.5,
            "leading": 13.5,
            "textColor": color(INK),
            "splitLongWords": 1,
            "allowWidows": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    bold = fonts.bold
    return Styles(
        kicker=style("kicker", fontName=bold, fontSize=8.5, leading=11, textColor=color(ACCENT)),
        title=style("title", fontName=bold, fontSize=24, leading=29, spaceAfter=4),
        subtitle=style("subtitle", fontSize=12.5, leading=17, textColor=color(MUTED)),
        # Room above a section that flows on after another; none at the top of a page.
        h1=style("h1", fontName=bold, fontSize=16, leading=20, spaceBefore=26, spaceAfter=10),
        h2=style(
            "h2",
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=14,
            spaceAfter=6,
            textColor=color(ACCENT),
        ),
        body=style("body"),
        small=style("small", fontSize=8, leading=10.5, textColor=color(MUTED)),
        note=style("note", fontSize=8, leading=10.5, textColor=color(MUTED), spaceBefore=4),
        figure=style("figure", fontName=bold, fontSize=19, leading=22, alignment=TA_CENTER),
        figure_label=style(
            "figure_label",
            fontSize=7.5,
            leading=9.5,
            textColor=color(MUTED),
            alignment=TA_CENTER,
        ),
        verdict=style("verdict", fontName=bold, fontSize=13, leading=17),
        flag_message=style("flag_message", fontName=bold, fontSize=9.5, leading=13),
        flag_suggestion=style(
            "flag_suggestion", fontSize=9, leading=12.5, textColor=color(MUTED), spaceBefore=2
        ),
        cell=style("cell", fontSize=8.5, leading=11),
        cell_right=style("cell_right", fontSize=8.5, leading=11, alignment=TA_RIGHT),
        cell_head=style(
            "cell_head", fontName=bold, fontSize=7.5, leading=10, textColor=color(MUTED)
        ),
        cell_head_right=style(
            "cell_head_right",
            fontName=bold,
            fontSize=7.5,
            leading=10,
            textColor=color(MUTED),
            alignment=TA_RIGHT,
        ),
        post_title=style("post_title", fontSize=8, leading=10.5),
        post_body=style(
            "post_body", fontSize=7.5, leading=10, textColor=color(MUTED), spaceBefore=2
        ),
    )


def table_style(fonts: FontSet, header_rows: int = 1) -> list[tuple[Any, ...]]:
    """The shared look of data tables: a ruled header, hairlines between rows, no boxes."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, color(INK)),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.35, color(HAIRLINE)),
    ]
    return commands
