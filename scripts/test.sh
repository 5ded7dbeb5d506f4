#!/usr/bin/env bash
# Installs what is missing, builds in Release and runs every test through ctest (starting Xvfb
# when there is no display), then runs the core tests again under AddressSanitizer+UBSan and
# under ThreadSanitizer. Benchmarks and stress runs are not part of this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
wakeline_install_packages

run_ctest() {
  local dir=$1; shift
  if [[ -z "${DISPLAY:-}" ]]; then
    LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1600x900x24" ctest --test-dir "$dir" -j2 --output-on-failure "$@"
  else
    ctest --test-dir "$dir" -j2 --output-on-failure "$@"
  fi
}

echo "== Release build, full suite"
wakeline_build release
run_ctest build/release

for preset in asan tsan; do
  echo "== $preset: core tests"
  wakeline_build "$preset" core_tests
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ASAN_OPTIONS="detect_leaks=1" \
    run_ctest "build/$preset" -L core
done
