#!/usr/bin/env python3
"""Times the real keel binary against the project's fake Anthropic server.

Reports the median wall time and peak RSS over repeated runs of:
  - keel --version
  - keel -p with one text answer
  - keel -p with one Bash call (`echo hi`), then an answer
  - keel -p with four requests (Read, Edit, Bash, answer)
  - keel -p with a Grep block before / after a pause in the response (what starting tools while streaming saves)
and the tool round trip (end of a response to the next request) seen by the server.
With --agent claude or codex: only the first three cases, for that agent (see agents.py; peers.sh compares them).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no __pycache__ in bench/ for agents.py
from agents import AGENTS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


_LAUNCHER = []


def launcher():
    """bench/rusage.c built once per run: a small process that forks the command and reports its own peak RSS.

    A child forked straight from Python reports at least Python's peak RSS (~15 MiB): Linux keeps the high-water
    mark across fork and exec. Without gcc the figures fall back to that floor, and say so.
    """
    if not _LAUNCHER:
        out = os.path.join(tempfile.mkdtemp(prefix="keel-bench-rusage-"), "rusage")
        built = shutil.which("gcc") and subprocess.run(["gcc", "-O2", "-o", out, os.path.join(HERE, "rusage.c")]).returncode == 0
        if not built:
            print("bench: gcc not found; peak RSS figures include Python's own (~15 MiB floor)", file=sys.stderr)
        _LAUNCHER.append(out if built else None)
    return _LAUNCHER[0]


def run(cmd, cwd, env):
    tool = launcher()
    report = os.path.join(os.path.dirname(tool), "report") if tool else None
    if report and os.path.exists(report):
        os.remove(report)
    start = time.perf_counter()
    proc = subprocess.Popen([tool, report, *cmd] if tool else cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    # wait4 gives the child's own peak RSS (ru_maxrss, KiB on Linux).
    _, status, usage = os.wait4(proc.pid, 0)
    wall, peak, tree = time.perf_counter() - start, usage.ru_maxrss / 1024.0, 0.0
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if report and os.path.exists(report):
        # The launcher's figures: the command's own peak RSS, its time from fork to exit, and (with
        # RUSAGE_SAMPLE_MS set) the largest sampled sum of Pss over its process tree.
        wall_ns, peak_kib, code, tree_kib = (int(x) for x in open(report).read().split())
        wall, peak, tree = wall_ns / 1e9, peak_kib / 1024.0, tree_kib / 1024.0
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{out.decode()}\n{err.decode()}")
    return wall, peak, tree


def start_server(scenario, record_dir, timings=None):
    dll = os.path.join(ROOT, "tests/Keel.FakeServer/bin/Release/net10.0/Keel.FakeServer.dll")
    proc = subprocess.Popen(["dotnet", dll, "--scenario", scenario, "--per-session", "--ignore-stdin",
                             "--record", record_dir, *(["--timings", timings] if timings else [])],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening "):
        sys.exit(f"fake server did not start: {line!r}")
    return proc, line.split(" ", 1)[1]


def measure(name, cmd, runs, env, cwd, reset=None):
    walls, rss, trees = [], [], []
    for i in range(runs + 2):
        if reset:
            reset()
        wall, peak, tree = run(cmd, cwd, env)
        if i >= 2:  # the first two runs warm the disk cache
            walls.append(wall)
            rss.append(peak)
            trees.append(tree)
    return {"name": name, "runs": runs,
            "median_s": round(statistics.median(walls), 4), "min_s": round(min(walls), 4),
            "max_s": round(max(walls), 4), "median_rss_mib": round(statistics.median(rss), 1),
            "max_rss_mib": round(max(rss), 1), "walls_s": [round(w, 5) for w in walls], "rss_mib": [round(r, 1) for r in rss],
            "tree_pss_mib": [round(t, 1) for t in trees]}


def round_trips(timings, turns, runs):
    """Per tool call of a scenario: the median gap from the end of one response to the next request (the server's clock).

    The server logs "<request> <received ms> <response done ms>" per request; runs are consecutive, `turns` requests
    each, the first two (warm-up) dropped. Gap k is keel handling the tool call of response k, plus writing records.
    """
    rows = sorted((tuple(float(x) for x in line.split()) for line in open(timings) if line.strip()), key=lambda r: r[1])
    per_run = [rows[i:i + turns] for i in range(0, len(rows), turns)][2:2 + runs]
    gaps = [[run[k + 1][1] - run[k][2] for run in per_run if len(run) == turns] for k in range(turns - 1)]
    return [{"median_ms": round(statistics.median(g), 2), "min_ms": round(min(g), 2)} for g in gaps if g]


def long_session(args, env, repo, work, runs=3):
    """Per-turn engine overhead and peak RSS over a long session that compacts.

    The server logs when it received each request and when it finished the response; keel's own time
    per turn is the wall time minus the time the server spent answering, divided by the requests.
    Each turn runs a real `seq 1 1700` through Bash, so tool spawning is part of the figure.
    """
    overheads, gaps, rss, walls, counts = [], [], [], [], []
    for i in range(runs):
        timings = os.path.join(work, f"timings-{i}.txt")
        dll = os.path.join(ROOT, "tests/Keel.FakeServer/bin/Release/net10.0/Keel.FakeServer.dll")
        server = subprocess.Popen(["dotnet", dll, "--long-session", str(args.long_session), "--ignore-stdin",
                                   "--timings", timings], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = server.stdout.readline().strip()
        if not line.startswith("listening "):
            sys.exit(f"fake server did not start: {line!r}")
        run_env = dict(env, ANTHROPIC_BASE_URL=line.split(" ", 1)[1], KEEL_CONTEXT_WINDOW="30000")
        try:
            wall, peak, _ = run([args.keel, "-p", "print the numbers again and again", "--allowedTools", "Bash",
                              "--no-session-persistence"], repo, run_env)
        finally:
            server.terminate()
            server.wait()
        rows = sorted(tuple(float(x) for x in l.split()) for l in open(timings) if l.strip())
        served = sum(done - received for _, received, done in rows) / 1000.0
        overheads.append((wall - served) / len(rows))
        gaps.extend(rows[k + 1][1] - rows[k][2] for k in range(len(rows) - 1))
        rss.append(peak)
        walls.append(wall)
        counts.append(len(rows))
    return {"name": f"keel -p, {args.long_session}-turn session that compacts", "runs": runs,
            "median_s": round(statistics.median(walls), 4), "min_s": round(min(walls), 4), "max_s": round(max(walls), 4),
            "median_rss_mib": round(statistics.median(rss), 1), "max_rss_mib": round(max(rss), 1),
            "requests": counts[0], "overhead_per_turn_ms": round(statistics.median(overheads) * 1000, 2),
            "median_gap_ms": round(statistics.median(gaps), 2)}


def check_requests(name, record, expected):
    """Every run made exactly the scripted model calls: no other request (a title, a token count, telemetry) was made."""
    seen = len(os.listdir(record))
    if seen != expected:
        sys.exit(f"{name}: the fake server saw {seen} requests, expected {expected}")


def report(results, out_path):
    for r in results:
        print(f"{r['name']:<55} median {r['median_s']*1000:7.1f} ms  (min {r['min_s']*1000:.1f}, max {r['max_s']*1000:.1f})"
              f"  peak RSS median {r['median_rss_mib']:.1f} MiB (max {r['max_rss_mib']:.1f})")
        for k, gap in enumerate(r.get("round_trips", [])):
            print(f"{'':<55} response {k + 1} end to request {k + 2}: median {gap['median_ms']:.2f} ms (min {gap['min_ms']:.2f})")
        if "overhead_per_turn_ms" in r:
            print(f"{'':<55} {r['requests']} requests; keel time per turn {r['overhead_per_turn_ms']:.2f} ms"
                  f" (server time excluded); response end to next request: median {r['median_gap_ms']:.2f} ms")
    with open(out_path, "w") as f:
        json.dump(results, f, indent=2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--long-session", type=int, default=300,
                        help="Bash turns in the long-session case (0 skips it)")
    parser.add_argument("--keel", default=os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel")),
                        help="the binary to drive (with --agent, that agent's binary)")
    parser.add_argument("--agent", choices=sorted(AGENTS), default="keel",
                        help="how to drive the binary (peers.sh runs the other agents this way; see agents.py)")
    parser.add_argument("--three-cases", action="store_true",
                        help="only --version, one text turn and four requests (what peers.sh compares)")
    parser.add_argument("--tree-pss-ms", type=int, default=0,
                        help="also sample the summed proportional set size of the whole process tree every N ms (costs CPU: a separate pass)")
    parser.add_argument("--out", default=os.path.join(HERE, "results.json"))
    args = parser.parse_args()
    args.keel = os.path.abspath(args.keel)

    work = tempfile.mkdtemp(prefix="keel-bench-")
    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_", "OPENAI_", "CODEX_"))}
    if args.tree_pss_ms > 0:
        env["RUSAGE_SAMPLE_MS"] = str(args.tree_pss_ms)
    agent = AGENTS[args.agent](args.keel, work)
    env.update(agent.env)
    label = args.agent

    results = [measure(f"{label} --version", agent.version(), args.runs, env, repo)]

    # The shell case is keel's own (peers.sh compares the three cases every agent has).
    shell_case = [] if args.three_cases or args.agent != "keel" else [
        ("one-shell-call.json", f"{label} -p, one shell call (Bash echo, answer)", agent.one_turn() + ["--allowedTools", "Bash"], None)]
    for scenario, name, cmd, reset in [
        ("one-turn.json", f"{label} -p, one text turn", agent.one_turn(), None),
        *shell_case,
        (agent.four_requests, f"{label} -p, four requests (read, edit, shell, answer)", agent.four(),
         lambda: open(os.path.join(repo, "calc.py"), "w").write("def add(a, b):\n    return a - b\n")),
    ]:
        record = os.path.join(work, "record-" + scenario)
        timings = os.path.join(work, "timings-" + scenario)
        script = os.path.join(HERE, "scenarios", scenario)
        turns = len(json.load(open(script))["turns"])
        server, url = start_server(script, record, timings)
        try:
            env.update(agent.server_env(url))
            results.append(measure(name, cmd, args.runs, env, repo, reset))
            check_requests(name, record, (args.runs + 2) * turns)
        finally:
            server.terminate()
            server.wait()
        if turns > 1:
            results[-1]["round_trips"] = round_trips(timings, turns, args.runs)
    if reset is not None and "a + b" not in open(os.path.join(repo, "calc.py")).read():
        sys.exit(f"{label}: the four-request task did not fix calc.py")
    agent.close()
    if args.three_cases or args.agent != "keel":
        report(results, args.out)
        shutil.rmtree(work, ignore_errors=True)
        return

    # A Grep over 2,000 files in a response that pauses 200 ms (the model still "talking"): after the Grep block
    # (overlap: the Grep runs during the pause, having started at its content_block_stop) or before it (serial:
    # nothing can start until the block arrives). Same work, same pause; the difference is what early starts save.
    tree = os.path.join(repo, "tree")
    for d in range(40):
        os.makedirs(os.path.join(tree, f"d{d}"), exist_ok=True)
        for f in range(50):
            with open(os.path.join(tree, f"d{d}", f"f{f}.txt"), "w") as out:
                out.write("".join(f"line {i} of a file with a needle {d * 1000 + f * 10 + i % 10} in it\n" for i in range(60)))
    for scenario, name in [("stream-serial.json", "keel -p, Grep block after a 200 ms pause"),
                           ("stream-overlap.json", "keel -p, Grep block before a 200 ms pause")]:
        record = os.path.join(work, "record-" + scenario)
        server, url = start_server(os.path.join(HERE, "scenarios", scenario), record)
        try:
            env["ANTHROPIC_BASE_URL"] = url
            results.append(measure(name, [args.keel, "-p", "find the needles"], args.runs, env, repo))
        finally:
            server.terminate()
            server.wait()
    shutil.rmtree(tree, ignore_errors=True)

    if args.long_session > 0:
        results.append(long_session(args, env, repo, work))

    report(results, args.out)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
