"""A plan's -wal journal that SQLite would discard: found before the plan is opened, kept aside.

SQLite replays a -wal file frame by frame and silently stops at the first frame whose checksum or
salt is wrong; committed changes after that point are dropped. `lost_commits` reads the journal
the way SQLite does (the format is in sqlite.org/fileformat2.html#walformat) and says whether a
committed transaction would be dropped, so the file can be copied aside before anything opens it.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import shutil
import struct
from pathlib import Path

_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # checksum words little- or big-endian
_HEADER = 32
_FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


def journal_of(path: Path) -> Path:
    return Path(f"{path}-wal")


def lost_commits(data: bytes) -> bool:
    """Whether replaying this -wal content would drop a committed transaction."""
    if len(data) <= _HEADER:
        return False
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:_HEADER])
    order = _MAGIC.get(magic)
    if order is None or page_size < 512 or page_size & (page_size - 1):
        return True  # a header SQLite rejects: the whole journal is ignored
    if _checksum(order, data[:24], 0, 0) != (c1, c2):
        return True
    frame = _FRAME_HEADER + page_size
    s0, s1 = c1, c2
    offset = _HEADER
    replaying = True
    while offset + frame <= len(data):
        head = data[offset : offset + _FRAME_HEADER]
        page, commit, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack(">6I", head)
        ours = (f_salt1, f_salt2) == (salt1, salt2)
        if replaying:
            body = data[offset + _FRAME_HEADER : offset + frame]
            sums = _checksum(order, head[:8] + body, s0, s1)
            if not ours or page == 0 or sums != (f_c1, f_c2):
                replaying = False
            else:
                s0, s1 = sums
        if not replaying and ours and commit:
            return True  # a commit SQLite will never reach
        offset += frame
    return False


@functools.lru_cache(maxsize=4)
def _weights(pairs: int) -> tuple[tuple[int, ...], ...]:
    """SQLite's checksum is linear: after n word pairs (a, b) from state (s0, s1) it is
    M^n (s0, s1) + sum of M^(n-1-i) (a_i, a_i + b_i) with M = [[1, 1], [1, 2]], whose powers are
    Fibonacci numbers. These are the weights of each a_i and b_i, and of s0 and s1."""
    fib = [0, 1]
    while len(fib) < 2 * pairs + 3:
        fib.append((fib[-1] + fib[-2]) & _MASK)
    ks = range(pairs - 1, -1, -1)
    return (
        tuple(fib[2 * k + 1] for k in ks),  # a_i into s0
        tuple(fib[2 * k] for k in ks),  # b_i into s0
        tuple(fib[2 * k + 2] for k in ks),  # a_i into s1
        tuple(fib[2 * k + 1] for k in ks),  # b_i into s1
        (fib[2 * pairs - 1], fib[2 * pairs], fib[2 * pairs + 1]),
    )


def _checksum(order: str, data: bytes, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    a, b = words[0::2], words[1::2]
    wa0, wb0, wa1, wb1, (m0, m1, m2) = _weights(len(a))

    def dot(weights: tuple[int, ...], values: tuple[int, ...]) -> int:
        return sum(map(operator.mul, weights, values))

    new0 = m0 * s0 + m1 * s1 + dot(wa0, a) + dot(wb0, b)
    new1 = m1 * s0 + m2 * s1 + dot(wa1, a) + dot(wb1, b)
    return new0 & _MASK, new1 & _MASK


def keep_unreplayable(path: Path, folder: Path) -> Path | None:
    """Copy the plan's -wal into `folder` when SQLite would drop committed changes from it.

    Returns the copy when this journal was not kept before (so the user is told once), else None.
    """
    journal = journal_of(path)
    try:
        data = journal.read_bytes()
    except OSError:
        return None
    if not lost_commits(data):
        return None
    # Another process may be appending a frame right now: believe only a journal that holds still.
    try:
        if journal.read_bytes() != data:
            return None
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = folder / f"unrecovered-journal-{digest}.lmplan-wal"
    if target.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(journal, target)
    return target
