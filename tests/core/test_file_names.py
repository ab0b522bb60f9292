"""Long file names: only the plan's name is shortened (the period and the extension stay, so
two months' reports keep apart), and only between what a reader sees as characters."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.graphemes import cluster_boundary, joins_previous
from lmplanner.core.paths import FILE_NAME_BYTES, fitted_file_name

NOVEMBER = " strategy report November 2026.pdf"
DECEMBER = " strategy report December 2026.pdf"


def size(name: str) -> int:
    return len(os.fsencode(name))


def test_the_period_and_extension_stay_whole_and_the_months_apart() -> None:
    plan = "Quarterly plan of the northern region " * 10
    november, december = fitted_file_name(plan, NOVEMBER), fitted_file_name(plan, DECEMBER)
    assert november.endswith(NOVEMBER) and december.endswith(DECEMBER)
    assert november != december
    assert FILE_NAME_BYTES - 4 <= size(november) <= FILE_NAME_BYTES
    assert plan.startswith(november.removesuffix(NOVEMBER))


def test_a_head_before_the_plan_name_stays_whole_too() -> None:
    name = fitted_file_name("名前" * 200, " November 2026.pdf", head="Bericht ")
    assert name.startswith("Bericht 名前") and name.endswith(" November 2026.pdf")
    assert size(name) <= FILE_NAME_BYTES


def test_a_head_and_tail_leaving_no_room_shorten_the_head_instead() -> None:
    name = fitted_file_name("Plan", ".pdf", limit=20, head="A very long head before it ")
    assert name.endswith(".pdf") and size(name) <= 20 and name.startswith("A very long")


# Each is one character to a reader; the plan's name is made of 200 of them.
CLUSTERS = {
    "combining accent": "e\u0301",
    "two accents": "a\u0308\u0304",
    "skin tone": "\U0001f44d\U0001f3fd",
    "variation selector": "\u2764\ufe0f",
    "family (ZWJ)": "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "flag": "\U0001f1e9\U0001f1ea",
    "subdivision flag": "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "keycap": "1\ufe0f\u20e3",
    "Hangul jamo": "\u1112\u1161\u11ab",
}


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_the_name_is_cut_between_whole_characters(cluster: str) -> None:
    for offset in range(len(cluster) + 1):  # every place the byte count may fall
        plan = "x" * offset + cluster * 200
        name = fitted_file_name(plan, NOVEMBER)
        kept = name.removesuffix(NOVEMBER)
        assert size(name) <= FILE_NAME_BYTES and name.endswith(NOVEMBER)
        assert kept == "x" * offset + cluster * ((len(kept) - offset) // len(cluster))
        assert size(name) > FILE_NAME_BYTES - size(cluster)  # no shorter than it has to be


def test_flags_pair_from_the_left() -> None:
    flags = "\U0001f1e9\U0001f1ea\U0001f1eb\U0001f1f7"  # DE FR
    assert [cluster_boundary(flags, at) for at in range(5)] == [0, 0, 2, 2, 4]


@settings(deadline=None, max_examples=200)
@given(st.text(min_size=1, max_size=300), st.integers(min_value=40, max_value=255))
def test_any_name_fits_keeps_its_tail_and_is_cut_at_a_boundary(plan: str, limit: int) -> None:
    name = fitted_file_name(plan, NOVEMBER, limit)
    assert size(name) <= limit and name.endswith(NOVEMBER)
    kept = name.removesuffix(NOVEMBER)
    if kept not in ("LM Planner", plan):
        assert plan.startswith(kept)
        # What follows the kept part starts a character of its own, and no joiner ends it.
        assert not joins_previous(plan[len(kept)]) and not kept.endswith("\u200d")
        assert cluster_boundary(plan, len(kept)) == len(kept)


def test_combining_marks_are_told_by_their_category() -> None:
    marks = [chr(c) for c in (0x0301, 0x0903, 0x20DD)]  # Mn, Mc, Me
    assert [unicodedata.category(m) for m in marks] == ["Mn", "Mc", "Me"]
    assert all(joins_previous(m) for m in marks) and not joins_previous("a")
