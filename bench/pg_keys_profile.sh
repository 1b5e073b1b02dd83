#!/usr/bin/env bash
# Where the keys phase of a load spends its time: loads the world with `--indexes none`
# (tables and data only), then runs the keys script of `ecomsim schema --sql` one
# statement at a time over one connection, as the loader would build it (NOT VALID
# foreign keys, then VALIDATE CONSTRAINT each), and prints for each statement its wall
# seconds and the CPU seconds the server spent on it (all its processes, from /proc:
# parallel workers included). Then the same per-table count(*) and validation queries
# the loader runs.
#
#   bash bench/pg_keys_profile.sh [WORLD OPTIONS...]
#
# PG_PROFILE_SETTINGS: SQL run first in the session (default: the server's settings).
# The server starts like bench/pg_bench.sh's (bench/pg_bench_server.sh; PG_BENCH_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ECOMSIM_BIN:-build/release/ecomsim}"
world=(baseline "$@")
# shellcheck source=bench/pg_bench_server.sh
source bench/pg_bench_server.sh
start_bench_server pg-profile
psql=("$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_URL")

"$bin" load "${world[@]}" --postgres "$PG_URL" --schema p --jobs 2 --indexes none -q
"${psql[@]}" -c "CHECKPOINT"
# The keys script, foreign keys split as the loader runs them.
"$bin" schema --sql --schema p | sed -n '/^-- Keys and indexes/,$p' | grep -v '^--' |
  awk '
    /^ALTER TABLE .*$/ && !/;$/ {table = $0; next}
    /^  ADD CONSTRAINT/ {
      line = $0; sub(/[,;]$/, "", line)
      print table line " NOT VALID;"
      name = $3
      validate[++n] = table " VALIDATE CONSTRAINT " name ";"
      next
    }
    {print}
    END {for (i = 1; i <= n; i++) print validate[i]}' >"$work/keys.sql"
"$bin" schema | awk 'NR > 2 {print $1}' >"$work/tables"
while read -r t; do echo "ANALYZE p.$t;"; done <"$work/tables" >>"$work/keys.sql"
while read -r t; do echo "SELECT count(*) FROM p.$t;"; done <"$work/tables" >>"$work/keys.sql"

settings="${PG_PROFILE_SETTINGS:-}"
echo "| statement | wall s | server CPU s |"
echo "|---|---:|---:|"
total_wall=0
total_cpu=0
while read -r sql; do
  c0=$(settled_server_cpu)
  t0=$(now)
  "${psql[@]}" -c "${settings}${sql}" >/dev/null
  t1=$(now)
  c1=$(settled_server_cpu)
  read -r w c < <(awk -v a="$t0" -v b="$t1" -v x="$c0" -v y="$c1" 'BEGIN {printf "%.2f %.2f\n", b - a, y - x}')
  echo "| \`${sql:0:110}\` | $w | $c |"
  total_wall=$(awk -v a="$total_wall" -v b="$w" 'BEGIN {print a + b}')
  total_cpu=$(awk -v a="$total_cpu" -v b="$c" 'BEGIN {print a + b}')
done <"$work/keys.sql"
echo "| all | $total_wall | $total_cpu |"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
