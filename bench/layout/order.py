#!/usr/bin/env python3
"""Writes src/Keel.Cli/startup.order: the methods `keel --version`, a `-p` answer, a Bash call and an edit run, in the
order they first run, for the Native AOT compiler to lay out first and together (IlcOrderFile in Keel.Cli.csproj).

Needs an AOT build's object file (symbols) and the installed binary made from it (`./install.sh` leaves both), gcc,
objdump/readelf, and the fake server built (bench/run.sh does it). Each run goes under bench/layout/bptrace.c, which
puts a breakpoint on every method and notes the ones reached. Re-run after large changes; a stale list only costs
locality (names that no longer exist are skipped, new methods land after the listed ones).
"""
import argparse, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import bench  # noqa: E402  (start_server)


def section_address(binary, name):
    for line in subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 3 and fields[1] == name:
            return int(fields[3], 16)
    sys.exit(f"{binary} has no {name} section")


def methods(obj, base):
    """(address in the binary, names) of every method in the object file's managed code section."""
    by_address = {}
    table = subprocess.run(["objdump", "-t", obj], capture_output=True, text=True, check=True).stdout
    for line in table.splitlines():
        m = re.match(r"^([0-9a-f]{16}) (.{7}) (\S+)\t[0-9a-f]{16} (?:\.hidden )?(.*)$", line)
        if m and m.group(3) == "__managedcode" and m.group(2)[6] == "F":
            by_address.setdefault(base + int(m.group(1), 16), []).append(m.group(4).strip())
    return by_address


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--obj", default=os.path.join(ROOT, "src/Keel.Cli/obj/Release/net10.0/linux-x64/native/keel.o"))
    parser.add_argument("--keel", default=os.path.join(ROOT, "artifacts/bin/keel"))
    parser.add_argument("--out", default=os.path.join(ROOT, "src/Keel.Cli/startup.order"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="keel-layout-")
    tracer = os.path.join(work, "bptrace")
    subprocess.run(["gcc", "-O2", "-o", tracer, os.path.join(HERE, "bptrace.c")], check=True)
    by_address = methods(args.obj, section_address(args.keel, "__managedcode"))
    addresses = os.path.join(work, "addresses")
    with open(addresses, "w") as f:
        f.writelines(f"{a:x}\n" for a in by_address)

    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "KEEL_", "CLAUDE_"))}
    env.update({"ANTHROPIC_API_KEY": "layout", "KEEL_CONFIG_DIR": os.path.join(work, "home")})
    order, seen = [], set()

    def trace(cmd, run_env, reset=None):
        for _ in range(args.runs):
            if reset:
                reset()
            out = os.path.join(work, "reached")
            subprocess.run([tracer, addresses, out, *cmd], cwd=repo, env=run_env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, check=True)
            for line in open(out):
                address = int(line, 16)
                if address not in seen:
                    seen.add(address)
                    order.append(address)

    trace([args.keel, "--version"], env)
    reset = lambda: open(os.path.join(repo, "calc.py"), "w").write("def add(a, b):\n    return a - b\n")
    for scenario, extra, before in [("one-turn.json", [], None), ("one-shell-call.json", ["--allowedTools", "Bash"], None),
                                    ("four-requests.json", ["--permission-mode", "acceptEdits", "--allowedTools", "Bash"], reset)]:
        server, url = bench.start_server(os.path.join(HERE, "..", "scenarios", scenario), os.path.join(work, "record"))
        try:
            trace([args.keel, "-p", "fix add", *extra], dict(env, ANTHROPIC_BASE_URL=url), before)
        finally:
            server.terminate()
            server.wait()

    with open(args.out, "w") as f:
        for address in order:
            f.writelines(name + "\n" for name in by_address[address])
    print(f"{len(order)} methods of {len(by_address)} written to {args.out}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
