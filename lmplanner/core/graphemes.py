"""Where text may be cut without splitting what a reader sees as one character (a grapheme
cluster): a letter and its accents, an emoji with its skin tone or variation selector, a
family joined by zero-width joiners, a flag's two regional indicators.

A small rule, not the whole of Unicode's UAX #29: enough for shortening names (no Qt in core,
and the `regex` module's \\X would be a new dependency for one cut).
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"
# Characters that always belong to the cluster before them, beyond the combining marks.
_JOINING_RANGES = (
    (0xFE00, 0xFE0F),  # variation selectors (text or emoji presentation)
    (0xE0100, 0xE01EF),  # variation selectors supplement
    (0x1F3FB, 0x1F3FF),  # skin-tone modifiers
    (0xE0020, 0xE007F),  # tag characters (subdivision flags such as Scotland's)
    (0x1160, 0x11FF),  # Hangul medial vowels and final consonants
)
_REGIONAL = (0x1F1E6, 0x1F1FF)


def joins_previous(char: str) -> bool:
    """`char` is part of the cluster of the character before it."""
    if char == ZWJ or unicodedata.category(char) in ("Mn", "Mc", "Me"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _JOINING_RANGES)


def _regional(char: str) -> bool:
    return _REGIONAL[0] <= ord(char) <= _REGIONAL[1]


def _splits_flag(text: str, at: int) -> bool:
    """Cutting at `at` would part a flag's two regional indicators (they pair from the left)."""
    if not (_regional(text[at]) and _regional(text[at - 1])):
        return False
    run = 0
    while at - run - 1 >= 0 and _regional(text[at - run - 1]):
        run += 1
    return run % 2 == 1


def cluster_boundary(text: str, at: int) -> int:
    """The last place at or before `at` where `text` may be cut: text[:result] ends with a
    whole cluster (0 when the first cluster reaches past `at`)."""
    at = max(0, min(at, len(text)))
    while 0 < at < len(text):
        if joins_previous(text[at]) or text[at - 1] == ZWJ or _splits_flag(text, at):
            at -= 1
            continue
        break
    return at
