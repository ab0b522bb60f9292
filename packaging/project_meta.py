"""The project's name, version and display name, read the way hatchling reads them.

pyproject.toml names the project and points [tool.hatch.version] at the file that holds
`__version__`; the PyInstaller spec and the packaging tests both read them through here, so
the bundle, the wheel and Help > About cannot disagree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ProjectMeta:
    name: str  # the distribution and executable name: "lmplanner"
    version: str
    app_name: str  # what people see: "LM Planner"
    scripts: tuple[str, ...]  # console scripts
    gui_scripts: tuple[str, ...]


def _assignment(text: str, name: str, source: Path) -> str:
    match = re.search(rf"^{name}\s*=\s*[\"']([^\"']+)[\"']", text, re.M)
    if match is None:
        raise ValueError(f"{source} has no {name} = '...' line")
    return match.group(1)


def project_meta(root: Path = ROOT) -> ProjectMeta:
    with (root / "pyproject.toml").open("rb") as fh:
        pyproject = tomllib.load(fh)
    project = pyproject["project"]
    version_file = root / pyproject["tool"]["hatch"]["version"]["path"]
    text = version_file.read_text(encoding="utf-8")
    return ProjectMeta(
        name=project["name"],
        version=_assignment(text, "__version__", version_file),
        app_name=_assignment(text, "APP_NAME", version_file),
        scripts=tuple(project.get("scripts", {})),
        gui_scripts=tuple(project.get("gui-scripts", {})),
    )


if __name__ == "__main__":
    meta = project_meta()
    print(meta.name, meta.version)
