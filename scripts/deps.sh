#!/usr/bin/env bash
# Installs what ecomsim needs from Debian 12's packages. With --test, also what the test
# suite needs. Runs apt-get only when something is missing, so a second run is instant.
# Must run as root (or with sudo available).
set -euo pipefail

build_packages=(g++ cmake ninja-build pkg-config libyaml-cpp-dev libcli11-dev libzstd-dev
                libsnappy-dev liblz4-dev libpq-dev librdkafka-dev libhiredis-dev)
# postgresql: the server (initdb, pg_ctl, postgres) and psql that the PostgreSQL tests
# and bench/pg_bench.sh start in a temporary directory; ecomsim itself needs only libpq.
# kafkacat: kcat, which the Kafka tests run to read back keys, timestamps and headers.
# clang-14 and libclang-rt-14-dev: clang with libFuzzer and the sanitizer runtimes, for
# the fuzz targets (tests/fuzz, scripts/fuzz.sh) and the sanitizer build (build/asan).
# chromium: the headless browser that opens the page of `ecomsim report` in its test.
# redis-server (and redis-cli, in redis-tools): the Redis that the sessionize tests start
# on 127.0.0.1 in a temporary directory, and read back.
test_packages=(libgtest-dev libbenchmark-dev postgresql kafkacat clang-14 libclang-rt-14-dev
               chromium redis-server)

want=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${test_packages[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js runs the independent-reader tests (DuckDB, hyparquet and kafkajs from the npm
# registry).
if [[ "${1:-}" == "--test" ]] && ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" ]]; then
  interop="$(dirname "$0")/../tests/interop"
  # Reinstall only when the lock file changed since the last install.
  stamp="$interop/node_modules/.ecomsim-installed-lock"
  if ! cmp -s "$interop/package-lock.json" "$stamp" 2>/dev/null; then
    echo "deps: installing the interop test packages from the npm registry" >&2
    (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$interop/package-lock.json" "$stamp"
  fi
fi
