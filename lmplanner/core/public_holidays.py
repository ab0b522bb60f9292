"""Public holidays of a plan's country and region, from the `holidays` package (offline, no Qt).

Imported only when a plan names a country: `holidays` takes a while to load.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Holiday:
    date: dt.date
    name: str


def place_problem(country: str, region: str) -> str:
    """Why `holidays` cannot give the holidays of `country`/`region` ('' when it can)."""
    if region and not country:
        return "region needs a country: give --country too"
    supported = _supported()
    if country.upper() not in supported:
        return f"unknown country {country!r} (use an ISO 3166 code such as DE, FR, US or GB)"
    regions = supported[country.upper()]
    if region and region.upper() not in {r.upper() for r in regions}:
        shown = ", ".join(regions[:12]) + (" …" if len(regions) > 12 else "")
        return f"region {region!r} is not one of {country.upper()}'s: {shown or 'it has none'}"
    return ""


def holidays_between(country: str, region: str, start: dt.date, end: dt.date) -> list[Holiday]:
    """The public holidays from `start` to `end` (inclusive), in date order; none without a
    country or for one `holidays` does not know."""
    if not country or place_problem(country, region):
        return []
    code = country.upper()
    subdivision = next((r for r in _supported()[code] if r.upper() == region.upper()), "")
    found: list[Holiday] = []
    for year in range(start.year, end.year + 1):
        found.extend(h for h in _year(code, subdivision, year) if start <= h.date <= end)
    return found


def supported_places() -> dict[str, list[str]]:
    """Every country code `holidays` knows, with its region codes."""
    return {code: list(regions) for code, regions in _supported().items()}


@functools.cache
def _supported() -> dict[str, list[str]]:
    import holidays

    return {code: list(regions) for code, regions in holidays.list_supported_countries().items()}


@functools.lru_cache(maxsize=64)
def _year(country: str, region: str, year: int) -> tuple[Holiday, ...]:
    import holidays

    kind = holidays.country_holidays(country, subdiv=region or None, years=year)
    # English names where the country has them; its own language otherwise.
    language = "en_US" if "en_US" in kind.supported_languages else None
    if language and language != kind.default_language:
        kind = holidays.country_holidays(
            country, subdiv=region or None, years=year, language=language
        )
    return tuple(Holiday(day, name) for day, name in sorted(kind.items()))
