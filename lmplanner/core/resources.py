"""Find bundled resources both in an installed wheel and in a source checkout."""

from __future__ import annotations

import pathlib

_PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent
# The wheel maps the top-level resources/ folder to lmplanner/resources (see pyproject).
_PACKAGED = _PACKAGE_DIR / "resources"
_CHECKOUT = _PACKAGE_DIR.parent / "resources"


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
