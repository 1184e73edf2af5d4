#!/usr/bin/env bash
# Print how long the spreadsheet import takes for the sample and for a generated 10x set.
# It imports INTO the database DATABASE_URL names: point it at a scratch database, e.g.
#   createdb -h 127.0.0.1 -U postgres portal_bench
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench scripts/bench_import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SCALE="${SCALE:-10}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

$PY manage.py migrate --noinput -v0
$PY manage.py setup_site -v0 >/dev/null
$PY manage.py generate_sociale_kaart "$OUT" --scale "$SCALE" >/dev/null
for set in portal/fixtures/sociale-kaart "$OUT"; do
    for run in first second; do
        echo "== import $set ($run run)"
        start=$(date +%s.%N)
        $PY manage.py import_sociale_kaart "$set" | tail -1
        end=$(date +%s.%N)
        echo "wall time including Django start-up: $(echo "$end - $start" | bc) s"
    done
done
