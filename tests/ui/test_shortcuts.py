"""Every key of the main window does one thing, on offscreen and X11 key bindings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("shortcut_check.py")


def run_check(platform: str, data_dir: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "LMPLANNER_DATA_DIR": str(data_dir)}
    command = [sys.executable, str(CHECK)]
    if platform == "xcb":
        command = ["xvfb-run", "-a", *command]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_no_two_actions_share_a_key_and_ctrl_d_duplicates(platform: str, data_dir: Path) -> None:
    if platform == "xcb" and shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed")
    answer = run_check(platform, data_dir)
    assert answer["platform"] == platform
    assert answer["clashes"] == {}  # on X11, StandardKey.Delete also means Ctrl+D
    assert answer["after_ctrl_d"] == 2  # Ctrl+D duplicated the selected post
    assert answer["after_del"] == 1  # Del moved it to the trash
