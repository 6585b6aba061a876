#!/usr/bin/env bash
# Runs the server's storage tests against a local PostgreSQL: installs it from Debian packages,
# starts the default cluster, creates a throwaway role and database, and runs with TEST_DATABASE_URL
# the suites whose storage matters: storage, goods SKUs, orders (200 concurrent orders for a SKU
# with stock 10 reserve exactly 10) and buying with WeChat Pay (notifications applied once when
# concurrent, refunds settled once). Needs root (apt-get, pg_ctlcluster). Loopback only.
set -euo pipefail

DB_NAME="${PG_TEST_DB:-storefront_test}"
DB_USER="${PG_TEST_USER:-storefront}"
DB_PASS="${PG_TEST_PASSWORD:-storefront-test}"
DB_PORT="${PG_TEST_PORT:-5432}"

if [ "$(id -u)" -ne 0 ]; then
  echo "postgres-test: run as root (it installs and starts PostgreSQL)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y postgresql

# Debian's postgresql-common creates one cluster per installed major version; start them all.
if ! pg_lsclusters --no-header | grep -q online; then
  pg_lsclusters --no-header | while read -r version cluster _rest; do
    pg_ctlcluster "$version" "$cluster" start
  done
fi
pg_lsclusters

as_postgres() { su postgres -c "$1"; }
as_postgres "psql -p $DB_PORT -v ON_ERROR_STOP=1 -tc \"select 1 from pg_roles where rolname = '$DB_USER'\" | grep -q 1 \
  || psql -p $DB_PORT -v ON_ERROR_STOP=1 -c \"create role $DB_USER login password '$DB_PASS'\""
as_postgres "psql -p $DB_PORT -v ON_ERROR_STOP=1 -tc \"select 1 from pg_database where datname = '$DB_NAME'\" | grep -q 1 \
  || psql -p $DB_PORT -v ON_ERROR_STOP=1 -c \"create database $DB_NAME owner $DB_USER\""

cd "$(dirname "$0")/.."
export TEST_DATABASE_URL="postgres://$DB_USER:$DB_PASS@127.0.0.1:$DB_PORT/$DB_NAME"
echo "postgres-test: TEST_DATABASE_URL=postgres://$DB_USER:***@127.0.0.1:$DB_PORT/$DB_NAME"
npx jest test/server/storage.test.ts test/server/goods-skus.test.ts test/server/orders.test.ts test/server/wechatpay-buying.test.ts test/server/wechatpay-recovery.test.ts --selectProjects server --runInBand
