"""Names of organisations and locations, found from part of a name or a misspelling.

"carint" is the start of "Carintreggeland", "aveleyn" is "Aveleijn" misspelled, "wop it"
is "WOPIT" split: the full-text engine matches whole words only and finds none of these.
This stage looks the query's words up among the words of the directory's names (prefix,
small edit distance, or the query's words joined), so a partial or misspelled name still
finds its organisation or location. Pure Python over the catalogue's records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from portal.core.kinds import item_kinds

from . import spelling
from .text import is_stopword, words

MIN_PREFIX = 4
# Name words shared by this many names or more ("hengelo", "stichting") name nothing.
MAX_NAMES_PER_WORD = 8
PREFIX, FUZZY, JOINED = 0.9, 0.8, 1.0
# Words typed apart are compared with names with a typo or two only when they make a long
# word together (short joins of everyday words resemble too many names).
MIN_JOINED_TYPO, LONG_JOINED = 8, 12
MAX_CANDIDATES = 10


@dataclass
class NameIndex:
    # name word -> [(kind, pk)]
    by_word: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # the name's words joined ("wopit", "aaGroepHengelo" folded) -> [(kind, pk)]
    by_joined: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    distinct_words: list[str] = field(default_factory=list)
    joined_names: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, items: dict) -> NameIndex:
        index = cls()
        for kind in (kind.name for kind in item_kinds if kind.found_by_name):
            for pk, record in items.get(kind, {}).items():
                name_words = [w for w in words(record.title) if not is_stopword(w)]
                for word in set(name_words):
                    index.by_word.setdefault(word, []).append((kind, pk))
                if name_words:
                    index.by_joined.setdefault("".join(name_words), []).append((kind, pk))
        # Ordinary words in names ("Steunpunt Mantelzorg") are the spelling corrector's
        # and the theme vocabulary's business; this stage is for the names themselves.
        index.by_word = {
            w: owners
            for w, owners in index.by_word.items()
            if len(owners) < MAX_NAMES_PER_WORD and len(w) >= 3 and not spelling.is_valid_word(w)
        }
        index.distinct_words = sorted(index.by_word)
        index.joined_names = sorted(index.by_joined)
        return index

    def _word_matches(self, word: str) -> dict[str, float]:
        """Name words that ``word`` may stand for, with how surely."""
        found: dict[str, float] = {}
        if len(word) < MIN_PREFIX or word.isdigit():
            return found
        if word in self.by_word:
            found[word] = 1.0
            return found
        max_distance = 1 if len(word) < 7 else 2
        for name_word, distance, _ in process.extract(
            word, self.distinct_words, scorer=OSA.distance, score_cutoff=max_distance, limit=5
        ):
            found[name_word] = max(found.get(name_word, 0.0), FUZZY if distance else 1.0)
        # A name word that starts with what was typed ("carint" -> "carintreggeland"):
        # only the start of a longer word, and only a few such words.
        starts = [w for w in self.distinct_words if w.startswith(word) and w != word]
        if 0 < len(starts) <= 3:
            for name_word in starts:
                found[name_word] = max(found.get(name_word, 0.0), PREFIX)
        return found

    def _joined_matches(self, joined: str) -> dict[tuple[str, int], float]:
        """Names that words typed apart make together, also misspelled ("karint
        reggeland"): a whole name joined, or one long word of a name."""
        found = dict.fromkeys(self.by_joined.get(joined, []), JOINED)
        if len(joined) < MIN_JOINED_TYPO:
            return found
        max_distance = 1 if len(joined) < LONG_JOINED else 2
        for choices, owners in (
            (self.joined_names, self.by_joined),
            (self.distinct_words, self.by_word),
        ):
            for name, distance, _ in process.extract(
                joined, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=3
            ):
                for owner in owners[name]:
                    found[owner] = max(found.get(owner, 0.0), FUZZY if distance else JOINED)
        return found

    def match(
        self, query_words: list[str], unknown: list[str]
    ) -> tuple[dict[tuple[str, int], float], set[str]]:
        """{(kind, pk): 0..1} for names the query names in part or misspelled, and the
        query words that named them.

        ``query_words``: all the query's words (joined, they may be a name typed apart);
        ``unknown``: the words no text and no dictionary knows, looked up fuzzily (a word
        that exists means itself, not a name that resembles it).
        """
        scores: dict[tuple[str, int], float] = {}
        naming: set[str] = set()
        if len(query_words) > 1:
            for owner in self.by_joined.get("".join(query_words), []):
                scores[owner] = JOINED
                naming.update(query_words)
        # Parts of a name typed apart and misspelled: only where a word is unknown, or
        # words that exist ("respijt zorg") would become a name ("Respijtzorg Twente").
        for run in _runs_to_join(query_words):
            if not set(run) & set(unknown):
                continue
            for owner, sureness in self._joined_matches("".join(run)).items():
                scores[owner] = max(scores.get(owner, 0.0), sureness)
                naming.update(run)
        for word in unknown:
            for name_word, sureness in self._word_matches(word).items():
                naming.add(word)
                for owner in self.by_word[name_word]:
                    scores[owner] = max(scores.get(owner, 0.0), sureness)
        best = sorted(scores.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
        return dict(best), naming


def _runs_to_join(query_words: list[str]) -> list[tuple[str, ...]]:
    """The whole query and each two neighbouring words: a name typed in parts."""
    if len(query_words) < 2:
        return []
    pairs = list(zip(query_words, query_words[1:], strict=False))
    return list(dict.fromkeys([tuple(query_words), *pairs]))


def get_name_index(catalogue) -> NameIndex:
    """Built once per catalogue (a new catalogue after changes builds a new one)."""
    index = getattr(catalogue, "_name_index", None)
    if index is None:
        index = NameIndex.build(catalogue.items)
        catalogue._name_index = index
    return index
