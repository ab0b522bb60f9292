"""Small compatibility shims for the Qt layer.

`@override` marks Qt overrides on Python 3.11 without a runtime dependency on typing_extensions.

(PySide6 6.12.0 drops a reference to None on every void call and to True on every signal emission;
on Python 3.11, where those objects are not immortal, the app aborts with "deallocating None"
after a few thousand paints. pyproject.toml keeps PySide6 below 6.12 on 3.11 for that reason, and
a test guards the installed binding.)

`bypass_feature_scan` takes PySide6's `__feature__` import hook out of the way (see there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

F = TypeVar("F", bound=Callable[..., object])

if TYPE_CHECKING:
    from typing_extensions import override
elif sys.version_info >= (3, 12):
    from typing import override
else:

    def override(method: F) -> F:
        """Marks a method as overriding its base class (checked by type checkers only)."""
        return method


def bypass_feature_scan() -> None:
    """Imports from now on go straight to Python's own `__import__`.

    Importing PySide6 replaces `builtins.__import__` with a hook for its opt-in `from __feature__
    import snake_case, true_property`. After every later import that hook reads the new module's
    whole source with `inspect.getsource` to see whether it mentions PySide6, and linecache keeps
    every line of it for the life of the process: 25 MiB of source text once SQLAlchemy, pydantic
    and SQLModel are loaded, a sixth of the app's memory with a plan open. LM Planner selects no
    `__feature__`, and a module the hook never saw is treated as one that selected none, so
    Python's import (kept by PySide6 as `builtins.__orig_import__`) does the same job without
    the scan. The source the hook read before this call (PySide6's own modules, enum, typing
    and the rest of what came before the app was created: over half a mebibyte) is let go too.
    A PySide6 without that hook is left as it is.
    """
    import builtins

    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    # Only PySide6's own hook is taken out: one installed after it (a debugger's) stays.
    if hook is not None and callable(original) and builtins.__import__ is hook:
        builtins.__import__ = original
        _forget_scanned_source()


def _forget_scanned_source() -> None:
    """Drop the lines linecache holds for files on disk: a traceback reads them again when it
    needs them. Entries without a modification time (source registered for code that has no
    file, e.g. by a debugger) cannot be read again and stay."""
    import linecache

    for name, entry in list(linecache.cache.items()):
        if len(entry) == 4 and entry[1] is not None:
            linecache.cache.pop(name, None)


__all__ = ["bypass_feature_scan", "override"]
