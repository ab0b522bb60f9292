"""The start-up loader imports the data layer without OpenSSL (ui.lean_imports): the app opens a
plan without ssl and _hashlib loaded, hashes still work, and a library that needs one gets it.

Which modules a process has loaded is the subject here, so each case runs in a fresh interpreter:
the test process itself imported SQLAlchemy (and with it ssl) long before."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from app_process import demo_plan_file, run_app

from lmplanner.ui.lean_imports import LEFT_OUT, left_out


def fresh_python(code: str, *, cwd: Path | None = None) -> list[str]:
    """What `code` prints in a new interpreter, one item a line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(cwd or ""), *sys.path])),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split()


def test_the_data_layer_loads_and_works_without_openssl() -> None:
    printed = fresh_python(
        """
        import sys
        from lmplanner.ui.lean_imports import import_lean

        import_lean("sqlalchemy")
        import_lean("sqlmodel")
        print("ssl" in sys.modules, "_hashlib" in sys.modules)
        import hashlib
        from sqlalchemy import create_engine, text

        with create_engine("sqlite://").connect() as conn:
            print(conn.execute(text("SELECT 40 + 2")).scalar_one())
        from sqlalchemy.util import md5_hex  # SQLAlchemy's one use of hashlib (long names)

        print(hashlib.sha256(b"plan").hexdigest()[:12], md5_hex("x")[:6])
        import ssl  # left out only while the data layer was imported

        print(ssl.OPENSSL_VERSION.split()[0], "ssl" in sys.modules)
        """
    )
    assert printed == ["False", "False", "42", "64879f7d6b96", "9dd4e4", "OpenSSL", "True"]


def test_a_library_that_needs_openssl_gets_it(tmp_path: Path) -> None:
    (tmp_path / "needs_tls.py").write_text("import ssl\nCONTEXT = ssl.create_default_context\n")
    printed = fresh_python(
        """
        import sys
        from lmplanner.ui.lean_imports import import_lean

        module = import_lean("needs_tls")
        print(callable(module.CONTEXT), "ssl" in sys.modules)
        """,
        cwd=tmp_path,
    )
    assert printed == ["True", "True"]


def test_left_out_blocks_only_while_inside_and_leaves_loaded_modules_alone() -> None:
    assert sys.modules.get("json") is not None  # loaded: never blocked
    with left_out(("json", "lmplanner_no_such_module")):
        assert sys.modules["lmplanner_no_such_module"] is None
        with pytest.raises(ImportError):
            import lmplanner_no_such_module  # type: ignore[import-not-found]  # noqa: F401
        import json  # noqa: F401

    assert "lmplanner_no_such_module" not in sys.modules
    assert LEFT_OUT == ("ssl", "_hashlib")


# Says which modules the app process holds as it ends (it ends with os._exit once painted).
APP_REPORTING_MODULES = """
import os, sys
_exit = os._exit
def report(code):
    print(*sorted(m for m in ("ssl", "_hashlib", "hashlib", "sqlmodel", "lmplanner.ui.document")
                  if m in sys.modules), flush=True)
    _exit(code)
os._exit = report
from lmplanner.ui.app import run
report(run(sys.argv[1]))
"""


def test_the_app_opens_a_plan_without_loading_openssl(tmp_path: Path) -> None:
    plan = demo_plan_file(tmp_path / "demo.lmplan")
    # Quit once the plan is attached and painted.
    result = run_app(APP_REPORTING_MODULES, plan, tmp_path / "data", exit_after="loaded")
    assert result.returncode == 0, result.stderr[-3000:]
    # The plan was opened through the data layer, and OpenSSL never loaded.
    assert result.stdout.split() == ["hashlib", "lmplanner.ui.document", "sqlmodel"]
