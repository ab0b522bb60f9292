"""Clashes: two timed posts on one channel closer than the plan's `clash_minutes`, or one title
twice on a day. The meter lists them (SLOT_CLASH, a low flag); the editor and drag-and-drop warn
with `clashes_for` (a clash is never refused)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lmplanner.core.balance.report import Flag, FlagCode, Severity
from lmplanner.core.balance.tally import Facts
from lmplanner.core.balance.words import count_of, day_text, tr
from lmplanner.core.domain import BalanceSettings, PostRecord, name_key


class ClashReason(StrEnum):
    SLOT = "slot"  # timed posts on one channel too close together
    TITLE = "title"  # the same title twice on one day


@dataclass(frozen=True, slots=True)
class Clash:
    reason: ClashReason
    first: PostRecord
    second: PostRecord
    minutes: int = 0  # how far apart (slot clashes)

    @property
    def post_ids(self) -> tuple[int, int]:
        return (self.first.id, self.second.id)


def _moment(post: PostRecord) -> dt.datetime | None:
    if post.date is None or post.time is None:
        return None
    return dt.datetime.combine(post.date, post.time)


def clash_between(a: PostRecord, b: PostRecord, window: int) -> Clash | None:
    """How `a` and `b` clash, if they do (`window`: the plan's clash_minutes; 0 turns slot
    clashes off). Two posts exactly `window` minutes apart do not clash."""
    if a.id == b.id and a.id:
        return None
    if a.date is not None and a.date == b.date and name_key(a.title) == name_key(b.title):
        return Clash(ClashReason.TITLE, a, b)
    first, second = _moment(a), _moment(b)
    if first is None or second is None or name_key(a.channel) != name_key(b.channel):
        return None
    apart = abs(int((second - first).total_seconds() // 60))
    return Clash(ClashReason.SLOT, a, b, apart) if apart < window else None


def clashes_for(post: PostRecord, others: Iterable[PostRecord], window: int) -> list[Clash]:
    """The clashes `post` (as it would be saved: a draft, a moved post) has with `others`."""
    found = (clash_between(post, other, window) for other in others)
    return [clash for clash in found if clash is not None]


def find_clashes(posts: Sequence[PostRecord], window: int) -> list[Clash]:
    """Every clashing pair among `posts`, in date order; one flag per pair."""
    found: dict[tuple[int, int], Clash] = {}
    by_channel: dict[str, list[tuple[dt.datetime, PostRecord]]] = defaultdict(list)
    by_title: dict[tuple[dt.date, str], list[PostRecord]] = defaultdict(list)
    for post in posts:
        moment = _moment(post)
        if moment is not None:
            by_channel[name_key(post.channel)].append((moment, post))
        if post.date is not None:
            by_title[(post.date, name_key(post.title))].append(post)
    for same in by_title.values():
        for a, b in itertools.combinations(sorted(same, key=lambda p: p.id), 2):
            found[(a.id, b.id)] = Clash(ClashReason.TITLE, a, b)
    for timed in by_channel.values():
        timed.sort(key=lambda item: (item[0], item[1].id))
        for i, (moment, a) in enumerate(timed):
            for later, b in timed[i + 1 :]:
                apart = int((later - moment).total_seconds() // 60)
                if apart >= window:
                    break
                found.setdefault((a.id, b.id), Clash(ClashReason.SLOT, a, b, apart))
    return sorted(found.values(), key=lambda c: (c.first.date or dt.date.min, c.post_ids))


def clash_text(clash: Clash) -> str:
    """One clash in a sentence (the meter's flag, the editor's warning)."""
    a, b = clash.first, clash.second
    if clash.reason is ClashReason.TITLE:
        return tr("“{title}” is planned twice on {day}.").format(
            title=a.title, day=day_text(a.date or dt.date.min)
        )
    if clash.minutes == 0:
        return tr("“{a}” and “{b}” go out at the same time on {channel}, {day}.").format(
            a=a.title, b=b.title, channel=a.channel, day=day_text(a.date or dt.date.min)
        )
    return tr("“{a}” and “{b}” are {apart} apart on {channel}, {day}.").format(
        a=a.title,
        b=b.title,
        apart=count_of(clash.minutes, "minute"),
        channel=a.channel,
        day=day_text(a.date or dt.date.min),
    )


def slot_clash(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    posts = facts.posts_on(facts.days)
    flags = []
    for clash in find_clashes(posts, settings.clash_minutes):
        days = tuple(sorted({d for d in (clash.first.date, clash.second.date) if d is not None}))
        suggestion = (
            tr("Move one of them to another day, or change its title.")
            if clash.reason is ClashReason.TITLE
            else tr("Move one of them at least {window} away, or to another channel.").format(
                window=count_of(settings.clash_minutes, "minute")
            )
        )
        flags.append(
            Flag(
                FlagCode.SLOT_CLASH.value,
                Severity.LOW,
                clash_text(clash),
                suggestion,
                days,
                clash.post_ids,
            )
        )
    return flags
