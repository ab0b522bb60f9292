"""What the app keeps in memory once a plan file is open (issue 25: resident memory with a large
plan open): nothing a plan file does not use until later. The app runs as its own process, as
people start it, and reports at its exit what it had loaded."""

from __future__ import annotations

import json
from pathlib import Path

from app_process import demo_plan_file, run_app

# At the app's exit (it ends with os._exit once the plan is attached and painted): which of the
# late modules were imported, and which source files linecache still holds.
REPORT_AT_EXIT = """\
import json, linecache, os, sys
_end = os._exit
def _report(code):
    late = ("lmplanner.core.store.postgres", "lmplanner.core.suggest", "html")
    print(json.dumps({
        "attached": "lmplanner.ui.document" in sys.modules,
        "late": [name for name in late if name in sys.modules],
        "source": [name for name, entry in linecache.cache.items() if entry[1] is not None],
    }))
    sys.stdout.flush()
    _end(code)
os._exit = _report
from lmplanner.ui.app import run
sys.exit(run(sys.argv[1]))
"""


def test_an_open_plan_file_keeps_no_team_code_no_role_model_no_html_table_no_scanned_source(
    tmp_path: Path, data_dir: Path
) -> None:
    plan = demo_plan_file(tmp_path / "demo.lmplan")
    # Quit once the plan is attached and painted.
    result = run_app(REPORT_AT_EXIT, plan, data_dir, exit_after="loaded")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["attached"]  # the plan was open the normal way, not only its snapshot
    # Team plans' code comes with a team plan; the role model with the first editor or import;
    # html's entity table with the first tooltip.
    assert report["late"] == []
    # PySide6's import hook read these before it was taken out; nothing keeps them now.
    assert report["source"] == []
