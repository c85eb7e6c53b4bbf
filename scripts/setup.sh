#!/usr/bin/env bash
# The two set-up commands of the README, on a fresh Debian machine:
#   scripts/setup.sh demo   install what is missing, build, solve the embedded demo city
#   scripts/setup.sh test   install what is missing, build, run the whole test suite
# Packages already installed are not installed again; apt is not touched when
# nothing is missing. Set ECO_BUILD_DIR to build elsewhere than ./build.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-demo}
build=${ECO_BUILD_DIR:-build}
packages=(build-essential cmake pkg-config libglpk-dev libjansson-dev libcurl4-openssl-dev python3)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "setup: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build_all() {
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"$(nproc)"
}

case "$mode" in
  demo)
    install_missing
    build_all
    "$build/bin/ecoroute" gen --city almaty --boxes 60 --seed 1 -o "$build/demo-city.json"
    "$build/bin/ecoroute" solve "$build/demo-city.json" --time-limit 5 -o "$build/demo-solution.json"
    "$build/bin/ecoroute" check "$build/demo-city.json" "$build/demo-solution.json"
    echo "routes written to $build/demo-solution.json"
    ;;
  test)
    # the HTML map test (tests/output) renders the page in headless Chromium;
    # the fuzz tests (tests/fuzz) need clang with libFuzzer and OpenMP
    packages+=(chromium clang libclang-rt-dev libomp-dev)
    install_missing
    build_all
    cd "$build"
    ctest --output-on-failure -j"$(nproc)" -LE long
    ;;
  *)
    echo "usage: scripts/setup.sh demo|test" >&2
    exit 2
    ;;
esac
