#!/usr/bin/env bash
# Installs what is missing, builds in Release and opens Wakeline on the default lesson.
# Extra arguments go to the app (e.g. --screenshot out.png --frames 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
wakeline_install_packages
wakeline_build release
exec build/release/app/wakeline "$@"
