#!/usr/bin/env bash
# Render a disclosure to PDF and its cover and one table page to PNG, for a person to look at.
# Not part of CI. Needs poppler's pdftoppm (Debian: poppler-utils).
#
#   scripts/preview-pdf.sh [INPUT.txt] [OUTDIR] [TABLE_PAGE]
#
# Defaults: the reference disclosure, target/preview/, page 7 (表二). Writes OUTDIR/preview.pdf,
# OUTDIR/page-1.png and OUTDIR/table.png (100 dpi).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-corpus/chongqing-jiangbeicheng-2025-budget.txt}
out=${2:-target/preview}
page=${3:-7}
if ! command -v pdftoppm >/dev/null; then
  echo "pdftoppm not found: apt-get install poppler-utils" >&2
  exit 2
fi
mkdir -p "$out"
cargo run -q --release -p yusuan-render-pdf --example render -- "$input" "$out/preview.pdf"
pdftoppm -r 100 -gray -png -singlefile -f 1 -l 1 "$out/preview.pdf" "$out/page-1"
pdftoppm -r 100 -gray -png -singlefile -f "$page" -l "$page" "$out/preview.pdf" "$out/table"
echo "$out/preview.pdf $out/page-1.png $out/table.png"
