"""Helpers for driving the main window in tests: a scripted Prompter and a ready window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from lmplanner.ui.dialogs.prompter import Prompter

# A fixed "today" (a Wednesday) so periods and the sample month do not depend on the run date.
TODAY = dt.date(2026, 3, 11)


class ScriptedPrompter(Prompter):
    """Answers file questions from lists; records every message box it opens (still shown)."""

    def __init__(self) -> None:
        self.open_paths: list[str] = []
        self.save_paths: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.conflict_choices: list[str] = []  # "mine", "theirs" or "cancel", in turn
        self.conflicts: list[tuple[dict[str, Any], Any]] = []  # (mine, theirs) asked about
        self.recovery_choices: list[str] = []  # "read-only", "restore" or "cancel", in turn
        self.recoveries: list[tuple[Path, str]] = []  # (file, error) a recovery was offered for
        self.plan_names: list[str | None] = []  # answers to "Name the plan", in turn
        self.names_suggested: list[str] = []

    def error(self, parent: QWidget | None, title: str, text: str) -> QMessageBox:
        self.errors.append((title, text))
        return super().error(parent, title, text)

    def open_plan_path(self, parent: QWidget | None, directory: str) -> str | None:
        return self.open_paths.pop(0) if self.open_paths else None

    def save_plan_path(self, parent: QWidget | None, title: str, directory: str) -> str | None:
        return self.save_paths.pop(0) if self.save_paths else None

    def plan_name(self, parent: QWidget | None, suggested: str) -> str | None:
        self.names_suggested.append(suggested)
        return self.plan_names.pop(0) if self.plan_names else suggested

    def resolve_conflict(
        self, parent: QWidget | None, error: Exception, mine: Mapping[str, Any], theirs: Any
    ) -> str:
        self.conflicts.append((dict(mine), theirs))
        return self.conflict_choices.pop(0) if self.conflict_choices else "cancel"

    def offer_recovery(self, parent: QWidget | None, path: Path, error: Exception) -> str:
        self.recoveries.append((Path(path), str(error)))
        return self.recovery_choices.pop(0) if self.recovery_choices else "cancel"


def message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_message_boxes() -> None:
    for box in message_boxes():
        box.done(0)


def write_foreign_files(folder: Path) -> dict[str, Path]:
    """Files that must never be opened as plans: noise, an empty file, another app's database."""
    import sqlite3

    folder.mkdir(parents=True, exist_ok=True)
    noise = folder / "notes.lmplan"
    noise.write_bytes(b"Remember: plan the launch week.\n" * 40)
    empty = folder / "empty.lmplan"
    empty.write_bytes(b"")
    other = folder / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('Ada')")
    conn.commit()
    conn.close()
    return {"noise": noise, "empty": empty, "other": other}
