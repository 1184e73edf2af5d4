#!/usr/bin/env bash
# The servers the test suite needs on a CI machine (Debian, root, nothing started):
# a private PostgreSQL cluster and a Redis server, each on a dedicated loopback port so CI
# never collides with a server the machine already runs (e.g. PostgreSQL on 5432).
#
#   .ci/services.sh start      install what is missing (apt-get), start both, create the database
#   .ci/services.sh stop       stop both (data stays; `start` reuses it)
#   .ci/services.sh status     exit 0 when both answer
#   .ci/services.sh env        print the `export` lines for the suite (eval "$(... env)")
#   .ci/services.sh start --dry-run   print what would be installed and run, change nothing
#
# Settings (environment): CI_PG_PORT (5433), CI_REDIS_PORT (6380), CI_SERVICES_DIR
# (default /tmp/portal-ci-<hash of this checkout>: the server runs as user postgres, which
# must be able to reach its data directory, and a checkout under /root is not reachable).
# Every command is idempotent: `start` twice reuses the running servers, `stop` twice is fine.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${CI_PG_PORT:-5433}"
REDIS_PORT="${CI_REDIS_PORT:-6380}"
# Debian installs the server binaries here, outside PATH (one directory per major version).
PG_LIB="${CI_PG_LIB:-/usr/lib/postgresql}"
PG_SHARE="${CI_PG_SHARE:-/usr/share/postgresql}"
DB_NAME="portal"
SERVICES_DIR="${CI_SERVICES_DIR:-/tmp/portal-ci-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)}"
PGDATA_DIR="$SERVICES_DIR/pg"
PG_SOCKET_DIR="$SERVICES_DIR/pg-run"  # socket and log, owned by the server's user
REDIS_DIR="$SERVICES_DIR/redis"
DRY_RUN=0

say() { echo "services: $*" >&2; }
die() { say "$*"; exit 1; }
run() {
    if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else "$@"; fi
}

pg_bindir() {
    # Newest installed major version that has initdb.
    local dir
    dir="$(ls -d "$PG_LIB"/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

has_contrib() {
    # unaccent and pg_trgm (our migrations create both) come with postgresql-contrib.
    ls "$PG_SHARE"/*/extension/unaccent.control >/dev/null 2>&1 \
        && ls "$PG_SHARE"/*/extension/pg_trgm.control >/dev/null 2>&1
}

missing_packages() {
    local missing=""
    [ -n "$(pg_bindir)" ] || missing="$missing postgresql"
    has_contrib || missing="$missing postgresql-contrib"
    command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
    command -v redis-cli >/dev/null 2>&1 || missing="$missing redis-tools"
    echo "$missing"
}

install_missing() {
    local missing
    missing="$(missing_packages)"
    [ -z "$missing" ] && return 0
    say "apt-get install:$missing"
    [ "$DRY_RUN" = 1 ] || [ "$(id -u)" = 0 ] || die "not root: install$missing yourself"
    run apt-get update -qq
    # Debian's postinst may start its own cluster on 5432; ours uses PG_PORT, so that is harmless.
    # shellcheck disable=SC2086
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

port_in_use() {
    # bash's /dev/tcp: no dependency on ss/netstat/nc.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Run a PostgreSQL binary as the cluster owner: postgres refuses to run as root.
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() {
    local bindir="$1"
    [ -f "$PGDATA_DIR/PG_VERSION" ] && as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

pg_answers() {
    "$1/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2
}

pg_running_and_answering() {
    # A postmaster killed with -9 can linger for a moment (its pid still alive) without
    # answering: wait until it either answers or is gone.
    local bindir="$1"
    for _ in $(seq 1 20); do
        pg_running "$bindir" || return 1
        pg_answers "$bindir" && return 0
        sleep 0.5
    done
    return 1
}

start_postgres() {
    local bindir
    bindir="$(pg_bindir)"
    if [ "$DRY_RUN" = 1 ] && [ -z "$bindir" ]; then
        echo "would run: initdb + pg_ctl start in $PGDATA_DIR on 127.0.0.1:$PG_PORT"
        return 0
    fi
    [ -n "$bindir" ] || die "no PostgreSQL server under $PG_LIB (install postgresql)"
    if pg_running_and_answering "$bindir"; then
        say "PostgreSQL already running in $PGDATA_DIR"
    else
        if port_in_use "$PG_PORT"; then
            die "port $PG_PORT is taken by another server; choose another with CI_PG_PORT=..."
        fi
        if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
            say "initdb $PGDATA_DIR ($("$bindir/postgres" --version))"
            run rm -rf "$PGDATA_DIR"
            run mkdir -p "$PGDATA_DIR" "$PG_SOCKET_DIR"
            if [ "$(id -u)" = 0 ]; then
                run chmod 755 "$SERVICES_DIR"
                run chown postgres:postgres "$PGDATA_DIR" "$PG_SOCKET_DIR"
            fi
            run as_pg_owner "$bindir/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust \
                --encoding=UTF8 --locale=C.UTF-8 >/dev/null
            # CI data is thrown away: durability settings off make the suite faster.
            if [ "$DRY_RUN" = 0 ]; then
                cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# .ci/services.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
            fi
        fi
        run mkdir -p "$PG_SOCKET_DIR"
        if [ "$(id -u)" = 0 ]; then run chown postgres:postgres "$PG_SOCKET_DIR"; fi
        say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        # pg_ctl itself replaces a postmaster.pid left by a crashed server.
        run as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PG_SOCKET_DIR/postgresql.log" \
            -w -t 60 start >/dev/null \
            || { tail -n 20 "$PG_SOCKET_DIR/postgresql.log" >&2; die "PostgreSQL did not start"; }
    fi
    [ "$DRY_RUN" = 1 ] && return 0
    local psql="$bindir/psql"
    if ! "$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
        "$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB_NAME"
    fi
}

redis_answers() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
}

redis_ours() {
    local pid
    [ -f "$REDIS_DIR/redis.pid" ] || return 1
    pid="$(cat "$REDIS_DIR/redis.pid" 2>/dev/null)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

start_redis() {
    if redis_ours && redis_answers; then
        say "Redis already running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    if [ "$DRY_RUN" = 0 ] && port_in_use "$REDIS_PORT"; then
        die "port $REDIS_PORT is taken by another server; choose another with CI_REDIS_PORT=..."
    fi
    say "starting Redis on 127.0.0.1:$REDIS_PORT"
    run mkdir -p "$REDIS_DIR"
    # No persistence: the tests need a live server, not its data.
    run redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly no
    [ "$DRY_RUN" = 1 ] && return 0
    for _ in $(seq 1 50); do
        redis_answers && return 0
        sleep 0.2
    done
    tail -n 20 "$REDIS_DIR/redis.log" >&2
    die "Redis did not answer on 127.0.0.1:$REDIS_PORT"
}

stop_postgres() {
    local bindir
    bindir="$(pg_bindir)"
    if [ -n "$bindir" ] && pg_running "$bindir"; then
        as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        say "stopped PostgreSQL ($PGDATA_DIR)"
    else
        say "PostgreSQL is not running ($PGDATA_DIR)"
    fi
}

stop_redis() {
    if redis_ours; then
        local pid
        pid="$(cat "$REDIS_DIR/redis.pid")"
        kill "$pid"
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        say "stopped Redis (127.0.0.1:$REDIS_PORT)"
    else
        say "Redis is not running ($REDIS_DIR)"
    fi
}

print_env() {
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
    echo "export REDIS_TEST_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

command="${1:-}"
[ "${2:-}" = "--dry-run" ] && DRY_RUN=1
case "$command" in
    start)
        install_missing
        run mkdir -p "$SERVICES_DIR"
        start_postgres
        start_redis
        [ "$DRY_RUN" = 1 ] || say "ready; $(print_env | tr '\n' ' ')"
        ;;
    stop)
        stop_postgres
        stop_redis
        ;;
    status)
        bindir="$(pg_bindir)"
        [ -n "$bindir" ] && pg_running "$bindir" && pg_answers "$bindir" && redis_ours && redis_answers
        ;;
    env)
        print_env
        ;;
    *)
        echo "usage: $0 start [--dry-run] | stop | status | env" >&2
        exit 2
        ;;
esac
