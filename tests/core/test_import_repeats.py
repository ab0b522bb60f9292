"""An import checks each distinct value of a field once (csv_format.remembered, post_checker):
records sharing a value get the same answer, a refused value is refused in every record."""

from __future__ import annotations

import datetime as dt

import pytest

from lmplanner.core.errors import ValidationError
from lmplanner.core.io.csv_format import remembered
from lmplanner.core.io.importer import preview_import
from lmplanner.core.services import PlanService, check_post, post_checker

CSV = """title,role,channel,date,time,author,impressions
First,leader,Blog,2027-03-28,09:30,Ana,12
Second,manager, Blog ,2027-03-28,09:30,Ana,12
Bad day,leader,Blog,2027-02-30,,,
Bad day again,leader,Blog,2027-02-30,,,
Long name,leader,{long},2027-03-29,,,
Long name again,leader,{long},2027-03-29,,,
Bad count,leader,Blog,2027-03-29,,,lots
Bad count again,leader,Blog,2027-03-29,,,lots
"""


def test_records_sharing_values_get_the_same_answers_and_the_same_refusals(
    service: PlanService,
) -> None:
    preview = preview_import(service, CSV.format(long="x" * 81).encode())
    first, second, *bad = preview.records
    assert first.checked is not None and second.checked is not None
    assert second.checked.values["channel"] == "Blog"
    for name in ("date", "time", "author", "impressions"):
        assert first.checked.values[name] == second.checked.values[name]
    assert first.checked.values["date"] == dt.date(2027, 3, 28)
    assert [r.checked for r in bad] == [None] * 6
    problems = [[(p.field, p.message) for p in r.problems] for r in bad]
    assert problems[0] == problems[1] and problems[0][0][0] == "date"
    assert problems[2] == problems[3] and "limit is 80" in problems[2][0][1]
    assert problems[4] == problems[5] and problems[4][0][0] == "impressions"


def test_the_checker_answers_as_check_post_does() -> None:
    check = post_checker()
    values = {"title": " A  post ", "role": "leader", "channel": " Blog ", "author": " Ana "}
    for _ in range(2):
        assert check(values) == check_post(values)
    for _ in range(2):
        with pytest.raises(ValidationError, match="limit is 80"):
            check({**values, "author": "a" * 81})


def test_a_remembered_parser_refuses_a_text_each_time() -> None:
    calls: list[str] = []

    def parse(text: str) -> int:
        calls.append(text)
        return int(text)

    read = remembered(parse)
    assert [read("7"), read("7"), read("8")] == [7, 7, 8]
    assert calls == ["7", "8"]
    for _ in range(2):
        with pytest.raises(ValueError):
            read("x")
