#!/usr/bin/env bash
# Configures and builds ecomsim (Release) into build/release. Pass a preset name
# (release, debug, asan) to build another configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
cmake --preset "$preset" -G Ninja >/dev/null
cmake --build "build/$preset" -j "$(nproc)"
