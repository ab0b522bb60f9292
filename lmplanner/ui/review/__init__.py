"""Review in the app: who is acting (Preferences), the comment panel beside the editor, the note
of "Request changes…", and the status bar's review count."""

from lmplanner.ui.review.comment_panel import CommentPanel
from lmplanner.ui.review.identity import PreferencesDialog, chosen_name, show_preferences
from lmplanner.ui.review.note_dialog import ChangesNoteDialog
from lmplanner.ui.review.status import ReviewStatus

__all__ = [
    "ChangesNoteDialog",
    "CommentPanel",
    "PreferencesDialog",
    "ReviewStatus",
    "chosen_name",
    "show_preferences",
]
