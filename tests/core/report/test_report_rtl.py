"""Right-to-left scripts in the report, read back the way a reader reads them: the text poppler's
pdftotext extracts from where a title prints — bidi controls removed, NFKC-normalised (joined
letters are presentation forms) — is the title as typed, in every section that prints it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from lmplanner.core.balance import Period
from lmplanner.core.report import Paper, ReportOptions, Section, build_report, rtl
from lmplanner.core.services import PlanService, PostDraft

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("fc-list")),
    reason="needs poppler-utils and fontconfig (CI installs them)",
)

NOVEMBER = Period.month(2026, 11)
ARABIC = "استراتيجية المحتوى للربع الأول"
HEBREW = "אסטרטגיית התוכן שלנו לשנת 2027"
PERSIAN = "برنامهٔ محتوای پاییز و گفتگو با مشتریان ژاپنی"
# A brand inside an Arabic sentence prints in place (see the display-order test); here it ends
# the sentence, because pdftotext's own reordering (poppler's, not the Unicode algorithm) drops
# the space after a left-to-right run inside right-to-left text.
MIXED = "أطلقنا اليوم في ثلاثة أسواق منصة LM Planner"
MIXED_INSIDE = "إطلاق LM Planner في ثلاثة أسواق جديدة"
URDU = "ہماری ٹیم کی کہانی"
TITLES = (ARABIC, HEBREW, PERSIAN, MIXED)
PLAN = "خطة المحتوى لعام 2026"
VISION = "نكتب لنبني الثقة مع عملائنا"
# Two pillars, an author, a campaign and a channel.
NAMES = ("قصص العملاء", "סיפורי לקוחות", "مریم رضایی", "حملة الخريف", "ערוץ החדשות")
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", _BIDI_CONTROLS.sub("", text)).split())


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words_of(pdf: Path) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found: list[Word] = []
    root = ElementTree.fromstring(out)
    for page_no, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(w.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append(Word(page_no, *box, w.text or ""))
    return found


def crop_text(pdf: Path, words: list[Word]) -> str:
    """What pdftotext reads in the box around `words` (all on one page), at 72 dpi = points."""
    x0, y0 = min(w.x0 for w in words) - 0.5, min(w.y0 for w in words) - 0.5
    x1, y1 = max(w.x1 for w in words) + 0.5, max(w.y1 for w in words) + 0.5
    page = str(words[0].page)
    args = ["-f", page, "-l", page, "-r", "72", "-x", str(int(x0)), "-y", str(int(y0))]
    args += ["-W", str(int(x1 - int(x0)) + 1), "-H", str(int(y1 - int(y0)) + 1)]
    out = subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return norm(out.stdout)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words on one baseline, split where a gap wider than a space parts them (table cells)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, round((w.y0 + w.y1) / 2), w.x0)):
        last = lines[-1][-1] if lines else None
        # Glyphs of a fallback font have other heights: compare the middles of the boxes.
        middle = (word.y0 + word.y1) / 2
        if (
            last
            and last.page == word.page
            and abs((last.y0 + last.y1) / 2 - middle) < 0.3 * (last.y1 - last.y0)
            and word.x0 - last.x1 < 5
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def readings(pdf: Path, wanted: tuple[str, ...]) -> set[str]:
    """The text read from every run of stacked lines made of `wanted`'s words."""
    vocabulary = {w for title in wanted for w in norm(title).split()}
    hits = [w for w in words_of(pdf) if {norm(w.text), norm(w.text[::-1])} & vocabulary]
    lines = _lines(hits)
    found: set[str] = set()
    for start, first in enumerate(lines):
        block = [first]
        found.add(crop_text(pdf, first))
        for line in lines[start + 1 :]:
            last = block[-1]
            height = last[0].y1 - last[0].y0
            below = line[0].page == last[0].page and 0 < line[0].y0 - last[0].y0 < 2 * height
            overlaps = line[0].x0 < last[-1].x1 and line[-1].x1 > last[0].x0
            if below and overlaps:
                block.append(line)
                found.add(crop_text(pdf, [w for ln in block for w in ln]))
    return found


@pytest.fixture
def rtl_plan(service: PlanService) -> PlanService:
    service.update_settings(name=PLAN, vision=VISION)
    service.add_pillar(NAMES[0], target=50)
    service.add_pillar(NAMES[1], target=30)
    day = dt.date(2026, 11, 3)
    leaders = []
    for index, title in enumerate((ARABIC, PERSIAN)):
        draft = PostDraft(
            title, "leader", NAMES[4], date=day + dt.timedelta(days=index), pillar=NAMES[0]
        )
        leaders.append(service.add_post(draft).created()[0])
    for index, title in enumerate((HEBREW, MIXED)):
        service.add_post(
            PostDraft(
                title,
                "manager",
                "LinkedIn",
                date=day + dt.timedelta(days=2 + index),
                follows=leaders[index],
                author=NAMES[2],
                campaign=NAMES[3],
                pillar=NAMES[1],
            )
        )
    return service


def build(service: PlanService, out: Path, *sections: Section) -> Path:
    options = ReportOptions(paper=Paper.A4, sections=frozenset(sections))
    build_report(service, NOVEMBER, out=out, options=options)
    return out


@pytest.mark.parametrize("section", [Section.CALENDAR, Section.STRATEGY, Section.POSTS])
def test_titles_read_back_as_typed_in_every_section_that_prints_them(
    rtl_plan: PlanService, tmp_path: Path, section: Section
) -> None:
    pdf = build(rtl_plan, tmp_path / f"{section.value}.pdf", section)
    found = readings(pdf, TITLES)
    for title in TITLES:
        assert norm(title) in found, (title, sorted(found))
    # Joined: every Arabic or Persian letter prints as a presentation (contextual) form.
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert re.search("[\ufb50-\ufefc]", raw)
    assert not re.search("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]", raw)


@pytest.mark.parametrize(
    ("section", "texts"),
    [
        (Section.SUMMARY, (PLAN, VISION)),
        (Section.BREAKDOWNS, (NAMES[2], NAMES[4])),  # author and channel
        (Section.POSTS, (NAMES[2], NAMES[4])),
        (Section.STRATEGY, (VISION, *NAMES[:2])),
    ],
)
def test_plan_name_vision_and_names_read_back_as_typed(
    rtl_plan: PlanService, tmp_path: Path, section: Section, texts: tuple[str, ...]
) -> None:
    pdf = build(rtl_plan, tmp_path / f"{section.value}.pdf", section)
    found = readings(pdf, texts)
    for text in texts:
        assert norm(text) in found, (text, sorted(found))


def test_letters_are_joined_and_lines_are_in_display_order() -> None:
    shaped = rtl.shape("سلام")
    # Initial seen, the lam-alef ligature, final meem: joined, not four isolated letters.
    assert shaped == "\ufeb3\ufefc\ufee1"
    assert unicodedata.normalize("NFKC", shaped) == "سلام"
    # Vowel marks stay.
    assert unicodedata.normalize("NFKC", rtl.shape("كَتَبَ")) == "كَتَبَ"
    line = rtl.shape(MIXED_INSIDE)
    shown = rtl.display(line)
    # Read from the right, the Arabic words come first and "LM Planner" stays as written.
    assert "LM Planner" in shown
    assert shown.endswith(rtl.shape("إطلاق")[::-1])
    assert rtl.display("Plan for Q4") == "Plan for Q4"


def test_direction_follows_most_words() -> None:
    assert rtl.mostly_rtl(MIXED)
    assert rtl.mostly_rtl("LM Planner: خطة الربع الأول")
    assert not rtl.mostly_rtl("Launch of منصة in Cairo")
    assert not rtl.mostly_rtl("2027")


def test_urdu_words_print_whole_in_one_font(service: PlanService, tmp_path: Path) -> None:
    """DejaVu Sans lacks ے and ہ: such a word is set whole in a font that has all its letters,
    so its letters still join."""
    service.add_post(PostDraft(URDU, "leader", "X", date=dt.date(2026, 11, 3)))
    pdf = build(service, tmp_path / "urdu.pdf", Section.POSTS)
    if not subprocess.run(["fc-list", ":charset=6d2"], capture_output=True, text=True).stdout:
        pytest.skip("no font for Urdu letters on this machine (CI installs fonts-hosny-amiri)")
    assert norm(URDU) in readings(pdf, (URDU,))
    from lmplanner.core.report.fonts import report_fonts

    fonts = report_fonts()
    shaped = rtl.shape(URDU)
    for word in shaped.split():
        faces = {face for face, _ in fonts.runs(word)}
        assert len(faces) == 1, (word, faces)


def test_isolates_keep_the_sentence_order_and_are_not_drawn() -> None:
    # python-bidi's algorithm has no isolates: without them the "2" joins the Arabic name's run.
    plain = "Leading: Ana, سارة. 2 manager posts have no author."
    assert "2 ." in rtl.display(plain, False)
    isolated = "Leading: \u2068Ana\u2069, \u2068سارة\u2069. 2 manager posts have no author."
    assert rtl.display(isolated, False) == "Leading: Ana, ةراس. 2 manager posts have no author."
    # A right-to-left paragraph keeps a left-to-right name whole; an isolate left open runs to
    # the line's end and a stray PDI is dropped.
    assert rtl.display("\u2068Ana Berg\u2069 سارة", True) == "ةراس Ana Berg"
    assert rtl.display("a \u2068b c", False) == "a b c"
    assert rtl.display("a\u2069 b", False) == "a b"
