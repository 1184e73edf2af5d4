"""unaccent, pg_trgm and the 'dutch_unaccent' text search configuration.

'dutch_unaccent' is PostgreSQL's 'dutch' configuration with accents removed before
stemming, so 'cafe' finds 'café' and 'cooperatie' finds 'Coöperatie'. f_unaccent() is the
immutable wrapper Wagtail's fuzzy search and expression indexes need.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
    END IF;
END
$$;
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$func$ SELECT public.unaccent('public.unaccent', $1) $func$;
"""

DROP_CONFIG = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent;
DROP FUNCTION IF EXISTS f_unaccent(text);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE_CONFIG, DROP_CONFIG),
    ]
