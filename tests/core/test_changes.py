"""core.changes.differing: which columns of a row differ, as bulk changes and history ask."""

from __future__ import annotations

import datetime as dt

from lmplanner.core.changes import differing


def test_differing_keeps_the_order_of_the_new_row_and_counts_missing_keys() -> None:
    before = {"id": 1, "title": "A", "date": dt.date(2027, 1, 1), "role": "leader", "n": None}
    after = {"role": "manager", "id": 1, "date": dt.date(2027, 1, 2), "title": "A", "x": None}
    assert differing(before, after) == ["role", "date", "x"]
    assert differing(before, dict(before)) == []


def test_differing_compares_unhashable_values_one_by_one() -> None:
    before = {"tags": ["a"], "title": "A"}
    assert differing(before, {"tags": ["a"], "title": "B"}) == ["title"]
    assert differing(before, {"tags": ["b"], "title": "A"}) == ["tags"]
