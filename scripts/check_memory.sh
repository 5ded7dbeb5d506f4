#!/usr/bin/env bash
# scripts/check_memory.sh: the reader's memory bound, measured (about a minute, writes ~700 MB of
# temporary files): peak RSS of `wakeline validate` on 100 MB hostile header files of six shapes
# stays within 4x the file, a piped 7 KB trace costs no more than the binary itself, and a file
# cut inside a 50 MB string gets a short message. Not part of scripts/test.sh (too slow).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
wakeline_install_packages
wakeline_build release wakeline
python3 tests/app/check_memory_bound.py build/release/app/wakeline scripts/make_hostile_traces.py build/memory_check
