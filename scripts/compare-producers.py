#!/usr/bin/env python3
"""Compares yusuan's findings on PDFs with those on the same PDFs written again by another
producer (for example `pdftocairo -pdf IN.pdf OUT.pdf` for each file): the errors should be
the same. Prints, per file, the findings of each and every error only one of them has.

`python3 scripts/compare-producers.py YUSUAN_BINARY ORIGINALS_DIR REWRITTEN_DIR`
(files are matched by name; `target/release/yusuan` after `cargo build --release`).
"""
import collections
import json
import os
import subprocess
import sys


def findings(yusuan, path):
    out = subprocess.run([yusuan, "check", "--format", "json", path], capture_output=True)
    try:
        report = json.loads(out.stdout)
    except ValueError:
        return None
    found = []

    def walk(x):
        if isinstance(x, dict):
            if {"rule", "severity", "message"} <= x.keys():
                found.append((x["rule"], x["severity"], x["message"]))
            else:
                for v in x.values():
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(report)
    return collections.Counter(found)


def main():
    yusuan, originals, rewritten = sys.argv[1:4]
    differ = 0
    for name in sorted(os.listdir(rewritten)):
        a = findings(yusuan, os.path.join(originals, name))
        b = findings(yusuan, os.path.join(rewritten, name))
        if a is None or b is None:
            print(f"{name}: unreadable")
            continue
        errors = lambda c: sum(n for k, n in c.items() if k[1] == "error")
        print(f"{name[:55]:55} original {sum(a.values()):3} (errors {errors(a)})  "
              f"rewritten {sum(b.values()):3} (errors {errors(b)})")
        for k in b - a:
            if k[1] == "error":
                differ += 1
                print("   only rewritten:", k[0], k[2][:150])
        for k in a - b:
            if k[1] == "error":
                differ += 1
                print("   only original: ", k[0], k[2][:150])
    # By message: one defect read with another count of characters differs too.
    print(f"errors whose message is in one and not the other: {differ}")


if __name__ == "__main__":
    main()
