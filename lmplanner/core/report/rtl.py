"""Right-to-left scripts in the report: Arabic-script letters joined, and one line's characters
put in display order by the Unicode bidi algorithm.

ReportLab draws characters left to right, one glyph each, and its own bidi support needs
`rlbidi`. So Arabic, Persian and Urdu letters become their contextual presentation forms
(arabic-reshaper) in reading order, the text is wrapped into lines as usual, and only then is each
line reordered for display (python-bidi), so a paragraph's first words still start its first line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

# Letters that join (Arabic and its supplements, the presentation forms already shaped).
_JOINING = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")
# Anything that may be right-to-left; the bidi classes decide (a cheap test before them).
_MAYBE_RTL = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_RTL_CLASSES = frozenset({"R", "AL"})
# Directional isolates (LRI, RLI, FSI … PDI): the words around user-supplied names use them.
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_ISOLATE_MARKS = re.compile("[\u2066-\u2069]")
# What an isolate is to the text around it: one neutral character (class ON).
_STAND_IN = "\ufffc"


def has_rtl(text: str) -> bool:
    """Whether `text` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, …)."""
    if _MAYBE_RTL.search(text) is None:
        return False
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def mostly_rtl(text: str) -> bool:
    """More words read from the right than from the left; on a tie, the first letter decides.

    Words beat the bidi algorithm's "first strong letter" rule for titles such as
    "LM Planner: خطة الربع الأول", which a reader takes as Arabic; letters would let a long
    brand name outweigh the Arabic words around it.
    """
    if not has_rtl(text):
        return False
    rtl = ltr = 0
    first: bool | None = None
    for word in text.split():
        direction = _first_strong(word)
        if direction is None:
            continue
        first = direction if first is None else first
        rtl, ltr = (rtl + 1, ltr) if direction else (rtl, ltr + 1)
    return rtl > ltr or (rtl == ltr and bool(first))


def _first_strong(word: str) -> bool | None:
    """True for a right-to-left first strong letter, False for left-to-right, None for none."""
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return None


@functools.cache
def _reshaper() -> Any:
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    # Keep the vowel marks (they are part of what the user wrote) and join lam-alef, the one
    # ligature Arabic requires; other ligatures need glyphs many fonts lack.
    config: dict[str, Any] = {"delete_harakat": False, "support_ligatures": True}
    for name, *_rest in LIGATURES:
        config[name] = name.startswith("ARABIC LIGATURE LAM WITH ALEF")
    return arabic_reshaper.ArabicReshaper(configuration=config)


def shape(text: str) -> str:
    """`text` in reading order with Arabic-script letters in their joined (contextual) forms."""
    if _JOINING.search(text) is None:
        return text
    return str(_reshaper().reshape(text))


def has_isolates(text: str) -> bool:
    """Whether `text` holds directional isolate marks (they are never drawn)."""
    return _ISOLATE_MARKS.search(text) is not None


def needs_display(text: str) -> bool:
    """Whether a line must go through `display`/`visual_order` before it is drawn."""
    return has_rtl(text) or has_isolates(text)


def visual_order(text: str, rtl: bool) -> list[tuple[int, str]]:
    """One line's characters in display order, left to right: (index in `text`, character).

    A character is mirrored where it stands in a right-to-left run ("(" shows as ")"); explicit
    bidi formatting characters are left out. `rtl` is the paragraph's direction. Isolates
    (LRI/RLI/FSI … PDI), which python-bidi's algorithm does not know, are done here as the
    Unicode algorithm does them: each is one neutral to the text around it, and its content is
    ordered on its own, in its own direction.
    """
    if not has_isolates(text):
        return _uba_order(text, rtl)
    outer: list[str] = []
    origin: list[int | tuple[int, int]] = []  # outer position → index, or an isolate's span
    for start, end in _isolate_spans(text):
        if end < 0:  # plain text from `start` to the next isolate
            for index in range(start, -end):
                if text[index] != _PDI:  # a PDI without its opening mark is dropped
                    outer.append(text[index])
                    origin.append(index)
        else:
            outer.append(_STAND_IN)
            origin.append((start, end))
    shown: list[tuple[int, str]] = []
    outer_text = "".join(outer)
    order = _uba_order(outer_text, rtl) if has_rtl(outer_text) else list(enumerate(outer_text))
    for position, ch in order:
        source = origin[position]
        if isinstance(source, int):
            shown.append((source, ch))
            continue
        start, end = source
        inner = text[start + 1 : end]
        mark = text[start]
        direction = mark == _RLI or (mark == _FSI and bool(_first_strong(inner)))
        shown += [(start + 1 + i, c) for i, c in visual_order(inner, direction)]
    return shown


def _isolate_spans(text: str) -> list[tuple[int, int]]:
    """Top-level pieces of `text`: (start, -end) for plain text, (mark, PDI index) for an
    isolate (an isolate left open runs to the end of the line, as the algorithm says)."""
    pieces: list[tuple[int, int]] = []
    plain, depth, opened = 0, 0, 0
    for index, ch in enumerate(text):
        if ch in (_LRI, _RLI, _FSI):
            if depth == 0:
                if index > plain:
                    pieces.append((plain, -index))
                opened = index
            depth += 1
        elif ch == _PDI and depth:
            depth -= 1
            if depth == 0:
                pieces.append((opened, index))
                plain = index + 1
    if depth:
        pieces.append((opened, len(text)))
    elif plain < len(text):
        pieces.append((plain, -len(text)))
    return pieces


def _uba_order(text: str, rtl: bool) -> list[tuple[int, str]]:
    from bidi import algorithm as uba

    # python-bidi's Python implementation of the algorithm keeps one record per character
    # through every rule, so each can carry where it came from; the Rust one returns only a string.
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for index, record in enumerate(storage["chars"]):
        record["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return [(int(record["index"]), str(record["ch"])) for record in storage["chars"]]


def display(text: str, rtl: bool | None = None) -> str:
    """One line (already shaped) in display order; `rtl` defaults to `mostly_rtl(text)`."""
    if not needs_display(text):
        return text
    direction = mostly_rtl(text) if rtl is None else rtl
    return "".join(ch for _, ch in visual_order(text, direction))
