#!/usr/bin/env bash
# Search latency at several data sizes, each in its own PostgreSQL database.
#
#   search/benchmarks/run_latency.sh [sizes...]
#
# Sizes: "1x" (the sample), "10x" (ten times the sample), "large" (5,000 organisations,
# 20,000 services, 500 locations, 1,000 FAQs). Default: all three. Needs PGHOST-style
# access to a PostgreSQL server: BENCH_PG (default postgres://postgres@127.0.0.1:5432).
# Each size: create database portal_bench_<size>, migrate, build the site, generate and
# import the data, start a server, run latency.py, stop the server. Prints per size the
# import time, the semantic layer's memory per worker, the CPU reference and latency.py's
# first-round, later-rounds and summary (all requests) lines. BENCH_REUSE=1 skips the
# import when the database already exists.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PORT=${BENCH_PORT:-8190}
ROUNDS=${BENCH_ROUNDS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1x 10x large)

for size in "${SIZES[@]}"; do
    db="${BENCH_DB_PREFIX:-portal_bench}_${size}"
    data="/tmp/${db}_csv"
    export DATABASE_URL="$PG/$db"
    # Non-debug settings: DEBUG records every SQL query and would inflate the figures.
    export DJANGO_SETTINGS_MODULE=${BENCH_SETTINGS:-portal.settings.test}
    # Measure the engine, not the response cache (the query list repeats every round).
    export SEARCH_RESPONSE_CACHE_SECONDS=${SEARCH_RESPONSE_CACHE_SECONDS:-0}
    if [ "${BENCH_REUSE:-0}" = 1 ] && psql "$PG/$db" -qc "select 1" >/dev/null 2>&1; then
        # BENCH_REUSE=1: measure again on the data set imported by an earlier run.
        "$PY" manage.py migrate --noinput -v0
        psql "$PG/$db" -qc "VACUUM ANALYZE" >/dev/null
        echo "$size: reusing $db"
    else
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py setup_site -v0
    case "$size" in
        1x) data=portal/fixtures/sociale-kaart ;;
        10x) "$PY" manage.py generate_sociale_kaart "$data" --scale 10 >/dev/null ;;
        large) "$PY" manage.py generate_sociale_kaart "$data" --organisations 5000 \
                   --services 20000 --locations 500 --faqs 1000 >/dev/null ;;
        *) echo "unknown size $size" >&2; exit 2 ;;
    esac
    started=$(date +%s)
    "$PY" manage.py import_sociale_kaart "$data" >/dev/null
    # Planner statistics and visibility maps, as autovacuum gives a production database
    # shortly after an import (without them PostgreSQL picks nested loops over 20,000 rows
    # and cannot read the postings index without visiting the table).
    psql "$PG/$db" -qc "VACUUM ANALYZE" >/dev/null
    # The import indexes what it wrote; BENCH_REINDEX=1 rebuilds the index on top.
    [ "${BENCH_REINDEX:-0}" = 1 ] && "$PY" manage.py update_index >/dev/null 2>&1
    echo "$size: imported and indexed in $(( $(date +%s) - started )) s" \
         "($(psql "$PG/$db" -Atc 'select count(*) from wagtailsearch_indexentry') index entries)"
    fi
    # One thread, like a production WSGI worker: it keeps its database connection
    # (CONN_MAX_AGE). The threaded development server opens a new connection for every
    # request (~10 ms here), which is not search time. BENCH_THREADING=1 measures that too.
    "$PY" -m search.benchmarks.semantic_memory
    threading=--nothreading
    [ "${BENCH_THREADING:-0}" = 1 ] && threading=
    "$PY" manage.py runserver "127.0.0.1:$PORT" --noreload $threading >/tmp/${db}_server.log 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/api/v1/search/?q=x" >/dev/null && break; sleep 1; done
    "$PY" search/benchmarks/latency.py --base-url "http://127.0.0.1:$PORT" --rounds "$ROUNDS" --label "$size" | tail -4
    kill $server; wait $server 2>/dev/null || true
    trap - EXIT
done
