#!/usr/bin/env python3
"""Time pdfplumber's table extraction on PDFs: open each document and run
page.extract_tables() on every page, best of N runs in this process.

Usage: pdfplumber_tables.py [--runs N] FILE.pdf ...
Prints one TSV line per document: name, pages, tables found, table rows, best seconds, mean seconds.
"""
import os
import sys
import time

import pdfplumber


def extract(path):
    tables = rows = 0
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            for t in page.extract_tables():
                tables += 1
                rows += len(t)
    return pages, tables, rows


def main(argv):
    runs = 3
    files = []
    it = iter(argv)
    for a in it:
        if a == "--runs":
            runs = max(1, int(next(it)))
        else:
            files.append(a)
    print(f"# pdfplumber {pdfplumber.__version__}, Python {sys.version.split()[0]}", file=sys.stderr)
    for path in files:
        times = []
        shape = None
        for _ in range(runs):
            t = time.perf_counter()
            shape = extract(path)
            times.append(time.perf_counter() - t)
        pages, tables, rows = shape
        name = os.path.basename(path)
        print(f"{name}\t{pages}\t{tables}\t{rows}\t{min(times):.3f}\t{sum(times) / len(times):.3f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
