"""Dialogs opened from the window: import, export, report, settings, backups, trash, a day, a
conflict, and the questions every part asks (the Prompter)."""
