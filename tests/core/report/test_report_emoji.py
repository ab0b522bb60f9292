"""Emoji in the report: drawn from a monochrome TrueType emoji font (CI installs Debian's
fonts-symbola) through the per-character fallback, copied back out as themselves; where no emoji
font is installed the report still builds and prints the replacement mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from report_support import add, build, fonts_of, pdf_text, truetype_font_installed

from lmplanner.core.services import PlanService

EMOJI_TITLE = "Launch \U0001f680 day \U0001f44d\U0001f3fd \u2705"


def emoji_truetype_installed() -> bool:
    return truetype_font_installed("1f680", ":color=false")


def test_emoji_print_from_a_monochrome_emoji_font(service: PlanService, tmp_path: Path) -> None:
    add(service, EMOJI_TITLE, dt.date(2026, 11, 2))
    out = tmp_path / "emoji.pdf"
    build(service, out)
    if not emoji_truetype_installed():
        pytest.skip("no monochrome TrueType emoji font here (CI installs fonts-symbola)")
    text = pdf_text(out)
    # Drawn by an embedded fallback and copied out as themselves (UTF-16 pairs in the PDF's
    # ToUnicode map); a skin tone a monochrome glyph cannot show is left out, not a swatch.
    assert "Launch \U0001f680 day \U0001f44d \u2705" in text and "\ufffd" not in text
    fonts = fonts_of(out)
    assert any("DejaVuSans" not in f["name"] for f in fonts), fonts  # the emoji font's subset
    assert all(f["embedded"] for f in fonts)


def test_without_an_emoji_font_the_report_still_builds(
    service: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lmplanner.core.report.builder as builder
    from lmplanner.core.report.fonts import load_fonts, report_fonts

    system = report_fonts()
    if not system.source.startswith("DejaVu"):
        pytest.skip("DejaVu Sans is not installed (CI installs fonts-dejavu-core)")
    only_dejavu = tmp_path / "fonts"
    only_dejavu.mkdir()
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        found = next(Path("/usr/share/fonts").rglob(face), None)
        assert found is not None
        (only_dejavu / face).symlink_to(found)
    bare = load_fonts(use_fontconfig=False, dirs=[only_dejavu])
    assert bare.font_for("\U0001f680") is None
    monkeypatch.setattr(builder, "report_fonts", lambda: bare)
    add(service, EMOJI_TITLE, dt.date(2026, 11, 2))
    out = tmp_path / "no-emoji.pdf"
    build(service, out)
    assert "Launch \ufffd day \ufffd" in pdf_text(out)
