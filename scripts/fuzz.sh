#!/usr/bin/env bash
# Builds the fuzz targets of tests/fuzz (clang, libFuzzer, ASan and UBSan) and runs each
# for SECONDS (default 60): scenario, csv, jsonl, parquet, detect, sessionize, or the
# TARGETs named,
# as many at once as there are cores (ECOMSIM_FUZZ_JOBS). They are built in build/fuzz
# (the fuzz preset), or in build/$ECOMSIM_FUZZ_PRESET: scripts/test.sh uses the asan
# preset's build, which holds the same targets beside the sanitized test suite.
# Each starts from its seeds (tests/fuzz/corpus/<target>, the built-in scenarios for
# scenario), its regressions and what earlier runs here learnt (build/.../fuzz-corpus).
# A crash, a hang (an input that takes over 10 s), an allocation over 512 MB or a wrong
# answer (fuzz_support.h) stops the run and fails the script; the input is saved under
# build/.../fuzz-findings/<target>/. Fix the code, move the input to
# tests/fuzz/regressions/<target>/ and commit both.
#
#   bash scripts/fuzz.sh 30            # every target, 30 s each
#   bash scripts/fuzz.sh 600 parquet   # one target, ten minutes
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(scenario csv jsonl parquet detect sessionize); fi
preset="${ECOMSIM_FUZZ_PRESET:-fuzz}"
build="build/$preset"
jobs="${ECOMSIM_FUZZ_JOBS:-$(nproc)}"

cmake --preset "$preset" -G Ninja >/dev/null
cmake --build "$build" -j "${ECOMSIM_BUILD_JOBS:-$(nproc)}" --target "${targets[@]/%/_fuzz}"

# fuzz TARGET: runs it for $seconds into $build/fuzz-<target>.log; non-zero on a finding.
fuzz() {
  local t="$1"
  local learnt="$build/fuzz-corpus/$t"
  local findings="$build/fuzz-findings/$t"
  mkdir -p "$learnt" "$findings"
  local inputs=("tests/fuzz/corpus/$t")
  if [[ -d "tests/fuzz/regressions/$t" ]]; then inputs+=("tests/fuzz/regressions/$t"); fi
  local options=(-max_total_time="$seconds" -timeout=10 -malloc_limit_mb=512 -rss_limit_mb=2048
                 -artifact_prefix="$findings/" -print_final_stats=1)
  if [[ "$t" == scenario ]]; then
    inputs+=(scenarios)
    options+=(-dict=tests/fuzz/scenario.dict)
  fi
  # New inputs go into the first directory, $learnt; the others are only read.
  "$build/tests/fuzz/${t}_fuzz" "${options[@]}" "$learnt" "${inputs[@]}" > "$build/fuzz-$t.log" 2>&1
}

echo "fuzz: ${targets[*]}, ${seconds}s each, $jobs at a time" >&2
status=0
pids=()
names=()
# report INDEX: waits for the run at INDEX and says how it went.
report() {
  local i="$1"
  local t="${names[$i]}"
  if ! wait "${pids[$i]}"; then
    echo "fuzz: $t found a problem ($build/fuzz-$t.log, the input in $build/fuzz-findings/$t/):" >&2
    grep -E 'ERROR|runtime error|fuzz finding|SUMMARY|Test unit written' "$build/fuzz-$t.log" |
      head -n 5 >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz-$t.log" |
    sed "s/^/fuzz: $t: /" >&2 || true
}
next=0
for t in "${targets[@]}"; do
  if ((${#pids[@]} - next >= jobs)); then
    report "$next"
    next=$((next + 1))
  fi
  fuzz "$t" &
  pids+=($!)
  names+=("$t")
done
while ((next < ${#pids[@]})); do
  report "$next"
  next=$((next + 1))
done
exit "$status"
