#!/usr/bin/env bash
# Installs the test dependencies, builds, and runs the whole test suite with ctest. With
# ECOMSIM_SANITIZE=1 it then builds it again with AddressSanitizer and
# UndefinedBehaviorSanitizer (the asan preset: clang, -O1, in build/asan), runs it once
# more there, and runs each libFuzzer target of tests/fuzz for ECOMSIM_FUZZ_SECONDS
# (default 30) from that build. Any sanitizer report fails its test (halt_on_error; UBSan
# built with -fno-sanitize-recover), and so the script. CI leaves the sanitizer stage out
# until it fits its time budget (README, Testing). Extra arguments go to both ctest runs
# (e.g. -R cli).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test

# stage NAME COMMAND...: runs COMMAND and says how long it took.
stage() {
  local name="$1"
  shift
  local start=$SECONDS
  "$@"
  echo "test.sh: $name took $((SECONDS - start)) s" >&2
}

stage "release build" bash scripts/build.sh release
stage "release suite" ctest --test-dir build/release --output-on-failure -j "$(nproc)" "$@"
if [[ "${ECOMSIM_SANITIZE:-0}" != 1 ]]; then exit 0; fi

# Every sanitizer report stops the process with an error; LeakSanitizer's too. Reports
# inside third-party libraries would be suppressed in tests/sanitizers/ (none are).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
stage "sanitizer build" bash scripts/build.sh asan
# Left out under the sanitizers, each for its reason (their release runs above count):
# layers.*: each compiles a file to show that the build refuses an include that runs up
# a floor; nothing of ecomsim runs, so there is nothing for a sanitizer to see.
excluded='^layers\.'
stage "sanitizer suite" ctest --test-dir build/asan --output-on-failure -j "$(nproc)" \
  -E "$excluded" "$@"
stage "fuzzing" env ECOMSIM_FUZZ_PRESET=asan bash scripts/fuzz.sh "${ECOMSIM_FUZZ_SECONDS:-30}"
