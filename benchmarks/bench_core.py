"""Core figures: meter recompute at 50 000 vs 50 posts; CSV import vs a csv+executemany floor;
JSON restore and ICS import vs the CSV import of the same posts; a ten-year daily series vs its
insert floor."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    Figure,
    build_plan,
    fair_plan,
    measure,
    run_process,
    sample_drafts,
    summarize,
)


def meter_recompute(small: Path, large: Path, repeat: int, work: Path) -> Figure:
    """One edit (a role change) followed by the balance report of the visible month, against the
    same with the large plan cut down to the months around it (the same ~400 posts in the month:
    what is left is what the plan's size costs); the 50-post plan's time is printed too."""
    from lmplanner.core.balance import Period
    from lmplanner.core.domain import Role
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    fair, fair_posts = fair_plan(large, work)
    today = dt.date.today()
    month = Period.month(today.year, today.month)
    results = []
    for path in (small, fair, large):
        with open_plan(path) as plan:
            service = PlanService(plan)
            post = service.posts(start=month.start, end=month.end, limit=1)[0]

            def edit_and_recompute(
                service: PlanService = service,
                pid: int = post.id,
                roles: list[Role] = [Role.LEADER, Role.MANAGER],  # noqa: B006 (flips each call)
            ) -> None:
                roles.reverse()
                service.update_post(pid, {"role": roles[0], "kind": None})
                service.balance(month)

            results.append(measure(edit_and_recompute, repeat))
    (small_median, _), (fair_median, _), (large_median, large_spread) = results
    return Figure(
        "meter recompute after one edit, 50 000 posts",
        large_median,
        large_spread,
        f"the same months alone ({fair_posts:,} posts)",
        fair_median,
        target=1.5,
        note=f"50-post plan: {small_median * 1000:.1f} ms",
    )


def csv_import(records: int, repeat: int) -> Figure:
    """`lmplanner import` of a CSV of `records` posts into an empty plan, against the floor of
    parsing the same file with `csv` and inserting its rows with `sqlite3.executemany`."""
    from lmplanner.core.io.csv_format import COLUMNS, posts_to_csv
    from lmplanner.core.io.importer import import_file
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    drafts = sample_drafts(records, start=dt.date(2027, 1, 1), days=365, seed=5)
    work = Path(tempfile.mkdtemp(prefix="lmbench-import-"))
    with open_plan(work / "source.lmplan") as plan:
        service = PlanService(plan)
        service.add_posts(drafts)
        data = posts_to_csv(service.posts())
    source = work / "posts.csv"
    source.write_bytes(data)
    counter = {"n": 0}

    def ours() -> None:
        counter["n"] += 1
        with open_plan(work / f"target{counter['n']}.lmplan") as plan:
            result = import_file(PlanService(plan), str(source))
            assert result.imported == records, result

    def floor() -> None:
        counter["n"] += 1
        conn = sqlite3.connect(work / f"floor{counter['n']}.db")
        # The same columns the exported file has (ids and flags are not data to insert).
        columns = tuple(c for c in COLUMNS if c not in ("id", "role_suggested"))
        conn.execute(
            f"CREATE TABLE post (id INTEGER PRIMARY KEY, {', '.join(c + ' TEXT' for c in columns)})"
        )
        reader = csv.DictReader(io.StringIO(source.read_text("utf-8-sig")))
        rows = [tuple(r.get(c, "") for c in columns) for r in reader]
        with conn:
            conn.executemany(
                f"INSERT INTO post ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                rows,
            )
        conn.close()

    timings: dict[str, list[float]] = {"ours": [], "floor": []}
    interleaved(timings, {"ours": ours, "floor": floor}, repeat)
    (ours_median, ours_spread), (floor_median, _) = map(summarize, timings.values())
    return Figure(
        f"CSV import of {records:,} records",
        ours_median,
        ours_spread,
        "csv parsing + sqlite3.executemany",
        floor_median,
        target=3.0,
        note="interleaved",
    )


# The floor of a whole-process import: the file's rows into the plan's own post table with
# csv and one sqlite3 executemany, names mapped to their rows as the plan stores them.
FLOOR_SCRIPT = """
import csv, datetime, sqlite3, sys, uuid
plan, source = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(plan)
with open(source, encoding="utf-8-sig", newline="") as handle:
    records = list(csv.DictReader(handle))
now = datetime.datetime.now(datetime.UTC).isoformat(" ")
with conn:
    conn.executemany(
        "INSERT OR IGNORE INTO person (name, name_key) VALUES (?, ?)",
        {(r["author"], r["author"].casefold()) for r in records if r["author"]},
    )
    ids = {}
    for table in ("channel", "person"):
        ids[table] = dict(conn.execute(f"SELECT name_key, id FROM {table}").fetchall())
    rows = [
        (
            r["title"], r["role"], ids["channel"][r["channel"].casefold()], r["date"] or None,
            r["time"] or None, r["body"], r["kind"] or None, r["status"],
            ids["person"].get(r["author"].casefold()), r["link"], r["notes"], str(uuid.uuid4()),
            now, now,
        )
        for r in records
    ]
    conn.executemany(
        "INSERT INTO post (title, role, channel_id, date, time, body, kind, status, author_id, "
        "link, notes, uuid, version, role_suggested, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)",
        rows,
    )
conn.close()
"""


def csv_import_process(records: int, repeat: int, *, quick: bool = False) -> Figure:
    """`python -m lmplanner import` as a whole process, marginal: the import of `records`
    records minus that of one, against the same for FLOOR_SCRIPT (the same rows into the same
    schema with executemany). Start-up and opening the plan cancel out; interleaved."""
    from lmplanner.core.io.csv_format import posts_to_csv
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    work = Path(tempfile.mkdtemp(prefix="lmbench-process-"))
    drafts = sample_drafts(records, start=dt.date(2027, 1, 1), days=365, seed=5)
    with open_plan(work / "source.lmplan") as plan:
        service = PlanService(plan)
        service.add_posts(drafts)
        posts = service.posts()
    files = {n: work / f"posts-{n}.csv" for n in (1, records)}
    for n, path in files.items():
        path.write_bytes(posts_to_csv(posts[:n]))
    with open_plan(work / "empty.lmplan"):
        pass  # the schema both sides write into
    counter = {"n": 0}

    def fresh() -> str:
        counter["n"] += 1
        target = work / f"target{counter['n']}.lmplan"
        shutil.copy(work / "empty.lmplan", target)
        return str(target)

    runs: dict[str, Callable[[], float]] = {}
    for n, path in files.items():
        runs[f"ours{n}"] = partial(
            _timed, fresh, ["-m", "lmplanner", "--db", "{plan}", "import"], path
        )
        runs[f"floor{n}"] = partial(_timed, fresh, ["-c", FLOOR_SCRIPT, "{plan}"], path)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeat + 1):
        for name, fn in runs.items():
            elapsed = fn()
            if round_:
                times[name].append(elapsed)
    ours = [a - b for a, b in zip(times[f"ours{records}"], times["ours1"], strict=True)]
    floor = [a - b for a, b in zip(times[f"floor{records}"], times["floor1"], strict=True)]
    (ours_median, ours_spread), (floor_median, _) = summarize(ours), summarize(floor)
    if quick:  # a few hundred rows are lost in start-up noise: keep the figure printable
        ours_median, floor_median = max(ours_median, 0.001), max(floor_median, 0.001)
    return Figure(
        f"CSV import, whole process, marginal: {records:,} records",
        ours_median,
        ours_spread,
        "the same rows into the same schema with executemany",
        floor_median,
        target=3.0,
        note="each minus a 1-record run; interleaved",
    )


def _timed(fresh: Callable[[], str], args: list[str], source: Path) -> float:
    """Seconds of one process writing `source` into a fresh copy of the empty plan."""
    plan = fresh()
    return run_process([PYTHON, *(plan if a == "{plan}" else a for a in args), str(source)])[0]


def json_restore(records: int, repeat: int) -> Figure:
    """`lmplanner import` of a JSON backup of `records` posts into an empty plan, against the CSV
    import of the same posts (a restore also sets names and settings, so it may cost more)."""
    from lmplanner.core.io.backup import backup_to_json
    from lmplanner.core.io.csv_format import posts_to_csv
    from lmplanner.core.io.importer import import_file
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    drafts = sample_drafts(records, start=dt.date(2027, 1, 1), days=365, seed=7)
    work = Path(tempfile.mkdtemp(prefix="lmbench-restore-"))
    with open_plan(work / "source.lmplan") as plan:
        service = PlanService(plan)
        service.add_posts(drafts)
        sources = {
            "json": (work / "posts.json", backup_to_json(service)),
            "csv": (work / "posts.csv", posts_to_csv(service.posts())),
        }
    for path, data in sources.values():
        path.write_bytes(data)
    counter = {"n": 0}

    def import_one(source: Path) -> None:
        counter["n"] += 1
        with open_plan(work / f"target{counter['n']}.lmplan") as plan:
            result = import_file(PlanService(plan), str(source))
            assert result.imported == records, result

    json_median, json_spread = measure(lambda: import_one(sources["json"][0]), repeat)
    csv_median, _ = measure(lambda: import_one(sources["csv"][0]), repeat)
    return Figure(
        f"JSON restore of {records:,} posts",
        json_median,
        json_spread,
        "CSV import of the same posts",
        csv_median,
        target=3.0,
    )


def bulk_role_change(posts: int, repeat: int) -> Figure:
    """`set_role` on every post of a plan (each call flips them all: one undo step, versions
    checked), against one sqlite3 executemany writing the same columns of the same rows."""
    from lmplanner.core.domain import Role
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    work = Path(tempfile.mkdtemp(prefix="lmbench-bulk-"))
    drafts = sample_drafts(posts, start=dt.date(2027, 1, 1), days=365, seed=11)
    with open_plan(work / "ours.lmplan") as plan:
        service = PlanService(plan)
        service.add_posts([replace(d, role=Role.MANAGER, kind=None) for d in drafts])
        ids = [p.id for p in service.posts()]
    shutil.copy(work / "ours.lmplan", work / "floor.lmplan")
    roles = [Role.MANAGER, Role.LEADER]  # flipped before each call: leader first
    timings: dict[str, list[float]] = {"ours": [], "floor": []}
    with open_plan(work / "ours.lmplan") as plan:
        service = PlanService(plan)

        def ours() -> None:
            roles.reverse()
            changed = service.set_role(ids, roles[0])
            assert len(changed.changes) == len(ids), len(changed.changes)

        conn = sqlite3.connect(work / "floor.lmplan")
        statement = (
            "UPDATE post SET role = ?, kind = ?, other_kind = ?, role_suggested = 0, "
            "version = ?, updated_at = ? WHERE id = ? AND version = ?"
        )
        rows = [(i, 1) for i in ids]

        def floor() -> None:
            role = roles[0]
            now = dt.datetime.now(dt.UTC).isoformat(" ")
            with conn:
                conn.executemany(statement, [(role, None, None, v + 1, now, i, v) for i, v in rows])
            rows[:] = [(i, v + 1) for i, v in rows]

        interleaved(timings, {"ours": ours, "floor": floor}, repeat)
        conn.close()
    (ours_median, ours_spread), (floor_median, _) = map(summarize, timings.values())
    return Figure(
        f"bulk role change of {posts:,} posts",
        ours_median,
        ours_spread,
        "one sqlite3 executemany of the same rows",
        floor_median,
        target=3.0,
        note="interleaved in one run",
    )


def interleaved(
    timings: dict[str, list[float]], runs: dict[str, Callable[[], object]], repeat: int
) -> None:
    """Time each run in turn, `repeat` rounds after one warm-up round, so load on a shared
    machine falls on both sides of a ratio alike."""
    for round_ in range(repeat + 1):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            if round_:
                timings[name].append(time.perf_counter() - start)


def daily_series(months: int, repeat: int, csv_ratio: float | None = None) -> Figure:
    """A daily series created with a horizon of `months` (ten years: about 3 650 posts) through
    the series service, against the floor of its dates from dateutil's rrule inserted with
    `sqlite3.executemany`; held to the CSV import's ratio measured in the same run (both write
    posts through the same bulk insert), or to the CSV import's target without one."""
    from dateutil.rrule import DAILY, rrule

    from lmplanner.core.io.csv_format import COLUMNS
    from lmplanner.core.series import SeriesRule
    from lmplanner.core.services import PostDraft, SeriesService
    from lmplanner.core.store import open_plan

    work = Path(tempfile.mkdtemp(prefix="lmbench-series-"))
    start = dt.date.today()
    counter = {"n": 0, "posts": 0}
    draft = PostDraft("Daily tip", "manager", "LinkedIn", time=dt.time(9), kind="tip")
    # The plans are opened ahead (one per run and the warm-up): the figure is the series alone.
    plans = [open_plan(work / f"series{n}.lmplan") for n in range(repeat + 1)]
    for plan in plans:
        SeriesService(plan).update_settings(series_horizon_months=months)

    def ours() -> None:
        service = SeriesService(plans[counter["n"]])
        counter["n"] += 1
        created = service.add_series(draft, SeriesRule.every(1, "daily", start))
        counter["posts"] = len(created.created())

    def floor() -> None:
        counter["n"] += 1
        conn = sqlite3.connect(work / f"floor{counter['n']}.db")
        columns = tuple(c for c in COLUMNS if c != "id")
        conn.execute(
            f"CREATE TABLE post (id INTEGER PRIMARY KEY, {', '.join(c + ' TEXT' for c in columns)})"
        )
        first = dt.datetime.combine(start, dt.time())
        days = rrule(DAILY, dtstart=first, until=first + dt.timedelta(days=months * 30.44))
        values = {"title": "Daily tip", "role": "manager", "channel": "LinkedIn", "time": "09:00"}
        rows = [
            tuple(day.date().isoformat() if c == "date" else values.get(c, "") for c in columns)
            for day in days
        ]
        with conn:
            conn.executemany(
                f"INSERT INTO post ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                rows,
            )
        conn.close()

    try:
        ours_median, ours_spread = measure(ours, repeat)
    finally:
        for plan in plans:
            plan.close()
    floor_median, _ = measure(floor, repeat)
    return Figure(
        f"Daily series over {months // 12} years ({counter['posts']:,} posts)",
        ours_median,
        ours_spread,
        "rrule dates + sqlite3.executemany",
        floor_median,
        target=csv_ratio or 3.0,
        note="target: the CSV import's ratio in this run" if csv_ratio else "",
    )


def ics_import(records: int, repeat: int) -> Figure:
    """`lmplanner import` of an iCalendar export of `records` dated posts into an empty plan,
    against the CSV import of the same posts (the issue asks for no more than its ratio)."""
    from lmplanner.core.io import ExportFormat, ImportOptions, export_plan
    from lmplanner.core.io.csv_format import posts_to_csv
    from lmplanner.core.io.importer import import_file
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    drafts = sample_drafts(records, start=dt.date(2027, 1, 1), days=365, seed=11)
    drafts = [d for d in drafts if d.date is not None]
    work = Path(tempfile.mkdtemp(prefix="lmbench-ics-"))
    with open_plan(work / "source.lmplan") as plan:
        service = PlanService(plan)
        service.add_posts(drafts)
        export_plan(service, work / "posts.ics", ExportFormat.ICS)
        (work / "posts.csv").write_bytes(posts_to_csv(service.posts()))
    counter = {"n": 0}

    def import_one(source: Path) -> None:
        counter["n"] += 1
        with open_plan(work / f"target{counter['n']}.lmplan") as plan:
            result = import_file(PlanService(plan), str(source), ImportOptions())
            assert result.imported == len(drafts), result

    ics_median, ics_spread = measure(lambda: import_one(work / "posts.ics"), repeat)
    csv_median, _ = measure(lambda: import_one(work / "posts.csv"), repeat)
    return Figure(
        f"ICS import of {len(drafts):,} events",
        ics_median,
        ics_spread,
        "CSV import of the same posts",
        csv_median,
        target=3.0,
    )


def run(quick: bool, work: Path) -> list[Figure]:
    small = build_plan(work / "plan-50.lmplan", 50)
    large = build_plan(work / "plan-50000.lmplan", 1_000 if quick else 50_000)
    repeat = 3 if quick else 15
    csv = csv_import(500 if quick else 10_000, 2 if quick else 5)
    return [
        meter_recompute(small, large, repeat, work),
        csv,
        csv_import_process(500 if quick else 10_000, 1 if quick else 3, quick=quick),
        json_restore(500 if quick else 20_000, 2 if quick else 3),
        bulk_role_change(500 if quick else 20_000, 2 if quick else 5),
        daily_series(12 if quick else 120, 2 if quick else 5, csv.ratio),
        ics_import(500 if quick else 100_000, 1 if quick else 2),
    ]
