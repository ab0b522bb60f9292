"""KEEP: the marker for "leave this field as it is", in a module of its own so the calendar views
can name it without importing the services (the first paint does not need them)."""

from __future__ import annotations

from typing import Final


class Keep:
    """Marker: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = Keep()
