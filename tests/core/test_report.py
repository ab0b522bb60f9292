"""PDF report: read the produced files back with pypdf — pages, headings, every title, flags,
metadata, embedded fonts, bookmarks — and check text safety, Unicode and atomic writing."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pypdf = pytest.importorskip("pypdf")

from lmplanner.core.balance import Period  # noqa: E402
from lmplanner.core.demo import create_demo  # noqa: E402
from lmplanner.core.domain import Kind, Role, Status  # noqa: E402
from lmplanner.core.errors import PlannerError  # noqa: E402
from lmplanner.core.report import (  # noqa: E402
    Paper,
    ReportCancelled,
    ReportOptions,
    Section,
    build_report,
    default_paper,
)
from lmplanner.core.services import PlanService, PostDraft  # noqa: E402

NOVEMBER = Period.month(2026, 11)
MARKUP_TITLE = '<b>Q4 & "growth"</b> <font size=40>'
GREEK = "Η στρατηγική μας για το 2027"
CYRILLIC = "Почему мы пишем меньше постов"
CENTRAL = "Łódź, Győr a České Budějovice: příběh o růstu"
CJK = "内容战略与品牌故事"


# ------------------------------------------------------------------------------ helpers
def add(
    service: PlanService, title: str, day: dt.date, role: Role = Role.LEADER, **kw: Any
) -> None:
    service.add_post(
        PostDraft(title=title, role=role, channel=kw.pop("channel", "LinkedIn"), date=day, **kw)
    )


def build(service: PlanService, out: Path, period: Period = NOVEMBER, **kw: Any) -> Any:
    options = kw.pop("options", None) or ReportOptions(paper=Paper.A4, **kw)
    return build_report(service, period, out=out, options=options)


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return words(" ".join(page.extract_text() or "" for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    return [words(p.extract_text() or "") for p in pypdf.PdfReader(str(path)).pages]


def outline_titles(items: Iterable[Any]) -> list[str]:
    titles: list[str] = []
    for item in items:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(str(item.title))
    return titles


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


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def cjk_truetype_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", ":charset=5185:fontformat=TrueType", "file"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return bool(out.strip())


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own for reports (the plan file lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def demo(service: PlanService) -> PlanService:
    create_demo(service, 2026, 11)
    return service


# ------------------------------------------------------------------------------ content
def test_full_report_has_every_section_title_and_flag(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "november.pdf"
    result = build(demo, out)
    reader = pypdf.PdfReader(str(out))
    assert result.pages == len(reader.pages) >= 5
    assert result.sections == tuple(Section)
    text = pdf_text(out)
    for heading in (
        "CONTENT STRATEGY REPORT",
        "Leader share against the target band",
        "What to act on",
        "Calendar · November 2026",
        "Breakdowns",
        "By week",
        "By channel",
        "By author",
        "By kind",
        "Posts",
    ):
        assert heading in text
    posts = demo.posts(start=NOVEMBER.start, end=NOVEMBER.end)
    assert result.posts == len(posts) > 20
    for post in posts:
        assert words(post.title) in text, post.title
    report = demo.balance(NOVEMBER)
    assert report.flags
    for flag in report.flags:
        assert words(flag.message) in text
        assert words(flag.suggestion) in text
    assert f"Verdict: {report.verdict_text()}" in text
    # One number style: "36 %", bands "30 %–60 %", real plurals.
    assert "aims for 30 %–60 % leader posts" in text and "Target band 30 %–60 %" in text
    assert not re.search(r"\d%", text) and "(s)" not in text
    # "page X of Y" on every page, with the real total.
    for number, page in enumerate(page_texts(out), start=1):
        assert f"Page {number} of {result.pages}" in page


def test_metadata_fonts_and_bookmarks(demo: PlanService, tmp_path: Path) -> None:
    demo.update_settings(name="Acme Growth Plan")
    out = tmp_path / "r.pdf"
    build(demo, out, options=ReportOptions(paper=Paper.A4, author="Maya Chen"))
    reader = pypdf.PdfReader(str(out))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Acme Growth Plan — content strategy report, November 2026"
    assert meta.author == "Maya Chen"
    assert meta.subject is not None and "November 2026" in meta.subject

    fonts = fonts_of(out)
    assert fonts
    for font in fonts:
        assert font["subtype"] == "/TrueType" and font["embedded"], font
    assert any("DejaVuSans" in f["name"] for f in fonts)

    titles = outline_titles(reader.outline)
    assert titles == [
        "Summary",
        "Calendar",
        "November 2026",
        "Breakdowns",
        "By week",
        "By channel",
        "By author",
        "By kind",
        "Strategy",
        "Pillars",
        "Untied",
        "Follow-ups",
        "Who leads",
        "Results",
        "Posts",
    ]
    # Each bookmark points at the page that starts its section.
    pages = {
        str(item.title): reader.get_destination_page_number(item)
        for item in _flatten(reader.outline)
    }
    texts = page_texts(out)
    assert pages["Summary"] == 0
    assert "Calendar · November 2026" in texts[pages["November 2026"]]
    assert texts[pages["Breakdowns"]].find("Breakdowns") >= 0
    assert "Posts" in texts[pages["Posts"]] and pages["Posts"] > pages["Breakdowns"]


def _flatten(items: Iterable[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat += _flatten(item) if isinstance(item, list) else [item]
    return flat


def test_orientation_and_paper(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    build(demo, out, options=ReportOptions(paper=Paper.LETTER))
    reader = pypdf.PdfReader(str(out))
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes[0] == (612, 792)  # summary: portrait Letter
    assert sizes[1] == (792, 612)  # calendar: landscape
    assert set(sizes) == {(612, 792), (792, 612)}


def test_quarter_has_one_calendar_grid_per_month(service: PlanService, tmp_path: Path) -> None:
    for month in (10, 11, 12):
        create_demo(service, 2026, month)
    quarter = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    out = tmp_path / "q4.pdf"
    result = build(service, out, quarter)
    texts = page_texts(out)
    reader = pypdf.PdfReader(str(out))
    grids = {
        i: m.group(1) for i, t in enumerate(texts) if (m := re.search(r"Calendar · (\w+) 2026", t))
    }
    assert list(grids.values()) == ["October", "November", "December"]
    for i in grids:
        page = reader.pages[i]
        assert float(page.mediabox.width) > float(page.mediabox.height)
    # The title page names the period once (issue 27: it used to repeat it as a date range).
    assert texts[0].count("1 Oct – 31 Dec 2026") == 1
    assert "1 Oct 2026 – 31 Dec 2026" not in texts[0]
    assert result.posts == len(service.posts(start=quarter.start, end=quarter.end))
    assert outline_titles(reader.outline)[1:5] == [
        "Calendar",
        "October 2026",
        "November 2026",
        "December 2026",
    ]


def test_empty_period_gives_a_short_report_that_says_so(
    service: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    result = build(service, out)
    assert result.pages == 1
    assert result.sections == (Section.SUMMARY,)
    text = pdf_text(out)
    assert "Nothing is planned for November 2026." in text
    assert "no calendar, breakdowns or post list" in text
    assert "Verdict: Nothing planned" in text


def test_empty_period_with_only_posts_asked_still_writes_a_valid_report(
    service: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    result = build(service, out, options=ReportOptions(sections=frozenset({Section.POSTS})))
    assert result.pages == 1 and "Nothing is planned" in pdf_text(out)


def test_sections_can_be_chosen(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "posts.pdf"
    result = build(
        demo, out, options=ReportOptions(sections=frozenset({Section.POSTS}), paper=Paper.A4)
    )
    assert result.sections == (Section.POSTS,)
    reader = pypdf.PdfReader(str(out))
    first = reader.pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # the list is landscape
    text = pdf_text(out)
    assert "CONTENT STRATEGY REPORT" not in text and "Breakdowns" not in text
    assert outline_titles(reader.outline) == ["Posts"]


def test_off_balance_rows_are_marked_in_words_not_only_colour(
    demo: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out, options=ReportOptions(sections=frozenset({Section.BREAKDOWNS})))
    text = pdf_text(out)
    report = demo.balance(NOVEMBER)
    settings = report.settings
    low = [
        r
        for r in report.by_channel
        if r.total >= settings.min_posts
        and r.leader_share is not None
        and r.leader_share < settings.band_low
    ]
    assert low
    assert text.count("▲ below target") >= len(low)


def test_roles_have_print_safe_markers(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out)
    text = pdf_text(out)
    assert "★ Leader" in text and "● Manager" in text


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


# ------------------------------------------------------------------------------ writing
def test_cancel_leaves_no_file_and_no_temp(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(ReportCancelled):
        build_report(demo, NOVEMBER, out=out, options=ReportOptions(), cancelled=cancelled)
    assert files_in(out_dir) == []


def test_failure_keeps_the_previous_report_and_no_temp(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    out.write_bytes(b"%PDF-old")

    def progress(done: int, total: int) -> None:
        if done > 10:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        build_report(demo, NOVEMBER, out=out, options=ReportOptions(), progress=progress)
    assert files_in(out_dir) == ["r.pdf"]
    assert out.read_bytes() == b"%PDF-old"


def test_success_replaces_the_file_and_reports_progress(demo: PlanService, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    out.write_bytes(b"old")
    seen: list[tuple[int, int]] = []
    result = build_report(
        demo, NOVEMBER, out=out, options=ReportOptions(), progress=lambda d, t: seen.append((d, t))
    )
    assert files_in(out_dir) == ["r.pdf"]
    assert out.read_bytes().startswith(b"%PDF")
    assert result.path == out
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1]
    assert all(d <= t for d, t in seen)


def test_missing_folder_or_file_as_folder_is_one_clear_error(
    demo: PlanService, out_dir: Path
) -> None:
    blocker = out_dir / "a-file"
    blocker.write_text("x")
    with pytest.raises(PlannerError, match="is not a folder"):
        build(demo, blocker / "r.pdf")
    with pytest.raises(PlannerError, match="does not exist"):
        build(demo, out_dir / "nope" / "r.pdf")
    assert files_in(out_dir) == ["a-file"]


# ------------------------------------------------------------------------------ options
@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, Paper.LETTER),
        ({"LANG": "fr_CA.UTF-8"}, Paper.LETTER),
        ({"LANG": "es_MX"}, Paper.LETTER),
        ({"LANG": "en_PH.UTF-8"}, Paper.LETTER),
        ({"LANG": "de_DE.UTF-8"}, Paper.A4),
        ({"LANG": "en_GB.UTF-8"}, Paper.A4),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.A4),
        ({"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, Paper.LETTER),
        ({"LANG": "C.UTF-8"}, Paper.A4),
        ({}, Paper.A4),
    ],
)
def test_default_paper_follows_the_locale(env: dict[str, str], paper: Paper) -> None:
    assert default_paper(env) is paper


def test_section_list_parsing() -> None:
    assert Section.parse_list("summary, posts") == {Section.SUMMARY, Section.POSTS}
    assert Section.parse_list("all") == frozenset(Section)
    with pytest.raises(ValueError, match="unknown section 'charts'"):
        Section.parse_list("summary,charts")
    with pytest.raises(ValueError):
        Section.parse_list(" , ")


def test_importing_the_package_does_not_import_reportlab() -> None:
    import sys

    code = (
        "import sys, lmplanner.core.report, lmplanner.cli.report; "
        "sys.exit(1 if any(m.startswith('reportlab') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


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


def test_status_labels_are_in_the_post_list(service: PlanService, tmp_path: Path) -> None:
    add(service, "Published one", dt.date(2026, 11, 2), status=Status.PUBLISHED)
    add(
        service,
        "Scheduled one",
        dt.date(2026, 11, 3),
        Role.MANAGER,
        status=Status.SCHEDULED,
        time=dt.time(9, 30),
    )
    out = tmp_path / "s.pdf"
    build(service, out)
    text = pdf_text(out)
    assert "Published" in text and "Scheduled" in text and "09:30" in text


# ------------------------------------------------------------------------------ page flow
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
        top, bottom = float(page.mediabox.height) - 47, 45.0
        body = [y for y in text_heights(page) if bottom < y < top]
        shares.append((top - min(body)) / (top - bottom) if body else 0.0)
    return shares


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


def assert_pages_full(path: Path) -> None:
    shares = body_fill(path)
    for number, share in enumerate(shares[:-1], start=1):
        assert share >= 0.5, f"page {number} of {len(shares)} is {share:.0%} full: {shares}"


def test_no_page_but_the_last_is_less_than_half_full(service: PlanService, tmp_path: Path) -> None:
    for month in (10, 11, 12):
        create_demo(service, 2026, month)
    quarter = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    for name, period in (("month", NOVEMBER), ("quarter", quarter)):
        out = tmp_path / f"{name}.pdf"
        build(service, out, period)
        assert_pages_full(out)
    out = tmp_path / "letter.pdf"
    build(service, out, options=ReportOptions(paper=Paper.LETTER))
    assert_pages_full(out)


def test_a_busy_month_flows_without_gaps(service: PlanService, tmp_path: Path) -> None:
    busy_month(service)
    out = tmp_path / "busy.pdf"
    build(service, out)
    assert_pages_full(out)
    texts = page_texts(out)
    # Every heading shares its page with the head of the table it introduces.
    for heading, column in (
        ("By channel", "CHANNEL"),
        ("By author", "AUTHOR"),
        ("By kind", "KIND"),
    ):
        page = next(t for t in texts if heading in t)
        assert column in page.split(heading, 1)[1], heading


def test_long_post_rows_split_across_pages(service: PlanService, tmp_path: Path) -> None:
    # Short rows between rows taller than half a page: unsplit, each tall row would leave the
    # rest of the page before it empty.
    body = "\n".join(f"Line {n}: " + "a sentence that runs across the cell " * 3 for n in range(18))
    for day in range(1, 15):
        for n in range(8):
            add(service, f"Short post {day}.{n}", dt.date(2026, 11, day))
        add(service, f"Post with a long body {day}", dt.date(2026, 11, day), body=body)
    out = tmp_path / "bodies.pdf"
    build(service, out, sections=frozenset({Section.POSTS}), include_bodies=True)
    assert_pages_full(out)
    text = pdf_text(out)
    for day in range(1, 15):
        assert f"Post with a long body {day}" in text


def test_the_title_page_names_the_period_once(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out)
    first = page_texts(out)[0]
    assert first.count("November 2026") == 1
    assert "1 Nov 2026 – 30 Nov 2026" not in first
    # Later pages keep the period in their header.
    assert all("November 2026" in t for t in page_texts(out)[1:])


def calendar_text(path: Path) -> str:
    return " ".join(t for t in page_texts(path) if "Calendar ·" in t)


def test_calendar_titles_wrap_instead_of_being_cut(service: PlanService, tmp_path: Path) -> None:
    two = (
        "What would your audience miss if you stopped posting tomorrow?",
        "The spreadsheet that ran our first 100 posts",
    )
    for title, hour, channel in zip(two, (16, 19), ("LinkedIn", "Instagram"), strict=True):
        add(service, title, dt.date(2026, 11, 13), time=dt.time(hour), channel=channel)
    three = ("Autumn launch: 20 % off annual plans", "Tip: colour-code campaigns", "Live Q&A")
    for title in three:
        add(service, title, dt.date(2026, 11, 17), Role.MANAGER)
    giant = "Supercalifragilistic" * 15  # one unbroken 300-character word
    add(service, giant, dt.date(2026, 11, 19))
    out = tmp_path / "cal.pdf"
    build(service, out, sections=frozenset({Section.CALENDAR}))
    text = calendar_text(out)
    for title in (*two, *three):
        # Wrapped lines are joined by spaces when the text is read back.
        assert words(title) in text, title
    assert "more" not in text
    assert giant[:40] in text.replace(" ", "")  # its start still shows


def test_a_day_too_busy_for_its_cell_says_how_many_more(
    service: PlanService, tmp_path: Path
) -> None:
    for n in range(14):
        add(service, f"Busy post {n}", dt.date(2026, 11, 18), time=dt.time(8, n))
    out = tmp_path / "busy-day.pdf"
    build(service, out, sections=frozenset({Section.CALENDAR}))
    assert re.search(r"\+ ?\d+ more", calendar_text(out))


def test_too_few_posts_give_no_score_in_the_report(service: PlanService, tmp_path: Path) -> None:
    add(service, "A lone leader post", dt.date(2026, 11, 3))
    out = tmp_path / "early.pdf"
    build(service, out)
    text = pdf_text(out)
    assert "— BALANCE SCORE" in text and "/100" not in text
    assert "Balance score 0" not in text and "too small to judge" in text
