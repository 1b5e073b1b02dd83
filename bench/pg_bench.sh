#!/usr/bin/env bash
# Loading speed into PostgreSQL: rows/s of `ecomsim load` (the baseline world unless told
# otherwise) over one and over two connections, beside psql's
# `\copy ... FROM FILE WITH (FORMAT binary)` of the same rows in the same run, on a
# throwaway server started like the tests' (tests/postgres/pg_server.sh: Debian's
# PostgreSQL, default settings, data in a temporary directory).
#
#   bash bench/pg_bench.sh [WORLD OPTIONS...]    e.g. bash bench/pg_bench.sh --scale 0.2
#
# Needs the release build (bash scripts/build.sh; ECOMSIM_BIN names another binary) and
# the server packages (bash scripts/deps.sh --test). BENCH_ROUNDS (default 2) rounds of
# the three runs, in turn; the best of each is reported. The server's data directory
# goes under PG_BENCH_DATA (default /tmp); PG_BENCH_DATA=/dev/shm keeps the
# disk out of the measurement (about 8 GB of memory for the baseline world).
#
# "data" is what psql's \copy does: connect, create the tables, (generate and) COPY every
# row, commit. "whole" adds what a load does after: primary keys, indexes, ANALYZE,
# foreign keys, validation, swap; for psql, the same keys and indexes from
# `ecomsim schema --sql` and ANALYZE, over its one connection.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ECOMSIM_BIN:-build/release/ecomsim}"
rounds="${BENCH_ROUNDS:-2}"
world=(baseline "$@")
[[ -x "$bin" ]] || { echo "pg_bench: no $bin (run bash scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ecomsim-pg-bench-XXXXXX")
state="$work/server"
cleanup() {
  bash tests/postgres/pg_server.sh stop "$state" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
ECOMSIM_PG_TMPDIR="${PG_BENCH_DATA:-/tmp}" bash tests/postgres/pg_server.sh start "$state" >&2
# shellcheck disable=SC1091
source "$state/server.env"
psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG_URL")
export PGOPTIONS="-c client_min_messages=warning"  # no NOTICE of DROP ... CASCADE
tables=$("$bin" schema | awk 'NR > 2 {print $1}')

now() { date +%s.%N; }
# Seconds between two `now` values, to two decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
rate() { awk -v r="$1" -v s="$2" 'BEGIN {printf "%.0f", r / s}'; }

# ecomsim load with JOBS connections into SCHEMA: "rows data_seconds whole_seconds".
ecomsim_load() {
  local jobs=$1 schema=$2 out
  "${psql[@]}" -c "CHECKPOINT"
  out=$("$bin" load "${world[@]}" --postgres "$PG_URL" --schema "$schema" --jobs "$jobs")
  local rows data whole
  rows=$(awk '$1 == "total" {gsub(",", "", $2); print $2}' <<<"$out")
  data=$(sed -n 's/^phases: data \([0-9.]*\) s.*/\1/p' <<<"$out")
  whole=$(sed -n 's/^loaded .* in \([0-9.]*\) s$/\1/p' <<<"$out")
  echo "$rows $data $whole"
}

# The rows of a loaded schema as binary COPY files, for psql to load back.
copies="$work/copies"
mkdir -p "$copies"
dump_rows() {
  local schema=$1 args=()
  for t in $tables; do
    args+=(-c "\\copy $schema.$t TO '$copies/$t.bin' WITH (FORMAT binary)")
  done
  "${psql[@]}" "${args[@]}"
}

# psql's \copy of the files into the tables of `ecomsim schema --sql` (with their
# comments, no keys) over one connection, in one transaction (tables created in it,
# FREEZE: what `ecomsim load --jobs 1` does), then the same keys and indexes and ANALYZE:
# "rows data_seconds whole_seconds".
psql_copy() {
  local schema=$1
  "$bin" schema --sql --schema "$schema" >"$work/schema.sql"
  sed '/^-- Keys and indexes/,$d' "$work/schema.sql" >"$work/tables.sql"
  sed -n '/^-- Keys and indexes/,$p' "$work/schema.sql" >"$work/keys.sql"
  local args=(-f "$work/tables.sql")
  for t in $tables; do
    args+=(-c "\\copy $schema.$t FROM '$copies/$t.bin' WITH (FORMAT binary, FREEZE)")
  done
  "${psql[@]}" -c "CHECKPOINT"
  local start mid end
  start=$(now)
  "${psql[@]}" -1 "${args[@]}"
  mid=$(now)
  "${psql[@]}" -1 -c "SET maintenance_work_mem = '256MB'" -f "$work/keys.sql" -c "ANALYZE"
  end=$(now)
  local rows
  rows=$("${psql[@]}" -A -t -c "SELECT $(for t in $tables; do printf "(SELECT count(*) FROM %s.%s) + " "$schema" "$t"; done) 0")
  echo "$rows $(elapsed "$start" "$mid") $(elapsed "$start" "$end")"
}

declare -A best_data best_whole
record() {  # NAME "rows data whole"
  local name=$1 rows data whole
  read -r rows data whole <<<"$2"
  echo "pg_bench: $name: $rows rows, data $data s, whole $whole s (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  if [[ -z "${best_data[$name]:-}" ]] || awk -v a="$data" -v b="${best_data[$name]}" 'BEGIN {exit !(a < b)}'; then
    best_data[$name]=$data
  fi
  if [[ -z "${best_whole[$name]:-}" ]] || awk -v a="$whole" -v b="${best_whole[$name]}" 'BEGIN {exit !(a < b)}'; then
    best_whole[$name]=$whole
  fi
  eval "rows_$name=$rows"
}

for round in $(seq 1 "$rounds"); do
  echo "pg_bench: round $round of $rounds" >&2
  record one "$(ecomsim_load 1 bench_one)"
  if [[ $round -eq 1 ]]; then dump_rows bench_one; fi
  "${psql[@]}" -c "DROP SCHEMA bench_one CASCADE"
  record two "$(ecomsim_load 2 bench_two)"
  "${psql[@]}" -c "DROP SCHEMA bench_two CASCADE"
  record psql "$(psql_copy bench_psql)"
  "${psql[@]}" -c "DROP SCHEMA bench_psql CASCADE"
done

rows=$rows_one
cpu=$(grep -c ^processor /proc/cpuinfo)
version=$("$PG_BIN/postgres" --version | awk '{print $3}')
echo
echo "ecomsim $("$bin" --version | awk '{print $2}'), load ${world[*]} ($rows rows), PostgreSQL $version on 127.0.0.1 (default settings, data in ${PG_BENCH_DATA:-/tmp}), $cpu cores, best of $rounds"
echo
echo "| run | rows | data s | data rows/s | whole s | whole rows/s |"
echo "|---|---:|---:|---:|---:|---:|"
line() {  # NAME LABEL
  local r=rows_$1
  echo "| $2 | ${!r} | ${best_data[$1]} | $(rate "${!r}" "${best_data[$1]}") | ${best_whole[$1]} | $(rate "${!r}" "${best_whole[$1]}") |"
}
line one "ecomsim load --jobs 1"
line two "ecomsim load --jobs 2"
line psql "reference: psql \\copy (FORMAT binary, FREEZE), 1 connection"
echo
awk -v o="${best_data[one]}" -v p="${best_data[psql]}" -v t="${best_data[two]}" \
    -v ow="${best_whole[one]}" -v pw="${best_whole[psql]}" -v tw="${best_whole[two]}" 'BEGIN {
  printf "data rows/s, ecomsim --jobs 1 / psql: %.2fx; --jobs 2 / --jobs 1: %.2fx\n", p / o, o / t
  printf "whole load, ecomsim --jobs 1 / psql + the same keys: %.2fx; --jobs 2 / --jobs 1: %.2fx\n", pw / ow, ow / tw
}'
