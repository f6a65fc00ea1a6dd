#!/usr/bin/env python3
"""Prefix stability of the bodies keel sends, measured on the real binary against the fake server.

(a) within a session: the share of each request's bytes that the next request repeats as its
    prefix (4-request tool scenario: Read, Edit, Bash, answer);
(b) across projects: the share of the first request's bytes that two different project
    directories have in common as a prefix (prompt caching only reuses a shared prefix).
Same approach as bench/bench.py: tests/Keel.FakeServer with --record, the installed keel binary.
"""
import argparse, glob, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
MARKER = b',"cache_control":{"type":"ephemeral"}'
SCENARIO = os.path.join(BENCH, "scenarios", "four-requests.json")


sys.path.insert(0, BENCH)
from bench import start_server as _start_server  # noqa: E402  (one way to start the fake server)


def start_server(record_dir):
    return _start_server(SCENARIO, record_dir)


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_project(path, readme):
    """A small git repository with one commit and the file the scenario edits."""
    os.makedirs(path)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "bench@keel.invalid")
    git(path, "config", "user.name", "Bench")
    with open(os.path.join(path, "README.md"), "w") as f:
        f.write(readme)
    with open(os.path.join(path, "calc.py"), "w") as f:
        f.write("def add(a, b):\n    return a - b\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "Initial commit")


def run_session(keel, project, env, work, name):
    """Runs the 4-request scenario in project; returns the recorded request bodies in order."""
    record = os.path.join(work, "record-" + name)
    with open(os.path.join(project, "calc.py"), "w") as f:  # the scenario edits it; every run starts clean
        f.write("def add(a, b):\n    return a - b\n")
    server, url = start_server(record)
    try:
        run_env = dict(env, ANTHROPIC_BASE_URL=url)
        proc = subprocess.run([keel, "-p", "fix add", "--permission-mode", "acceptEdits", "--allowedTools", "Bash"],
                              cwd=project, env=run_env, stdin=subprocess.DEVNULL, capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"keel failed ({proc.returncode}):\n{proc.stdout.decode()}\n{proc.stderr.decode()}")
    finally:
        server.terminate()
        server.wait()
    bodies = []
    for path in sorted(glob.glob(os.path.join(record, "*.json"))):
        with open(path, "rb") as f:
            bodies.append(f.read())
    if len(bodies) != 4:
        sys.exit(f"expected 4 requests in {name}, got {len(bodies)}")
    return bodies


def common_prefix(a, b):
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keel", default=os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel")))
    args = parser.parse_args()
    keel = os.path.abspath(args.keel)

    work = tempfile.mkdtemp(prefix="keel-prefix-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_"))}
    env.update({"ANTHROPIC_API_KEY": "bench", "KEEL_CONFIG_DIR": os.path.join(work, "home", ".keel"),
                "HOME": os.path.join(work, "home")})
    os.makedirs(env["KEEL_CONFIG_DIR"])
    alpha = os.path.join(work, "alpha-service")
    beta = os.path.join(work, "projects", "beta-web-frontend")
    make_project(alpha, "# alpha\n")
    make_project(beta, "# beta, a different project\n")

    a = run_session(keel, alpha, env, work, "alpha")
    b = run_session(keel, beta, env, work, "beta")
    a2 = run_session(keel, alpha, env, work, "alpha-again")

    results = {"within_session": [], "sizes": [len(x) for x in a]}
    print("(a) within a session: share of request N's bytes that request N+1 repeats as its prefix")
    for i in range(1, len(a)):
        shared = common_prefix(a[i - 1], a[i])
        share = shared / len(a[i - 1])
        # What the cache can reuse: the previous body up to its last breakpoint (the marker itself moves on).
        cached = a[i - 1].rfind(MARKER)
        cached_share = min(shared, cached) / cached
        results["within_session"].append({"raw": round(share * 100, 3), "up_to_last_breakpoint": round(cached_share * 100, 3)})
        print(f"    request {i}->{i + 1}: {share * 100:7.3f} %  ({shared:,} of {len(a[i - 1]):,} bytes; next is {len(a[i]):,});"
              f" up to the previous last breakpoint: {cached_share * 100:.3f} % of {cached:,} bytes")

    shared = common_prefix(a[0], b[0])
    share = shared / max(len(a[0]), len(b[0]))
    results["across_projects"] = round(share * 100, 3)
    print("(b) first request, two different project directories: shared prefix")
    print(f"    {share * 100:7.3f} %  ({shared:,} of {max(len(a[0]), len(b[0])):,} bytes)")

    same = common_prefix(a[0], a2[0]) / len(a[0])
    results["same_project_rerun"] = round(same * 100, 3)
    print(f"(c) first request, same project run twice: {same * 100:.3f} % shared prefix")

    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    if os.environ.get("PREFIX_KEEP"):
        for n,x in (("a",a),("b",b),("a2",a2)):
            open(os.path.join("/tmp", "prefix-"+n+".json"),"wb").write(x[0])
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
