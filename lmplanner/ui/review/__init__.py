"""Review in the app: who is acting (Preferences), the comment panel beside the editor, the note
of "Request changes…", and the status bar's review count.

Only the status bar's part is part of the window's first paint; the others (and the dialog
helpers they bring: file dialogs, message boxes, URLs) load when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmplanner.core.lazy import lazy_names
from lmplanner.ui.review.status import ReviewStatus

if TYPE_CHECKING:
    from lmplanner.ui.review.comment_panel import CommentPanel
    from lmplanner.ui.review.identity import PreferencesDialog, chosen_name, show_preferences
    from lmplanner.ui.review.note_dialog import ChangesNoteDialog

_LATER = {
    "ChangesNoteDialog": "lmplanner.ui.review.note_dialog",
    "CommentPanel": "lmplanner.ui.review.comment_panel",
    "PreferencesDialog": "lmplanner.ui.review.identity",
    "chosen_name": "lmplanner.ui.review.identity",
    "show_preferences": "lmplanner.ui.review.identity",
}

__getattr__, __dir__ = lazy_names(__name__, _LATER)


__all__ = [
    "ChangesNoteDialog",
    "CommentPanel",
    "PreferencesDialog",
    "ReviewStatus",
    "chosen_name",
    "show_preferences",
]
