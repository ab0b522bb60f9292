"""Templates and clashes in the app: saving a template (one undo step) and the clash warnings
the editor and drag-and-drop show (a warning, never a refusal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from lmplanner.core.domain import PostRecord, Role, TemplateRecord
from lmplanner.core.errors import PlannerError

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.services import PlanService
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.session import PlanSession


_DAY = dt.timedelta(days=1)  # clashes reach across midnight


def tr(text: str) -> str:
    return QCoreApplication.translate("TemplateOperations", text)


def template_from_values(values: Mapping[str, Any], pillar: str | None = None) -> TemplateRecord:
    """What the editor shows as a template (the name is given when it is saved)."""
    role = values.get("role")
    return TemplateRecord(
        "",
        str(values.get("title") or ""),
        role if isinstance(role, Role) else Role.LEADER,
        str(values.get("body") or ""),
        values.get("kind"),
        values.get("channel") or None,
        pillar,
        values.get("author") or None,
    )


def save_as_template(
    document: PlanDocument, name: str, source: TemplateRecord, on_error: Any = None
) -> ChangeSet | None:
    """Save `source` as the plan's template `name`: one undo step; None when refused."""
    if document.readonly:
        return None
    service = document.service
    return document.perform(
        tr("Save template"), lambda: service.add_template(name, source), on_error=on_error
    )


def clash_messages(service: PlanService, post: PostRecord) -> list[str]:
    """What `post`, as it would be saved, clashes with: one sentence per clash."""
    from lmplanner.core.balance import clash_text, clashes_for

    if post.date is None:
        return []
    try:
        window = service.settings().balance.clash_minutes
        others = service.posts(start=post.date - _DAY, end=post.date + _DAY)
    except PlannerError:
        return []
    return [clash_text(c) for c in clashes_for(post, others, window)]


def clashes_after_move(service: PlanService, ids: Sequence[int]) -> list[str]:
    """The clashes the moved posts now have (each pair said once)."""
    messages: list[str] = []
    for post_id in ids[:50]:  # a bulk move of hundreds is not a place for a sentence each
        try:
            post = service.post(post_id)
        except PlannerError:
            continue
        messages.extend(m for m in clash_messages(service, post) if m not in messages)
    return messages


def record_from_values(values: Mapping[str, Any], post_id: int = 0) -> PostRecord | None:
    """The editor's values as the record they would save, or None while they are incomplete."""
    from lmplanner.core.errors import ValidationError
    from lmplanner.core.services import validate_post

    try:
        clean = validate_post(values)
    except ValidationError:
        return None
    fields = {f.name for f in dataclasses.fields(PostRecord)}
    return PostRecord(id=post_id, **{k: v for k, v in clean.items() if k in fields})


def warn_clashes(session: PlanSession, ids: Sequence[int]) -> None:
    """After a move: say in the status bar what the moved posts now clash with."""
    service = session.service
    messages = clashes_after_move(service, ids) if service is not None else []
    if messages:
        more = len(messages) - 1
        # Qt's plural form: %n is the number, the translation picks the right noun.
        extra = QCoreApplication.translate(
            "TemplateOperations", " (and %n more clash(es))", "", more
        )
        text = messages[0] + (extra if more else "")
        session.message.emit(tr("Clash: {text}").format(text=text), 10_000)
