#!/usr/bin/env python3
"""Peak memory of keel for one huge text_delta (issue 15 item 5).

Serves one answer whose text arrives as a single text_delta of --mib MiB (ASCII), and the same with a
tiny answer as the baseline, then reports keel's peak RSS (wait4 ru_maxrss) for each output format and
the ratio (peak - baseline) / text size. The transcript is written (session persistence on), so the
figure includes recording the message. Run after bench/run.sh has built keel and the fake server.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import run  # noqa: E402


def start_server(scenario_path):
    dll = os.environ.get("KEEL_FAKE_SERVER_DLL", os.path.join(ROOT, "tests/Keel.FakeServer/bin/Release/net10.0/Keel.FakeServer.dll"))
    proc = subprocess.Popen(["dotnet", dll, "--scenario", scenario_path, "--repeat", "--ignore-stdin"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening "):
        sys.exit(f"fake server did not start: {line!r}")
    return proc, line.split(" ", 1)[1]


def scenario(path, text):
    with open(path, "w") as f:
        json.dump({"turns": [{"text": text, "chunk_size": max(1, len(text)), "pings": False}]}, f)


def peak(keel, url, fmt, env, repo, runs):
    e = dict(env, ANTHROPIC_BASE_URL=url)
    cmd = [keel, "-p", "say a lot", "--output-format", fmt] + (["--verbose"] if fmt == "stream-json" else [])
    return statistics.median(run(cmd, repo, e)[1] for _ in range(runs))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keel", default=os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel")))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="keel-bigdelta-")
    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_"))}
    # 10 MiB is far past what max_tokens allows; the output ceiling is raised so only memory is measured.
    env.update({"ANTHROPIC_API_KEY": "bench", "KEEL_CONFIG_DIR": os.path.join(work, "home"), "KEEL_OUTPUT_CHARS_PER_TOKEN": "100000"})
    size = args.mib * 1024 * 1024
    rows = []
    try:
        for fmt in ["text", "json", "stream-json"]:
            figures = {}
            for label, text in [("baseline", "small answer"), ("huge", "k" * size)]:
                path = os.path.join(work, f"{label}.json")
                scenario(path, text)
                server, url = start_server(path)
                try:
                    figures[label] = peak(os.path.abspath(args.keel), url, fmt, env, repo, args.runs)
                finally:
                    server.terminate()
                    server.wait()
            extra = figures["huge"] - figures["baseline"]
            rows.append((fmt, figures["baseline"], figures["huge"], extra, extra / (size / 1048576.0)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"one {args.mib} MiB text_delta, peak RSS of keel (median of {args.runs})")
    print(f"{'format':<12} {'baseline MiB':>12} {'huge MiB':>10} {'extra MiB':>10} {'extra / text':>13}")
    for fmt, base, huge, extra, ratio in rows:
        print(f"{fmt:<12} {base:>12.1f} {huge:>10.1f} {extra:>10.1f} {ratio:>12.1f}x")


if __name__ == "__main__":
    main()
