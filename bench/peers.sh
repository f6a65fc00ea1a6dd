#!/usr/bin/env bash
# Runs bench.py's three cases (--version, one text turn, four requests: Read, Edit, Bash, answer) for keel and for
# every other agent installed here that speaks the Anthropic Messages API and takes the same flags (-p,
# --permission-mode, --allowedTools), against the same fake server in the same run, and prints each peer's
# figures as ratios to keel's (peer / keel: 3.0x means keel is three times faster or leaner).
#   RUNS=N (default 10)   KEEL_BIN=path (default artifacts/bin/keel; run ./install.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
keel="${KEEL_BIN:-$(pwd)/artifacts/bin/keel}"
candidates=(claude)
peers=()
for name in "${candidates[@]}"; do
  if path="$(command -v "$name" 2>/dev/null)"; then peers+=("$path"); fi
done
if [ ${#peers[@]} -eq 0 ]; then
  echo "peers.sh: no other agent is installed (looked for: ${candidates[*]}); nothing to compare against."
  exit 0
fi
if [ ! -x "$keel" ]; then
  echo "peers.sh: $keel not found; run ./install.sh (or set KEEL_BIN)" >&2
  exit 1
fi
dotnet build tests/Keel.FakeServer -c Release --nologo -v quiet >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 bench/bench.py --keel "$keel" --runs "$runs" --long-session 0 --out "$out/keel.json"
for peer in "${peers[@]}"; do
  echo "--- $peer"
  python3 bench/bench.py --keel "$peer" --runs "$runs" --long-session 0 --out "$out/$(basename "$peer").json"
done
python3 - "$out" "${peers[@]}" <<'PY'
import json, os, sys
out, peers = sys.argv[1], sys.argv[2:]
keel = json.load(open(os.path.join(out, "keel.json")))
cases = ["--version", "one text turn", "four requests"]
for peer in peers:
    name = os.path.basename(peer)
    rows = json.load(open(os.path.join(out, name + ".json")))
    print(f"\n{name} / keel (same fake server, same run, medians):")
    for k, p, case in zip(keel, rows, cases):
        print(f"  {case:<15} wall {p['median_s'] / k['median_s']:5.1f}x  ({p['median_s']*1000:.0f} vs {k['median_s']*1000:.0f} ms)"
              f"   peak RSS {p['median_rss_mib'] / k['median_rss_mib']:5.1f}x  ({p['median_rss_mib']:.0f} vs {k['median_rss_mib']:.0f} MiB)")
PY
