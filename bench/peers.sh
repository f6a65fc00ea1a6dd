#!/usr/bin/env bash
# Runs bench.py's three cases (--version, one text turn, four requests: read, edit, shell, answer) for keel and for
# every other agent installed here, against the same fake server in the same run, and prints each peer's figures as
# ratios to keel's (peer / keel: 3.0x means keel is three times faster or leaner). agents.py says how each is driven.
#   RUNS=N (default 10)     runs per case and round (plus 2 warm-up runs each, discarded)
#   ROUNDS=N (default 2)    keel and the peers take turns N times; medians pool every round (load drifts on a shared box)
#   TREE_RUNS=N (default 5) runs of a separate pass that samples the whole process tree's Pss every 5 ms (0 skips it)
#   KEEL_BIN=path           default artifacts/bin/keel (run ./install.sh first)
#   PEER_CLAUDE=path        Claude Code (default: `claude` on PATH)
#   PEER_CODEX=path         Codex CLI (default: `codex` on PATH; the npm package's node launcher is replaced by the
#                           native binary it would start, which is what is measured)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
rounds="${ROUNDS:-2}"
keel="${KEEL_BIN:-$(pwd)/artifacts/bin/keel}"

# The native codex binary behind the npm launcher (bin/codex.js picks vendor/<target>/bin/codex of a sibling package).
native_codex() {
  local real dir
  real="$(readlink -f "$1")"
  case "$real" in
    *.js)
      dir="$(dirname "$(dirname "$real")")"
      # The platform package sits next to @openai/codex, or inside it when npm nested it; older releases vendored it.
      for native in "$dir"/../codex-linux-*/vendor/*/bin/codex "$dir"/node_modules/@openai/codex-linux-*/vendor/*/bin/codex \
                    "$dir"/vendor/*/bin/codex; do
        if [ -x "$native" ]; then readlink -f "$native"; return; fi
      done
      echo "$real" ;;
    *) echo "$real" ;;
  esac
}

names=()
paths=()
claude_path="${PEER_CLAUDE:-$(command -v claude 2>/dev/null || true)}"
if [ -n "$claude_path" ]; then names+=(claude); paths+=("$(readlink -f "$claude_path")"); fi
codex_path="${PEER_CODEX:-$(command -v codex 2>/dev/null || true)}"
if [ -n "$codex_path" ]; then names+=(codex); paths+=("$(native_codex "$codex_path")"); fi
if [ ${#names[@]} -eq 0 ]; then
  echo "peers.sh: no other agent is installed (looked for claude and codex on PATH, PEER_CLAUDE, PEER_CODEX); nothing to compare against."
  exit 0
fi
if [ ! -x "$keel" ]; then
  echo "peers.sh: $keel not found; run ./install.sh (or set KEEL_BIN)" >&2
  exit 1
fi
dotnet build tests/Keel.FakeServer -c Release --nologo -v quiet >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "keel:   $keel ($("$keel" --version))"
for i in "${!names[@]}"; do echo "${names[$i]}: ${paths[$i]} ($("${paths[$i]}" --version))"; done
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  python3 bench/bench.py --agent keel --keel "$keel" --runs "$runs" --three-cases --out "$out/keel-$round.json" >/dev/null
  for i in "${!names[@]}"; do
    python3 bench/bench.py --agent "${names[$i]}" --keel "${paths[$i]}" --runs "$runs" --out "$out/${names[$i]}-$round.json" >/dev/null
  done
  echo "round $round done, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
# Peak RSS above is the largest single process (wait4's ru_maxrss); this pass adds up the proportional set size
# (shared pages split among their users) of every live process of the tree.
tree_runs="${TREE_RUNS:-5}"
if [ "$tree_runs" -gt 0 ]; then
  python3 bench/bench.py --agent keel --keel "$keel" --runs "$tree_runs" --three-cases --tree-pss-ms 5 --out "$out/keel-tree.json" >/dev/null
  for i in "${!names[@]}"; do
    python3 bench/bench.py --agent "${names[$i]}" --keel "${paths[$i]}" --runs "$tree_runs" --tree-pss-ms 5 --out "$out/${names[$i]}-tree.json" >/dev/null
  done
  echo "tree pass done, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

python3 - "$out" "$rounds" "${names[@]}" <<'PY'
import json, os, statistics, sys
out, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
cases = ["--version", "one text turn", "four requests"]

def pooled(agent):
    rows = [json.load(open(os.path.join(out, f"{agent}-{r}.json"))) for r in range(1, rounds + 1)]
    tree_file = os.path.join(out, f"{agent}-tree.json")
    tree = json.load(open(tree_file)) if os.path.exists(tree_file) else None
    return [(statistics.median(w for row in rows for w in row[c]["walls_s"]),
             statistics.median(m for row in rows for m in row[c]["rss_mib"]),
             statistics.median(tree[c]["tree_pss_mib"]) if tree else None) for c in range(len(cases))]

def cell(value, unit, base=None, digits=0):
    if value is None:
        return "-"
    text = f"{value * (1000 if unit == 'ms' else 1):.{digits}f} {unit}"
    return f"{text} ({value / base:.1f}x)" if base else text

agents = ["keel", *names]
figures = {a: pooled(a) for a in agents}
print(f"\nmedians over {rounds} rounds (tree PSS: separate sampled pass); in brackets: peer / keel")
print("| case | " + " | ".join(f"{a} wall | {a} peak RSS | {a} tree PSS" for a in agents) + " |")
print("|---|" + "---|---|---|" * len(agents))
for c, case in enumerate(cases):
    kw, km, kt = figures["keel"][c]
    # A --version run ends within one sampling period: its tree figure would be the launcher's fork, not the agent.
    tree = (lambda t: None) if case == "--version" else (lambda t: t)
    cells = [cell(kw, "ms", digits=1), cell(km, "MiB", digits=1), cell(tree(kt), "MiB", digits=1)]
    for n in names:
        pw, pm, pt = figures[n][c]
        cells += [cell(pw, "ms", kw), cell(pm, "MiB", km), cell(tree(pt), "MiB", tree(kt))]
    print(f"| {case} | " + " | ".join(cells) + " |")
PY
