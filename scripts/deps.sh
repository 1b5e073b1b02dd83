#!/usr/bin/env bash
# Installs what ecomsim needs from Debian 12's packages. With --test, also what the test
# suite needs. Runs apt-get only when something is missing, so a second run is instant.
# Must run as root (or with sudo available).
set -euo pipefail

build_packages=(g++ cmake ninja-build pkg-config libyaml-cpp-dev libcli11-dev libzstd-dev
                libsnappy-dev liblz4-dev)
test_packages=(libgtest-dev libbenchmark-dev)

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

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
