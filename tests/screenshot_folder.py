"""Where the UI tests save the screenshots they take: a folder in the system's temporary folder,
never the repository (LMPLANNER_SCREENSHOTS names another folder, e.g. to look at them)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SCREENSHOTS = Path(
    os.environ.get("LMPLANNER_SCREENSHOTS") or Path(tempfile.gettempdir()) / "lmplanner-screenshots"
)
