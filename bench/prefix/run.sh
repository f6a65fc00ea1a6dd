#!/usr/bin/env bash
# Builds keel and the fake server in Release, then measures prefix stability.
set -euo pipefail
cd "$(dirname "$0")/../.."
KEEL_INSTALL_DIR="$(pwd)/artifacts/bin" ./install.sh >/dev/null
dotnet build tests/Keel.FakeServer -c Release --nologo -v quiet >/dev/null
KEEL_BIN="$(pwd)/artifacts/bin/keel" python3 bench/prefix/prefix.py "$@"
