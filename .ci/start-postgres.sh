#!/usr/bin/env bash
# Install (if missing) and start a local PostgreSQL for the storage tests, create a role that may
# create databases (each test session makes its own database and drops it), and print the URL.
# Idempotent: safe to run again. Prints only the URL on stdout (progress goes to stderr):
#   export BACKSTRIDE_TEST_PG_URL="$(.ci/start-postgres.sh)"
set -euo pipefail
PG_USER=${BACKSTRIDE_PG_USER:-backstride}
PG_PASS=${BACKSTRIDE_PG_PASSWORD:-backstride}
PG_DB=${BACKSTRIDE_PG_DB:-backstride_test}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

if [ -z "$(pg_lsclusters -h)" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  as_root pg_createcluster "$version" main >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL did not start on port $port" >&2; exit 1; }

as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASS';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASS';
  END IF;
END \$\$;
SQL
if ! as_postgres psql -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
  as_postgres createdb -p "$port" -O "$PG_USER" "$PG_DB" >&2
fi

echo "postgresql+psycopg://$PG_USER:$PG_PASS@127.0.0.1:$port/$PG_DB"
