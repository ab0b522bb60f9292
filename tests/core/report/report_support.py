"""Shared helpers of the PDF report tests: a plan to report on, the report built, and the PDF
read back with pypdf — its text, outline, fonts and where the text stands on each page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

pypdf = pytest.importorskip("pypdf")

from lmplanner.core.balance import Period  # noqa: E402
from lmplanner.core.domain import Role  # noqa: E402
from lmplanner.core.report import Paper, ReportOptions, build_report  # noqa: E402
from lmplanner.core.services import PlanService, PostDraft  # noqa: E402

NOVEMBER = Period.month(2026, 11)
# The page's header rule and footer rule, in points from the bottom (A4 and Letter alike).
HEADER_BELOW_TOP = 47
FOOTER_ABOVE_BOTTOM = 45.0


# ------------------------------------------------------------------------------ plan and build
def add(
    service: PlanService, title: str, day: dt.date, role: Role = Role.LEADER, **kw: Any
) -> None:
    service.add_post(
        PostDraft(title=title, role=role, channel=kw.pop("channel", "LinkedIn"), date=day, **kw)
    )


def build(service: PlanService, out: Path, period: Period = NOVEMBER, **kw: Any) -> Any:
    options = kw.pop("options", None) or ReportOptions(paper=Paper.A4, **kw)
    return build_report(service, period, out=out, options=options)


def busy_month(service: PlanService, per_day: int = 3) -> None:
    channels = ("LinkedIn", "Blog", "X", "Newsletter", "Instagram", "Facebook", "YouTube")
    for day in range(1, 31):
        for n in range(per_day):
            add(
                service,
                f"Post {n + 1} of 1 Nov plus {day}: a title of ordinary length",
                dt.date(2026, 11, day),
                Role.LEADER if (day + n) % 3 else Role.MANAGER,
                channel=channels[(day * per_day + n) % len(channels)],
                author=("Maya Chen", "Jonas Berg", "Ana Ruiz")[(day + n) % 3],
            )


# ------------------------------------------------------------------------------ text
def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The whole document's text, white space folded to single spaces."""
    reader = pypdf.PdfReader(str(path))
    return words(" ".join(page.extract_text() or "" for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    return [words(p.extract_text() or "") for p in pypdf.PdfReader(str(path)).pages]


def calendar_text(path: Path) -> str:
    return " ".join(t for t in page_texts(path) if "Calendar ·" in t)


def outline_titles(items: Iterable[Any]) -> list[str]:
    return [str(item.title) for item in flatten(items)]


def outline(path: Path) -> list[str]:
    """Every bookmark title of the file, nested ones in reading order."""
    return outline_titles(pypdf.PdfReader(str(path)).outline)


def flatten(items: Iterable[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat += flatten(item) if isinstance(item, list) else [item]
    return flat


# ------------------------------------------------------------------------------ fonts
def fonts_of(path: Path) -> list[dict[str, Any]]:
    """Every font the pages use: its base name, subtype and whether a TrueType file is inside."""
    found: dict[str, dict[str, Any]] = {}
    for page in pypdf.PdfReader(str(path)).pages:
        resources = page["/Resources"].get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = {
                "subtype": str(font.get("/Subtype")),
                "embedded": "/FontFile2" in descriptor,
            }
    return [{"name": name, **info} for name, info in found.items()]


def truetype_font_installed(charset: str, extra: str = "") -> bool:
    """Whether fontconfig knows a TrueType font covering the hex code point `charset`."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", f":charset={charset}:fontformat=TrueType{extra}", "file"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return bool(out.strip())


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------ page geometry
def text_heights(page: Any) -> list[float]:
    """The baseline height of every piece of text on a page, in points from the bottom."""
    heights: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return heights


def body_fill(path: Path) -> list[float]:
    """Per page, how far down the text reaches between the header rule and the footer rule,
    as a share of that height (1.0: down to the footer)."""
    shares = []
    for page in pypdf.PdfReader(str(path)).pages:
        top, bottom = float(page.mediabox.height) - HEADER_BELOW_TOP, FOOTER_ABOVE_BOTTOM
        body = [y for y in text_heights(page) if bottom < y < top]
        shares.append((top - min(body)) / (top - bottom) if body else 0.0)
    return shares


def assert_pages_full(path: Path) -> None:
    shares = body_fill(path)
    for number, share in enumerate(shares[:-1], start=1):
        assert share >= 0.5, f"page {number} of {len(shares)} is {share:.0%} full: {shares}"
