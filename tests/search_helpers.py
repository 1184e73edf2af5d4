"""A search vocabulary built from a few texts and themes, without a database (for the
query-understanding tests)."""

from __future__ import annotations

from collections import Counter

from search.text import stem, words
from search.vocabulary import ThemeTerms, Vocabulary, _phrases_for


def vocabulary_from(texts: list[str], themes) -> Vocabulary:
    """As the database vocabulary is built: document frequencies of words and stems, plus
    every theme word (so a theme word is never "unknown")."""
    word_df, stem_df = Counter(), Counter()
    for text in texts:
        doc = set(words(text))
        word_df.update(doc)
        stem_df.update({stem(w) for w in doc})
    terms = [ThemeTerms(t.pk, t.slug, t.name, t.name_en, _phrases_for(t)) for t in themes]
    for theme in terms:
        for phrase in theme.phrases:
            for word in phrase.words:
                word_df.setdefault(word, 1)
                stem_df.setdefault(stem(word), 1)
    return Vocabulary(dict(word_df), dict(stem_df), len(texts), terms)
