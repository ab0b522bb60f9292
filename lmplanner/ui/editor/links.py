"""What the editor's strategy part reads from the plan: pillars, leader posts to follow up, and
the follow-ups of a leader post. A thin reader over the services, so the editor never holds one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lmplanner.core.domain import PillarRecord, PostRecord, Role, name_key
from lmplanner.core.errors import NotFoundError

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

CANDIDATES_MAX = 200  # the picker lists this many; typing narrows the rest down


class LinkSource:
    """Reads for the editor's pillar choice, "Follows up" picker and follow-ups list."""

    def __init__(self, service: PlanService) -> None:
        self.service = service
        self._pillars: list[PillarRecord] | None = None

    def pillars(self) -> list[PillarRecord]:
        if self._pillars is None:
            self._pillars = self.service.pillars()
        return self._pillars

    def pillar_color(self, name: str | None) -> str | None:
        key = name_key(name) if name else None
        return next((p.color for p in self.pillars() if name_key(p.name) == key), None)

    def post(self, post_id: int) -> PostRecord | None:
        """The post, trash included; None when it is gone for good."""
        try:
            return self.service.post(post_id, include_deleted=True)
        except NotFoundError:
            return None

    def counts(self, post_id: int) -> bool:
        """Whether a link to this post counts: it is a leader post outside the trash."""
        return post_id in self.service.live_leaders([post_id])

    def follow_ups(self, post_id: int) -> list[PostRecord]:
        return self.service.follow_ups(post_id)

    def candidates(
        self,
        text: str = "",
        *,
        pillar: str | None = None,
        near: dt.date | None = None,
        exclude: int | None = None,
    ) -> list[PostRecord]:
        """Leader posts whose title or body holds `text`: the same pillar first, then the nearest
        dates (leader posts before `near` a little ahead of those after it), the backlog last."""
        from lmplanner.core.services import PostFilter

        flt = PostFilter(roles=(Role.LEADER,), search=text.strip())
        posts = [p for p in self.service.posts(flt=flt, limit=5000) if p.id != exclude]
        key = name_key(pillar) if pillar else None
        anchor = near or dt.date.today()

        def rank(post: PostRecord) -> tuple[int, int, int, int]:
            same = 0 if key is not None and post.pillar and name_key(post.pillar) == key else 1
            if post.date is None:
                return (same, 1, 0, post.id)
            days = (post.date - anchor).days
            # A follow-up usually comes after its leader post: earlier leader posts rank closer.
            return (same, 0, -days if days <= 0 else days * 2, post.id)

        return sorted(posts, key=rank)[:CANDIDATES_MAX]
