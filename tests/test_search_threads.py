"""Search code runs in several threads of one gunicorn worker (gthread): the stemmers that
search/text.py shares must give every thread the right stem."""

import sys
import threading

import snowballstemmer

from search import text

WORDS = [
    f"{word}{n}en"
    for n in range(200)
    for word in ("schuldhulpverlening", "mantelzorgers", "werkzaamheden", "vrijwilligers")
]


def test_stemming_from_many_threads_at_once_gives_each_thread_the_right_stems():
    expected = {
        "dutch_porter": {w: snowballstemmer.stemmer("dutch_porter").stemWord(w) for w in WORDS},
        "english": {w: snowballstemmer.stemmer("english").stemWord(w) for w in WORDS},
    }
    problems = []

    def stem_all(stemmer, language):
        for word in WORDS:
            try:
                if stemmer.stemWord(word) != expected[language][word]:
                    problems.append((language, word))
            except IndexError as error:  # what a shared stemmer raised under load
                problems.append((language, repr(error)))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [
            threading.Thread(target=stem_all, args=(stemmer, language))
            for stemmer, language in [(text._dutch, "dutch_porter"), (text._english, "english")]
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert problems == []
