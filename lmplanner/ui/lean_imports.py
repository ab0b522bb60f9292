"""The data layer imported without the optional modules its libraries load only if they can.

SQLAlchemy imports asyncio (for its async extension, which a plan never uses) and hashlib; asyncio
then imports ssl if it can, and hashlib OpenSSL's hashes (_hashlib) if it can. Between them they
map OpenSSL's libssl and libcrypto into the process and set both up: about 4.5 MiB resident for as
long as the app runs, for TLS no plan connection asks Python for (a team plan's libpq brings its
own) and for hashes Python has built in. Left out while the start-up loader imports the data
layer, asyncio goes without TLS and hashlib uses its built-in md5/sha1/sha2/sha3/blake2 (all
the app and its libraries use); a module that imports either later still gets it. Meanwhile the
UI thread imports nothing that needs them (the snapshot's month is sqlite3 and Qt).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

#: Imported by the data layer's libraries only if they can, used by nothing the app does.
LEFT_OUT = ("ssl", "_hashlib")


@contextlib.contextmanager
def left_out(names: Sequence[str] = LEFT_OUT) -> Iterator[None]:
    """While inside, importing one of `names` (that is not imported yet) raises ImportError, as
    if it were not installed: `sys.modules[name] = None` is how the import system says so."""
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def import_lean(name: str) -> ModuleType:
    """Import module `name` leaving out LEFT_OUT; if it turns out to need one of them after all
    (a library that made one a must), import it again the ordinary way."""
    try:
        with left_out():
            return importlib.import_module(name)
    except ImportError as exc:
        if exc.name not in LEFT_OUT:
            raise
    return importlib.import_module(name)
