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


def visual_order(text: str, rtl: bool) -> list[tuple[int, str]]:
    """One line's characters in display order, left to right: (index in `text`, character).

    A character is mirrored where it stands in a right-to-left run ("(" shows as ")"); explicit
    bidi formatting characters are left out. `rtl` is the paragraph's direction.
    """
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
    if not has_rtl(text):
        return text
    direction = mostly_rtl(text) if rtl is None else rtl
    return "".join(ch for _, ch in visual_order(text, direction))
