#!/usr/bin/env python3
"""Interactive-terminal benchmarks for the real keel binary, driven through a pseudo-terminal.

  1. launch to ready-for-input: from spawning keel until the input box and status bar are on screen;
  2. peak RSS (VmHWM) after a long scripted session: N turns, each answer a large streamed text;
  3. what the terminal is sent while one answer streams: bytes, frames (each frame is one synchronized-output
     write, ESC[?2026h ... ESC[?2026l) and bytes per frame, against the size of the answer itself.

The model is a small in-process fake of the Messages API (stdlib HTTP + SSE), so nothing needs building
beyond keel itself. Usage: repl_bench.py [--keel PATH] [--runs 10] [--turns 200] [--answer-kb 20]
"""
import argparse, json, os, pty, select, statistics, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
READY = b"mode (shift+tab"


class Model(BaseHTTPRequestHandler):
    answer_kb = 20
    pace = 0.0  # seconds between deltas; the frame measurement streams like a model, not all at once
    count = 0
    by_turn = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        request = self.rfile.read(length)
        Model.count += 1
        n = Model.count
        # Which prompt this answers (compaction requests in between also count as requests).
        for word in request.decode(errors="replace").split('"turn ')[1:]:
            number = word.split('"')[0].split("\\")[0]
            if number.isdigit():
                Model.by_turn[int(number)] = n
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        self.end_headers()

        def event(name, data):
            self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())

        event("message_start", {"type": "message_start", "message": {"id": f"msg_{n}", "type": "message", "role": "assistant",
              "model": "claude-sonnet-4-5", "content": [], "stop_reason": None, "usage": {"input_tokens": 100, "output_tokens": 1}}})
        event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
        line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
        body = (line * (Model.answer_kb * 1024 // len(line))) + f"\nanswer-done-{n}\n"
        for i in range(0, len(body), 400):
            event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": body[i:i + 400]}})
            if Model.pace:
                self.wfile.flush()
                time.sleep(Model.pace)
        event("content_block_stop", {"type": "content_block_stop", "index": 0})
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 500}})
        event("message_stop", {"type": "message_stop"})
        self.wfile.flush()


def spawn(keel, cwd, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(keel, [keel], env)
    # 120x40 like the tmux tests.
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, fd


def read_until(fd, marker, timeout, buffer):
    deadline = time.monotonic() + timeout
    while not (marker(buffer) if callable(marker) else marker in buffer):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {marker!r} within {timeout}s; last output: {bytes(buffer[-400:])!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                buffer += os.read(fd, 65536)
            except OSError:
                raise TimeoutError("keel exited")
    return buffer


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def finish(pid, fd):
    os.write(fd, b"\x04")
    try:
        os.waitpid(pid, 0)
    finally:
        os.close(fd)


def cpu_ms(pid):
    """User + system CPU time of the process so far, in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def watch_idle(pid, fd, seconds):
    """Bytes and frames the terminal is sent, and CPU keel spends, over `seconds` with no input and no model output."""
    # Let the last frame of what came before settle first.
    while select.select([fd], [], [], 1.0)[0]:
        os.read(fd, 65536)
    cpu_start, out = cpu_ms(pid), bytearray()
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            out += os.read(fd, 65536)
    return len(out), out.count(b"\x1b[?2026h"), cpu_ms(pid) - cpu_start


def idle(keel, cwd, env, seconds):
    pid, fd = spawn(keel, cwd, env)
    read_until(fd, READY, 30, bytearray())
    fresh = watch_idle(pid, fd, seconds)
    os.write(fd, b"idle turn\r")
    read_until(fd, b"answer-done-", 120, bytearray())
    after = watch_idle(pid, fd, seconds)
    finish(pid, fd)
    for label, (sent, frames, cpu) in (("after launch", fresh), ("after an answer", after)):
        print(f"idle {seconds:.0f} s {label}: {sent} bytes and {frames} frames sent to the terminal, {cpu:.0f} ms CPU")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keel", default=os.environ.get("KEEL_BIN", os.path.join(ROOT, "artifacts/bin/keel")))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--answer-kb", type=int, default=20)
    parser.add_argument("--frame-turns", type=int, default=5, help="streamed answers measured for frame bytes")
    parser.add_argument("--idle-seconds", type=float, default=5.0, help="how long to watch the idle REPL (0: skip)")
    parser.add_argument("--idle-only", action="store_true", help="measure only what the idle REPL writes and spends")
    args = parser.parse_args()
    args.keel = os.path.abspath(args.keel)
    Model.answer_kb = args.answer_kb

    server = ThreadingHTTPServer(("127.0.0.1", 0), Model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = tempfile.mkdtemp(prefix="keel-repl-bench-")
    home, cwd = os.path.join(work, "home"), os.path.join(work, "proj")
    os.makedirs(os.path.join(home, ".keel")), os.makedirs(cwd)
    with open(os.path.join(home, ".keel", "trusted-projects.json"), "w") as f:
        json.dump({"trusted": [cwd]}, f)
    env = {"HOME": home, "KEEL_CONFIG_DIR": os.path.join(home, ".keel"), "PATH": os.environ["PATH"], "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "ANTHROPIC_API_KEY": "bench", "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.server_port}"}

    if args.idle_seconds > 0:
        idle(args.keel, cwd, env, args.idle_seconds)
    if args.idle_only:
        server.shutdown()
        return

    boxes, times = [], []
    for run in range(args.runs + 2):
        start = time.perf_counter()
        pid, fd = spawn(args.keel, cwd, env)
        buffer = read_until(fd, b"starting", 30, bytearray())
        box = time.perf_counter() - start
        read_until(fd, READY, 30, buffer)
        elapsed = time.perf_counter() - start
        finish(pid, fd)
        if run >= 2:  # two warm-up runs
            boxes.append(box * 1000)
            times.append(elapsed * 1000)
    print(f"launch to input box drawn (typing accepted): median {statistics.median(boxes):.0f} ms (min {min(boxes):.0f}, max {max(boxes):.0f})")
    print(f"launch to session ready (status bar): median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, {len(times)} runs)")

    # Frame bytes: everything keel writes from Enter until the answer's last line and the idle status bar are drawn.
    pid, fd = spawn(args.keel, cwd, env)
    read_until(fd, READY, 30, bytearray())
    line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
    answer_bytes = len(line) * (args.answer_kb * 1024 // len(line))
    sent, frames = [], []
    Model.pace = 0.02
    for turn in range(1, args.frame_turns + 1):
        prompt = f"frame turn {turn}"
        os.write(fd, (prompt + "\r").encode())
        out = read_until(fd, b"answer-done-", 120, bytearray())
        # Then whatever follows (the last frames, the idle status bar) until keel has been quiet for half a second.
        while select.select([fd], [], [], 0.5)[0]:
            out += os.read(fd, 65536)
        sent.append(len(out))
        frames.append(out.count(b"\x1b[?2026h"))
    finish(pid, fd)
    Model.pace = 0.0
    per_frame = [b / max(1, f) for b, f in zip(sent, frames)]
    if sent:
        print(f"one streamed ~{args.answer_kb} KB answer ({answer_bytes} bytes of text): terminal sent median {statistics.median(sent)} bytes "
              f"({statistics.median(sent) / answer_bytes:.2f}x the text) in median {statistics.median(frames)} frames, "
              f"{statistics.median(per_frame):.0f} bytes per frame ({args.frame_turns} answers, a 400-byte delta every 20 ms)")

    if args.turns <= 0:
        server.shutdown()
        return

    pid, fd = spawn(args.keel, cwd, env)
    buffer = bytearray()
    read_until(fd, READY, 30, buffer)
    start = time.perf_counter()
    for turn in range(1, args.turns + 1):
        os.write(fd, f"turn {turn}\r".encode())
        read_until(fd, lambda b, t=turn: t in Model.by_turn and f"answer-done-{Model.by_turn[t]}".encode() in b, 120, bytearray())
    took = time.perf_counter() - start
    rss = peak_rss_mib(pid)
    finish(pid, fd)
    print(f"{args.turns} turns of ~{args.answer_kb} KB answers: peak RSS {rss:.1f} MiB, {took:.1f} s ({took * 1000 / args.turns:.0f} ms per turn)")
    server.shutdown()


if __name__ == "__main__":
    main()
