"""The meter's strategy part: the pillar mix against the targets (bars with target marks), the
share of untied manager posts, and who leads ("Leading: Ana, Ben") with a way to the Who leads
view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from lmplanner.core.balance import percent
from lmplanner.core.domain import name_key
from lmplanner.ui import theme
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport
    from lmplanner.core.balance.report import PillarShare

ROW_H = 18.0
LABEL_W = 96.0
VALUE_W = 40.0


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


def leading(report: BalanceReport) -> list[str]:
    """The authors whose leader share reaches the band: the plan's leader voices."""
    return report.leader_voices()


def leading_line(report: BalanceReport) -> str:
    """Who leads, in the report's words; the posts without an author counted apart."""
    return report.who_leads_line()


def mix_line(row: PillarShare) -> str:
    name = row.name or tr("No pillar")
    share = percent(row.share) if row.share is not None else "—"
    if row.target is None:
        return tr("{pillar}: {share}").format(pillar=name, share=share)
    return tr("{pillar}: {share} (target {target})").format(
        pillar=name, share=share, target=percent(row.target)
    )


class PillarMix(QWidget):
    """One bar per pillar (and one for posts without a pillar): its share, a tick at its target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pillarMix")
        self.setAccessibleName(tr("Pillar mix"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.rows: tuple[PillarShare, ...] = ()
        self.colors: dict[str, QColor] = {}

    def set_rows(self, rows: tuple[PillarShare, ...], colors: dict[str, str]) -> None:
        # "No pillar" only when some post has none: an empty grey bar says nothing.
        shown = tuple(r for r in rows if r.name is not None or r.total)
        new_colors = {name_key(k): QColor(v) for k, v in colors.items()}
        if shown == self.rows and new_colors == self.colors:
            return  # most edits leave the mix as it was: nothing to lay out or paint
        resized = len(shown) != len(self.rows)
        self.rows, self.colors = shown, new_colors
        self.setAccessibleDescription("; ".join(mix_line(r) for r in self.rows))
        self.setToolTip("\n".join(mix_line(r) for r in self.rows))
        if resized:  # the height is one bar per row
            self.updateGeometry()
        self.update()

    def lines(self) -> list[str]:
        return [mix_line(r) for r in self.rows]

    @override
    def sizeHint(self) -> QSize:
        return QSize(240, int(len(self.rows) * ROW_H) + 4)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(160, int(len(self.rows) * ROW_H) + 4)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = theme.quiet_text_color(palette)
        metrics = QFontMetricsF(self.font())
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            # Names get what they need, up to two fifths of the width; the bars the rest.
            names = [r.name or tr("No pillar") for r in self.rows]
            need = max((metrics.horizontalAdvance(n) for n in names), default=0.0) + 8
            label_w = min(max(LABEL_W, need), self.width() * 0.4)
            track_w = max(20.0, self.width() - label_w - VALUE_W - 8)
            for index, row in enumerate(self.rows):
                top = 2 + index * ROW_H
                name = row.name or tr("No pillar")
                p.setPen(text if row.name else muted)
                label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6)
                p.drawText(QRectF(0, top, label_w - 6, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
                track = QRectF(label_w, top + 5, track_w, ROW_H - 10)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(theme.quiet_color(palette))
                p.drawRoundedRect(track, 3, 3)
                color = self.colors.get(name_key(row.name)) if row.name else muted
                bar = QRectF(track.left(), track.top(), track_w * (row.share or 0), track.height())
                p.setBrush(color or muted)
                p.drawRoundedRect(bar, 3, 3)
                if row.target is not None:
                    # The target: a tick in the text colour, taller than the bar, on any fill.
                    x = track.left() + track_w * row.target
                    p.setPen(QPen(text, 2))
                    p.drawLine(QPointF(x, top + 2), QPointF(x, top + ROW_H - 2))
                p.setPen(text)
                value = percent(row.share) if row.share is not None else "—"
                p.drawText(
                    QRectF(label_w + track_w + 4, top, VALUE_W + 4, ROW_H),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    value,
                )


class StrategyPanel(QWidget):
    """Pillar mix, untied share and leader voices; `whoLeadsRequested` for the Who leads view."""

    whoLeadsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meterStrategy")
        self.heading = QLabel(tr("Pillars against their targets"), self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.mix = PillarMix(self)
        self.untied = self._line("meterUntied")
        self.leading = self._line("meterLeading")
        self.who_button = QPushButton(tr("Who &leads…"), self)
        self.who_button.setObjectName("whoLeadsButton")
        self.who_button.setToolTip(tr("Each author's posts, leader share, profile and pillars"))
        self.who_button.clicked.connect(self.whoLeadsRequested)
        self.colors: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 2)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        layout.addWidget(self.mix)
        layout.addWidget(self.untied)
        layout.addWidget(self.leading)
        layout.addWidget(self.who_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.set_report(None)

    def _line(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def set_pillar_colors(self, colors: dict[str, str]) -> None:
        self.colors = dict(colors)

    def set_report(self, report: BalanceReport | None) -> None:
        rows_before, shown_before = len(self.mix.rows), self.mix.isVisibleTo(self)
        self._show_report(report)
        if (len(self.mix.rows), self.mix.isVisibleTo(self)) != (rows_before, shown_before):
            self._lay_out_now()

    def _lay_out_now(self) -> None:
        """Qt moves a grown panel one layout level per event-loop turn; a paint between
        turns (at start-up, while the plan loads) drew the pillar rows over the lines under
        them. The layouts from here up to the window are settled at once instead."""
        widget: QWidget | None = self
        while widget is not None and widget.isVisible():
            layout = widget.layout()
            if layout is not None:
                layout.activate()
            if widget.isWindow():
                break
            widget = widget.parentWidget()

    def _show_report(self, report: BalanceReport | None) -> None:
        has_pillars = bool(report and any(r.name for r in report.by_pillar))
        for widget in (self.heading, self.mix, self.untied):
            widget.setVisible(has_pillars)
        if report is None:
            self.mix.set_rows((), {})
            self.leading.setText("")
            self.setVisible(False)
            return
        self.setVisible(True)
        self.mix.set_rows(report.by_pillar if has_pillars else (), self.colors)
        untied = report.untied
        if untied.share is None:
            self.untied.setText(tr("Untied manager posts: none in this period"))
        else:
            self.untied.setText(
                tr("Untied manager posts: {count} ({share}); limit {limit}").format(
                    count=untied.count,
                    share=percent(untied.share),
                    limit=percent(report.settings.untied_max),
                )
            )
        self.leading.setText(leading_line(report))
