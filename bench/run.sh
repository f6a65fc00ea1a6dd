#!/usr/bin/env bash
# Builds keel and the fake server in Release, then runs the timing bench.
set -euo pipefail
cd "$(dirname "$0")/.."
KEEL_INSTALL_DIR="$(pwd)/artifacts/bin" ./install.sh >/dev/null
dotnet build tests/Keel.FakeServer -c Release --nologo -v quiet >/dev/null
KEEL_BIN="$(pwd)/artifacts/bin/keel" python3 bench/bench.py "$@"
