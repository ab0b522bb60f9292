"""Names a package's face offers but loads only when first asked for (PEP 562).

A package whose `__init__` names everything it offers would import all of it with the first use
of any part; the start-up path needs only a few. `lazy_names` gives the face a module
`__getattr__` that imports a named part the first time it is asked for (and keeps it, so the next
use is an ordinary lookup) and a `__dir__` that lists the names still to come.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, later: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for module `package`, whose names in `later` (name → module
    that defines it) load on first use."""

    def get(name: str) -> Any:
        if name not in later:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(later[name]), name)
        setattr(sys.modules[package], name, value)  # kept: the next use is a plain lookup
        return value

    def names() -> list[str]:
        return sorted({*vars(sys.modules[package]), *later})

    return get, names
