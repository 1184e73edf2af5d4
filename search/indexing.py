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
    for text in texts:
        for word in content_words(_TAG_RE.sub(" ", text or "")):
            # deep: "schuldhulp" in "schuldhulp|maatje" is itself a compound
            parts.update(dict.fromkeys(vocabulary.parts_of(word)))
    return " ".join(parts)
