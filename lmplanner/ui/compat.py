"""Small compatibility shims for the Qt layer.

`@override` marks Qt overrides on Python 3.11 without a runtime dependency on typing_extensions.

(PySide6 6.12.0 drops a reference to None on every void call and to True on every signal emission;
on Python 3.11, where those objects are not immortal, the app aborts with "deallocating None"
after a few thousand paints. pyproject.toml keeps PySide6 below 6.12 on 3.11 for that reason, and
a test guards the installed binding.)
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


__all__ = ["override"]
