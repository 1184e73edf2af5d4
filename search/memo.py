"""Values built from the database once and kept in this process (vocabulary, catalogue)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from portal.core.invalidation import bump_version_after_change, current_version

T = TypeVar("T")


class ProcessMemo(Generic[T]):
    """Keeps ``build()``'s result until it may be stale.

    Stale means: another process bumped the shared version (``invalidate``), ``max_age``
    passed, or ``fingerprint()`` (a cheap query, run at most every ``check_interval``
    seconds) changed because something wrote without a signal, such as an import elsewhere.
    """

    def __init__(
        self,
        version_key: str,
        build: Callable[[], T],
        fingerprint: Callable[[], tuple],
        max_age: float,
        check_interval: float,
    ):
        self.version_key = version_key
        self.build = build
        self.fingerprint = fingerprint
        self.max_age = max_age
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._state: list | None = None  # [version, built at, fingerprint, checked at, value]

    def _is_current(self, version: int) -> bool:
        state = self._state
        now = time.monotonic()
        if not state or state[0] != version or now - state[1] >= self.max_age:
            return False
        if now - state[3] < self.check_interval:
            return True
        if self.fingerprint() != state[2]:
            return False
        state[3] = now
        return True

    def get(self) -> T:
        version = current_version(self.version_key)
        if self._is_current(version):
            return self._state[4]
        with self._lock:
            if self._is_current(version):
                return self._state[4]
            fingerprint = self.fingerprint()
            value = self.build()
            now = time.monotonic()
            self._state = [version, now, fingerprint, now, value]
            return value

    def invalidate(self, **kwargs) -> None:
        self._state = None
        bump_version_after_change(self.version_key)
