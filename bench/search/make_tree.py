#!/usr/bin/env python3
"""Writes a deterministic source-like tree for the search bench: N files (default 100,000) in nested
directories, 1-8 KB each, with a .gitignore and a few binary files. Usage: make_tree.py DIR [N]."""
import os, random, sys

WORDS = ("public private static void return var string int class namespace using async await task "
         "value result error count index length buffer stream reader writer parser token node tree "
         "search match pattern file path directory walker options settings session request response "
         "handler message event tool input output").split()


def line(rng):
    n = rng.randint(2, 12)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.02:
        words.insert(rng.randint(0, n), "TODO")
    if rng.random() < 0.001:
        words.insert(rng.randint(0, n), "needle_" + str(rng.randint(0, 99)))
    return "    " * rng.randint(0, 3) + " ".join(words) + ";"


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(14)
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("*.log\nbuild/\n")
    for i in range(count):
        d = os.path.join(root, f"d{i // 10000:02d}", f"s{(i // 100) % 100:02d}")
        if i % 100 == 0:
            os.makedirs(d, exist_ok=True)
        ext = rng.choice([".cs", ".cs", ".py", ".md", ".txt", ".log"])
        path = os.path.join(d, f"f{i}{ext}")
        if i % 997 == 0:
            with open(path + ".bin", "wb") as f:
                f.write(bytes(rng.randrange(256) for _ in range(2048)))
        with open(path, "w") as f:
            f.write("\n".join(line(rng) for _ in range(rng.randint(20, 140))) + "\n")


if __name__ == "__main__":
    main()
