"""The leader/manager choice: two large cards, each with what the role does and an example, and
the suggestion line beneath them that says which role the text reads like."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from lmplanner.core.balance import percent
from lmplanner.core.domain import Kind, Role
from lmplanner.ui import theme
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.suggest import RoleSuggestion


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


ROLE_TEXT = {
    Role.LEADER: (
        "Leader",
        "Earns the audience: a vision, a perspective, a story.",
        "“Why we stopped chasing every feature request”",
    ),
    Role.MANAGER: (
        "Manager",
        "Puts attention to work: how-tos, tips, news, offers.",
        "“How to plan a month of posts in 30 minutes”",
    ),
}


class RoleButton(QAbstractButton):
    """One half of the role choice: a large card with the role's meaning and an example."""

    PAD = 12
    BADGE = 22

    def __init__(self, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        name, explanation, example = ROLE_TEXT[role]
        self.title, self.explanation, self.example = tr(name), tr(explanation), tr(example)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName(f"{role.value}Button")
        self.setText(self.title)
        self.setAccessibleName(tr("{role} post").format(role=self.title))
        self.setAccessibleDescription(f"{self.explanation} {tr('Example:')} {self.example}")
        self.setToolTip(f"{self.explanation}\n{tr('Example:')} {self.example}")

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        title = QFont(self.font())
        title.setBold(True)
        title.setPointSizeF(title.pointSizeF() * 1.2)
        body = QFont(self.font())
        example = QFont(self.font())
        example.setItalic(True)
        return title, body, example

    def _text_height(self, width: int) -> int:
        title, body, example = self._fonts()
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = QRectF(0, 0, width, 1000).toRect()
        return (
            QFontMetrics(title).height()
            + 4
            + QFontMetrics(body).boundingRect(rect, flags, self.explanation).height()
            + 2
            + QFontMetrics(example).boundingRect(rect, flags, self.example).height()
        )

    def _text_width(self) -> int:
        return max(120, self.width() - 3 * self.PAD - self.BADGE)

    @override
    def sizeHint(self) -> QSize:
        return QSize(300, self._text_height(300 - 3 * self.PAD - self.BADGE) + 2 * self.PAD)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(220, self._text_height(self._text_width()) + 2 * self.PAD)

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return self._text_height(max(120, width - 3 * self.PAD - self.BADGE)) + 2 * self.PAD

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        color = theme.role_color(self.role, palette)
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        checked = self.isChecked()
        title_font, body_font, example_font = self._fonts()
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            frame = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
            fill = theme.role_fill(self.role, palette) if checked else base
            if self.underMouse() and not checked:
                fill = theme.mix(base, color, 0.06)
            border = color if checked else theme.grid_color(palette)
            p.setPen(QPen(border, 3 if checked else 1.2))
            p.setBrush(fill)
            p.drawRoundedRect(frame, 8, 8)
            if self.hasFocus():
                focus = QPen(palette.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
                p.setPen(focus)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(frame.adjusted(4, 4, -4, -4), 6, 6)
            badge = QRectF(self.PAD, self.PAD, self.BADGE, self.BADGE)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color if checked else theme.mix(base, color, 0.55))
            p.drawRoundedRect(badge, 5, 5)
            letter_font = QFont(title_font)
            letter_font.setPixelSize(13)
            p.setFont(letter_font)
            p.setPen(theme.role_on_color(self.role, palette))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, theme.role_letter(self.role))
            left = 2 * self.PAD + self.BADGE
            width = self._text_width()
            y = float(self.PAD)
            flags = int(Qt.TextFlag.TextWordWrap)
            p.setFont(title_font)
            p.setPen(color if checked else text)
            mark = "  ✓" if checked else ""
            height = QFontMetrics(title_font).height()
            p.drawText(QRectF(left, y, width, height), self.title + mark)
            y += height + 4
            p.setFont(body_font)
            p.setPen(text)
            rect = QFontMetrics(body_font).boundingRect(
                QRectF(0, 0, width, 1000).toRect(), flags, self.explanation
            )
            p.drawText(QRectF(left, y, width, rect.height()), flags, self.explanation)
            y += rect.height() + 2
            p.setFont(example_font)
            p.setPen(theme.mix(text, fill, 0.35))
            p.drawText(QRectF(left, y, width, self.height() - y), flags, self.example)


# ---------------------------------------------------------------------------------- suggestion
#: Below this confidence the editor says "No clear suggestion" rather than offer a guess.
MIN_CONFIDENCE = 0.6
_CONFIDENCE_WORDS = ((0.9, "fairly sure"), (0.75, "likely"), (MIN_CONFIDENCE, "possibly"))

SUGGEST_KEY = "Alt+S"
ACCEPT = "accept"  # take the suggested role (and kind)
CONFIRM = "confirm"  # keep the role an import suggested, as the person's own choice


def confidence_words(confidence: float) -> str:
    """How sure a suggestion is, in words: never "certain", since it is a suggestion."""
    for floor, words in _CONFIDENCE_WORDS:
        if confidence >= floor:
            return tr(words)
    return tr("unsure")


@dataclass(frozen=True, slots=True)
class SuggestionLine:
    """What the suggestion line shows, and what a click on it (or Alt+S) does."""

    text: str = ""
    detail: str = ""
    tooltip: str = ""
    role: Role | None = None
    action: str | None = None  # ACCEPT, CONFIRM or None


def describe(
    suggestion: RoleSuggestion | None,
    chosen: Role | None,
    chosen_kind: Kind | None,
    *,
    imported: bool,
) -> SuggestionLine:
    """The suggestion line for the text's suggestion, the chosen role and kind, and whether the
    role was suggested on import and not confirmed yet.

    The suggestion never sets the role by itself: a chosen role stays, and a suggestion that
    disagrees with it is only pointed out.
    """
    key = QKeySequence(SUGGEST_KEY).toString(QKeySequence.SequenceFormat.NativeText)
    if imported and chosen is not None:
        return SuggestionLine(
            tr("Role suggested on import — confirm?"),
            tr("{key} or a click confirms {role}").format(key=key, role=theme.role_name(chosen)),
            tr("The importer chose this role from the text. Confirm it or pick the other one."),
            chosen,
            CONFIRM,
        )
    if suggestion is None:
        return SuggestionLine()
    cues = "\n".join(f"• {cue}" for cue in suggestion.cues)
    why = tr("Why:") + "\n" + cues if cues else ""
    if suggestion.confidence < MIN_CONFIDENCE:
        return SuggestionLine(tr("No clear suggestion"), "", why)
    role = suggestion.role
    summary = theme.role_name(role)
    if suggestion.kind is not None:
        summary += f" · {suggestion.kind.value.capitalize()}"
    if suggestion.cues:
        summary += f" — {suggestion.cues[0]}"
    text = tr("Suggested: {summary}").format(summary=summary)
    sure = confidence_words(suggestion.confidence)
    tooltip = f"{text} ({sure}, {percent(suggestion.confidence)})\n{why}".rstrip()
    if chosen is None:
        detail = tr("{sure} · {key} or a click accepts").format(sure=sure, key=key)
        return SuggestionLine(text, detail, tooltip, role, ACCEPT)
    if chosen is not role:
        detail = tr("{sure} · differs from your choice · {key} switches").format(sure=sure, key=key)
        return SuggestionLine(text, detail, tooltip, role, ACCEPT)
    if suggestion.kind is not None and chosen_kind is None:
        detail = tr("{sure} · {key} also sets the kind").format(sure=sure, key=key)
        return SuggestionLine(text, detail, tooltip, role, ACCEPT)
    return SuggestionLine(
        text, tr("{sure} · agrees with your choice").format(sure=sure), tooltip, role
    )


class SuggestionButton(QAbstractButton):
    """The suggestion line under the role cards: a role badge, the suggestion and how sure it is.

    Clickable only when there is something to accept or confirm; the tooltip lists the cues.
    """

    PAD = 6
    BADGE = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roleSuggestion")
        self.setAccessibleName(tr("Role suggestion"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._line = SuggestionLine()

    def line(self) -> SuggestionLine:
        return self._line

    def detail(self) -> str:
        return self._line.detail

    def set_line(self, line: SuggestionLine) -> None:
        if line == self._line:
            return
        self._line = line
        self.setText(line.text)
        self.setToolTip(line.tooltip)
        self.setAccessibleDescription(
            f"{line.detail}. {line.tooltip}" if line.detail else line.tooltip
        )
        actionable = line.action is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if actionable else Qt.CursorShape.ArrowCursor
        )
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if actionable else Qt.FocusPolicy.NoFocus)
        self.update()

    @override
    def sizeHint(self) -> QSize:
        height = max(QFontMetrics(self.font()).height(), self.BADGE) + 2 * self.PAD
        return QSize(400, height)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        line = self._line
        if not line.text:
            return
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        quiet = theme.mix(text_color, palette.color(QPalette.ColorRole.Window), 0.4)
        actionable = line.action is not None
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            if actionable and line.role is not None:
                accent = theme.role_color(line.role, palette)
                base = palette.color(QPalette.ColorRole.Window)
                p.setPen(QPen(theme.mix(base, accent, 0.5), 1))
                p.setBrush(theme.mix(base, accent, 0.14 if self.underMouse() else 0.07))
                p.drawRoundedRect(frame, 6, 6)
            if self.hasFocus():
                focus = QPen(palette.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
                p.setPen(focus)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(frame.adjusted(2, 2, -2, -2), 5, 5)
            x = float(self.PAD)
            height = float(self.height())
            if line.role is not None:
                badge = QRectF(x, (height - self.BADGE) / 2, self.BADGE, self.BADGE)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(theme.role_color(line.role, palette))
                p.drawRoundedRect(badge, 4, 4)
                badge_font = QFont(self.font())
                badge_font.setBold(True)
                badge_font.setPixelSize(11)
                p.setFont(badge_font)
                p.setPen(theme.role_on_color(line.role, palette))
                p.drawText(badge, Qt.AlignmentFlag.AlignCenter, theme.role_letter(line.role))
                x += self.BADGE + self.PAD
            main_font = QFont(self.font())
            main_font.setBold(actionable)
            main, shown = self.shown_text(self.width() - x - self.PAD)
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            p.setFont(main_font)
            p.setPen(text_color if line.role is not None else quiet)
            main_width = QFontMetrics(main_font).horizontalAdvance(main)
            p.drawText(QRectF(x, 0, main_width + 1, height), align, main)
            if shown:
                p.setFont(self.font())
                p.setPen(quiet)
                detail_width = QFontMetrics(self.font()).horizontalAdvance(shown)
                p.drawText(QRectF(x + main_width, 0, detail_width + 2, height), align, shown)

    def text_room(self) -> int:
        """The width the words get: the button less its padding and the role badge."""
        badge = self.BADGE + self.PAD if self._line.role is not None else 0
        return self.width() - 2 * self.PAD - badge

    def shown_text(self, room: float) -> tuple[str, str]:
        """The suggestion and its detail as they fit in `room`: the suggestion is whole whenever
        it fits; the detail (how sure, what a key does) gets what is left, elided, and is dropped
        rather than squeezed into a few letters."""
        line = self._line
        main_font = QFont(self.font())
        main_font.setBold(line.action is not None)
        metrics = QFontMetrics(main_font)
        detail_metrics = QFontMetrics(self.font())
        detail = f"   {line.detail}" if line.detail else ""
        spare = int(room) - metrics.horizontalAdvance(line.text)
        # +2: an integer advance is rounded down, and eliding to exactly it cut the last letters.
        detail_width = min(detail_metrics.horizontalAdvance(detail) + 2, max(0, spare))
        if detail_width < 40:
            detail, detail_width = "", 0
        main = metrics.elidedText(line.text, Qt.TextElideMode.ElideRight, int(room) - detail_width)
        shown = detail_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, detail_width)
        return main, shown
