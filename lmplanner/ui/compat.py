"""Small compatibility shims for the Qt layer (imported by every module of the GUI).

- `@override` for Qt overrides on Python 3.11 without a runtime dependency on typing_extensions.
- A guard against a binding bug: PySide6 6.12.0 on Python 3.11 returns None from every void
  method (`update()`, `QPainter.save()`, `setText()`…) and True from `Signal.emit()` without
  taking a reference, so each call lowers the reference count of None or True by one. They start
  near 5 000 and 50; one month repaint makes ~500 void calls: the app aborted with "Fatal Python
  error: none_dealloc" (or bool_dealloc) within seconds. Python 3.12+ makes these singletons
  immortal, which hides the bug; on 3.11 we do the same by hand, and only when a probe shows the
  bug is present. Pinning PySide6 != 6.12.0 avoids it too (6.11.3 is correct).
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


_IMMORTAL_HEADROOM = 1 << 48


def binding_leaks_singletons() -> bool:
    """Whether void Qt calls or signal emissions drop references to None/True (PySide6 6.12.0)."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(8):
        probe.setObjectName("probe")
        probe.ping.emit()
    return sys.getrefcount(None) < none_before - 4 or sys.getrefcount(True) < true_before - 4


def guard_singleton_refcounts() -> bool:
    """Give None, True and False practically endless reference counts where the binding leaks
    them (as Python 3.12 does for every interpreter); True if that was needed."""
    if sys.version_info >= (3, 12) or not binding_leaks_singletons():
        return False
    import ctypes

    # CPython object header: ob_refcnt (Py_ssize_t) comes first. These objects are never freed,
    # so a huge count only changes whether the fatal "deallocating None" is ever reached.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += _IMMORTAL_HEADROOM
    return True


SINGLETONS_GUARDED = guard_singleton_refcounts()

__all__ = [
    "SINGLETONS_GUARDED",
    "binding_leaks_singletons",
    "guard_singleton_refcounts",
    "override",
]
