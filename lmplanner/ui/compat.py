"""`@override` for Qt overrides on Python 3.11 without a runtime dependency on typing_extensions."""

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
