#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]: fuzzes the trace reader, validate() and the window's models (the
# libFuzzer target tests/fuzz/trace_reader_fuzz.cpp, ASan+UBSan) for SECONDS (default 600),
# starting from every lesson's traces (each variant, both flavors) and the hostile files.
# Installs clang-14 and its libFuzzer runtime if missing; they are not part of the default set-up.
# Finds (crashing inputs) land in build/fuzz/findings/; add each as a regression file.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
source scripts/setup.sh
WAKELINE_PACKAGES+=(clang-14 libclang-rt-14-dev)
wakeline_install_packages

echo "== seed corpus: every lesson's traces"
wakeline_build release wakeline
wakeline=build/release/app/wakeline
seeds=build/fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds" build/fuzz/corpus build/fuzz/findings
"$wakeline" list --json | python3 -c '
import json, sys
for lesson in json.load(sys.stdin)["lessons"]:
    for variant in [v["name"] for v in lesson["variants"]] or [""]:
        for flavor in lesson["flavors"]:
            print(lesson["id"], flavor, variant)' |
while read -r lesson flavor variant; do
  args=(run "$lesson" --flavor "$flavor" --out "$seeds/$lesson.$flavor.${variant:-default}.wakeline.json")
  [[ -n "$variant" ]] && args+=(--variant "$variant")
  "$wakeline" "${args[@]}" >/dev/null 2>&1 || true  # a deadlocking variant still writes its trace
done
cp tests/data/hostile/*.wakeline.json "$seeds/"
# The binary encoding too: each lesson's default trace as .wkl (the reader tells them apart by the
# first bytes; the checksum keeps most mutations at the header and section-table checks).
for json in "$seeds"/*.default.wakeline.json; do
  "$wakeline" export "$json" --format binary --out "${json%.wakeline.json}.wkl" >/dev/null 2>&1 || true
done
echo "$(ls "$seeds" | wc -l) seed files"

echo "== fuzz build"
wakeline_build fuzz trace_reader_fuzz
echo "== fuzzing for $seconds s"
build/fuzz/tests/fuzz/trace_reader_fuzz -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -max_len=262144 -print_final_stats=1 -artifact_prefix=build/fuzz/findings/ build/fuzz/corpus "$seeds"
