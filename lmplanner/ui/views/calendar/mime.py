"""The drag payload for posts: a JSON list of post ids under `application/x-lmplanner-posts`.

Any widget that drags posts (calendar chips, the backlog, the agenda) builds its QMimeData with
`encode_post_ids`; any drop target reads it back with `decode_post_ids`. The payload carries ids
only: the drop target turns them into one service call, so a stale or foreign payload can do no
harm beyond a refused move.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QMimeData

MIME_TYPE = "application/x-lmplanner-posts"

# A drag never legitimately carries more posts than a plan holds; refuse absurd payloads early.
MAX_IDS = 100_000


def encode_ids(post_ids: Iterable[int]) -> bytes:
    """The payload bytes: a compact JSON list of unique ids, in the given order."""
    import json  # here: a drag's business, not the first paint's (json is ~3 ms to import)

    unique = list(dict.fromkeys(int(post_id) for post_id in post_ids))
    return json.dumps(unique, separators=(",", ":")).encode("ascii")


def decode_ids(payload: bytes) -> list[int]:
    """Ids from payload bytes; an empty list for anything that is not a list of positive ints."""
    import json

    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(value, list) or len(value) > MAX_IDS:
        return []
    ids: list[int] = []
    for item in value:
        # bool is an int subclass; `true` is not a post id.
        if not isinstance(item, int) or isinstance(item, bool) or item <= 0:
            return []
        ids.append(item)
    return list(dict.fromkeys(ids))


def encode_post_ids(post_ids: Iterable[int]) -> QMimeData:
    """A QMimeData holding the posts' ids, ready for `QDrag.setMimeData`."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(encode_ids(post_ids)))
    return mime


def has_post_ids(mime: QMimeData | None) -> bool:
    """Whether the data offers posts at all (cheap; for dragEnterEvent)."""
    return mime is not None and mime.hasFormat(MIME_TYPE)


def decode_post_ids(mime: QMimeData | None) -> list[int]:
    """The posts' ids from a drop's QMimeData; an empty list when absent or malformed."""
    if not has_post_ids(mime):
        return []
    assert mime is not None
    return decode_ids(bytes(mime.data(MIME_TYPE).data()))
