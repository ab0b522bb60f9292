"""The main window and what only it uses: actions and menus, the view switcher, the selection
tracker, the plan banner, the welcome panel and the plan-file commands."""

from lmplanner.ui.window.main_window import MainWindow
from lmplanner.ui.window.view_switcher import AGENDA, MONTH, WEEK

__all__ = ["AGENDA", "MONTH", "WEEK", "MainWindow"]
