"""How well a hit matches the query: title features, freshness and the score
``search.ranking`` combines."""

from __future__ import annotations

from dataclasses import dataclass

from . import fusion, places, ranking
from .catalogue import Catalogue
from .hits import Hit
from .query import THEME_THRESHOLD, AnalysedQuery, _same_word, _stems
from .text import content_words, words
from .vocabulary import Vocabulary, get_vocabulary


@dataclass(frozen=True)
class _TitleWords:
    """A title's words and compound parts, with their stems, for matching query terms."""

    words: tuple[str, ...]
    text: str
    word_forms: tuple[frozenset, frozenset, frozenset]  # words, Dutch stems, English stems
    part_forms: tuple[frozenset, frozenset, frozenset]
    all_forms: tuple[frozenset, frozenset, frozenset]  # words and parts together


def _forms(texts) -> tuple[frozenset, frozenset, frozenset]:
    texts = frozenset(texts)
    stems = [_stems(t) for t in texts]
    return texts, frozenset(nl for nl, _ in stems), frozenset(en for _, en in stems)


def _title_words(title: str, vocabulary: Vocabulary) -> _TitleWords:
    """Per vocabulary (compound parts depend on it), remembered: titles recur in searches."""
    analysed = vocabulary.title_words_memo.get(title)
    if analysed is None:
        title_words = tuple(content_words(title))
        parts = [p for w in title_words for p in vocabulary.split(w)]
        analysed = _TitleWords(
            title_words,
            " ".join(words(title)),
            _forms(title_words),
            _forms(parts),
            _forms([*title_words, *parts]),
        )
        if len(vocabulary.title_words_memo) > 100_000:
            vocabulary.title_words_memo.clear()
        vocabulary.title_words_memo[title] = analysed
    return analysed


def _same_as_any(word: str, forms: tuple[frozenset, frozenset, frozenset]) -> bool:
    """``search.query._same_word(word, w)`` for some w of ``forms``: equal, or a stem shared
    (the stemmer conflates e.g. ouderen/ouders)."""
    if word in forms[0]:
        return True
    dutch, english = _stems(word)
    return dutch in forms[1] or english in forms[2]


def _term_in_title(term, title: _TitleWords) -> float:
    if any(form in title.word_forms[0] for form in term.forms):
        return 1.0
    best = 0.0
    for form in term.forms:
        if _same_as_any(form, title.word_forms):
            best = max(best, 0.7)
        if len(form) >= 4 and any(
            word.startswith(form) and not _same_word(form, word) for word in title.words
        ):
            best = max(best, 0.8)
    if term.parts:
        found = sum(_same_as_any(part, title.all_forms) for part in term.parts)
        best = max(best, 0.8 * found / len(term.parts))
    if any(_same_as_any(form, title.part_forms) for form in term.forms):
        best = max(best, 0.7)
    return best


def _title_features(hit: Hit, query: AnalysedQuery, vocabulary: Vocabulary) -> None:
    title = _title_words(hit.title, vocabulary)
    total = matched = 0.0
    for term in query.terms:
        total += term.weight
        matched += term.weight * _term_in_title(term, title)
    hit.features.title = max(matched / total if total else 0.0, hit.name_match)
    hit.features.exact = bool(title.text) and title.text in {query.text, query.corrected_text}


def _effective_last_verified(hit: Hit, catalogue: Catalogue):
    """An item's own check date, else its organisation's (as the editors' report counts)."""
    own = getattr(hit.obj, "last_verified", None)
    organisation_id = getattr(hit.obj, "organisation_id", None)
    if own is not None or organisation_id is None:
        return own
    organisation = catalogue.items.get("organisation", {}).get(organisation_id)
    return organisation.last_verified if organisation else None


def score_hit(
    hits: list[Hit],
    query: AnalysedQuery,
    vocabulary: Vocabulary,
    catalogue: Catalogue,
    long_overdue_cutoff,
) -> None:
    best_text = max((h.text_score for h in hits), default=0.0) or 1.0
    best_similarity = max((h.similarity for h in hits), default=0.0)
    citywide = len(catalogue.districts) or 1
    for hit in hits:
        hit.features.text = hit.text_score / best_text
        hit.features.place = places.place_feature(hit, query.place, citywide)
        _title_features(hit, query, vocabulary)
    share = fusion.semantic_share(query, hits)
    if share <= fusion.THEME_WORDS_FACTOR:
        # The query's words decide (a name, a sure theme word): themes guessed from meaning
        # would only pull in items of a theme nobody asked for.
        query.themes = [m for m in query.themes if m.source != "meaning"]
    needs = theme_needs(query)
    for hit in hits:
        hit.features.theme = fusion.needs_feature(
            [query.theme_strength(t) for t in hit.theme_ids],
            sum(1 for need in needs if need & hit.theme_ids),
        )
        hit.features.semantic = share * fusion.semantic_feature(hit.similarity, best_similarity)
        last_verified = _effective_last_verified(hit, catalogue)
        penalty = ranking.staleness_penalty(last_verified, long_overdue_cutoff)
        hit.score = ranking.score(hit.features, hit.type, penalty)


def theme_needs(query: AnalysedQuery) -> list[set[int]]:
    """One set of theme ids per need: themes matched by different query words."""
    by_words: dict[tuple[str, ...], set[int]] = {}
    for match in query.themes:
        if match.source == "words" and match.strength >= fusion.NEED_STRENGTH and match.words:
            by_words.setdefault(tuple(sorted(match.words)), set()).add(match.theme.id)
    # Themes found by the same words are one need.
    return list(by_words.values())


def explain(hit: Hit, query: AnalysedQuery) -> dict:
    """Why ``hit`` is in the results: what matched, for editors and the API's ``matched``.

    ``words``: query words found in the name; ``text``: the full-text engine matched its
    text; ``themes``: recognised themes the item is tagged with, by words or by meaning;
    ``place``: the district the query names; ``meaning``: similarity in meaning (cosine).
    """
    title = hit.features.title
    named = [
        term.word
        for term in query.terms
        if title and _term_in_title(term, _title_words(hit.title, get_vocabulary())) >= 0.7
    ]
    themes = [
        {"slug": m.theme.slug, "by": m.source}
        for m in query.themes
        if m.theme.id in hit.theme_ids and m.strength >= THEME_THRESHOLD
    ]
    place = query.place
    return {
        "words": named,
        "text": hit.text_score > 0,
        "themes": themes,
        "place": place.slug if place is not None and hit.features.place else None,
        "meaning": round(hit.similarity, 3) if hit.features.semantic else None,
        "features": {
            "title": round(hit.features.title, 3),
            "text": round(hit.features.text, 3),
            "theme": round(hit.features.theme, 3),
            "semantic": round(hit.features.semantic, 3),
            "place": round(hit.features.place, 3),
            "exact": hit.features.exact,
        },
    }
