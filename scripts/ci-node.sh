#!/usr/bin/env bash
# The unit and integration suites on another Node major (CI step, for 22 and 24;
# `bash scripts/ci-node.sh MAJOR [vitest args]`).
#
# That Node comes from the npm registry's `node` package (npx -p node@MAJOR). On Node 22
# and later Titerline opens SQLite through better-sqlite3 13 (db/sqlite-driver.ts), which
# is built on Node-API and ships its own binaries: nothing is rebuilt, and the machine's
# Node 20 build of better-sqlite3 12 is left alone (it is not loaded on 22 or 24). Why two
# drivers: docs/decisions/0034-operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MAJOR="${1:?usage: scripts/ci-node.sh MAJOR [vitest args]}"
shift

nodeN() { npx -y -p "node@$MAJOR" -- node "$@"; }
started=$SECONDS
version="$(nodeN -p 'process.versions.node')"
echo "Node $version from the npm registry: $((SECONDS - started)) s"
nodeN --import tsx -e "const m = require('./db/sqlite-driver.ts'); new m.default(':memory:').close(); console.log('SQLite through ' + m.SQLITE_DRIVER);" \
  || { echo "SQLite does not open on Node $version." >&2; exit 1; }

nodeN node_modules/vitest/vitest.mjs run "$@"
echo "Unit and integration suites on Node $version: $((SECONDS - started)) s in all"
