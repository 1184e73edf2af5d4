"""Fusing the lexical and the semantic retrieval, above any search backend.

The full-text engine (PostgreSQL, embedded PostgreSQL or OpenSearch) and the semantic
index (``search.semantic``) each return candidates with a score on their own scale. This
module turns the semantic side into ranking features next to the lexical ones
(``search.ranking`` adds them up with tuned weights, the same for every backend):

* ``semantic_feature``: an item's similarity to the query, relative to the best one;
* ``themes_by_meaning``: when no theme word was recognised (a Turkish sentence, an English
  phrase), the themes of the items most similar in meaning, so a theme's other items
  follow them;
* ``interleave_needs``: a query with several needs ("schulden en eenzaam") gets items for
  each need within the first page.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import semantic, spelling
from .query import LONG_QUERY, ThemeMatch
from .text import words

# Similarity relative to the best of the query counts only from this share on (E5's
# cosines lie close together: 0.93 of the best is already a far weaker likeness).
RELATIVE_FLOOR = 0.93
# themes_by_meaning: the most similar directory items vote for their themes.
VOTERS = 8
MIN_VOTE_SHARE = 0.3
MIN_VOTER_SIMILARITY = semantic.MIN_SIMILARITY
# A theme found by meaning counts like a theme word that partly matched.
MEANING_THEME_STRENGTH = 0.75
# When the query's words already decide, meaning counts less: a theme word...
THEME_WORDS_FACTOR = 0.3
# ... but when only everyday words of a sentence named the theme ("woont alleen"), the
# meaning of the whole sentence counts this much, and themes by meaning join in.
EVERYDAY_WORDS_FACTOR = 0.65
# ... or a name (all words of an item's name): then not at all (names are exact).
NAME_FACTOR = 0.0
# In a description of at least ``LONG_QUERY`` telling words ("ik drink elke avond een fles
# wijn om te kunnen slapen"), meaning counts fully, whatever theme words it holds: one theme
# word of a sentence ("dokter", "kinderen") is often not what it is about, and the encoder
# reads the whole sentence. The theme words still count as themes.
SENTENCE_FACTOR = 1.0
# A theme the words name less surely than this (part of a phrase, a cognate, a word with
# several senses: "practice", "free", "vrienden") is only believed when the items most
# similar in meaning share it; otherwise the meaning of the query decides as well.
SURE_WORDS_STRENGTH = 0.8
# A need must be recognised this surely to claim places on the first page.
NEED_STRENGTH = 0.85
MAX_NEEDS = 3
PAGE = 10
# A need gets at least this many places on the first page.
PER_NEED = 3
# An item that answers several of the needs at once ("schulden en depressie": maatschappelijk
# werk) ranks above items that answer one.
EXTRA_NEED_BONUS = 0.3


def needs_feature(theme_strengths: list[float], covered_needs: int) -> float:
    """The theme feature: the best theme's strength, plus a bonus per further need met."""
    best = max(theme_strengths, default=0.0)
    return best + EXTRA_NEED_BONUS * max(0, covered_needs - 1)


def semantic_feature(similarity: float, best: float) -> float:
    """0..1: how close the item is to the best semantic match of this query.

    Relative, because the encoder's absolute similarities differ between languages and
    query lengths; items far below the best one get nothing (noise, not meaning).
    """
    if similarity <= 0 or best <= 0:
        return 0.0
    relative = similarity / best
    if relative <= RELATIVE_FLOOR:
        return 0.0
    return (relative - RELATIVE_FLOOR) / (1 - RELATIVE_FLOOR)


def close_in_meaning(similar: dict[str, dict[int, float]]) -> dict[str, list[int]]:
    """{kind: [pk]} of the retrieved items whose ``semantic_feature`` is above zero."""
    best = max((score for found in similar.values() for score in found.values()), default=0.0)
    return {
        kind: [pk for pk, score in found.items() if semantic_feature(score, best) > 0]
        for kind, found in similar.items()
    }


def words_decide(query) -> bool:
    """Do the query's words name a theme? A sentence whose only theme words are everyday
    words ("mijn moeder woont alleen en ...") names it weakly: its meaning decides too."""
    return any(m.source == "words" and not m.everyday for m in query.themes)


def is_description(query) -> bool:
    """Does the query describe a situation in several telling words (not a name, not one
    or two words of what is needed)?"""
    return len(query.telling_terms) >= LONG_QUERY


def semantic_share(query, hits) -> float:
    """How much meaning counts for this query: fully when its words found no theme and no
    name, or when it is a sentence; little when a few words name a theme (the lexical
    signals are then the more precise ones); in between when only everyday words named a
    theme."""
    if any(h.features.exact or h.features.title >= 0.99 for h in hits):
        return NAME_FACTOR
    if is_description(query):
        return SENTENCE_FACTOR
    if words_decide(query):
        return THEME_WORDS_FACTOR
    if any(m.source == "words" for m in query.themes):
        return EVERYDAY_WORDS_FACTOR
    return 1.0


def doubt_unconfirmed_themes(themes: list[ThemeMatch], meaning: list[ThemeMatch]) -> None:
    """Word themes weaker than ``SURE_WORDS_STRENGTH`` that ``meaning`` does not confirm
    count like a sentence's everyday words: they no longer decide on their own."""
    confirmed = {m.theme.id for m in meaning}
    for match in themes:
        if (
            match.source == "words"
            and match.strength < SURE_WORDS_STRENGTH
            and match.theme.id not in confirmed
        ):
            match.everyday = True


def has_meaning(query, vocabulary) -> bool:
    """Is there anything to compare by meaning? The encoder ranks *something* first for any
    string, so typing noise ("asdfgh") or an unknown word ("xylofoonles") would get the
    nearest items and a guessed theme, however far. Only a query with at least one real
    word (of a language we serve, also as a compound of two such words, of our texts or
    theme words, a name, a corrected typo or a compound of known parts) is searched by
    meaning; otherwise it may find nothing and get the zero-result help."""
    return any(
        term.names
        or term.correction
        or term.parts
        or vocabulary.is_known(term.word)
        or term.word in vocabulary.theme_words
        or spelling.is_valid_word(term.word)
        or spelling.is_compound_of_words(term.word)
        for term in query.terms
    )


def semantic_text(query) -> str:
    """The query without the words that name a place: "7559" or "Hasselo" mean a district,
    not a need (the encoder would find items mentioning similar numbers or names); empty
    when the query only says where ("postcode 7558")."""
    place = query.place
    if place is None:
        return query.text
    where = place.all_words
    return " ".join(w for w in query.text.split() if not set(words(w)) & where)


def themes_by_meaning(
    similar: dict[str, dict[int, float]], item_themes, themes_by_id: dict
) -> list[ThemeMatch]:
    """Themes that the items most similar in meaning share.

    ``similar`` is {kind: {pk: similarity}} for organisations and services,
    ``item_themes(kind, pk)`` their theme ids. A theme gets the share of the similarity
    mass of the ``VOTERS`` best items that it is tagged on.
    """
    voters = sorted(
        (
            (score, kind, pk)
            for kind in ("organisation", "service")
            for pk, score in similar.get(kind, {}).items()
            if score >= MIN_VOTER_SIMILARITY
        ),
        reverse=True,
    )[:VOTERS]
    total = sum(score for score, _kind, _pk in voters)
    if not total:
        return []
    votes: dict[int, float] = {}
    for score, kind, pk in voters:
        for theme_id in item_themes(kind, pk):
            votes[theme_id] = votes.get(theme_id, 0.0) + score
    matches = [
        ThemeMatch(themes_by_id[theme_id], _meaning_strength(share), "meaning")
        for theme_id, vote in votes.items()
        if theme_id in themes_by_id and (share := vote / total) >= MIN_VOTE_SHARE
    ]
    matches.sort(key=lambda m: -m.strength)
    return matches[:2]


def _meaning_strength(share: float) -> float:
    """A theme half the similar items share counts fully (one item has several themes)."""
    return MEANING_THEME_STRENGTH * min(1.0, 1.5 * share)


def interleave_needs(hits: list, need_theme_ids: Iterable[Iterable[int]]) -> list:
    """Reorder the first page so that every need has items there.

    ``need_theme_ids`` holds one set of theme ids per need. Needs take turns for the first
    ``PAGE`` places (each its best remaining item, in score order) until each has had
    ``PER_NEED`` places; the rest follows in score order. One need: nothing changes.
    """
    needs = [frozenset(ids) for ids in need_theme_ids if ids]
    if not 2 <= len(needs) <= MAX_NEEDS or len(hits) <= 1:
        return hits
    queues = [[h for h in hits if h.theme_ids & need] for need in needs]
    if sum(1 for queue in queues if queue) < 2:
        return hits
    position = {id(h): i for i, h in enumerate(hits)}
    queues.sort(key=lambda queue: position[id(queue[0])] if queue else len(hits))
    chosen: list = []
    taken: set[int] = set()
    rounds = 0
    while len(chosen) < PAGE and rounds < PER_NEED:
        rounds += 1
        for queue in queues:
            while queue and id(queue[0]) in taken:
                queue.pop(0)
            if queue and len(chosen) < PAGE:
                hit = queue.pop(0)
                taken.add(id(hit))
                chosen.append(hit)
    # Needs take turns from the top (the need of the best match first), so the second
    # place already answers the second need.
    return chosen + [h for h in hits if id(h) not in taken]
