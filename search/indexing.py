"""Extra indexed text: the parts of Dutch compound words.

Indexed next to the original text so that "schulden" finds "Schuldhulpmaatje" and
"hulp" finds "schuldhulpverlening" in every engine, without engine-specific plugins.
Models expose these through ``search_name_parts``/``search_text_parts`` (see
``portal.content.PublicItem``).
"""

from __future__ import annotations

import re

from .text import content_words

_TAG_RE = re.compile(r"<[^>]+>")


def compound_parts(*texts: str) -> str:
    """Space-separated parts of the compound words in ``texts`` (empty if none)."""
    from .vocabulary import get_vocabulary

    try:
        vocabulary = get_vocabulary()
    except Exception:  # noqa: BLE001 - indexing must not fail because of the extras
        return ""
    parts: dict[str, None] = {}

    def add_parts(word: str, depth: int) -> None:
        for part in vocabulary.split(word):
            parts.setdefault(part, None)
            if depth:  # "schuldhulp" in "schuldhulpmaatje" is itself a compound
                add_parts(part, depth - 1)

    for text in texts:
        for word in content_words(_TAG_RE.sub(" ", text or "")):
            add_parts(word, 2)
    return " ".join(parts)
