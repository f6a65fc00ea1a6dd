#!/usr/bin/env bash
# The test command: builds and installs keel into a private folder, then runs every test
# (unit tests, and end-to-end tests that drive that installed binary against the fake server).
set -euo pipefail
cd "$(dirname "$0")"

# Real MCP peers (reference server, TypeScript SDK) for the MCP end-to-end tests, from the lock file.
if [ ! -d tests/fixtures/mcp/node_modules ]; then
  npm ci --prefix tests/fixtures/mcp --no-audit --no-fund
fi
# The official MCP conformance suite tests keel as a client and `keel mcp serve` as a server, from its lock file.
if [ ! -d tests/fixtures/mcp-conformance/node_modules ]; then
  npm ci --prefix tests/fixtures/mcp-conformance --no-audit --no-fund
fi
# The official Agent SDK drives the installed keel in the SDK end-to-end tests; its optional native CLI is not needed.
if [ ! -d tests/fixtures/sdk/node_modules ]; then
  npm ci --prefix tests/fixtures/sdk --omit=optional --no-audit --no-fund
fi

# The official ACP TypeScript SDK, the editor side of the `keel acp` end-to-end tests, from its lock file.
if [ ! -d tests/fixtures/acp/node_modules ]; then
  npm ci --prefix tests/fixtures/acp --no-audit --no-fund
fi

export KEEL_INSTALL_DIR="$(pwd)/artifacts/bin"
./install.sh
export KEEL_BIN="$KEEL_INSTALL_DIR/keel"

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Keel.sln --configuration Release --nologo \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=minimal" || status=$?

# One plain closing line for whoever reads the log: "N passed, N failed".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${s:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
