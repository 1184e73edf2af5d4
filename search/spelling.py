"""Is this a real word? Word lists of the languages residents type, for spelling correction.

Spelling correction (``search.vocabulary.Vocabulary.correct``) may only correct: a word
that is valid in Dutch, English, Turkish, Arabic, Polish or Ukrainian is what the resident
meant, even when no text on the site uses it ("verhuizen", "debt", "borç", "борги").
The lists come from ``wordfreq`` (frequency lists shipped inside the package, nothing is
downloaded); its "small" lists hold the words used at least about once per million words,
which keeps each process's copy to a few megabytes.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")
# Zipf 3 = once per million words: below that a "word" in these lists is mostly a typo,
# a name or a fragment, and would stop real corrections.
MIN_ZIPF = 3.0


@lru_cache(maxsize=20_000)
def is_valid_word(word: str) -> bool:
    """Is ``word`` (lowercase, as typed or accent-folded) a word in one of our languages?"""
    if not word or not word.isalpha():
        return False
    return any(
        zipf_frequency(word, language, wordlist="small") >= MIN_ZIPF for language in LANGUAGES
    )


@lru_cache(maxsize=20_000)
def everyday_frequency(word: str) -> float:
    """How common ``word`` is in everyday Dutch or English (Zipf scale: 6 is once per
    thousand words, like "alleen" or "people"), whatever the texts of this site say."""
    if not word or not word.isalpha():
        return 0.0
    return max(zipf_frequency(word, language, wordlist="small") for language in ("nl", "en"))


# Dutch joins the parts of a compound directly or with a linking s or e ("huilbaby",
# "schuldenlast", "levensloop"): a word list holds few compounds, but their parts.
MIN_COMPOUND_PART = 3
LINKING_LETTERS = ("", "s", "e")


@lru_cache(maxsize=20_000)
def is_compound_of_words(word: str) -> bool:
    """Is ``word`` two words of one of our languages written together?"""
    if not word.isalpha():
        return False
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:cut], word[cut:]
        if not is_valid_word(tail):
            continue
        for link in LINKING_LETTERS:
            stem = head[: len(head) - len(link)]
            if head.endswith(link) and len(stem) >= MIN_COMPOUND_PART and is_valid_word(stem):
                return True
    return False
