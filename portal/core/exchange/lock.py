"""One import of the social map at a time, across every process and machine.

Two imports at once both plan to create the same new slugs from what they read, and the
second then fails on a unique constraint in the middle of its transaction. A PostgreSQL
advisory lock, held for the whole import (reading, checking and writing), makes the second
wait a little and then give up with a clear message before it reads anything. The lock
lives in the database, so it covers the command, the admin upload and every web worker.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

# Any fixed 64-bit number no other code of ours uses as an advisory lock key.
IMPORT_LOCK_KEY = 4_611_686_018_427_388_011
# How long a second import waits for the first before giving up (the command's --wait).
IMPORT_LOCK_WAIT_SECONDS = 10.0
POLL_SECONDS = 0.2

BUSY_MESSAGE = (
    "Er loopt al een import van de sociale kaart; probeer het over een paar minuten opnieuw."
)


class ImportBusy(Exception):
    """Another import holds the lock; nothing was read or written."""

    def __init__(self, message: str = BUSY_MESSAGE):
        super().__init__(message)


@contextmanager
def import_lock(wait: float = IMPORT_LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the import lock for the block, waiting at most ``wait`` seconds for it.

    Polls ``pg_try_advisory_lock`` instead of ``pg_advisory_lock`` with a ``lock_timeout``
    so no session setting has to be set and restored on a pooled connection.
    """
    deadline = time.monotonic() + max(wait, 0.0)
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                raise ImportBusy()
            time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        _unlock()


def _unlock() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        # The session is broken: its lock ends with it once the connection is dropped, so a
        # pooled connection never keeps the lock.
        connection.close()
