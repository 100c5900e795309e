#!/usr/bin/env bash
# PDF import speed: yusuan against pdfplumber, on the same PDFs, in one run.
#
#   scripts/bench-pdf.sh [FILE.pdf ...]      (default: the fixture PDFs in corpus/pdf)
#
# Environment: RUNS (yusuan, best of; default 20), PLUMBER_RUNS (pdfplumber, best of; default 3).
# Builds yusuan in release, installs pdfplumber into a venv under target/ if missing, times
# pdfplumber's page.extract_tables() on every page of each document (scripts/pdfplumber_tables.py)
# and yusuan's whole import of the same document (crates/yusuan-import/benches/pdf.rs, in
# process; plus `yusuan import` as a process, wall clock), and prints one table.
# Not run by CI. Numbers measured so far: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
PLUMBER_RUNS=${PLUMBER_RUNS:-3}
if [ "$#" -gt 0 ]; then
    FILES=("$@")
else
    FILES=(corpus/pdf/*.pdf)
fi
for i in "${!FILES[@]}"; do
    f=${FILES[$i]}
    [ -f "$f" ] || { echo "bench-pdf: no such file: $f" >&2; exit 2; }
    # cargo bench runs in the crate's folder: absolute paths.
    FILES[$i]=$(realpath "$f")
done

echo "== building yusuan (release)" >&2
cargo build --release -q -p yusuan-cli
cargo bench -q -p yusuan-import --bench pdf --no-run 2>/dev/null || cargo bench -p yusuan-import --bench pdf --no-run

VENV=target/bench-venv
if ! "$VENV/bin/python" -c 'import pdfplumber' 2>/dev/null; then
    echo "== installing pdfplumber into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check pdfplumber
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "== pdfplumber: extract_tables() on every page, best of $PLUMBER_RUNS" >&2
"$VENV/bin/python" scripts/pdfplumber_tables.py --runs "$PLUMBER_RUNS" "${FILES[@]}" >"$TMP/plumber.tsv"

echo "== yusuan: import in process, best of $RUNS" >&2
# divan's table is shown on stderr; the same runs, fastest and mean, are written to the TSV.
YUSUAN_BENCH_PDF=$(IFS=:; echo "${FILES[*]}") YUSUAN_BENCH_TSV="$TMP/yusuan.tsv" \
    cargo bench -q -p yusuan-import --bench pdf -- --sample-count "$RUNS" >&2

echo "== yusuan: \`yusuan import FILE --format json\` as a process, best of 5" >&2
: >"$TMP/cli.tsv"
for f in "${FILES[@]}"; do
    best=""
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        target/release/yusuan import "$f" --format json >/dev/null || true
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000 ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    printf '%s\t%s\n' "$(basename "$f")" "$best" >>"$TMP/cli.tsv"
done

"$VENV/bin/python" - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
def rows(name):
    with open(f"{tmp}/{name}") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
plumber = {r[0]: r for r in rows("plumber.tsv")}
yusuan = {r[0]: r for r in rows("yusuan.tsv")}
cli = {r[0]: r for r in rows("cli.tsv")}
head = f"{'document':<48} {'pages':>5} {'pdfplumber s':>12} {'yusuan ms':>10} {'ratio':>7} {'CLI ms':>8} {'CLI ratio':>9}"
print(head)
print("-" * len(head))
tp = ty = tc = 0.0
pages = 0
for name, p in plumber.items():
    y = yusuan.get(name)
    if not y:
        continue
    ps, ys = float(p[4]), float(y[3]) / 1000
    cs = int(cli[name][1]) / 1e6 if name in cli else float("nan")
    tp, ty, tc, pages = tp + ps, ty + ys, tc + cs, pages + int(p[1])
    print(f"{name:<48} {p[1]:>5} {ps:>12.3f} {ys * 1000:>10.2f} {ps / ys:>6.0f}x {cs * 1000:>8.1f} {ps / cs:>8.0f}x")
print("-" * len(head))
print(f"{'total':<48} {pages:>5} {tp:>12.3f} {ty * 1000:>10.2f} {tp / ty:>6.0f}x {tc * 1000:>8.1f} {tp / tc:>8.0f}x")
print()
print("pdfplumber: tables found / rows per document (extract_tables, default settings):")
for name, p in plumber.items():
    y = yusuan.get(name, ["", "", "?"])
    print(f"  {name}: pdfplumber {p[2]} tables, {p[3]} rows; yusuan {y[2]} tables (typed, with provenance)")
PY
