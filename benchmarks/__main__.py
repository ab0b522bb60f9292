"""`python -m benchmarks [--quick] [--json FILE]`: each performance figure, its ratio and target.

Each target is a ratio against a baseline measured in the same run (machines here are shared and
noisy); absolute times are printed for information. --quick runs tiny sizes as a smoke test.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure

SUITES = ("benchmarks.bench_gui", "benchmarks.bench_core", "benchmarks.bench_report")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: checks they run")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--only",
        action="append",
        metavar="SUITE",
        help="run only this suite (gui, core, report); repeatable",
    )
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lmbench-") as folder:
        work = Path(folder)
        for name in SUITES:
            short = name.rsplit("_", 1)[-1]
            if args.only and short not in args.only:
                continue
            print(f"== {short} ...", file=sys.stderr, flush=True)
            module = importlib.import_module(name)
            figures.extend(module.run(args.quick, work))
    print_table(figures)
    print(
        f"\n{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.machine()}, {time.perf_counter() - started:.0f} s in all"
        f"{' (quick: sizes too small for the targets)' if args.quick else ''}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps([f.to_dict() for f in figures], indent=2))
    return 0


def print_table(figures: list[Figure]) -> None:
    header = (
        f"{'figure':<52} {'median':>9} {'spread':>8} {'baseline':>9} {'ratio':>6} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    for f in figures:
        baseline = f"{f.baseline_s * 1000:8.1f}ms" if f.baseline_s else " " * 9
        ratio = f"{f.ratio:5.2f}×" if f.ratio is not None else " " * 6
        target = f"≤{f.target:g}×" if f.target is not None else ""
        verdict = {True: " met", False: " MISSED", None: ""}[f.met]
        print(
            f"{f.name:<52} {f.median_s * 1000:7.1f}ms {f.spread_s * 1000:6.1f}ms "
            f"{baseline} {ratio} {target:>7}{verdict}"
        )
        if f.baseline_name:
            print(f"{'':<4}baseline: {f.baseline_name}{'; ' + f.note if f.note else ''}")


if __name__ == "__main__":
    sys.exit(main())
