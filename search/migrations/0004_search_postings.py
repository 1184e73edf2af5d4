"""Per-word scores of every index entry ("postings"), kept current by triggers.

Why: see ``search/backends/postings.py``. The table is filled by the post-migrate step
``search.backends.postings.ensure_current`` (the rank weights come from the code's search
fields, so SQL alone cannot know them); from then on triggers on the index table keep
it current, whatever code writes the index.
"""

from django.db import migrations

FORWARD = r"""
CREATE TABLE search_posting (
    entry_id integer NOT NULL,
    lexeme text NOT NULL,
    content_type_id integer NOT NULL,
    object_id integer NOT NULL,
    impact real NOT NULL,
    PRIMARY KEY (entry_id, lexeme)
);
CREATE INDEX search_posting_best
    ON search_posting (lexeme, content_type_id) INCLUDE (object_id, impact);

-- One row: the ts_rank weights the postings were computed with.
CREATE TABLE search_posting_weights (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    weights real[] NOT NULL
);

-- A lexeme as a one-word tsquery, taken literally (quotes and backslashes escaped).
CREATE FUNCTION search_lexeme_query(lexeme text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT ('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''')::tsquery $$;

-- The stock backend's score of an entry for one word: title rank times title_norm plus
-- body rank (modelsearch PostgresSearchQueryCompiler.build_tsrank / get_index_vectors).
CREATE FUNCTION search_posting_impact(
    weights real[], title tsvector, body tsvector, title_norm double precision, lexeme text
) RETURNS real
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (ts_rank(weights, title, search_lexeme_query(lexeme)) * title_norm
           + ts_rank(weights, body, search_lexeme_query(lexeme)))::real $$;

-- The searched kinds have integer keys (integers sort and group fast); others are skipped.
CREATE FUNCTION search_posting_has_integer_id(object_id text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT object_id ~ '^[0-9]{1,9}$' $$;

CREATE FUNCTION search_posting_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_posting WHERE entry_id = OLD.id;
    END IF;
    -- Checked before the INSERT is planned: the planner folds NEW.object_id::integer.
    IF TG_OP <> 'DELETE' AND search_posting_has_integer_id(NEW.object_id) THEN
        INSERT INTO search_posting (entry_id, lexeme, content_type_id, object_id, impact)
        SELECT NEW.id, word.lexeme, NEW.content_type_id, NEW.object_id::integer,
               search_posting_impact(w.weights, NEW.title, NEW.body, NEW.title_norm, word.lexeme)
        FROM search_posting_weights w
        CROSS JOIN LATERAL unnest(NEW.title || NEW.body) AS word;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION search_posting_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE search_posting;
    RETURN NULL;
END
$$;

CREATE TRIGGER search_posting_insert_delete
    AFTER INSERT OR DELETE ON wagtailsearch_indexentry
    FOR EACH ROW EXECUTE FUNCTION search_posting_sync();
CREATE TRIGGER search_posting_update
    AFTER UPDATE ON wagtailsearch_indexentry
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title
          OR OLD.body IS DISTINCT FROM NEW.body
          OR OLD.title_norm IS DISTINCT FROM NEW.title_norm
          OR OLD.content_type_id IS DISTINCT FROM NEW.content_type_id
          OR OLD.object_id IS DISTINCT FROM NEW.object_id)
    EXECUTE FUNCTION search_posting_sync();
CREATE TRIGGER search_posting_truncate
    AFTER TRUNCATE ON wagtailsearch_indexentry
    FOR EACH STATEMENT EXECUTE FUNCTION search_posting_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS search_posting_truncate ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_posting_update ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_posting_insert_delete ON wagtailsearch_indexentry;
DROP FUNCTION IF EXISTS search_posting_truncate();
DROP FUNCTION IF EXISTS search_posting_sync();
DROP FUNCTION IF EXISTS search_posting_impact(real[], tsvector, tsvector, double precision, text);
DROP FUNCTION IF EXISTS search_lexeme_query(text);
DROP FUNCTION IF EXISTS search_posting_has_integer_id(text);
DROP TABLE IF EXISTS search_posting_weights;
DROP TABLE IF EXISTS search_posting;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_entry_title_body_gin"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
