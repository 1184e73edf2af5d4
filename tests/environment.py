"""What the machine offers the tests: skip on a newcomer's machine, fail in CI.

Tests that need a program outside Python (Chromium, OpenSearch, nginx, redis-server) skip
with the reason where it is missing, but under ``CI=true`` a missing program is an error:
CI must never pass by skipping them (`.ci/run` installs and starts each of them).
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Go on when ``condition`` holds; otherwise skip, or fail under ``CI=true``."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} — CI=true, so this is an error, not a skip", pytrace=False)
    pytest.skip(reason)
