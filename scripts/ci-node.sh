#!/usr/bin/env bash
# The unit and integration suites on another Node major (CI step, for 22 and 24;
# `bash scripts/ci-node.sh MAJOR [vitest args]`).
#
# That Node comes from the npm registry's `node` package (npx -p node@MAJOR). better-sqlite3's
# native module in node_modules is built for the machine's Node (20): another major has another
# ABI, so it is rebuilt for it from the package's own sources, against its headers
# taken from the registry's node-linux-<arch> package (nothing else is downloaded; the
# prebuilt-binary download is not used). The Node 20 build is moved aside, not
# overwritten (node_modules may be hard-linked to other copies of the project), and put
# back on exit, however the run ends. Why this way: docs/decisions/0034-operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MAJOR="${1:?usage: scripts/ci-node.sh MAJOR [vitest args]}"
shift

BS=node_modules/better-sqlite3
ASIDE="$BS/build-node-default"
WORK="$(mktemp -d)"
restore() {
  if [ -d "$ASIDE" ]; then
    rm -rf "$BS/build"
    mv "$ASIDE" "$BS/build"
  fi
  rm -rf "$WORK"
}
trap restore EXIT
restore # an earlier run that was killed left the default build aside: put it back first
WORK="$(mktemp -d)"

nodeN() { npx -y -p "node@$MAJOR" -- node "$@"; }
started=$SECONDS
version="$(nodeN -p 'process.versions.node')"
arch="$(nodeN -p 'process.arch')"
echo "Node $version ($arch) from the npm registry: $((SECONDS - started)) s"

bs_version="$(node -p "require('./$BS/package.json').version")"
abi="$(nodeN -p 'process.versions.modules')"
CACHE="node_modules/.cache/titerline-node$MAJOR/better-sqlite3-$bs_version-abi$abi.node"
mv "$BS/build" "$ASIDE"
mkdir -p "$BS/build/Release"
if [ -f "$CACHE" ]; then
  cp "$CACHE" "$BS/build/Release/better_sqlite3.node"
  echo "better-sqlite3 $bs_version for Node $version (ABI $abi) from the earlier build in $CACHE"
else
  (cd "$WORK" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar xzf node-linux-*.tgz package/include)
  echo "Node $version headers: $((SECONDS - started)) s"
  gyp="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  # npm's own nodedir setting (the machine's Node 20 headers) reaches node-gyp through the
  # environment and wins over --nodedir: set both to this Node's.
  if ! (cd "$BS" && npm_config_nodedir="$WORK/package" nodeN "$gyp" rebuild --release --jobs=2 --nodedir="$WORK/package") >"$WORK/node-gyp.log" 2>&1; then
    tail -40 "$WORK/node-gyp.log"
    echo "better-sqlite3 could not be built for Node $version (log above)." >&2
    exit 1
  fi
  mkdir -p "$(dirname "$CACHE")"
  cp "$BS/build/Release/better_sqlite3.node" "$CACHE"
  echo "better-sqlite3 $bs_version built for Node $version (ABI $abi): $((SECONDS - started)) s"
fi
nodeN -e "new (require('./$BS'))(':memory:').close()" || { echo "The Node $version build of better-sqlite3 does not load." >&2; exit 1; }

nodeN node_modules/vitest/vitest.mjs run "$@"
echo "Unit and integration suites on Node $version: $((SECONDS - started)) s in all"
