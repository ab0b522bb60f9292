"""Embedded TrueType fonts for reports: DejaVu Sans as the family, per-character fallbacks.

ReportLab embeds TrueType outlines only, so CFF-flavoured OpenType fonts (Debian's Noto CJK)
and colour emoji fonts are skipped. Fonts are found through fontconfig when it is there,
otherwise by scanning the usual font folders. Every lookup is cached for the process.
Emoji come the same way from a monochrome TrueType emoji font (Debian's fonts-symbola); without
one they print as the replacement mark.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_FACE_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Oblique", "bold_italic": "-BoldOblique"}
# fontconfig style names of the DejaVu Sans files, and the file names to look for without it.
_DEJAVU = {
    "regular": ("Book", "DejaVuSans.ttf"),
    "bold": ("Bold", "DejaVuSans-Bold.ttf"),
    "italic": ("Oblique", "DejaVuSans-Oblique.ttf"),
    "bold_italic": ("Bold Oblique", "DejaVuSans-BoldOblique.ttf"),
}
# Bitstream Vera ships with ReportLab: TrueType, but Latin-1 only (fallbacks fill the rest).
_VERA = {
    "regular": "Vera.ttf",
    "bold": "VeraBd.ttf",
    "italic": "VeraIt.ttf",
    "bold_italic": "VeraBI.ttf",
}
_HELVETICA = {
    "regular": "Helvetica",
    "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique",
    "bold_italic": "Helvetica-BoldOblique",
}
# Arabic-script letters, marks and presentation forms: a word of them is drawn in one font.
_JOINED_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+")
_MAX_SCANNED_FONTS = 400
_FC_TIMEOUT = 10.0


def font_dirs() -> list[Path]:
    """Where fonts live when fontconfig cannot tell us."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]
    if sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts", home / "AppData/Local/Microsoft/Windows/Fonts"]
    return dirs


def _is_skin_tone(ch: str) -> bool:
    """A skin-tone modifier: a monochrome emoji cannot show it, and alone it prints a swatch."""
    return 0x1F3FB <= ord(ch) <= 0x1F3FF


def _is_droppable(ch: str) -> bool:
    """Invisible format characters (joiners, variation selectors) that no font needs to draw."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
    )


@dataclass
class FontSet:
    """The report's fonts: a family for running text and fallbacks for what it lacks."""

    family: str  # the regular face's name; Paragraph <b>/<i> map it to the other faces
    regular: str
    bold: str
    italic: str
    bold_italic: str
    embedded: bool  # TrueType, embedded in the PDF (False only for the Helvetica last resort)
    source: str  # where the family came from, for logs and the report's warnings
    warnings: list[str] = field(default_factory=list)
    use_fontconfig: bool = True
    scan_dirs: tuple[Path, ...] = ()
    _coverage: frozenset[int] = frozenset()
    _fallbacks: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    _tried: set[tuple[str, int]] = field(default_factory=set)
    _char_font: dict[str, str | None] = field(default_factory=dict)
    _scan_queue: list[Path] | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def replacement(self) -> str:
        """The visible mark for a character no font can draw."""
        return "\ufffd" if 0xFFFD in self._coverage else "?"

    def covers(self, ch: str) -> bool:
        return ord(ch) in self._coverage

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """Split `text` into runs of one font: None for the family, else a fallback's name.

        Characters nothing covers become the replacement mark; invisible format characters that
        no font has are dropped, except directional isolates (see rtl.visual_order).
        Expects text already cleaned (see text.clean).
        """
        coverage = self._coverage
        if text.isascii() and all(ord(c) in coverage for c in set(text)):
            return [(None, text)] if text else []
        result: list[tuple[str | None, str]] = []
        current: str | None = None
        chunk: list[str] = []
        whole = self._joined_word_faces(text)
        for index, ch in enumerate(text):
            if "\u2066" <= ch <= "\u2069":
                # A directional isolate is kept (in the run it stands in) for the line's
                # reordering, which uses and then drops it; it is never drawn.
                chunk.append(ch)
                continue
            if index in whole:
                face: str | None = whole[index]
            elif ord(ch) in coverage or ch == "\n":
                face = None
            elif _is_skin_tone(ch):
                continue
            else:
                face = self.font_for(ch)
                if face is None:
                    if _is_droppable(ch):
                        continue
                    ch = self.replacement
            if face != current and chunk:
                result.append((current, "".join(chunk)))
                chunk = []
            current = face
            chunk.append(ch)
        if chunk:
            result.append((current, "".join(chunk)))
        return result

    def _joined_word_faces(self, text: str) -> dict[int, str]:
        """Fallback faces for joined (Arabic-script) words the family cannot draw whole.

        Letters of one word from two fonts would not meet (DejaVu Sans has Arabic and Persian
        but not Urdu's ے or ہ): such a word goes whole to a fallback that has all its letters.
        """
        faces: dict[int, str] = {}
        for match in _JOINED_WORD.finditer(text):
            word = match.group()
            missing = next((ch for ch in word if ord(ch) not in self._coverage), None)
            if missing is None:
                continue
            face = self.font_for(missing)
            cmap = dict(self._fallbacks).get(face or "", frozenset())
            if face is not None and all(ord(ch) in cmap for ch in word):
                faces.update(dict.fromkeys(range(match.start(), match.end()), face))
        return faces

    def font_for(self, ch: str) -> str | None:
        """The registered fallback font that draws `ch`, or None when no font on the system can."""
        cached = self._char_font.get(ch, "")
        if cached != "":
            return cached
        with self._lock:
            found = self._find_fallback(ord(ch))
            self._char_font[ch] = found
        return found

    # ---------------------------------------------------------------- fallbacks
    def _find_fallback(self, cp: int) -> str | None:
        for name, cmap in self._fallbacks:
            if cp in cmap:
                return name
        if _is_droppable(chr(cp)) or unicodedata.category(chr(cp)) in ("Cc", "Cs"):
            return None
        for path, index in self._candidates(cp):
            loaded = self._load_fallback(path, index)
            if loaded is not None and cp in dict(self._fallbacks)[loaded]:
                return loaded
        return None

    def _candidates(self, cp: int) -> Iterator[tuple[str, int]]:
        if self.use_fontconfig and shutil.which("fc-list"):
            yield from _fc_candidates(cp)
            return
        # No fontconfig: try the font files on disk one by one (each is parsed once).
        if self._scan_queue is None:
            self._scan_queue = list(_font_files(self.scan_dirs))
        while self._scan_queue:
            path = self._scan_queue.pop(0)
            yield str(path), 0

    def _load_fallback(self, path: str, index: int) -> str | None:
        if (path, index) in self._tried:
            return None
        self._tried.add((path, index))
        loaded = _load_ttf(path, index)
        if loaded is not None:
            self._fallbacks.append(loaded)
            return loaded[0]
        return None


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 pairs.

    ReportLab 4-5 writes them as five hex digits, which readers take for a different character:
    an emoji copied from the report (or pdftotext's) would come out as a Greek letter.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(
            f"<{code:02X}> <{chr(cp).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
            for code, cp in enumerate(subset)
        ),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _fix_to_unicode() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # module-level lookup in ttfonts' writer


# Fallback fonts are registered once per process and shared by every FontSet.
_LOADED: dict[tuple[str, int], tuple[str, frozenset[int]] | None] = {}


def _load_ttf(path: str, index: int) -> tuple[str, frozenset[int]] | None:
    key = (path, index)
    if key in _LOADED:
        return _LOADED[key]
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _fix_to_unicode()
    name = f"LMFallback{len(_LOADED) + 1}"
    try:
        font = TTFont(name, path, subfontIndex=index)
    except Exception as exc:  # CFF outlines, broken files, unsupported formats
        log.debug("skipping fallback font %s#%d: %s", path, index, exc)
        _LOADED[key] = None
        return None
    pdfmetrics.registerFont(font)
    # A family of one face, so <b> and <i> around a fallback run do not fail.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    loaded = (name, frozenset(font.face.charToGlyph))
    _LOADED[key] = loaded
    log.info("report fallback font %s: %s (index %d)", name, path, index)
    return loaded


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=_FC_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("%s failed: %s", args[0], exc)
        return ""
    return done.stdout if done.returncode == 0 else ""


def _fc_candidates(cp: int) -> list[tuple[str, int]]:
    """TrueType, non-colour fonts that fontconfig says cover `cp`; regular styles first."""
    out = _run(
        [
            "fc-list",
            "--format",
            "%{file}\t%{index}\t%{fontformat}\t%{color}\t%{style}\n",
            f":charset={cp:x}",
        ]
    )
    found: list[tuple[int, str, int]] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 5:
            continue
        path, index, fmt, color, style = parts[:5]
        if fmt != "TrueType" or color.strip().lower() == "true":
            continue
        if not path.lower().endswith((".ttf", ".ttc")):
            continue
        styles = style.lower()
        rank = 0 if any(s in styles for s in ("regular", "book", "normal", "medium")) else 1
        if "bold" in styles or "italic" in styles or "oblique" in styles:
            rank = 2
        try:
            found.append((rank, path, int(index or 0)))
        except ValueError:
            continue
    found.sort()
    return [(path, index) for _, path, index in found]


def _fc_match_dejavu(style: str) -> Path | None:
    out = _run(
        [
            "fc-match",
            "-f",
            "%{file}\t%{family}\t%{style}\t%{fontformat}",
            f"DejaVu Sans:style={style}",
        ]
    )
    parts = out.split("\t")
    if len(parts) < 4:
        return None
    path, families, styles, fmt = parts[:4]
    file = Path(path)
    if fmt != "TrueType" or "DejaVu Sans" not in families.split(","):
        return None
    if "Condensed" in file.name or "Mono" in file.name or not file.is_file():
        return None
    if style != "Book" and style not in styles.split(","):
        return None  # fontconfig offered a substitute for a style that is not installed
    return file


def _font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    seen = 0
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".ttc")):
                    yield Path(root) / name
                    seen += 1
                    if seen >= _MAX_SCANNED_FONTS:
                        return


def _find_dejavu(use_fontconfig: bool, dirs: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if use_fontconfig and shutil.which("fc-match"):
        for face, (style, _file) in _DEJAVU.items():
            path = _fc_match_dejavu(style)
            if path is not None:
                found[face] = path
    if "regular" not in found:
        wanted = {file: face for face, (_style, file) in _DEJAVU.items()}
        found = {}
        for path in _font_files(dirs):
            wanted_face = wanted.get(path.name)
            if wanted_face is not None and wanted_face not in found:
                found[wanted_face] = path
    return found


def _register_family(files: dict[str, Path], source: str, family: str) -> FontSet:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _fix_to_unicode()
    names: dict[str, str] = {}
    coverage: frozenset[int] | None = None
    for face in ("regular", "bold", "italic", "bold_italic"):
        path = files.get(face)
        if path is None:
            # A missing style (DejaVu's obliques are in fonts-dejavu-extra) reuses a neighbour.
            names[face] = names["bold"] if face == "bold_italic" else names["regular"]
            continue
        name = family + _FACE_SUFFIX[face]
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        names[face] = name
        if face in ("regular", "bold"):
            cmap = frozenset(font.face.charToGlyph)
            # User text may be set in either weight: only what both draw counts as covered.
            coverage = cmap if coverage is None else coverage & cmap
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    return FontSet(
        family=family,
        regular=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        bold_italic=names["bold_italic"],
        embedded=True,
        source=source,
        _coverage=coverage or frozenset(),
    )


def load_fonts(
    *,
    use_fontconfig: bool = True,
    dirs: Iterable[Path] | None = None,
    allow_bundled: bool = True,
) -> FontSet:
    """Find and register the report fonts: DejaVu Sans, else ReportLab's Vera, else Helvetica."""
    scan_dirs = tuple(font_dirs() if dirs is None else dirs)
    warnings: list[str] = []
    files = _find_dejavu(use_fontconfig, scan_dirs)
    fonts: FontSet | None = None
    if "regular" in files:
        fonts = _register_family(files, f"DejaVu Sans ({files['regular'].parent})", "LMDejaVu")
        if "italic" not in files:
            log.info("DejaVu Sans Oblique not installed; italics print upright")
    elif allow_bundled:
        import reportlab

        bundled = Path(reportlab.__file__).parent / "fonts"
        vera = {face: bundled / file for face, file in _VERA.items() if (bundled / file).is_file()}
        if "regular" in vera:
            fonts = _register_family(vera, "Bitstream Vera (bundled with ReportLab)", "LMVera")
            warnings.append(
                "DejaVu Sans is not installed: the report uses Bitstream Vera, and other fonts "
                "on the system for letters beyond Western European ones."
            )
    if fonts is None:
        coverage = frozenset(cp for cp in range(0x20, 0x2600) if _cp1252(cp))
        fonts = FontSet(
            family="Helvetica",
            regular=_HELVETICA["regular"],
            bold=_HELVETICA["bold"],
            italic=_HELVETICA["italic"],
            bold_italic=_HELVETICA["bold_italic"],
            embedded=False,
            source="Helvetica (no TrueType font found)",
            _coverage=coverage,
        )
        warnings.append(
            "No TrueType font was found (install DejaVu Sans, e.g. the fonts-dejavu-core "
            "package): the report uses Helvetica, which is not embedded and shows only "
            "Western European letters."
        )
    for warning in warnings:
        log.warning("%s", warning)
    fonts.warnings.extend(warnings)
    fonts.use_fontconfig = use_fontconfig
    fonts.scan_dirs = scan_dirs
    return fonts


def _cp1252(cp: int) -> bool:
    try:
        chr(cp).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


_FONTS: FontSet | None = None
_FONTS_LOCK = threading.Lock()


def report_fonts() -> FontSet:
    """The process-wide font set, found and registered on first use."""
    global _FONTS
    with _FONTS_LOCK:
        if _FONTS is None:
            _FONTS = load_fonts()
        return _FONTS
