#!/usr/bin/env bash
# Builds the fuzz targets of tests/fuzz (clang, libFuzzer, ASan and UBSan, in build/fuzz)
# and runs each for SECONDS (default 60): scenario, csv, jsonl, parquet, or the TARGETs
# named. Each starts from its seeds (tests/fuzz/corpus/<target>, the built-in scenarios
# for scenario), its regressions and what earlier runs here learnt (build/fuzz/corpus).
# A crash, a hang (an input that takes over 10 s), an allocation over 512 MB or a wrong
# answer (fuzz_support.h) stops the run and fails the script; the input is saved under
# build/fuzz/findings/<target>/. Fix the code, move the input to
# tests/fuzz/regressions/<target>/ and commit both.
#
#   bash scripts/fuzz.sh 30            # every target, 30 s each
#   bash scripts/fuzz.sh 600 parquet   # one target, ten minutes
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(scenario csv jsonl parquet); fi

cmake --preset fuzz -G Ninja >/dev/null
cmake --build build/fuzz -j "${ECOMSIM_BUILD_JOBS:-$(nproc)}" --target "${targets[@]/%/_fuzz}"

status=0
for t in "${targets[@]}"; do
  learnt="build/fuzz/corpus/$t"
  findings="build/fuzz/findings/$t"
  mkdir -p "$learnt" "$findings"
  inputs=("tests/fuzz/corpus/$t")
  if [[ -d "tests/fuzz/regressions/$t" ]]; then inputs+=("tests/fuzz/regressions/$t"); fi
  options=(-max_total_time="$seconds" -timeout=10 -malloc_limit_mb=512 -rss_limit_mb=2048
           -artifact_prefix="$findings/" -print_final_stats=1)
  if [[ "$t" == scenario ]]; then
    inputs+=(scenarios)
    options+=(-dict=tests/fuzz/scenario.dict)
  fi
  echo "fuzz: $t for ${seconds}s" >&2
  # New inputs go into the first directory, $learnt; the others are only read.
  if ! "build/fuzz/tests/fuzz/${t}_fuzz" "${options[@]}" "$learnt" "${inputs[@]}" \
      > "build/fuzz/$t.log" 2>&1; then
    echo "fuzz: $t found a problem (build/fuzz/$t.log, the input in $findings/):" >&2
    grep -E 'ERROR|fuzz finding|SUMMARY|Test unit written' "build/fuzz/$t.log" | head -n 5 >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "build/fuzz/$t.log" |
    sed "s/^/fuzz: $t: /" >&2 || true
done
exit "$status"
