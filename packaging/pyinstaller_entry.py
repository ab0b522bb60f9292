"""The bundled app's one entry script: `lmplanner` (CLI; GUI with no command) or `lmplanner-gui`.

One Analysis feeds every executable, so the program picks its front end by the name it was
started under: `lmplanner-gui` (a symlink on Linux, a windowed .exe on Windows) opens the GUI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _started_as_gui() -> bool:
    name = Path(sys.argv[0] or sys.executable).name.lower()
    return name.removesuffix(".exe") == "lmplanner-gui"


def _entry() -> int:
    # A windowed Windows build has no console: give print() and logging somewhere to write.
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:
            setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    if sys.platform == "darwin":
        # Finder on older macOS adds a process serial number argument; it is not a command.
        sys.argv[1:] = [arg for arg in sys.argv[1:] if not arg.startswith("-psn_")]
    from lmplanner.__main__ import gui_main, main

    return gui_main() if _started_as_gui() else main()


if __name__ == "__main__":
    sys.exit(_entry())
