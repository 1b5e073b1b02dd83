# Sourced by the PostgreSQL benchmarks (bench/pg_bench.sh, bench/pg_keys_profile.sh):
# a throwaway server started like the tests' (tests/postgres/pg_server.sh) and the
# readings of its CPU.
#
#   start_bench_server NAME   makes $work (a temporary directory named after NAME, under
#                             TMPDIR), starts the server with its data under PG_BENCH_DATA
#                             (default /tmp; /dev/shm keeps the disk out of the figures),
#                             sources its server.env (PG_URL, PG_PID, PG_BIN, ...) and
#                             stops it and removes $work on exit.
#   server_cpu                CPU seconds its processes have used so far.
#   settled_server_cpu        the same, once the backends of clients that have exited
#                             are gone (their time reaches the postmaster only then).
#   now                       seconds since the epoch, with nanoseconds.

start_bench_server() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/ecomsim-$1-XXXXXX")
  state="$work/server"
  trap 'bash tests/postgres/pg_server.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  ECOMSIM_PG_TMPDIR="${PG_BENCH_DATA:-/tmp}" bash tests/postgres/pg_server.sh start "$state" >&2
  # shellcheck disable=SC1091
  source "$state/server.env"
  export PGOPTIONS="-c client_min_messages=warning"  # no NOTICE of DROP ... CASCADE
  # The server's own processes (checkpointer, writers, launchers): what is left when
  # no client is connected.
  server_processes=$(ps -o pid= --ppid "$PG_PID" | wc -l)
}

ticks=$(getconf CLK_TCK)
# The postmaster's time and that of the children it has reaped (backends and parallel
# workers that ended), plus its live children's. A child reaped while they are read
# would be counted in neither: the postmaster's reaped time is read before and after,
# and the reading taken again when it moved.
server_cpu() {
  local total before after u s cu cs p
  while :; do
    before=$(cut -d' ' -f16,17 "/proc/$PG_PID/stat")
    total=0
    for p in $(ps -o pid= --ppid "$PG_PID"); do
      read -r u s < <(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null || echo "0 0")
      total=$((total + u + s))
    done
    read -r u s cu cs < <(cut -d' ' -f14-17 "/proc/$PG_PID/stat")
    after="$cu $cs"
    [[ "$before" == "$after" ]] && break
  done
  total=$((total + u + s + cu + cs))
  awk -v t="$total" -v k="$ticks" 'BEGIN {printf "%.2f", t / k}'
}

# Waits (up to 5 s) until the server has no more processes than its own, then reads.
settled_server_cpu() {
  local i
  for ((i = 0; i < 100; i++)); do
    (($(ps -o pid= --ppid "$PG_PID" | wc -l) <= server_processes)) && break
    sleep 0.05
  done
  server_cpu
}

now() { date +%s.%N; }
