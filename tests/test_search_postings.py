"""The postings table (search/backends/postings.py) follows the search index exactly."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.index import insert_or_update_object

from directory.models import Organisation
from search.backends import postings

pytestmark = pytest.mark.django_db


def _entry_id(item) -> int:
    content_type = ContentType.objects.get_for_model(type(item))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM wagtailsearch_indexentry WHERE content_type_id = %s AND object_id = %s",
            [content_type.pk, str(item.pk)],
        )
        return cursor.fetchone()[0]


def _postings(entry_id: int) -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme, impact FROM search_posting WHERE entry_id = %s", [entry_id])
        return dict(cursor.fetchall())


def _expected(entry_id: int) -> dict[str, float]:
    """Each word's share of the stock score, computed from the index entry itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word.lexeme,
                   ts_rank(%s::real[], e.title, to_tsquery('simple', quote_literal(word.lexeme)))
                   * e.title_norm
                   + ts_rank(%s::real[], e.body, to_tsquery('simple', quote_literal(word.lexeme)))
            FROM wagtailsearch_indexentry e CROSS JOIN LATERAL unnest(e.title || e.body) AS word
            WHERE e.id = %s
            """,
            [postings.code_weights(), postings.code_weights(), entry_id],
        )
        return {lexeme: float(impact) for lexeme, impact in cursor.fetchall()}


@pytest.fixture
def organisation(db):
    item = Organisation(
        slug="klompenmakerij",
        name="Klompenmakerij De Zolder",
        kind="sociale-basis",
        summary="Wij maken klompen met vrijwilligers.",
    )
    item.save()
    insert_or_update_object(item)
    return item


def test_postings_are_ready_after_migrate():
    assert postings.is_ready()


def test_an_indexed_item_gets_one_posting_per_word_with_its_stock_score(organisation):
    entry_id = _entry_id(organisation)
    found = _postings(entry_id)
    expected = _expected(entry_id)
    assert "klompenmakerij" in found
    assert found.keys() == expected.keys()
    assert found == pytest.approx(expected, rel=1e-6)
    assert found["klompenmakerij"] > found["vrijwilliger"], "a title word outranks a body word"


def test_changed_text_replaces_the_postings(organisation):
    organisation.summary = "Wij repareren fietsen."
    organisation.save()
    insert_or_update_object(organisation)
    found = _postings(_entry_id(organisation))
    assert "fiets" in found
    assert "vrijwilliger" not in found


def test_deleting_the_item_removes_its_postings(organisation):
    entry_id = _entry_id(organisation)
    organisation.delete()
    assert _postings(entry_id) == {}


def test_emptying_the_index_empties_the_postings():
    other = Organisation(slug="ander", name="Andere club", kind="sociale-basis")
    other.save()
    insert_or_update_object(other)
    assert _postings(_entry_id(other))
    with connection.cursor() as cursor:
        # TRUNCATE is refused while deferred foreign-key checks are pending: run them now.
        # (A transactional test would flush the tables the browser tests' site lives in.)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
        cursor.execute("SELECT count(*) FROM search_posting")
        assert cursor.fetchone()[0] == 0


def test_changed_weights_rebuild_every_posting(organisation):
    entry_id = _entry_id(organisation)
    before = _postings(entry_id)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_posting_weights SET weights = '{1,1,1,1}'")
        cursor.execute("UPDATE search_posting SET impact = 0")
    assert not postings.is_ready()

    postings.ensure_current()

    assert postings.is_ready()
    assert _postings(entry_id) == pytest.approx(before, rel=1e-6)


@pytest.mark.parametrize("lexeme", ["o'brien", "back\\slash", "a b", "'", "&|!:*()"])
def test_any_lexeme_is_taken_literally(lexeme):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_rank(array_to_tsvector(ARRAY[%s]), search_lexeme_query(%s))",
            [lexeme, lexeme],
        )
        assert cursor.fetchone()[0] > 0


def test_entries_without_an_integer_key_get_no_postings_and_no_error(organisation):
    content_type = ContentType.objects.get_for_model(Organisation)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title, autocomplete, body, title_norm,
                 title_text, body_text)
            VALUES (%s, 'not-a-number', to_tsvector('dutch', 'klompen'), ''::tsvector,
                    ''::tsvector, 1.0, 'klompen', '')
            RETURNING id
            """,
            [content_type.pk],
        )
        entry_id = cursor.fetchone()[0]
    assert _postings(entry_id) == {}
    assert _postings(_entry_id(organisation)), "entries with integer keys still get postings"

    with connection.cursor() as cursor:  # and a full rebuild passes it over too
        cursor.execute("UPDATE search_posting_weights SET weights = '{1,1,1,1}'")
    postings.ensure_current()
    assert _postings(entry_id) == {}
    assert _postings(_entry_id(organisation))
