"""Screenshots the tests take and what they check in them.

Pictures go to $LMPLANNER_SCREENSHOTS when set (to look at them), else to the test session's
temporary folder: never into the repository. Each is checked for what a person would see:
its size, and regions that are painted rather than blank (several colours, some ink)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

SCREENSHOTS_ENV = "LMPLANNER_SCREENSHOTS"


def screenshot_folder(temporary: Path) -> Path:
    """$LMPLANNER_SCREENSHOTS, created if need be, or `temporary`."""
    chosen = os.environ.get(SCREENSHOTS_ENV, "").strip()
    folder = Path(chosen).expanduser() if chosen else temporary
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pixels(image: QImage, rect: QRect | None = None) -> list[int]:
    """The 0xAARRGGBB values of `image` (or of `rect` in it), row by row."""
    part = image.copy(rect) if rect is not None else image
    part = part.convertToFormat(QImage.Format.Format_RGB32)
    data = memoryview(part.constBits()).cast("B")[: part.sizeInBytes()]
    return list(data.cast("I"))


def colours(image: QImage, rect: QRect | None = None) -> int:
    """How many distinct colours: text, antialiasing and role colours make many; blank makes 1."""
    return len(set(pixels(image, rect)))


def background(image: QImage, rect: QRect | None = None) -> QColor:
    """The commonest colour: what the region is painted on."""
    return QColor.fromRgb(Counter(pixels(image, rect)).most_common(1)[0][0])


def ink(image: QImage, rect: QRect | None = None, contrast: int = 0) -> int:
    """Pixels that differ from the background (by more than `contrast` in lightness)."""
    values = pixels(image, rect)
    common = Counter(values).most_common(1)[0][0]
    if not contrast:
        return sum(1 for v in values if v != common)
    base = QColor.fromRgb(common).lightness()
    return sum(1 for v in values if abs(QColor.fromRgb(v).lightness() - base) > contrast)


def lightness(image: QImage) -> int:
    """The mean lightness (0-255) of a sample of pixels: light and dark themes differ here."""
    sample = pixels(image)[::97]
    return sum(QColor.fromRgb(v).lightness() for v in sample) // len(sample)


def region(widget: QWidget, part: QWidget) -> QRect:
    """Where `part` is in a grab of `widget`."""
    return QRect(part.mapTo(widget, part.rect().topLeft()), part.size())


def assert_painted(image: QImage, rect: QRect | None = None, *, min_colours: int = 8) -> None:
    """The region holds a drawing or text, not a blank fill."""
    assert colours(image, rect) >= min_colours, f"blank region {rect}"
    area = (rect or image.rect()).width() * (rect or image.rect()).height()
    assert ink(image, rect) > area // 500, f"almost nothing painted in {rect}"


def save_screenshot(widget: QWidget, folder: Path, name: str) -> QImage:
    """Grab `widget` as it is shown now, save it as `folder/name` and check it is painted."""
    QApplication.processEvents()
    image = widget.grab().toImage()
    assert image.size() == widget.size() * widget.devicePixelRatio()
    path = folder / name
    assert image.save(str(path)) and path.stat().st_size > 2_000
    assert_painted(image, min_colours=24)
    return image
