#!/usr/bin/env bash
# Loading speed into PostgreSQL: `ecomsim load` (the baseline world unless told otherwise)
# over one and over two connections, beside the reference a user would otherwise script:
# psql's `\copy ... FROM FILE WITH (FORMAT binary, FREEZE)` of the same rows, then the
# same keys and indexes (`ecomsim schema --sql`) built one after the other, in the same
# run, on a throwaway server started like the tests' (tests/postgres/pg_server.sh:
# Debian's PostgreSQL, default settings, data in a temporary directory).
#
#   bash bench/pg_bench.sh [WORLD OPTIONS...]    e.g. bash bench/pg_bench.sh --scale 0.2
#
# Needs the release build (bash scripts/build.sh; ECOMSIM_BIN names another binary) and
# the server packages (bash scripts/deps.sh --test). BENCH_ROUNDS (default 2) rounds of
# the runs, in turn; for each run the round with the shortest whole load is reported.
# ECOMSIM_BASE_BIN, when set, adds a run of that binary (an earlier build, say) with
# --jobs 2, to compare in the same conditions. The server's data directory goes under
# PG_BENCH_DATA (default /tmp); PG_BENCH_DATA=/dev/shm keeps the disk out of the
# measurement (about 8 GB of memory for the baseline world).
#
# "data" is what psql's \copy does: connect, create the tables, (generate and) COPY every
# row, commit. "keys" is what comes next: primary keys, indexes, foreign keys and
# ANALYZE (for ecomsim, over all its connections at once, as its summary line reports
# them; for psql, the keys script of `ecomsim schema --sql` and ANALYZE over its one
# connection, in one transaction). "whole" is all of it, for ecomsim with the validation
# queries and the swap. The goal (issue 16): whole within 1.5x of data at --jobs 2.
# Beside the times, the CPU seconds the server spent in the keys phase (its processes'
# user + system time, read from /proc): the work, whatever else the machine runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ECOMSIM_BIN:-build/release/ecomsim}"
rounds="${BENCH_ROUNDS:-2}"
world=(baseline "$@")
[[ -x "$bin" ]] || { echo "pg_bench: no $bin (run bash scripts/build.sh)" >&2; exit 1; }

# shellcheck source=bench/pg_bench_server.sh
source bench/pg_bench_server.sh
start_bench_server pg-bench
psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG_URL")
tables=$("$bin" schema | awk 'NR > 2 {print $1}')

# Seconds between two `now` values, to two decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
rate() { awk -v r="$1" -v s="$2" 'BEGIN {printf "%.0f", r / s}'; }

# ecomsim load with JOBS connections into SCHEMA (BIN: another binary):
# "rows data_seconds keys_seconds whole_seconds keys_server_cpu_seconds", the last from
# samples of server_cpu every 0.2 s, at the end of the data phase and of the keys phase.
ecomsim_load() {
  local jobs=$1 schema=$2 load_bin=${3:-$bin} out sampler start
  "${psql[@]}" -c "CHECKPOINT"
  start=$(now)
  (while :; do echo "$(now) $(server_cpu)"; sleep 0.2; done) >"$work/cpu_samples" &
  sampler=$!
  out=$("$load_bin" load "${world[@]}" --postgres "$PG_URL" --schema "$schema" --jobs "$jobs")
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  # A last sample after the load: a short keys phase may end after the sampler's last.
  echo "$(now) $(settled_server_cpu)" >>"$work/cpu_samples"
  local rows data keys whole keys_cpu
  rows=$(awk '$1 == "total" {gsub(",", "", $2); print $2}' <<<"$out")
  data=$(sed -n 's/^phases: data \([0-9.]*\) s.*/\1/p' <<<"$out")
  keys=$(sed -n 's/^phases: .*, keys and indexes \([0-9.]*\) s.*/\1/p' <<<"$out")
  whole=$(sed -n 's/^loaded .* in \([0-9.]*\) s$/\1/p' <<<"$out")
  # The server's CPU between the first samples after the two phase ends.
  keys_cpu=$(awk -v a="$(awk -v s="$start" -v d="$data" 'BEGIN {printf "%.3f", s + d}')" \
                 -v b="$(awk -v s="$start" -v d="$data" -v k="$keys" 'BEGIN {printf "%.3f", s + d + k}')" \
    '$1 >= a && from == "" {from = $2} $1 >= b && to == "" {to = $2} END {printf "%.1f", to - from}' \
    "$work/cpu_samples")
  echo "$rows $data $keys $whole $keys_cpu"
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
# FREEZE: what `ecomsim load --jobs 1` does), then the same keys and indexes and ANALYZE,
# one statement after the other: "rows data_seconds keys_seconds whole_seconds
# keys_server_cpu_seconds".
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
  local start mid end cpu_mid cpu_end
  start=$(now)
  "${psql[@]}" -1 "${args[@]}"
  mid=$(now)
  # psql's backend's time counts once it is gone, not the instant psql exits.
  cpu_mid=$(settled_server_cpu)
  "${psql[@]}" -1 -c "SET maintenance_work_mem = '256MB'" -f "$work/keys.sql" -c "ANALYZE"
  end=$(now)
  cpu_end=$(settled_server_cpu)
  local rows
  rows=$("${psql[@]}" -A -t -c "SELECT $(for t in $tables; do printf "(SELECT count(*) FROM %s.%s) + " "$schema" "$t"; done) 0")
  echo "$rows $(elapsed "$start" "$mid") $(elapsed "$mid" "$end") $(elapsed "$start" "$end") $(elapsed "$cpu_mid" "$cpu_end")"
}

# The figures of the round with the shortest whole load, per run.
declare -A best
record() {  # NAME "rows data keys whole keys_cpu"
  local name=$1 rows data keys whole cpu
  read -r rows data keys whole cpu <<<"$2"
  echo "pg_bench: $name: $rows rows, data $data s, keys $keys s (server CPU $cpu s), whole $whole s (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  local previous=""
  if [[ -n "${best[$name]:-}" ]]; then read -r _ _ _ previous _ <<<"${best[$name]}"; fi
  if [[ -z "$previous" ]] || awk -v a="$whole" -v b="$previous" 'BEGIN {exit !(a < b)}'; then
    best[$name]="$rows $data $keys $whole $cpu"
  fi
}

for round in $(seq 1 "$rounds"); do
  echo "pg_bench: round $round of $rounds" >&2
  record one "$(ecomsim_load 1 bench_one)"
  if [[ $round -eq 1 ]]; then dump_rows bench_one; fi
  "${psql[@]}" -c "DROP SCHEMA bench_one CASCADE"
  record two "$(ecomsim_load 2 bench_two)"
  "${psql[@]}" -c "DROP SCHEMA bench_two CASCADE"
  if [[ -n "${ECOMSIM_BASE_BIN:-}" ]]; then
    record base "$(ecomsim_load 2 bench_base "$ECOMSIM_BASE_BIN")"
    "${psql[@]}" -c "DROP SCHEMA bench_base CASCADE"
  fi
  record psql "$(psql_copy bench_psql)"
  "${psql[@]}" -c "DROP SCHEMA bench_psql CASCADE"
done

cpu=$(grep -c ^processor /proc/cpuinfo)
version=$("$PG_BIN/postgres" --version | awk '{print $3}')
read -r rows _ <<<"${best[one]}"
echo
echo "ecomsim $("$bin" --version | awk '{print $2}'), load ${world[*]} ($rows rows), PostgreSQL $version on 127.0.0.1 (default settings, data in ${PG_BENCH_DATA:-/tmp}), $cpu cores, best of $rounds"
echo
echo "| run | rows | data s | keys s | keys: server CPU s | whole s | whole / data | whole rows/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
line() {  # NAME LABEL
  local rows data keys whole cpu
  read -r rows data keys whole cpu <<<"${best[$1]}"
  awk -v l="$2" -v r="$rows" -v d="$data" -v k="$keys" -v w="$whole" -v c="$cpu" \
    'BEGIN {printf "| %s | %d | %.2f | %.2f | %.1f | %.2f | %.2fx | %.0f |\n", l, r, d, k, c, w, w / d, r / w}'
}
line one "ecomsim load --jobs 1"
line two "ecomsim load --jobs 2"
if [[ -n "${best[base]:-}" ]]; then line base "ecomsim load --jobs 2, $ECOMSIM_BASE_BIN"; fi
line psql "reference: psql \\copy (FORMAT binary, FREEZE), then the keys script, 1 connection"
echo
read -r _ one_data one_keys one_whole _ <<<"${best[one]}"
read -r _ two_data two_keys two_whole _ <<<"${best[two]}"
read -r _ psql_data psql_keys psql_whole _ <<<"${best[psql]}"
awk -v od="$one_data" -v ok="$one_keys" -v ow="$one_whole" -v td="$two_data" -v tk="$two_keys" \
    -v tw="$two_whole" -v pd="$psql_data" -v pk="$psql_keys" -v pw="$psql_whole" 'BEGIN {
  printf "keys phase, psql / ecomsim: %.2fx at --jobs 1, %.2fx at --jobs 2\n", pk / ok, pk / tk
  printf "whole load, psql / ecomsim: %.2fx at --jobs 1, %.2fx at --jobs 2\n", pw / ow, pw / tw
  printf "goal, whole within 1.5x of data at --jobs 2: %.2fx (%s)\n", tw / td, tw / td <= 1.5 ? "met" : "not met"
}'
