"""Extra indexed text: the parts of Dutch compound words.

Indexed next to the original text so that "schulden" finds "Schuldhulpmaatje" and
"hulp" finds "schuldhulpverlening" in every engine, without engine-specific plugins.
Models expose these through ``search_name_parts``/``search_text_parts`` (see
``portal.core.content.PublicItem``).
"""

from __future__ import annotations

import re

from .text import content_words
from .vocabulary import get_vocabulary

_TAG_RE = re.compile(r"<[^>]+>")
_MEMO_ATTRIBUTE = "_search_compound_parts"


def _vocabulary():
    try:
        return get_vocabulary()
    except Exception:  # noqa: BLE001 - indexing must not fail because of the extras
        return None


def compound_parts(*texts: str, vocabulary=None) -> str:
    """Space-separated parts of the compound words in ``texts`` (empty if none)."""
    vocabulary = vocabulary or _vocabulary()
    if vocabulary is None:
        return ""
    parts: dict[str, None] = {}
    for text in texts:
        for word in content_words(_TAG_RE.sub(" ", text or "")):
            # deep: "schuldhulp" in "schuldhulp|maatje" is itself a compound
            parts.update(dict.fromkeys(vocabulary.parts_of(word)))
    return " ".join(parts)


def compound_parts_of(obj, role: str, *texts: str) -> str:
    """``compound_parts(*texts)``, remembered on ``obj`` for as long as the texts are equal.

    The PostgreSQL backend reads every search field once per index column (title, body,
    autocomplete, ...), so without this one save decompounds the same text five times.
    """
    vocabulary = _vocabulary()
    if vocabulary is None:
        return ""
    memo = obj.__dict__.setdefault(_MEMO_ATTRIBUTE, {})
    remembered = memo.get(role)
    if remembered is not None and remembered[0] is vocabulary and remembered[1] == texts:
        return remembered[2]
    parts = compound_parts(*texts, vocabulary=vocabulary)
    memo[role] = (vocabulary, texts, parts)
    return parts
