#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/) and the scenario
# dictionary: part files of tiny worlds in every format (the first rows of each CSV and
# JSON Lines table; every Parquet table, two in 3-row row groups, two with snappy and
# with no compression), and, when tests/interop has DuckDB installed, small Parquet files of
# DuckDB's in format versions 1 and 2 (its other encodings: DELTA_*, BYTE_STREAM_SPLIT).
# The scenario target's seeds are the hand-written files in corpus/scenario plus the
# built-in scenarios (scenarios/, passed to it directly). The detect target's are short
# streams of the messages `ecomsim stream` sends, and hand-written malformed ones; the
# sessionize target's, events messages of each type. Run from anywhere, then commit:
#
#   bash tests/fuzz/make_corpus.sh build/release/ecomsim
set -euo pipefail
ecomsim="$(realpath "${1:-build/release/ecomsim}")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Two tiny worlds: three hours of 12 customers for the dimensions and the activity, four
# busier days of 30 for the tables of what sessions cause (orders, shipments, returns...).
activity=(--tables suppliers,products,customers,customer_history,sessions,events,system_metrics
          --set world.customers=12 --set world.products=6 --set world.suppliers=2 --duration 3h)
commerce=(--tables campaigns,orders,order_items,payments,shipments,returns,support_tickets,abandoned_carts,product_updates
          --set world.customers=30 --set world.products=6 --set world.suppliers=2 --duration 4d
          --set world.intensity=4)
common=(--seed 7 -j 1 -q)
# generate NAME ARGS...: both worlds into $work/NAME.
generate() {
  local name="$1"
  shift
  "$ecomsim" generate "${activity[@]}" "${common[@]}" "$@" --out "$work/$name/activity"
  "$ecomsim" generate "${commerce[@]}" "${common[@]}" "$@" --out "$work/$name/commerce"
}
for format in csv jsonl parquet; do
  rm -rf "${here:?}/corpus/$format"
  mkdir -p "$here/corpus/$format"
done

generate csv --format csv
generate jsonl --format jsonl
for f in "$work"/csv/*/*/part-00000.csv; do
  t="$(basename "$(dirname "$f")")"
  head -n 4 "$f" > "$here/corpus/csv/$t.csv"
done
for f in "$work"/jsonl/*/*/part-00000.jsonl; do
  t="$(basename "$(dirname "$f")")"
  if [[ -s "$f" ]]; then head -n 3 "$f" > "$here/corpus/jsonl/$t.jsonl"; fi
done
# The same customers with CRLF line breaks, and behind a UTF-8 byte order mark.
sed 's/$/\r/' "$here/corpus/csv/customers.csv" > "$here/corpus/csv/customers_crlf.csv"
printf '\xef\xbb\xbf' | cat - "$here/corpus/csv/products.csv" > "$here/corpus/csv/products_bom.csv"

generate zstd
for f in "$work"/zstd/*/*/part-00000.parquet; do
  cp "$f" "$here/corpus/parquet/$(basename "$(dirname "$f")").parquet"
done
generate groups --row-group-rows 3
for t in products/activity shipments/commerce; do
  cp "$work/groups/${t#*/}/${t%/*}/part-00000.parquet" "$here/corpus/parquet/${t%/*}_groups.parquet"
done
for c in snappy none; do
  generate "$c" --compression "$c"
  cp "$work/$c/activity/customers/part-00000.parquet" "$here/corpus/parquet/customers_$c.parquet"
  cp "$work/$c/commerce/payments/part-00000.parquet" "$here/corpus/parquet/payments_$c.parquet"
done

if [[ -d "$root/tests/interop/node_modules/@duckdb" ]]; then
  (cd "$root/tests/interop" && node "$here/make_duckdb_seeds.mjs" "$here/corpus/parquet")
else
  echo "make_corpus: tests/interop has no DuckDB (scripts/deps.sh --test): no DuckDB seeds" >&2
fi

# The detect target's seeds: short streams of real messages (make_detect_seeds.mjs); the
# malformed ones (corpus/detect/malformed_*.txt) are hand-written and kept.
rm -f "$here"/corpus/detect/customer_*.txt "$here"/corpus/detect/visitor_*.txt
# The dense shape with fraud_testing's rate and one anonymous visitor per customer: payers
# with many payments, guests among them (a realistic world this small hardly pays).
"$ecomsim" stream dense_customers --to stdout --speed max --seed 7 --set world.customers=300 \
  --set commerce.fraud.rate=0.1 --set world.visitors.per_customer=1 \
  --set world.duration=3d 2>/dev/null > "$work/stream.jsonl"
node "$here/make_detect_seeds.mjs" "$here/corpus/detect" 8 < "$work/stream.jsonl"

# The sessionize target's seeds: one events message value of each event type, signed in
# and anonymous, as `ecomsim stream` sends them.
rm -rf "$here/corpus/sessionize"
mkdir -p "$here/corpus/sessionize"
{
  "$ecomsim" stream realtime_sessions --to stdout --speed max --seed 7 --scale 0.05 \
    --tables events
  "$ecomsim" stream baseline --to stdout --speed max --seed 7 --set world.customers=200 \
    --set world.duration=1d --tables events
} 2>/dev/null | sed -E 's/.*"value":(.*)}$/\1/' |
  awk -v dir="$here/corpus/sessionize" '{
    match($0, /"event_type":"[a-z_]*"/); type = substr($0, RSTART + 14, RLENGTH - 15)
    who = index($0, "\"customer_id\":null") ? "anonymous" : "signed_in"
    if (!seen[type "_" who]++) print > (dir "/" type "_" who ".json")
  }'

# The scenario dictionary: every key the built-in scenarios use, and YAML's punctuation.
{
  echo '# Keys of the built-in scenarios and YAML syntax (tests/fuzz/make_corpus.sh).'
  for token in '!replace' 'extends: ' '&a ' '*a' '{' '}' '[' ']' ': ' '- ' '"' "'" '|' '>' \
               '---' '#' '? ' '!!str ' '2024-08-01T00:00:00Z' '30d' '12h'; do
    printf '"%s"\n' "${token//\"/\\\"}"
  done
  grep -ohE '^ *[a-z_]+:' "$root"/scenarios/*.yaml | sed -E 's/^ *//' | sort -u |
    sed -E 's/(.*)/"\1"/'
} > "$here/scenario.dict"
du -sh "$here"/corpus/* >&2
