"""Render the app icon (resources/icons/lmplanner.svg) to PNG sizes, .ico and .icns.

Qt's SVG renderer draws the PNGs (PySide6-Essentials ships QtSvg); Pillow, a build-time tool
only, packs them into .ico (Windows) and .icns (macOS). Without Pillow the PNGs are still made.

    python packaging/make_icons.py --out build/icons      # PNGs, .ico and .icns for a build
    python packaging/make_icons.py --hicolor packaging/linux/icons/hicolor   # committed PNGs
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "lmplanner.svg"
ICON_NAME = "lmplanner"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of the SVG drawn at each size (antialiased, transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (QPainter needs one)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        with QPainter(image) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            renderer.render(painter, QRectF(0, 0, size, size))
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
            raise SystemExit(f"make_icons: could not encode the {size} px PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def _optimised(png: bytes) -> bytes:
    """The same picture through Pillow's optimising PNG encoder (committed files stay small)."""
    try:
        from io import BytesIO

        from PIL import Image
    except ImportError:
        return png
    out = BytesIO()
    Image.open(BytesIO(png)).save(out, "PNG", optimize=True)
    return min(png, out.getvalue(), key=len)


def write_pngs(pngs: dict[int, bytes], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size, data in pngs.items():
        path = out / f"{ICON_NAME}-{size}.png"
        path.write_bytes(_optimised(data))
        written.append(path)
    return written


def write_hicolor(pngs: dict[int, bytes], hicolor: Path) -> list[Path]:
    """The freedesktop icon theme layout: hicolor/NxN/apps/lmplanner.png."""
    written = []
    for size, data in pngs.items():
        folder = hicolor / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{ICON_NAME}.png"
        path.write_bytes(_optimised(data))
        written.append(path)
    return written


def write_ico_icns(pngs: dict[int, bytes], out: Path) -> list[Path]:
    from io import BytesIO

    from PIL import Image

    images = {size: Image.open(BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    out.mkdir(parents=True, exist_ok=True)
    ico = out / f"{ICON_NAME}.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    icns = out / f"{ICON_NAME}.icns"
    biggest = images[max(ICNS_SIZES)]
    biggest.save(
        icns,
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--out", type=Path, help="write lmplanner-N.png, .ico and .icns here")
    parser.add_argument("--hicolor", type=Path, help="write hicolor/NxN/apps/lmplanner.png here")
    args = parser.parse_args(argv)
    if args.out is None and args.hicolor is None:
        parser.error("give --out and/or --hicolor")
    pngs = render_pngs(args.svg, tuple(sorted(set(PNG_SIZES) | set(ICNS_SIZES))))
    written: list[Path] = []
    if args.out is not None:
        written += write_pngs({s: pngs[s] for s in PNG_SIZES}, args.out)
        try:
            written += write_ico_icns(pngs, args.out)
        except ImportError:
            print("make_icons: Pillow is not installed: no .ico or .icns", file=sys.stderr)
    if args.hicolor is not None:
        written += write_hicolor({s: pngs[s] for s in PNG_SIZES}, args.hicolor)
    for path in written:
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
