#!/usr/bin/env python3
"""Set each corpus entry's `unexpected_errors_at_most` to what `yusuan-corpus` shows now.

Run after an improvement, check the diff (the numbers should only go down), commit.
Usage: python3 scripts/corpus-ratchet.py
"""
import pathlib, re, subprocess

root = pathlib.Path(__file__).resolve().parent.parent
out = subprocess.check_output(["cargo", "run", "--release", "-q", "-p", "yusuan-corpus"], cwd=root, text=True)
counts = {}
for line in out.splitlines()[1:]:
    f = line.split()
    if len(f) >= 8 and f[0] != "total":
        counts[f[0]] = int(f[6])
for p in sorted((root / "corpus/expected").glob("*.toml")):
    n = counts.get(p.stem)
    if n is None:
        continue
    text = re.sub(r"\n*# While issue 9 is open.*\nunexpected_errors_at_most = \d+\n", "\n", p.read_text())
    if n:
        # After the kind (and profile), or, in an entry rewritten from another, after its files.
        anchor = r'(kind = "[^"]*"\n(?:profile = "[^"]*"\n)?)' if "\nkind = " in text else r'(files = .*\n)'
        text = re.sub(anchor, r'\1# While issue 9 is open: reading mistakes this entry still shows (lower, never raise).\n'
                      + f"unexpected_errors_at_most = {n}\n", text, count=1)
    p.write_text(text)
    print(f"{p.stem}: {n}")
