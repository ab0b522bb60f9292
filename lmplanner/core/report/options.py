"""What a report contains and how it is printed: plain data, safe to import anywhere."""

from __future__ import annotations

import contextlib
import locale
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from lmplanner.core.errors import PlannerError

if TYPE_CHECKING:
    from lmplanner.core.services import PostFilter


class Section(StrEnum):
    """The parts of a report, in the order they are printed."""

    SUMMARY = "summary"
    CALENDAR = "calendar"
    BREAKDOWNS = "breakdowns"
    STRATEGY = "strategy"
    RESULTS = "results"
    POSTS = "posts"

    @classmethod
    def parse_list(cls, text: str) -> frozenset[Section]:
        """`"summary,posts"` → {SUMMARY, POSTS}; `"all"` → every section; ValueError otherwise."""
        names = [part.strip().lower() for part in text.split(",") if part.strip()]
        if not names:
            raise ValueError("no sections given (use e.g. summary,calendar,breakdowns,posts)")
        if names == ["all"]:
            return frozenset(cls)
        chosen: set[Section] = set()
        valid = ", ".join(s.value for s in cls)
        for name in names:
            try:
                chosen.add(cls(name))
            except ValueError:
                raise ValueError(f"unknown section {name!r} (use any of: {valid})") from None
        return frozenset(chosen)


ALL_SECTIONS: frozenset[Section] = frozenset(Section)


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @classmethod
    def parse(cls, text: str) -> Paper:
        key = text.strip().lower().replace("-", "").replace(" ", "")
        if key in ("a4", "letter"):
            return cls(key)
        if key in ("usletter", "us"):
            return cls.LETTER
        raise ValueError(f"unknown paper size {text.strip()!r} (use a4 or letter)")


# Countries whose offices print on US Letter; everyone else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "SV", "NI", "DO", "BZ"}
)


def default_paper(env: Mapping[str, str] | None = None) -> Paper:
    """Letter for US, Canadian, Mexican, Philippine… locales, A4 for the rest.

    LC_ALL, then LC_PAPER, then LANG decide (as the C library would); without them, the
    process locale (what Windows and macOS report).
    """
    environ = os.environ if env is None else env
    names = [environ.get(key, "") for key in ("LC_ALL", "LC_PAPER", "LANG")]
    if env is None and not any(names):
        with contextlib.suppress(ValueError):
            names.append(locale.getlocale()[0] or "")
    for name in names:
        territory = _territory(name)
        if territory:
            return Paper.LETTER if territory in LETTER_TERRITORIES else Paper.A4
    return Paper.A4


def _territory(locale_name: str) -> str:
    """`en_US.UTF-8` → `US`; `English_United States` (Windows) → `US`; `C` → ``."""
    base = locale_name.split(".")[0].split("@")[0]
    for sep in ("_", "-"):
        if sep in base:
            tail = base.split(sep, 1)[1]
            if len(tail) == 2 and tail.isalpha():
                return tail.upper()
            if tail.replace(" ", "").lower() in ("unitedstates", "canada", "mexico", "philippines"):
                return {"u": "US", "c": "CA", "m": "MX", "p": "PH"}[tail[0].lower()]
    return ""


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What to put in a report. The default is a full report on the locale's paper size."""

    sections: frozenset[Section] = ALL_SECTIONS
    include_bodies: bool = False
    paper: Paper = field(default_factory=default_paper)
    post_filter: PostFilter | None = None  # channel / author / campaign, as in the views
    author: str = ""  # PDF metadata; empty: "LM Planner"


@dataclass(frozen=True, slots=True)
class ReportResult:
    """A finished report: where it is, how many pages, and what went into it."""

    path: Path
    pages: int
    posts: int
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()


class ReportCancelled(PlannerError):
    """The report was cancelled before it was finished; no file was written."""

    def __init__(self, message: str = "The report was cancelled; no file was written.") -> None:
        super().__init__(message)
