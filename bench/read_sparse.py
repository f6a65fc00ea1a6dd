#!/usr/bin/env python3
"""Peak memory and time of keel for paged Reads of a 20 GB sparse file (issue 13 item 14).

The fake server asks for Read calls on a sparse file (a few text lines, then a 20 GB hole): the first
lines, a line that never ends (Read cuts it at its 256 MB scan cap), and an offset past the scan cap.
A baseline run reads a small file. Reports keel's peak RSS (wait4 ru_maxrss) and wall time per case.
Before the bounded reader, the first case drove keel past 2 GB. Run after bench/run.sh has built keel
and the fake server (or set KEEL_BIN and KEEL_FAKE_SERVER_DLL).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import run  # noqa: E402
from big_delta import start_server  # noqa: E402


def scenario(path, read_input):
    with open(path, "w") as f:
        json.dump({"turns": [{"tool_use": {"name": "Read", "input": read_input}}, {"text": "done"}]}, f)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keel", default=os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel")))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="keel-readsparse-")
    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    with open(os.path.join(repo, "small.txt"), "w") as f:
        f.write("one\ntwo\nthree\n")
    with open(os.path.join(repo, "huge.log"), "wb") as f:
        f.write(b"first\nsecond\nthird\n" + b"x" * 9000)
        f.truncate(args.gib * 1024 ** 3)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_"))}
    env.update({"ANTHROPIC_API_KEY": "bench", "KEEL_CONFIG_DIR": os.path.join(work, "home")})
    cases = [
        ("baseline: small.txt", {"file_path": "small.txt"}),
        ("first 3 lines", {"file_path": "huge.log", "offset": 1, "limit": 3}),
        ("endless line 4", {"file_path": "huge.log", "offset": 4, "limit": 5}),
        ("offset 1,000,000", {"file_path": "huge.log", "offset": 1000000, "limit": 5}),
    ]
    rows = []
    try:
        for label, read_input in cases:
            path = os.path.join(work, "scenario.json")
            scenario(path, read_input)
            server, url = start_server(path)
            try:
                cmd = [os.path.abspath(args.keel), "-p", "read it", "--allowedTools", "Read"]
                results = [run(cmd, repo, dict(env, ANTHROPIC_BASE_URL=url)) for _ in range(args.runs)]
            finally:
                server.terminate()
                server.wait()
            rows.append((label, statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"paged Read of a {args.gib} GiB sparse file, keel (median of {args.runs})")
    print(f"{'case':<22} {'wall s':>8} {'peak RSS MiB':>13}")
    for label, wall, rss in rows:
        print(f"{label:<22} {wall:>8.2f} {rss:>13.1f}")


if __name__ == "__main__":
    main()
