#!/usr/bin/env bash
# Installs the test dependencies and runs every test once, as CI does (README, Testing):
#
#   1. the sanitizer build (the asan preset: clang, -O1, AddressSanitizer and
#      UndefinedBehaviorSanitizer, in build/asan) and the whole suite there;
#   2. each libFuzzer target of tests/fuzz for ECOMSIM_FUZZ_SECONDS (default 30) from
#      that build.
#
# Any sanitizer report fails its test (halt_on_error; UBSan built with
# -fno-sanitize-recover), and so the script. ECOMSIM_SANITIZE=0 skips both and runs the
# whole suite in the release build instead (no clang needed). The builds are unity builds
# (cmake/UnityBuild.cmake: faster from scratch); ECOMSIM_UNITY=0 turns that off. Extra
# arguments go to the suite's ctest run (e.g. -R cli: then fuzzing is left out).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test

# children_cpu: sets CPU to the CPU seconds (user + system) of the script's finished
# children so far (`times` in this shell: in a subshell it would count the subshell's).
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
children_cpu() {
  times >"$times_file"
  CPU=$(awk 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%.0f", u[1] * 60 + u[2] + s[1] * 60 + s[2]
  }' "$times_file")
}

# stage NAME COMMAND...: runs COMMAND and says how long it took, in wall and CPU seconds
# (on a machine shared with other work the CPU seconds are the figure to compare).
stage() {
  local name="$1"
  shift
  local start=$SECONDS before
  children_cpu
  before=$CPU
  "$@"
  children_cpu
  echo "test.sh: $name took $((SECONDS - start)) s, $((CPU - before)) CPU s" \
    "(load average $(cut -d' ' -f1 /proc/loadavg))" >&2
}

# configure PRESET: configures build/PRESET (a unity build unless ECOMSIM_UNITY=0).
configure() {
  cmake --preset "$1" -G Ninja -DCMAKE_UNITY_BUILD="$([[ ${ECOMSIM_UNITY:-1} == 1 ]] && echo ON || echo OFF)" \
    -DECOMSIM_BUILD_BENCH=OFF >/dev/null
}

# ctest_in DIR ARGS...: the suite in DIR with as many tests at once as there are cores,
# plus one: several tests wait on servers and subprocesses more than they compute. In a
# fresh tree ctest has no times of its own yet: it starts with tests/ctest_costs.txt
# (each test's seconds in earlier runs here), so that the longest tests start first.
ctest_in() {
  local dir="$1"
  shift
  local costs="$dir/Testing/Temporary/CTestCostData.txt"
  if [[ ! -f "$costs" ]]; then
    mkdir -p "$(dirname "$costs")"
    cp tests/ctest_costs.txt "$costs"
  fi
  ctest --test-dir "$dir" --output-on-failure -j "$(($(nproc) + 1))" "$@"
}

if [[ "${ECOMSIM_SANITIZE:-1}" == 0 ]]; then
  configure release
  stage "release build" cmake --build build/release -j "$(nproc)"
  stage "release suite" ctest_in build/release "$@"
  exit 0
fi

# Every sanitizer report stops the process with an error; LeakSanitizer's too. Reports
# inside third-party libraries would be suppressed in tests/sanitizers/ (none are).
# malloc_context_size=5: a report shows five frames of where the memory was allocated
# and freed (its own stack whole); recording thirty at every malloc and free made the
# suite a quarter slower (README, Testing).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:malloc_context_size=5"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
configure asan
stage "sanitizer build" cmake --build build/asan -j "$(nproc)"
stage "sanitizer suite" ctest_in build/asan "$@"
if (($# > 0)); then exit 0; fi
stage "fuzzing" env ECOMSIM_FUZZ_PRESET=asan bash scripts/fuzz.sh "${ECOMSIM_FUZZ_SECONDS:-30}"
