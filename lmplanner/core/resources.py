"""Find bundled resources in an installed wheel, a PyInstaller app and a source checkout."""

from __future__ import annotations

import pathlib
import sys

_PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent
# The wheel maps the top-level resources/ folder to lmplanner/resources (see pyproject).
_PACKAGED = _PACKAGE_DIR / "resources"
_CHECKOUT = _PACKAGE_DIR.parent / "resources"
_BUNDLE_ROOT = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
if _BUNDLE_ROOT is not None:
    # A PyInstaller app (packaging/lmplanner.spec) keeps the wheel's layout under its own
    # folder; there is no checkout to fall back to, so never look beside the bundle.
    _PACKAGED = pathlib.Path(_BUNDLE_ROOT) / "lmplanner" / "resources"
    _CHECKOUT = _PACKAGED


def resource_path(*parts: str) -> pathlib.Path:
    """Return the path of a bundled resource such as `resource_path("roles", "model.json")`.

    The installed package location wins; a source checkout is the fallback. When the resource
    exists in neither, the path under whichever root exists is returned, so the caller's
    "file not found" names a plausible place.
    """
    for root in (_PACKAGED, _CHECKOUT):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    root = _PACKAGED if _PACKAGED.is_dir() or not _CHECKOUT.is_dir() else _CHECKOUT
    return root.joinpath(*parts)
