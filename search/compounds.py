"""Dutch compound words: split 'schuldhulpverlening' into 'schuld', 'hulp', 'verlening'.

Dutch glues nouns together, and residents rarely type the same compound as the text:
"schulden" should find "schuldhulpverlening", "vrijwilliger" should find
"vrijwilligerswerk". A word is split into parts that are themselves known words (from the
search vocabulary), optionally joined by the linking sounds 's' or 'e'/'en'
(vrijwilliger-s-werk, boek-en-kast). Among possible splits the one with the fewest parts
wins, then the one with the longest first part.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import cache

MIN_PART = 3
MIN_WORD = 6
LINKS = ("", "s", "e", "en")


def split_compound(word: str, is_part: Callable[[str], bool] | Container[str]) -> list[str]:
    """Parts of ``word`` (folded) if it is a compound of known parts, else []."""
    if len(word) < MIN_WORD or not word.isalpha():
        return []
    known = is_part if callable(is_part) else is_part.__contains__

    @cache
    def best(start: int) -> tuple[str, ...] | None:
        """Fewest parts covering word[start:], preferring long leading parts."""
        if start == len(word):
            return ()
        candidates = []
        for end in range(len(word), start + MIN_PART - 1, -1):
            part = word[start:end]
            if not known(part):
                continue
            for link in LINKS:
                if link and not word.startswith(link, end):
                    continue
                rest = best(end + len(link))
                # A stem plus an ending ("geldzorg" + "en") is the word itself, not a split.
                if rest is not None and (start or rest):
                    candidates.append((part, *rest))
        if not candidates:
            return None
        return min(candidates, key=lambda parts: (len(parts), -len(parts[0])))

    parts = best(0)
    if not parts or len(parts) < 2:
        return []
    return list(parts)
