"""Balance engine: score, verdict words, breakdowns, JSON, settings and its imports."""

from __future__ import annotations

import ast
import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from balance_support import MONDAY, NOV, QUIET, Posts, codes, nov

from lmplanner.core.balance import FlagCode, analyze
from lmplanner.core.domain import BalanceSettings, Kind, Role


@pytest.mark.parametrize(
    ("leader", "manager", "score"),
    [
        (0, 10, 0),  # share 0
        (3, 17, 50),  # 15 % is half way to 30 %
        (3, 7, 100),  # 30 %: on the edge, inside
        (6, 4, 100),  # 60 %: on the edge, inside
        (8, 2, 50),  # 80 % is half way from 60 % to 100 %
        (10, 0, 0),  # share 1
        (299, 701, 99),  # 29.9 % is close, but not in the band
    ],
)
def test_score(leader: int, manager: int, score: int) -> None:
    posts = Posts().add(nov(3), Role.LEADER, count=leader).add(nov(4), Role.MANAGER, count=manager)
    assert analyze(posts.items, NOV, QUIET).score == score


@pytest.mark.parametrize(
    ("leader", "manager", "text"),
    [
        (2, 2, "Balanced"),
        (0, 3, "All activity, no vision"),
        (3, 0, "Vision without execution"),
        # Fewer than min_posts (3): one verdict for the meter, the report and the CLI.
        (1, 0, "Too early to tell"),
        (0, 2, "Too early to tell"),
        (0, 0, "Nothing planned"),
    ],
)
def test_verdict_text(leader: int, manager: int, text: str) -> None:
    posts = Posts().add(nov(3), Role.LEADER, count=leader).add(nov(4), Role.MANAGER, count=manager)
    assert analyze(posts.items, NOV).verdict_text() == text


def test_breakdowns() -> None:
    posts = (
        Posts()
        .leader(1, channel="Blog", author="Ann", kind=Kind.STORY)
        .leader(9, channel="X", author="Ann", kind=Kind.STORY)
        .manager(9, channel="X", author="Bob", kind=Kind.HOW_TO)
        .manager(10, channel="X", kind=Kind.EVENT)
        .manager(30, channel="Blog", author=" ", kind=None)
    )
    report = analyze(posts.items, NOV, replace(QUIET, first_weekday=MONDAY))
    assert [(w.key, w.label, w.total, w.leader, w.leader_share) for w in report.by_week] == [
        ("2026-11-01", "1 Nov 2026", 1, 1, 1.0),
        ("2026-11-02", "2–8 Nov 2026", 0, 0, None),
        ("2026-11-09", "9–15 Nov 2026", 3, 1, pytest.approx(1 / 3)),
        ("2026-11-16", "16–22 Nov 2026", 0, 0, None),
        ("2026-11-23", "23–29 Nov 2026", 0, 0, None),
        ("2026-11-30", "30 Nov 2026", 1, 0, 0.0),
    ]
    assert (report.by_week[2].start, report.by_week[2].end) == (nov(9), nov(15))
    assert [(c.key, c.total, c.leader, c.manager) for c in report.by_channel] == [
        ("X", 3, 1, 2),
        ("Blog", 2, 1, 1),
    ]
    # Biggest first, "(none)" last whatever its size.
    assert [(a.key, a.label, a.total) for a in report.by_author] == [
        ("Ann", "Ann", 2),
        ("Bob", "Bob", 1),
        ("(none)", "No author", 2),
    ]
    # Kinds in the product's order (leader kinds first), "(none)" last.
    assert [(k.key, k.label, k.total) for k in report.by_kind] == [
        ("story", "Story", 2),
        ("how-to", "How-to", 1),
        ("event", "Event", 1),
        ("(none)", "No kind", 1),
    ]


def test_to_dict_is_json_ready() -> None:
    posts = Posts().manager(2, 3, 4, kind=Kind.PROMOTION).leader(5)
    report = analyze(
        posts.items, NOV, BalanceSettings(), backlog=2, filters={"channel": "LinkedIn"}
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert data["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert (data["total"], data["leader"], data["manager"], data["backlog"]) == (4, 1, 3, 2)
    assert data["leader_share"] == 0.25
    assert data["verdict"] == "all-activity-no-vision"
    assert data["score"] == report.score == 83
    assert data["enough_data"] is True
    assert data["band"] == {"low": 0.3, "high": 0.6}
    assert data["filters"] == {"channel": "LinkedIn"}
    assert [f["code"] for f in data["flags"]] == [f.code for f in report.flags]
    promotion = next(f for f in data["flags"] if f["code"] == "SELF_PROMOTION_HEAVY")
    assert promotion["severity"] == "medium"
    assert promotion["dates"] == ["2026-11-02", "2026-11-03", "2026-11-04"]
    assert promotion["post_ids"] == [1, 2, 3]
    assert data["by_week"][0] == {
        "start": "2026-11-01",
        "end": "2026-11-01",
        "total": 0,
        "leader": 0,
        "manager": 0,
        "leader_share": None,
    }
    assert sum(w["total"] for w in data["by_week"]) == 4
    assert data["by_channel"] == [
        {"name": "LinkedIn", "total": 4, "leader": 1, "manager": 3, "leader_share": 0.25}
    ]
    assert [k["name"] for k in data["by_kind"]] == ["promotion", "(none)"]
    assert report.filters == (("channel", "LinkedIn"),)


def test_output_does_not_depend_on_input_order() -> None:
    rng = random.Random(7)
    posts = Posts()
    for _ in range(120):
        role = Role.LEADER if rng.random() < 0.15 else Role.MANAGER
        posts.add(
            nov(rng.choice([3, 4, 5, 6, 12, 13, 20, 21, 22, 28])),
            role,
            channel=rng.choice(["X", "Blog", "LinkedIn"]) if role is Role.LEADER else "Events",
            kind=rng.choice([*(Kind.PROMOTION,) * 6, *Kind, None]),
            author=rng.choice(["Ann", "Bob", None]),
        )
    shuffled = posts.items[:]
    rng.shuffle(shuffled)
    rules = BalanceSettings(drought_days=3, drought_week_min_posts=1, channel_min_posts=1)
    report = analyze(posts.items, NOV, rules)
    # Every flag that carries posts fires, so their post order is checked too.
    assert set(codes(report)) == {
        FlagCode.ALL_ACTIVITY_NO_VISION,
        FlagCode.SELF_PROMOTION_HEAVY,
        FlagCode.LEADER_DROUGHT,
        FlagCode.CHANNEL_ALL_ACTIVITY,
    }
    assert analyze(shuffled, NOV, rules) == report


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="band"):
        analyze([], NOV, BalanceSettings(band_low=0.7, band_high=0.6))
    with pytest.raises(ValueError, match="first_weekday"):
        analyze([], NOV, BalanceSettings(first_weekday=7))


def test_imports_neither_qt_nor_the_database_layer() -> None:
    root = Path(__file__).resolve().parents[2]
    core = root / "lmplanner" / "core"
    modules = sorted((core / "balance").glob("*.py"))
    own = {"lmplanner.core.balance"} | {f"lmplanner.core.balance.{m.stem}" for m in modules}
    imported = set()
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names
        and name not in own
        # The records it reads, and the face's lazy loading (itself standard library only).
        and name not in ("lmplanner.core.domain", "lmplanner.core.lazy")
    }
    assert outside == set()
    lazy = ast.parse((core / "lazy.py").read_text(encoding="utf-8"))
    assert all(
        (node.module or "").split(".")[0] in sys.stdlib_module_names | {"__future__"}
        for node in ast.walk(lazy)
        if isinstance(node, ast.ImportFrom)
    )

    code = (
        "import sys, lmplanner.core.balance; "
        "sys.exit(any(m.split('.')[0] == 'PySide6' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_balance_face_loads_its_analysis_when_first_named() -> None:
    # The package's face names everything; the analysis modules load on first use.
    code = (
        "import sys\n"
        "import lmplanner.core.balance as balance\n"
        "assert 'lmplanner.core.balance.report' not in sys.modules\n"
        "from lmplanner.core.balance import Flag, analyze, find_clashes\n"
        "from lmplanner.core.balance.report import Flag as Real\n"
        "assert Flag is Real and callable(analyze) and callable(find_clashes)\n"
        "assert sorted(n for n in balance.__all__ if getattr(balance, n) is None) == []\n"
        "try:\n"
        "    balance.no_such_name\n"
        "except AttributeError as error:\n"
        "    assert 'no_such_name' in str(error)\n"
        "else:\n"
        "    raise SystemExit('an unknown name must raise AttributeError')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
