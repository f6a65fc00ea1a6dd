#!/usr/bin/env bash
# Grep/Glob against ripgrep on a generated 100k-file tree (apt-get install ripgrep for the comparison).
#   bench/search/run.sh [TREE] [--runs N]   (TREE default /tmp/keel-search-tree; generated once, ~600 MB)
set -euo pipefail
cd "$(dirname "$0")/../.."
tree="${1:-/tmp/keel-search-tree}"
shift || true
[ -d "$tree" ] || python3 bench/search/make_tree.py "$tree"
dotnet build tests/Keel.FakeServer -c Release --nologo -v quiet >/dev/null
python3 bench/search/search.py "$tree" "$@"
