"""Where the window keeps its own state (geometry, docks, view, recent plans): QSettings.

With `LMPLANNER_DATA_DIR` set (portable use, and every test), the settings live in an INI file
in that folder instead of the user's real settings, so nothing leaks between the two.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

import lmplanner
from lmplanner.core.paths import DATA_DIR_ENV

ORGANIZATION = "LM Planner"
APPLICATION = lmplanner.APP_ID

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
VIEW = "window/view"
LAST_PLAN = "plans/last"
RECENT_PLANS = "plans/recent"
WELCOME_DONE = "plans/welcomeDone"  # plan uuids whose welcome panel was answered
RECENT_MAX = 8


def ui_settings() -> QSettings:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override).expanduser() / "lmplanner-ui.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def string_list(settings: QSettings, key: str) -> list[str]:
    """A list value as strings; INI files hand back one string, or None, for short lists."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item]
    return []


def recent_plans(settings: QSettings) -> list[str]:
    return string_list(settings, RECENT_PLANS)


def put(settings: QSettings, key: str, value: object) -> None:
    """Set `key` unless it holds `value` already. QSettings counts any value set, an equal one
    too, as a change: its next sync rewrites the whole file and waits for the disk twice
    (fdatasync), ~10 ms of every quit and start-up that changed nothing. Compare with what is on
    disk: call `fresh` first, once for all the keys a save puts."""
    if settings.contains(key) and settings.value(key) == value:
        return
    settings.setValue(key, value)


def fresh(settings: QSettings) -> QSettings:
    """The settings as they are on disk now. Another copy of the app may have saved since these
    were read; a value compared with the stale copy would look unchanged, be skipped, and the
    other copy's would win. sync() reads a changed file again and writes nothing when nothing
    is pending (one stat when nothing changed)."""
    settings.sync()
    return settings


def remember_plan(settings: QSettings, location: str) -> None:
    """Put a plan at the top of the recent list and make it the one opened next time."""
    fresh(settings)
    known = recent_plans(settings)
    recent = [location, *(p for p in known if p != location)][:RECENT_MAX]
    if recent != known:
        settings.setValue(RECENT_PLANS, recent)
    put(settings, LAST_PLAN, location)


def forget_recent(settings: QSettings) -> None:
    settings.setValue(RECENT_PLANS, [])
