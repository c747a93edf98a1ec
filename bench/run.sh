#!/usr/bin/env bash
# The district benchmark: generates the data (once), then for each case measures
#   (a) the floor   — examples/floor.rs: calamine reads every cell, rust_xlsxwriter writes every cell back;
#   (b) the check   — `regcheck check` on the same files;
# with /usr/bin/time -v, and prints rows/second, wall time, peak RSS and the ratio (b)/(a).
#
# Usage: bench/run.sh [SCHOOLS_SERIES...]     (default: 1 10 50 200)
#   BENCH_DATA=dir   where the generated data lives (default: bench-data/, not committed)
#   BIG_ROWS=n       rows of the single large register (default: 500000; 0 skips it)
#   SEED=n           generator seed (default: 1)
#   CARGO_TARGET_DIR is honoured.
# Output: a Markdown table on stdout (paste it into docs/performance.md), details in $BENCH_DATA/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

SERIES=("$@")
[ ${#SERIES[@]} -eq 0 ] && SERIES=(1 10 50 200)
DATA=${BENCH_DATA:-bench-data}
BIG_ROWS=${BIG_ROWS:-500000}
SEED=${SEED:-1}
TARGET=${CARGO_TARGET_DIR:-target}
MAX=$(printf '%s\n' "${SERIES[@]}" | sort -n | tail -1)

cargo build --release --quiet --bin regcheck --example floor --example make_district
BIN=$TARGET/release
mkdir -p "$DATA/logs"

# The district is generated once at the largest size; smaller cases take its first N schools.
if [ "$(cat "$DATA/district/schools" 2>/dev/null)" != "$MAX-$SEED" ]; then
  rm -rf "$DATA/district"
  "$BIN/examples/make_district" --schools "$MAX" --seed "$SEED" --out "$DATA/district" >&2
  echo "$MAX-$SEED" > "$DATA/district/schools"
fi
if [ "$BIG_ROWS" -gt 0 ] && [ "$(cat "$DATA/big/rows.txt" 2>/dev/null)" = "" ]; then
  "$BIN/examples/make_district" --schools 0 --big "$BIG_ROWS" --seed "$SEED" --out "$DATA/big" >&2
fi

# rows in the first N schools: every data row of every register (rows.txt counts all schools)
rows_of() { # N
  local total per
  total=$(cat "$DATA/district/rows.txt")
  per=$((total / MAX))
  echo $((per * $1))
}

# run LABEL CMD... → "wall_seconds peak_rss_mb"
measure() {
  local log=$DATA/logs/$1.txt; shift
  rm -rf "$DATA/out"
  /usr/bin/time -v "$@" > "$log" 2>&1 || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$wall $rss"
}

case_row() { # LABEL ROWS INPUTS...
  local label=$1 rows=$2; shift 2
  read -r fw fm < <(measure "$label-floor" "$BIN/examples/floor" --out "$DATA/out" "$@")
  read -r cw cm < <(measure "$label-check" "$BIN/regcheck" check --as-of 2026-08-31 --out "$DATA/out" "$@")
  awk -v l="$label" -v r="$rows" -v fw="$fw" -v fm="$fm" -v cw="$cw" -v cm="$cm" 'BEGIN {
    printf "| %s | %d | %.2f | %d | %.0f | %.2f | %d | %.0f | %.2f | %.2f | %.2f |\n",
      l, r, fw, fm, r/fw, cw, cm, r/cw, cw/fw, cm/fm, cw/r*1e6 }'
}

echo "| case | rows | floor s | floor MB | floor rows/s | check s | check MB | check rows/s | time ratio | memory ratio | check µs/row |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SERIES[@]}"; do
  dirs=()
  for i in $(seq 1 "$n"); do dirs+=("$DATA/district/$(printf 'school-%03d' "$i")"); done
  case_row "$n schools" "$(rows_of "$n")" "${dirs[@]}"
done
if [ "$BIG_ROWS" -gt 0 ]; then
  case_row "$BIG_ROWS-row register" "$(cat "$DATA/big/rows.txt")" "$DATA/big/big"
fi
