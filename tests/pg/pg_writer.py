"""One of several writer processes hammering the same team plan (run by test_pg_concurrency).

Usage: pg_writer.py URL WRITER N COUNTER_ID MOVER_ID START_AT
Adds N posts, moves the mover post by one day N times (read-modify-write inside the service's
transaction) and adds one to the counter post N times (read-modify-write across transactions,
guarded by the version: a stale attempt is refused and tried again). Prints a JSON summary.
"""

from __future__ import annotations

import json
import sys
import time

from lmplanner.core.errors import ConflictError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan


def main() -> int:
    url, writer, count, counter_id, mover_id, start_at = sys.argv[1:7]
    n = int(count)
    conflicts = 0
    with open_plan(url) as plan:
        service = PlanService(plan)
        # real time: all writers start together, so their writes race (the point of the test).
        time.sleep(max(0.0, float(start_at) - time.time()))
        for i in range(n):
            service.add_post(
                PostDraft(
                    title=f"writer {writer} post {i}",
                    role="leader" if i % 2 else "manager",
                    channel=f"Team channel {i % 5}",  # new names raced for by every writer
                    author=f"Author {i % 3}",
                )
            )
            service.move_posts([int(mover_id)], by_days=1)
            while True:
                current = service.post(int(counter_id))
                try:
                    service.update_post(
                        current.id,
                        {"notes": str(int(current.notes) + 1)},
                        expected_version=current.version,
                    )
                    break
                except ConflictError:
                    conflicts += 1
    print(json.dumps({"writer": writer, "conflicts": conflicts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
