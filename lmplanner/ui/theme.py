"""Role, channel and quiet-day colours for painted widgets, derived from the active QPalette.

Leader is a violet and manager a teal: the pair differs in hue for normal vision and in
lightness and saturation under protanopia, deuteranopia and tritanopia, and every painted use
also carries a second cue (the "L"/"M" letter or a symbol), so colour is never the only signal.
Pure functions, no state: call them at paint time with the widget's palette.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette

from lmplanner.core.domain import Role

# (light palette, dark palette) strokes per role. The dark variants are lighter so that they keep
# contrast against a dark base; all four pass 3:1 against their base as graphical objects.
_ROLE_STROKES: dict[Role, tuple[str, str]] = {
    Role.LEADER: ("#6a3fc1", "#b69cff"),
    Role.MANAGER: ("#00796b", "#4fc3b4"),
}
_FALLBACK_CHANNEL = "#808890"


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark theme (light text on a dark window)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`, opaque."""
    t = min(1.0, max(0.0, amount))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def role_color(role: Role, palette: QPalette) -> QColor:
    """The strong colour of a role: bars, badges, markers."""
    light, dark = _ROLE_STROKES[Role(role)]
    return QColor(dark if is_dark(palette) else light)


def role_fill(role: Role, palette: QPalette) -> QColor:
    """A soft, opaque tint of the role colour over the palette's base, for chip backgrounds.

    Text in the palette's Text colour stays readable on it in both light and dark themes.
    """
    base = palette.color(QPalette.ColorRole.Base)
    return mix(base, role_color(role, palette), 0.22 if is_dark(palette) else 0.13)


def role_on_color(role: Role, palette: QPalette) -> QColor:
    """Text colour for a glyph painted on `role_color` (e.g. the badge letter)."""
    return QColor("#17112a") if is_dark(palette) else QColor("#ffffff")


def role_letter(role: Role) -> str:
    """The one-letter badge of a role: "L" or "M" (translatable)."""
    if Role(role) is Role.LEADER:
        return QCoreApplication.translate("Role", "L", "badge letter for a leader post")
    return QCoreApplication.translate("Role", "M", "badge letter for a manager post")


def role_name(role: Role) -> str:
    """The role's display name (translatable)."""
    if Role(role) is Role.LEADER:
        return QCoreApplication.translate("Role", "Leader")
    return QCoreApplication.translate("Role", "Manager")


def role_symbol(role: Role) -> str:
    """A shape cue that differs by outline as well as colour: ★ leader, ● manager."""
    return "\N{BLACK STAR}" if Role(role) is Role.LEADER else "\N{BLACK CIRCLE}"


def quiet_color(palette: QPalette) -> QColor:
    """Background for quieter cells (weekends, days outside the month): a shade off the base."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return mix(base, text, 0.05 if is_dark(palette) else 0.035)


def quiet_text_color(palette: QPalette) -> QColor:
    """Text colour for quieter content (outside-month day numbers, secondary labels)."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return mix(text, base, 0.5)


def grid_color(palette: QPalette) -> QColor:
    """Hairline colour for calendar grid lines: subtle, but visible in both themes."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return mix(base, text, 0.16 if is_dark(palette) else 0.12)


def channel_color(hex_color: str | None) -> QColor:
    """A channel's colour from its "#rrggbb" setting; a neutral grey when missing or invalid."""
    if hex_color and QColor.isValidColorName(hex_color.strip()):
        return QColor(hex_color.strip())
    return QColor(_FALLBACK_CHANNEL)


def readable_channel_color(color: QColor, palette: QPalette) -> QColor:
    """A channel colour lifted just enough to stay visible as a small dot on a dark base."""
    if is_dark(palette) and color.lightnessF() < 0.55:
        return mix(color, QColor("#ffffff"), 0.55 - color.lightnessF())
    return QColor(color)


def warning_color(palette: QPalette) -> QColor:
    """Text colour for an inline error, readable on light and dark backgrounds."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b71c1c")
