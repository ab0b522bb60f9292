"""`python -m lmplanner` and the `lmplanner` / `lmplanner-gui` entry points."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """With a sub-command, run the CLI; with none, open the desktop app."""
    from lmplanner.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


def gui_main() -> int:
    """Entry point of `lmplanner-gui`: always the desktop app (no console window on Windows)."""
    from lmplanner.cli import main as cli_main

    return cli_main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
