"""Text normalisation shared by query analysis and indexing (pure Python, no database).

Everything a resident types passes through ``normalise`` before it reaches a search engine,
so no tsquery or Lucene syntax (``& | ! : * ( ) " ' ~ ^``), control character or NUL can
ever reach the engine. Words are compared in *folded* form (lowercase, accents removed), and
stems come from the same Snowball algorithm PostgreSQL's ``dutch_stem`` uses
(``dutch_porter`` in snowballstemmer 3), so Python and the database agree on what matches.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

# PostgreSQL's dutch.stop (the Snowball Dutch stop word list): the engine drops these too.
_DUTCH_STOP = """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch
al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere"""
# A few English function words, so "help with debt" is about debt.
_ENGLISH_STOP = """a an and are as at be by for from how i in is it me my of on or the to what
where who with you your can do does need"""
DUTCH_STOPWORDS = frozenset(_DUTCH_STOP.split())
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOP.split())
# Words that say nothing about *what* a resident needs on this site.
GENERIC_WORDS = frozenset(["hengelo"])
STOPWORDS = DUTCH_STOPWORDS | ENGLISH_STOPWORDS

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


class ThreadLocalStemmer:
    """A snowballstemmer stemmer per thread: a stemmer keeps the word it works on in itself,
    so two threads of one gthread worker sharing one garbled each other's stems (wrong
    words, and IndexError as a 500 on the search API under load)."""

    def __init__(self, language: str):
        self.language = language
        self._local = threading.local()

    def stemWord(self, word: str) -> str:  # noqa: N802 - snowballstemmer's name
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = snowballstemmer.stemmer(self.language)
        return stemmer.stemWord(word)


_dutch = ThreadLocalStemmer("dutch_porter")
_english = ThreadLocalStemmer("english")


# ASCII's control characters (category Cc): all of ASCII's "C" characters.
_ASCII_CONTROLS = dict.fromkeys([*range(0x20), 0x7F], " ")


def strip_unsafe(text: str) -> str:
    """NFKC, no control/format characters (NUL included), no lone surrogates."""
    if text.isascii():  # most text; NFKC leaves ASCII alone, so only controls go
        return text.translate(_ASCII_CONTROLS)
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else " "
        for ch in text
        if not 0xD800 <= ord(ch) <= 0xDFFF
    )


def fold(text: str) -> str:
    """Lowercase and remove accents: 'Coöperatie Café' -> 'cooperatie cafe'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(raw: str | None, max_length: int = MAX_QUERY_LENGTH) -> str:
    """The query as residents meant it: safe characters only, single spaces, capped length.

    Keeps letters in any script and digits; everything else (operators, quotes, emoji,
    punctuation) becomes a word separator.
    """
    if not raw:
        return ""
    text = strip_unsafe(str(raw)[: max_length * 4])
    text = " ".join(_WORD_RE.findall(text.casefold()))
    return text[:max_length].strip()


def words(text: str) -> list[str]:
    """Folded words of a text, in order (digits kept, punctuation dropped)."""
    return _WORD_RE.findall(fold(strip_unsafe(text or "")))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Dutch Snowball stem of a folded word, as PostgreSQL's dutch_stem computes it."""
    return _dutch.stemWord(word)


@lru_cache(maxsize=50_000)
def stem_en(word: str) -> str:
    return _english.stemWord(word)


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or word in GENERIC_WORDS


def content_words(text: str) -> list[str]:
    """Folded words without stop words, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in words(text):
        if not is_stopword(word) and word not in seen:
            seen[word] = None
    return list(seen)
