#!/usr/bin/env bash
# Prints the postgres:// URL of a reachable PostgreSQL server on stdout, for the store contract suite; prints
# nothing (and exits 0, with a notice on stderr) when none can be had. Everything else goes to stderr.
#
# 1. A server already answering on 127.0.0.1:$PORT is used as it is.
# 2. Otherwise an installed Debian cluster is started (pg_ctlcluster, no systemd needed),
# 3. otherwise the `postgresql` package is installed with apt-get and its cluster started.
# The URL is the first that accepts a connection: trust auth as `postgres`, password `postgres`, or a
# `salesops_test` role and database this script creates through the local socket when it may act as `postgres`.
set -uo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT="${SALESOPS_PG_PORT:-5432}"
TEST_ROLE=salesops_test

say() { printf 'postgres.sh: %s\n' "$*" >&2; }

# Runs a command as root (directly, or through non-interactive sudo); fails when neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

# Runs a command as the postgres OS user (peer authentication on the local socket).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null && sudo -n -u postgres true 2>/dev/null; then sudo -n -u postgres "$@"
  else return 1; fi
}

answers() {
  if command -v pg_isready >/dev/null; then pg_isready -q -h "$HOST" -p "$PORT" -t 3
  else timeout 3 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null; fi
}

wait_until_answers() {
  for _ in $(seq 1 30); do answers && return 0; sleep 1; done
  return 1
}

# Whether a URL accepts a connection and a query (psql if installed, else node with the project's pg).
connects() {
  if command -v psql >/dev/null; then
    PGCONNECT_TIMEOUT=3 psql "$1" -XAtqc 'select 1' >/dev/null 2>&1
  else
    node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});
      c.connect().then(()=>c.query('select 1')).then(()=>c.end(),()=>process.exit(1))" "$1" >/dev/null 2>&1
  fi
}

start_cluster() {
  command -v pg_lsclusters >/dev/null || return 1
  local version
  for version in $(pg_lsclusters -h 2>/dev/null | awk -v port="$PORT" '$2 == "main" && $3 == port { print $1 }' | sort -rn); do
    say "starting PostgreSQL $version/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>&1 && wait_until_answers && return 0
  done
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null || return 1
  say "installing postgresql with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 2>&1 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 2>&1 || return 1
}

# Creates the test role and database (idempotently) over the local socket, when this script may act as postgres.
create_test_role() {
  command -v psql >/dev/null || return 1
  as_postgres psql -XAtq -p "$PORT" -d postgres >&2 2>&1 <<SQL || return 1
select 'create role $TEST_ROLE login password ''$TEST_ROLE'''
  where not exists (select from pg_roles where rolname = '$TEST_ROLE') \gexec
select 'create database $TEST_ROLE owner $TEST_ROLE'
  where not exists (select from pg_database where datname = '$TEST_ROLE') \gexec
SQL
}

if ! answers; then
  start_cluster || { install_postgres && start_cluster; } || {
    say "NOTICE: no PostgreSQL server on $HOST:$PORT and none could be started or installed"
    exit 0
  }
fi

CANDIDATES=(
  "postgres://postgres@$HOST:$PORT/postgres"
  "postgres://postgres:postgres@$HOST:$PORT/postgres"
  "postgres://$TEST_ROLE:$TEST_ROLE@$HOST:$PORT/$TEST_ROLE"
)
for url in "${CANDIDATES[@]}"; do
  if connects "$url"; then echo "$url"; exit 0; fi
done
if create_test_role && connects "${CANDIDATES[2]}"; then
  echo "${CANDIDATES[2]}"
  exit 0
fi
say "NOTICE: PostgreSQL answers on $HOST:$PORT but refuses every login this script knows"
exit 0
