"""The plan store: opening a plan (a SQLite file or a team database) and the plan's schema."""

from lmplanner.core.store.sqlite import (
    MIGRATIONS_DIR,
    Plan,
    create_plan,
    open_plan,
    readonly_reason,
)

__all__ = ["MIGRATIONS_DIR", "Plan", "create_plan", "open_plan", "readonly_reason"]
