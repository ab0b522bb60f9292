"""Posts, periods and flag look-ups shared by the balance engine tests."""

from __future__ import annotations

import datetime as dt

from lmplanner.core.balance import BalanceReport, Flag, FlagCode, Period
from lmplanner.core.domain import BalanceSettings, Kind, PostRecord, Role

NOV = Period.month(2026, 11)  # 1 Nov 2026 is a Sunday: with Monday weeks the month starts mid-week
MONDAY, SUNDAY = 0, 6
# Only the share rules speak; each table case switches on the one rule it is about.
QUIET = BalanceSettings(
    drought_days=1000, drought_week_min_posts=1000, channel_min_posts=1000, promotion_max=1.0
)
ALL_DROUGHT = FlagCode.ALL_ACTIVITY_NO_VISION, FlagCode.LEADER_DROUGHT


def nov(day: int) -> dt.date:
    return dt.date(2026, 11, day)


class Posts:
    """Builds posts with increasing ids, so cases read as a list of days and roles."""

    def __init__(self) -> None:
        self.next_id = 1
        self.items: list[PostRecord] = []

    def add(
        self,
        day: dt.date | None,
        role: Role,
        *,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
        count: int = 1,
        deleted: bool = False,
        pillar: str | None = None,
        follows: int | None = None,
    ) -> Posts:
        for _ in range(count):
            self.items.append(
                PostRecord(
                    id=self.next_id,
                    title=f"post {self.next_id}",
                    role=role,
                    channel=channel,
                    date=day,
                    kind=kind,
                    author=author,
                    pillar=pillar,
                    follows=follows,
                    deleted_at=dt.datetime(2026, 1, 1) if deleted else None,
                )
            )
            self.next_id += 1
        return self

    def leader(
        self,
        *days: int,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
        pillar: str | None = None,
    ) -> Posts:
        for day in days:
            self.add(
                nov(day), Role.LEADER, channel=channel, kind=kind, author=author, pillar=pillar
            )
        return self

    def manager(
        self,
        *days: int,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
        pillar: str | None = None,
        follows: int | None = None,
    ) -> Posts:
        for day in days:
            self.add(
                nov(day),
                Role.MANAGER,
                channel=channel,
                kind=kind,
                author=author,
                pillar=pillar,
                follows=follows,
            )
        return self


def codes(report: BalanceReport) -> list[str]:
    return sorted(flag.code for flag in report.flags)


def only(report: BalanceReport, code: str) -> Flag:
    found = [flag for flag in report.flags if flag.code == code]
    assert len(found) == 1, report.flags
    return found[0]
