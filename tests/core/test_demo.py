"""The sample month fits the month it is made for: no autumn titles in a spring plan."""

from __future__ import annotations

import calendar

import pytest

from lmplanner.core.demo import demo_drafts

SEASONAL = ("Autumn", "Spring", "Summer", "Winter", "Holiday", "Christmas")


@pytest.mark.parametrize("month", range(1, 13))
def test_sample_titles_and_campaign_name_their_month(month: int) -> None:
    drafts = demo_drafts(2026, month)
    titles = [d.title for d in drafts]
    name = calendar.month_name[month]
    others = [
        m for m in calendar.month_name[1:] if m not in (name, calendar.month_name[month - 1 or 12])
    ]
    assert not [t for t in titles if any(word in t for word in (*SEASONAL, *others))]
    assert f"{name} newsletter: what's new this month" in titles
    assert {d.campaign for d in drafts if d.campaign} == {f"{name} launch"}
    last_quarter = "Q4 2025" if month <= 3 else f"Q{(month - 1) // 3}"
    assert f"{last_quarter} report: what moved the needle" in titles
