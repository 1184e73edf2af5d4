"""OpenSearch scores as PostgreSQL's full-text search scores, so the engine ranks the same.

Everything above the backend (``search.query``'s word weights, fusion, ranking) was tuned
on PostgreSQL, where the score of an OR query of weighted words is (``search.backends.
postings``)::

    score = sum over words of weight_w * ts_rank(body, w) / number of words

``ts_rank`` (normalisation 0) knows nothing of the corpus: no word rarity (the query
already weighs words by corpus idf) and no document length; a word counts by its
occurrences (the first in full, the j-th divided by j², the sum divided by π²/6) and by
the weight class of the field it is in (modelsearch maps field boosts to the classes
A-D: name 1.0, summary and description 0.2 with our boosts).

Stock OpenSearch differed in three ways that cost relevance (dev set nDCG@10 0.986 against
PostgreSQL's 0.994): BM25 weighs a word by its rarity *in that kind's index* (the query's
idf weights were applied twice, and scores of different kinds were not comparable), by
document length, and modelsearch compiled a query of several words as the *best field's*
sum (``dis_max`` over fields), so a document with one word in its name and another in its
description scored as if the second word were absent. Here:

- ``SIMILARITY``: every field of our indexes scores a word like ``ts_rank`` scores it in
  one weight class (occurrences as above, no idf, no length);
- ``TsRankQueryMixin``: each word scored over the catch-all field and the boosted fields
  with modelsearch's PostgreSQL weight classes, the words summed and divided by their
  number;
- ``TieBreakResultsMixin``: equal scores in PostgreSQL's order (highest primary key first),
  so the same items are cut off at the candidate limit.
"""

from __future__ import annotations

from modelsearch.backends.database.postgres import weights as pg_weights
from modelsearch.query import Boost, Or, PlainText
from modelsearch.utils import get_search_fields

# ts_rank's sum of w/j² over a word's occurrences, divided by π²/6 (its limit).
TS_RANK_SCRIPT = (
    "double sum = 0.0; "
    "for (int j = 1; j <= doc.freq && j <= 256; ++j) { sum += 1.0 / ((double) j * j); } "
    "return query.boost * sum / 1.64493406685;"
)
SIMILARITY = {"default": {"type": "scripted", "script": {"source": TS_RANK_SCRIPT}}}


def pg_weight(boost) -> float:
    """The ts_rank weight of modelsearch's weight class for a field boost (None: class D)."""
    if not pg_weights.WEIGHTS_VALUES:
        pg_weights.set_weights()
    letter = pg_weights.get_weight(boost)
    # WEIGHTS_VALUES holds the classes' values in ts_rank's order: D, C, B, A.
    return pg_weights.WEIGHTS_VALUES[len(pg_weights.WEIGHTS) - 1 - pg_weights.WEIGHTS.index(letter)]


def weight_classes(boosts) -> list[tuple[float, list]]:
    """The classes above D that ``boosts`` fall in, heaviest first: [(weight, [boosts])]."""
    base = pg_weight(None)
    classes: dict[float, list] = {}
    for boost in sorted(boosts, reverse=True):
        weight = pg_weight(boost)
        if weight > base:
            classes.setdefault(weight, []).append(boost)
    return sorted(classes.items(), reverse=True)


class CumulativeBoostMappingMixin:
    """Each boosted field's text also in the fields of every lighter class above D.

    modelsearch copies a field with boost ``b`` into ``_all_text`` and ``_all_text_boost_b``.
    Here the field of a class holds the text of that class and of every heavier one, so
    OpenSearch can count a word's occurrences up to each class, which ts_rank's sum needs
    (``TsRankQueryMixin``).
    """

    def get_mapping(self):
        mapping = super().get_mapping()
        boosts = {
            float(field.boost)
            for field in get_search_fields(self.model.get_search_fields())
            if field.boost
        }
        names = {self.get_boost_field_name(boost): boost for boost in boosts}
        classes = weight_classes(boosts)

        def lighter_fields(boost) -> list[str]:
            own = pg_weight(boost)
            return [
                self.get_boost_field_name(other)
                for weight, boosts in classes
                if weight <= own
                for other in boosts
            ]

        def extend(props):
            for field_mapping in props.values():
                copy_to = field_mapping.get("copy_to")
                if isinstance(copy_to, list):
                    own = [names[name] for name in copy_to if name in names]
                    for boost in own:
                        for name in lighter_fields(boost):
                            if name not in copy_to:
                                copy_to.append(name)
                if field_mapping.get("type") == "nested":
                    extend(field_mapping["properties"])

        extend(mapping["properties"])
        return mapping


class TsRankQueryMixin:
    """Each word scored as ts_rank scores it, the words' scores summed as on PostgreSQL.

    ts_rank sums a word's occurrences in the order of the search fields, the first in full
    and the j-th divided by j², each with its field's weight. The search fields are listed
    heaviest class first (the name, then an item's search words, then the rest), so with
    ``H(n)`` = 1 + 1/4 + … + 1/n² (the similarity) a word found ``n₁`` times in the
    heaviest class, ``n₂`` times in the heaviest two, …, ``n`` times in all scores
    ``Σₖ (wₖ - wₖ₊₁)·H(nₖ) + D·H(n)`` (weights ``w₁ > w₂ > … > D``): a sum over the
    catch-all field (``_all_text``, every search field, weight ``D``) and one field per
    class above D, which holds that class's text and the heavier classes'
    (``CumulativeBoostMappingMixin``), weighted by how much its class adds to the next.
    """

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if fields:  # fields named by the caller: each with its own weight
            for field in remapped:
                field.boost = pg_weight(field.boost)
            return remapped
        base = pg_weight(None)
        by_boost = {field.boost: field for field in remapped if field.field_name != "_all_text"}
        classes = weight_classes(by_boost)
        weighted = [field for field in remapped if field.field_name == "_all_text"]
        for field in weighted:
            field.boost = base
        weights = [weight for weight, _boosts in classes] + [base]
        for (weight, boosts), next_weight in zip(classes, weights[1:], strict=True):
            # One field per class: a class's fields all hold the same text.
            field = by_boost[boosts[0]]
            field.boost = weight - next_weight
            weighted.append(field)
        return weighted

    def get_inner_query(self):
        if isinstance(self.query, (PlainText, Boost, Or)):
            return self._join_and_compile_queries(self.query, self.remapped_fields)
        return super().get_inner_query()

    def _join_and_compile_queries(self, query, fields, boost=1.0):
        if isinstance(query, Or) and query.subqueries:
            # PostgreSQL's rank of an OR: the mean of its parts' ranks.
            share = boost / len(query.subqueries)
            parts = [self._join_and_compile_queries(q, fields, share) for q in query.subqueries]
            return {"bool": {"should": parts}}
        if len(fields) == 1:
            return self._compile_query(query, fields[0], boost)
        return {"bool": {"should": [self._compile_query(query, field, boost) for field in fields]}}


# Equal scores: the longer (larger) primary key first, then the larger of equal length, as
# PostgreSQL breaks ties; any key type sorts (pk is a keyword field).
TIE_BREAK = [
    "_score",
    {
        "_script": {
            "type": "number",
            "order": "desc",
            "script": {"source": "doc['pk'].size() == 0 ? 0 : doc['pk'].value.length()"},
        }
    },
    {"pk": {"order": "desc"}},
]


class TieBreakResultsMixin:
    def _get_es_body(self, for_count=False):
        body = super()._get_es_body(for_count=for_count)
        if not for_count and "sort" not in body:
            body["sort"] = TIE_BREAK
        return body
