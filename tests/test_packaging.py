"""Packaging: the wheel's contents, the icon, the Linux desktop files under their validators.

The validators come from Debian's desktop-file-utils, appstream and shared-mime-info; a test
whose tool is missing is skipped with the package to install.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import lmplanner

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
DESKTOP_FILE = LINUX / "lmplanner.desktop"
METAINFO = LINUX / "io.github.lmplanner.LMPlanner.metainfo.xml"
MIME_XML = LINUX / "lmplanner-mime.xml"
MIME_TYPE = "application/x-lmplanner-plan"
SVG = ROOT / "resources" / "icons" / "lmplanner.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def _desktop_entry(path: Path = DESKTOP_FILE) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


# ---------------------------------------------------------------- one version everywhere
def test_spec_and_pyproject_agree_on_name_and_version() -> None:
    meta = _load("project_meta").project_meta(ROOT)
    assert meta.name == lmplanner.APP_ID == "lmplanner"
    assert meta.version == lmplanner.__version__
    assert meta.app_name == lmplanner.APP_NAME
    assert set(meta.scripts) == {"lmplanner"}
    assert set(meta.gui_scripts) == {"lmplanner-gui"}
    spec = (PACKAGING / "lmplanner.spec").read_text(encoding="utf-8")
    compile(spec, "lmplanner.spec", "exec")  # PyInstaller exec()s it: it must at least parse
    assert "project_meta(ROOT)" in spec
    assert (PACKAGING / "pyinstaller_entry.py").is_file()


def test_installed_metadata_has_the_source_version() -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("lmplanner")
    except PackageNotFoundError:
        pytest.skip("lmplanner is not installed (running from a bare checkout)")
    assert installed == lmplanner.__version__, "reinstall the project: `pip install -e .`"


def test_bundle_entry_picks_the_gui_by_executable_name(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _load("pyinstaller_entry")
    for argv0, gui in [
        ("/opt/lmplanner/lmplanner-gui", True),
        ("lmplanner-gui.exe", True),
        ("LMPLANNER-GUI.EXE", True),
        ("/opt/lmplanner/lmplanner", False),
        ("lmplanner.exe", False),
    ]:
        monkeypatch.setattr(sys, "argv", [argv0])
        assert entry._started_as_gui() is gui, argv0


# ---------------------------------------------------------------- the icon
def test_icon_svg_renders_at_16_and_512(qapp: object) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    assert renderer.isValid()
    for size in (16, 512):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(0)
        with QPainter(image) as painter:
            renderer.render(painter, QRectF(0, 0, size, size))
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255, f"the {size} px icon is see-through in the middle"


def test_make_icons_writes_pngs_ico_and_icns(tmp_path: Path) -> None:
    pytest.importorskip("PIL", reason="Pillow writes .ico and .icns")
    subprocess.run(
        [sys.executable, str(PACKAGING / "make_icons.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    for size in ICON_SIZES:
        assert _png_size(tmp_path / f"lmplanner-{size}.png") == (size, size)
    from PIL import Image

    with Image.open(tmp_path / "lmplanner.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "lmplanner.icns") as icns:
        assert icns.format == "ICNS"


def test_committed_hicolor_icons_are_small_pngs_of_their_size() -> None:
    for size in ICON_SIZES:
        png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "lmplanner.png"
        assert _png_size(png) == (size, size)
        assert png.stat().st_size < 32 * 1024, f"{png} should stay small"


# ---------------------------------------------------------------- the wheel
def _build_wheel(out: Path) -> Path:
    """Build the wheel with whichever front end is at hand: build, hatchling, else pip."""
    if importlib.util.find_spec("build") is not None:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    elif importlib.util.find_spec("hatchling") is not None:
        command = [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_wheel; build_wheel(sys.argv[1])",
            str(out),
        ]
    else:  # pip fetches hatchling into an isolated build environment
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("lmplanner-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_carries_resources_migrations_and_entry_points(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    assert wheel.name == f"lmplanner-{lmplanner.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        dist_info = f"lmplanner-{lmplanner.__version__}.dist-info"
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
        metadata = zf.read(f"{dist_info}/METADATA").decode()
    # Every file of the top-level resources/ folder, mapped into the package.
    resources = ROOT / "resources"
    expected = {
        f"lmplanner/resources/{path.relative_to(resources).as_posix()}"
        for path in resources.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "lmplanner/resources/icons/lmplanner.svg" in expected
    assert expected <= names, sorted(expected - names)
    # Alembic loads these as files.
    migrations = "lmplanner/core/store/migrations"
    assert {f"{migrations}/env.py", f"{migrations}/script.py.mako"} <= names
    assert any(n.startswith(f"{migrations}/versions/") and n.endswith(".py") for n in names)
    assert not any(n.startswith(("tests/", "resources/", "packaging/")) for n in names)
    assert "[console_scripts]\nlmplanner = lmplanner.__main__:main" in entry_points
    assert "[gui_scripts]\nlmplanner-gui = lmplanner.__main__:gui_main" in entry_points
    assert f"\nVersion: {lmplanner.__version__}\n" in metadata


# ---------------------------------------------------------------- Linux desktop files
def test_desktop_file_is_clean_under_desktop_file_validate() -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validate, str(DESKTOP_FILE)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_opens_plans_with_the_gui() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "lmplanner-gui %f"
    assert entry["Icon"] == "lmplanner"
    assert entry["Terminal"] == "false"
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert {"Office", "ProjectManagement"} <= set(entry["Categories"].split(";"))


def test_metainfo_has_no_errors_or_warnings_under_appstreamcli() -> None:
    appstreamcli = _tool("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    problems = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, output


def test_metainfo_matches_the_project() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("name") == lmplanner.APP_NAME
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == lmplanner.__version__, (
        "add a <release> for the new version to the metainfo file"
    )
    provides = root.find("provides")
    assert provides is not None
    meta = _load("project_meta").project_meta(ROOT)
    assert {b.text for b in provides.findall("binary")} == {*meta.scripts, *meta.gui_scripts}
    assert [m.text for m in provides.findall("mediatype")] == [MIME_TYPE]
    assert root.find("content_rating") is not None


def test_mime_type_matches_plans_by_name_and_by_content(tmp_path: Path) -> None:
    update = _tool("update-mime-database", "shared-mime-info")
    xml = ET.parse(MIME_XML).getroot().find(f"{MIME_NS}mime-type")
    assert xml is not None and xml.get("type") == MIME_TYPE
    assert xml.find(f"{MIME_NS}glob").get("pattern") == "*.lmplan"  # type: ignore[union-attr]

    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, share / "mime" / "packages" / "lmplanner.xml")
    result = subprocess.run([update, str(share / "mime")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (share / "mime" / "application" / "x-lmplanner-plan.xml").is_file()

    from lmplanner.core.store import open_plan

    plan = tmp_path / "files" / "plan.lmplan"
    plan.parent.mkdir()
    open_plan(plan).close()
    renamed = plan.parent / "plan-without-suffix"
    shutil.copy(plan, renamed)
    other = plan.parent / "another-program.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    # A fresh process, so QMimeDatabase reads this share folder.
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "db = QMimeDatabase()\n"
        "for path in sys.argv[1:]:\n"
        "    print(db.mimeTypeForFile(path).name())\n"
    )
    system_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "empty"),
        "XDG_DATA_DIRS": f"{share}:{system_dirs}",
    }
    found = subprocess.run(
        [sys.executable, "-c", probe, str(plan), str(renamed), str(other)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    ).stdout.split()
    assert found[:2] == [MIME_TYPE, MIME_TYPE]  # by its name, and by the "LMPL" application id
    assert found[2] != MIME_TYPE  # any other SQLite file is not a plan


def test_install_script_installs_and_removes_the_desktop_integration(tmp_path: Path) -> None:
    share = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(share)}
    program = "/opt/LM Planner/lmplanner-gui"
    script = str(LINUX / "install.sh")
    subprocess.run(["sh", script, "--exec", program], env=env, check=True, capture_output=True)
    installed = [
        share / "applications" / "lmplanner.desktop",
        share / "metainfo" / METAINFO.name,
        share / "mime" / "packages" / "lmplanner.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / "lmplanner.svg",
        *(share / "icons" / "hicolor" / f"{s}x{s}" / "apps" / "lmplanner.png" for s in ICON_SIZES),
    ]
    assert all(path.is_file() for path in installed), [p for p in installed if not p.is_file()]
    entry = _desktop_entry(installed[0])
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == program
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(installed[0])], capture_output=True, text=True
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    subprocess.run(["sh", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not any(path.exists() for path in installed)


@pytest.mark.parametrize("script", ["linux/install.sh", "build.sh"])
def test_shell_scripts_pass_shellcheck(script: str) -> None:
    shellcheck = _tool("shellcheck", "shellcheck")
    result = subprocess.run([shellcheck, str(PACKAGING / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
