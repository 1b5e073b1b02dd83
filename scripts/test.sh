#!/usr/bin/env bash
# Installs the test dependencies, builds, and runs the whole test suite with ctest.
# Extra arguments go to ctest (e.g. -R cli).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test
bash scripts/build.sh release
ctest --test-dir build/release --output-on-failure -j "$(nproc)" "$@"
