#!/usr/bin/env python3
"""Grep/Glob speed of the installed keel against ripgrep on a large tree.

Each case runs `keel -p` against the fake server with a scenario whose first turn calls the tool on the
tree; the same scenario on an empty directory is the baseline, so keel's search time is the median wall
time of the first minus that of the second (process start, two requests and the answer cancel out).
ripgrep runs the equivalent command (`--hidden`, the tree is a git repository so both honour .gitignore).
Usage: search.py TREE [--runs N] [--keel PATH [--keel PATH2]]   (make the tree with make_tree.py; bench/search/run.sh does both)
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CASES = [
    # name, tool, input, rg args (None: no rg equivalent)
    ("grep files, literal, many files", "Grep", {"pattern": "TODO"}, ["-l", "TODO"]),
    ("grep count, literal, many matches", "Grep", {"pattern": "return", "output_mode": "count"}, ["-c", "return"]),
    ("grep count, no literal prefix", "Grep", {"pattern": r"\w+_\d+", "output_mode": "count"}, ["-c", r"\w+_\d+"]),
    ("grep content, unlimited", "Grep", {"pattern": "TODO", "output_mode": "content", "head_limit": 0}, ["-n", "TODO"]),
    ("grep files, -i, rare", "Grep", {"pattern": "needle_7", "-i": True}, ["-l", "-i", "needle_7"]),
    ("glob **/*.cs", "Glob", {"pattern": "**/*.cs"}, ["--files", "-g", "*.cs"]),
]


def wall(cmd, cwd, env):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def server(scenario):
    dll = os.path.join(ROOT, "tests/Keel.FakeServer/bin/Release/net10.0/Keel.FakeServer.dll")
    proc = subprocess.Popen(["dotnet", dll, "--scenario", scenario, "--per-session", "--ignore-stdin"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening "):
        sys.exit(f"fake server did not start: {line!r}")
    return proc, line.split(" ", 1)[1]


def keel_median(keel, tool, tool_input, path, runs, env, work):
    scenario = os.path.join(work, "scenario.json")
    with open(scenario, "w") as f:
        json.dump({"turns": [{"tool_use": {"name": tool, "input": dict(tool_input, path=path)}}, {"text": "done"}]}, f)
    proc, url = server(scenario)
    try:
        run_env = dict(env, ANTHROPIC_BASE_URL=url)
        cmd = [keel, "-p", "search", "--allowedTools", tool, "--no-session-persistence"]
        walls = [wall(cmd, path, run_env) for _ in range(runs + 1)][1:]
        return statistics.median(walls)
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tree")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keel", action="append", help="keel binary; give it twice (before, after) to compare both in one run")
    parser.add_argument("--only", default=None, help="run only cases whose name contains this")
    args = parser.parse_args()
    keels = args.keel or [os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel"))]
    tree = os.path.abspath(args.tree)
    if not os.path.isdir(os.path.join(tree, ".git")):
        subprocess.run(["git", "init", "-q", tree], check=True)
    rg = shutil.which("rg")
    work = tempfile.mkdtemp(prefix="keel-search-bench-")
    empty = os.path.join(work, "empty")
    os.makedirs(os.path.join(empty, ".git"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_"))}
    env.update({"ANTHROPIC_API_KEY": "bench", "KEEL_CONFIG_DIR": os.path.join(work, "home")})
    files = sum(len(f) for _, _, f in os.walk(tree))
    print(f"tree: {tree} ({files} files), keel: {', '.join(keels)}, runs: {args.runs}, load average: {os.getloadavg()[0]:.1f}")
    results = []
    for name, tool, tool_input, rg_args in CASES:
        if args.only and args.only not in name:
            continue
        rg_s = None
        if rg and rg_args:
            rg_s = statistics.median([wall([rg, "--hidden", *rg_args, "."], tree, env) for _ in range(args.runs + 1)][1:])
        rg_text = f"{rg_s * 1000:7.1f}" if rg_s else "      -"
        for index, keel in enumerate(keels):
            base = keel_median(keel, tool, tool_input, empty, args.runs, env, work)
            full = keel_median(keel, tool, tool_input, tree, args.runs, env, work)
            keel_s = max(0.0, full - base)
            ratio = f"{keel_s / rg_s:5.2f}x rg" if rg_s else "   (no rg)"
            label = f"[{index + 1}] " if len(keels) > 1 else ""
            print(f"{label}{name:<36} keel {keel_s * 1000:7.1f} ms   rg {rg_text} ms   {ratio}", flush=True)
            results.append({"name": name, "keel": keel, "keel_ms": round(keel_s * 1000, 1), "rg_ms": round(rg_s * 1000, 1) if rg_s else None})
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
