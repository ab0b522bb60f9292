"""PySide6's `__feature__` import hook is bypassed: imports stop leaving their source in memory."""

from __future__ import annotations

import builtins
import importlib
import linecache
import sys
from pathlib import Path

import pytest

from lmplanner.ui.compat import bypass_feature_scan

MODULE = """\
from PySide6.QtWidgets import QLabel


def label(text):
    widget = QLabel(text)
    widget.setObjectName("shown")  # Qt's own camelCase names: no __feature__ selected
    return widget
"""


def import_fresh(folder: Path, name: str) -> object:
    (folder / f"{name}.py").write_text(MODULE)
    importlib.invalidate_caches()
    return __import__(name)  # what an import statement calls (import_module would bypass it)


@pytest.fixture
def module_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    # Whatever the test does to the import hook is undone afterwards.
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)
    return tmp_path


def test_imports_no_longer_keep_their_source(qtbot: object, module_folder: Path) -> None:
    if not hasattr(builtins, "__feature_import__"):
        pytest.skip("this PySide6 has no __feature__ import hook")
    builtins.__import__ = builtins.__feature_import__  # as PySide6 leaves it
    import_fresh(module_folder, "lm_scanned_module")
    scanned = str(module_folder / "lm_scanned_module.py")
    assert scanned in linecache.cache  # the hook read it whole, and linecache kept it

    bypass_feature_scan()
    assert scanned not in linecache.cache  # what the hook read is let go with it
    module = import_fresh(module_folder, "lm_plain_module")
    assert str(module_folder / "lm_plain_module.py") not in linecache.cache
    assert builtins.__import__ is builtins.__orig_import__
    widget = module.label("Plan")  # type: ignore[attr-defined]
    assert (widget.text(), widget.objectName()) == ("Plan", "shown")
    linecache.cache.pop(scanned, None)
    for name in ("lm_scanned_module", "lm_plain_module"):
        sys.modules.pop(name, None)


def test_bypassing_twice_or_without_the_hook_changes_nothing(module_folder: Path) -> None:
    bypass_feature_scan()
    after_first = builtins.__import__
    bypass_feature_scan()
    assert builtins.__import__ is after_first
    import json  # ordinary imports keep working

    assert json.loads("[1]") == [1]


def test_an_import_hook_installed_after_pyside6_is_left_alone(module_folder: Path) -> None:
    def someone_elses_hook(*args: object, **kwargs: object) -> object:
        return builtins.__orig_import__(*args, **kwargs)  # type: ignore[attr-defined]

    builtins.__import__ = someone_elses_hook
    bypass_feature_scan()
    assert builtins.__import__ is someone_elses_hook
