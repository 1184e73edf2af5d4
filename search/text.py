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
altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
t s"""
# A few English function words, so "help with debt" is about debt.
_ENGLISH_STOP = """a an and are as at be by for from how i in is it me my of on or the to what
where who with you your can do does need after about up out off into so if but not no am im
was were have has had he she we they him her his our their them this that there when why
which will would could should any some just very too than then also been its"""
# Function words of the other languages residents type (Turkish, Arabic, Polish, Ukrainian):
# they would otherwise be "corrected" into Dutch words or match names.
_OTHER_STOP = """ve ile bir bu da de için ben benim sen o mi mı ne nasıl çok var yok
في من على عن مع إلى أنا لا ما هل أو هذا هذه
w z ze na i a nie się jak do mam mój moja moje jest to co od po dla czy nad pod przez przy o u
ja mnie mi jestem ale bo tak ten ta już
з зі в у на і й та не як мені моя мій моє я для до що це чи або від за про по після"""
DUTCH_STOPWORDS = frozenset(_DUTCH_STOP.split())
OTHER_STOPWORDS = frozenset(_OTHER_STOP.split())
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOP.split())
# Words that say nothing about *what* a resident needs on this site.
GENERIC_WORDS = frozenset(["hengelo"])
# Everyday words that say little about the need in a sentence ("waar kan ik terecht met
# vragen over thuis"): in queries of three words or more they count much less.
_VAGUE = """terecht vragen vraag thuis dag dagen huis hele heel weet weten goed graag even
meer moeten wil willen zoek zoeken kun kunnen lukt lukken mensen iemand krijgen gaan doen
elke altijd steeds echt nodig hulp want please help know get really lot things thing support
advice information info"""
VAGUE_WORDS = frozenset(_VAGUE.split())

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


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


# Letters that carry no combining accent in Unicode but are typed without it all the same
# (Turkish dotless i, Polish ł): "yasli" for "yaşlı", "dlugi" for "długi".
_UNACCENTED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d"})


def fold(text: str) -> str:
    """Lowercase and remove accents: 'Coöperatie Café' -> 'cooperatie cafe'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNACCENTED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(raw: str | None, max_length: int = MAX_QUERY_LENGTH) -> str:
    """The query as residents meant it: safe characters only, single spaces, capped length.

    Keeps letters in any script and digits; everything else (operators, quotes, emoji,
    punctuation) becomes a word separator.
    """
    if not raw:
        return ""
    text = strip_unsafe(str(raw)[: max_length * 4])
    text = " ".join(WORD_RE.findall(text.casefold()))
    return text[:max_length].strip()


STOPWORDS = DUTCH_STOPWORDS | ENGLISH_STOPWORDS | frozenset(fold(w) for w in OTHER_STOPWORDS)


def words(text: str) -> list[str]:
    """Folded words of a text, in order (digits kept, punctuation dropped)."""
    return WORD_RE.findall(fold(strip_unsafe(text or "")))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Dutch Snowball stem of a folded word, as PostgreSQL's dutch_stem computes it."""
    return _dutch.stemWord(word)


@lru_cache(maxsize=50_000)
def stem_en(word: str) -> str:
    return _english.stemWord(word)


def is_vague(word: str) -> bool:
    return word in VAGUE_WORDS


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or word in GENERIC_WORDS


def content_words(text: str) -> list[str]:
    """Folded words without stop words, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in words(text):
        if not is_stopword(word) and word not in seen:
            seen[word] = None
    return list(seen)
