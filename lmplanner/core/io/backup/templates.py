"""The plan's own templates in a JSON backup: written as objects, read back and checked by the
rules templates are saved by (built-in templates are never part of a backup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from lmplanner.core.domain import Kind, Role, TemplateRecord, name_key
from lmplanner.core.errors import ValidationError
from lmplanner.core.io.records import ImportFileError

TEMPLATE_KEYS = ("name", "title", "body", "role", "kind", "channel", "pillar", "author")


def template_documents(templates: Sequence[TemplateRecord]) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "title": t.title,
            "body": t.body,
            "role": t.role.value,
            "kind": t.kind.value if t.kind else None,
            "channel": t.channel,
            "pillar": t.pillar,
            "author": t.author,
        }
        for t in templates
        if not t.builtin
    ]


def parse_templates(document: Mapping[str, Any]) -> tuple[TemplateRecord, ...] | None:
    """The backup's templates; None for a backup written before plans had them."""
    if "templates" not in document:
        return None
    items = document["templates"]
    if not isinstance(items, list):
        raise ImportFileError('the backup\'s "templates" is not a list')
    return tuple(_template(item, i) for i, item in enumerate(items))


def _template(item: Any, index: int) -> TemplateRecord:
    from lmplanner.core.services import validate_post
    from lmplanner.core.services.validation import clean_name

    where = f"templates[{index}]"
    if not isinstance(item, dict) or any(
        item.get(k) is not None and not isinstance(item.get(k), str) for k in TEMPLATE_KEYS
    ):
        raise ImportFileError(f"{where} must be an object of texts ({', '.join(TEMPLATE_KEYS)})")
    try:
        name = clean_name(item.get("name"), what="template", field_name="name")
        values = validate_post({**item, "channel": item.get("channel") or "-"})
    except ValidationError as exc:
        raise ImportFileError(f"{where}: {exc}") from None
    if not name:
        raise ImportFileError(f"{where}: a template needs a name")
    return TemplateRecord(
        name,
        values["title"],
        Role(values["role"]),
        values["body"],
        Kind(values["kind"]) if values["kind"] else None,
        values["channel"] if item.get("channel") else None,
        values["pillar"],
        values["author"],
    )


def wanted_templates(templates: Sequence[TemplateRecord], now: dt.datetime) -> list[dict[str, Any]]:
    """The template rows a restore makes the plan hold (one per name, the last one wins)."""
    rows: dict[str, dict[str, Any]] = {}
    for t in templates:
        rows[name_key(t.name)] = {
            "name": t.name,
            "title": t.title,
            "body": t.body,
            "role": t.role.value,
            "kind": t.kind.value if t.kind else None,
            "channel": t.channel,
            "pillar": t.pillar,
            "author": t.author,
            "created_at": now,
        }
    return list(rows.values())
