"""PDF report text safety: user markup printed literally, every script extractable, fallback
fonts and replacement marks, long words and huge bodies, and the fonts the report finds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_support import add, build, fonts_of, pdf_text, truetype_font_installed, words

from lmplanner.core.domain import Kind, Role
from lmplanner.core.services import PlanService

MARKUP_TITLE = '<b>Q4 & "growth"</b> <font size=40>'
GREEK = "Η στρατηγική μας για το 2027"
CYRILLIC = "Почему мы пишем меньше постов"
CENTRAL = "Łódź, Győr a České Budějovice: příběh o růstu"
CJK = "内容战略与品牌故事"


def cjk_truetype_installed() -> bool:
    return truetype_font_installed("5185")


# ------------------------------------------------------------------------------ text safety
def test_markup_in_user_text_prints_literally(service: PlanService, tmp_path: Path) -> None:
    service.update_settings(name="<i>Plan</i> & <b>co</b>")
    add(
        service,
        MARKUP_TITLE,
        dt.date(2026, 11, 3),
        author="<font color=red>Ann</font>",
        channel="<br/>Blog & Co",
        body="<para>body & <unknown/></para>",
    )
    add(service, "Second & <third>", dt.date(2026, 11, 4), Role.MANAGER, kind=Kind.TIP)
    add(service, "Third", dt.date(2026, 11, 5), Role.MANAGER)
    out = tmp_path / "markup.pdf"
    build(service, out, include_bodies=True)
    text = pdf_text(out)
    assert MARKUP_TITLE in text
    assert "Second & <third>" in text
    assert "<font color=red>Ann</font>" in text
    assert "<br/>Blog & Co" in text
    assert "<para>body & <unknown/></para>" in text
    assert "<i>Plan</i> & <b>co</b>" in text


def test_greek_cyrillic_and_central_european_text_is_extractable(
    service: PlanService, tmp_path: Path
) -> None:
    for i, title in enumerate((GREEK, CYRILLIC, CENTRAL)):
        add(service, title, dt.date(2026, 11, 2 + i), author="Zofia Łukasiewicz")
    out = tmp_path / "scripts.pdf"
    build(service, out)
    text = pdf_text(out)
    for title in (GREEK, CYRILLIC, CENTRAL, "Zofia Łukasiewicz"):
        assert title in text
    # All of it in the embedded DejaVu family: no fallback font was needed.
    assert all("DejaVuSans" in f["name"] for f in fonts_of(out))


def test_cjk_title_uses_a_truetype_fallback_font(service: PlanService, tmp_path: Path) -> None:
    add(service, CJK, dt.date(2026, 11, 2))
    add(service, f"Mixed: growth {CJK} plan", dt.date(2026, 11, 3))
    out = tmp_path / "cjk.pdf"
    build(service, out)  # never crashes, whatever is installed
    if not cjk_truetype_installed():
        pytest.skip("no TrueType CJK font on this machine (CI installs fonts-wqy-zenhei)")
    fonts = fonts_of(out)
    assert any("DejaVuSans" not in f["name"] for f in fonts), fonts
    assert all(f["embedded"] for f in fonts)
    text = pdf_text(out)
    assert CJK in text
    assert f"Mixed: growth {CJK} plan" in text


def test_characters_no_font_has_print_a_replacement_mark(
    service: PlanService, tmp_path: Path
) -> None:
    # A private-use character no font covers, and an emoji with a variation selector.
    add(service, "Launch \U0010fffd day", dt.date(2026, 11, 2), body="")
    out = tmp_path / "missing.pdf"
    build(service, out)
    text = pdf_text(out)
    assert "Launch \ufffd day" in text


def test_long_words_and_huge_bodies_never_break_layout(
    service: PlanService, tmp_path: Path
) -> None:
    word = "x" * 300
    add(service, word, dt.date(2026, 11, 2), body="lorem ipsum dolor " * 600)
    add(
        service,
        "Unbroken body",
        dt.date(2026, 11, 2),
        Role.MANAGER,
        body="y" * 10_000,
        author="A" * 80,
        channel="C" * 80,
    )
    add(service, "Many lines", dt.date(2026, 11, 3), body="line\n" * 2_000)
    add(service, "Short", dt.date(2026, 11, 4), body="w" * 20 + " " + "é" * 9_000)
    for i in range(12):  # a crowded day: the calendar cell must cope
        add(service, f"Crowded {i} " + "z" * 120, dt.date(2026, 11, 5), Role.MANAGER)
    out = tmp_path / "long.pdf"
    result = build(service, out, include_bodies=True)
    text = pdf_text(out)
    assert result.pages >= 3
    assert "characters in full" in text  # the shortened bodies say so
    assert "Unbroken body" in text and "Many lines" in text
    assert re.search(r"\+ \d+ more", text)  # the crowded calendar day says what it left out
    compact = text.replace(" ", "")
    assert word in compact  # the 300-character word is wrapped, not lost


# ------------------------------------------------------------------------------ fonts
def test_fallback_without_dejavu_uses_bundled_vera_then_helvetica_with_a_warning() -> None:
    from lmplanner.core.report.fonts import load_fonts

    vera = load_fonts(use_fontconfig=False, dirs=[], allow_bundled=True)
    assert vera.embedded and "Vera" in vera.source and vera.warnings
    bare = load_fonts(use_fontconfig=False, dirs=[], allow_bundled=False)
    assert not bare.embedded and bare.regular == "Helvetica"
    assert "No TrueType font was found" in bare.warnings[0]
    assert bare.runs("Zażółć") == [(None, "Za?ó??")]


def test_fontconfig_finds_dejavu_as_a_family() -> None:
    from lmplanner.core.report.fonts import report_fonts

    fonts = report_fonts()
    if not fonts.source.startswith("DejaVu"):
        pytest.skip("DejaVu Sans is not installed (CI installs fonts-dejavu-core)")
    assert fonts.embedded and fonts.bold != fonts.regular
    assert fonts.covers("ł") and fonts.covers("Ж") and fonts.covers("λ")


@settings(deadline=None, max_examples=150)
@given(st.text(max_size=120))
def test_any_text_is_escaped_into_a_paragraph_that_prints_it(value: str) -> None:
    from reportlab.platypus import Paragraph

    from lmplanner.core.report import rtl
    from lmplanner.core.report import text as txt
    from lmplanner.core.report.fonts import report_fonts
    from lmplanner.core.report.styles import make_styles

    fonts = report_fonts()
    style = make_styles(fonts).cell
    para = Paragraph(txt.markup(value, fonts), style)
    para.wrap(60, 10_000)
    # Arabic-script letters print joined (presentation forms), in reading order.
    expected = "".join(chunk for _, chunk in fonts.runs(rtl.shape(txt.clean(value))))
    assert words(para.getPlainText()) == words(expected)
