#!/usr/bin/env bash
# Installs the Debian 12 packages Wakeline needs (only the missing ones), then configures and
# builds the given preset. Sourced by app.sh and test.sh; safe to run again (a second run only
# checks and rebuilds what changed).
set -euo pipefail

WAKELINE_PACKAGES=(
  build-essential cmake ninja-build pkg-config python3
  libimgui-dev libglfw3-dev libstb-dev python3-glad
  libgl1-mesa-dri xvfb xauth xdotool fonts-dejavu-core
  nlohmann-json3-dev catch2 libbenchmark-dev liblua5.4-dev
)

# Only scripts/bench.sh needs these: the Tokio twin of the executor benchmarks (tests/bench/tokio/),
# built offline by Debian's cargo from Debian's packaged crates.
WAKELINE_BENCH_PACKAGES=(cargo librust-tokio-dev librust-tokio-macros-dev)

wakeline_install_packages() {
  local missing=()
  for pkg in "${WAKELINE_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  echo "wakeline: installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# wakeline_build PRESET [TARGET...]: configure once, then an incremental build with two jobs.
wakeline_build() {
  local preset=$1; shift
  local dir="build/$preset"
  if [[ ! -f "$dir/build.ninja" ]]; then
    cmake --preset "$preset" >/dev/null
  fi
  if (($# > 0)); then
    cmake --build "$dir" -j2 --target "$@"
  else
    cmake --build "$dir" -j2
  fi
}
