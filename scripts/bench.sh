#!/usr/bin/env bash
# Wakeline's executor next to Tokio on the same workload shapes (tests/bench/shapes.hpp and its twin
# tests/bench/tokio/): builds both, runs them interleaved (Tokio, Wakeline, Wakeline recording, then
# again, PAIRS times), and prints medians [min-max] and ratios. Each run is a process of its own, so
# every run is cold and every peak memory figure (VmHWM) is that run's own. Interleaving keeps the
# ratios meaningful when the machine's load changes during the session; the load is printed too.
#   bash scripts/bench.sh                 # every shape, 5 pairs
#   PAIRS=7 bash scripts/bench.sh spawn   # only the shapes whose line starts with "spawn"
#   RECORD=0 bash scripts/bench.sh        # skip the recorded Wakeline runs
#   WAKELINE_BIN=/tmp/old/shape_bench bash scripts/bench.sh   # time another build of shape_bench
#   TARGETS=0 bash scripts/bench.sh       # skip issue 15's trace targets (growth, virtual clock, files)
# Without a shape filter it then measures issue 15's other targets (how the recorded cost grows, the
# virtual clock end to end, the 10M-event trace files through scripts/bench_trace_files.sh, the
# Chrome export) and ends with scripts/bench_targets.py's table: every target, measured, met or not.
# Not part of scripts/test.sh: it takes minutes and measures this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
WAKELINE_PACKAGES+=("${WAKELINE_BENCH_PACKAGES[@]}")
wakeline_install_packages

PAIRS=${PAIRS:-5}
RECORD=${RECORD:-1}
FILTER=${1:-}
OUT=build/bench
mkdir -p "$OUT"

# Wakeline's side: the release preset's shape_bench. Tokio's: Debian's cargo and crates, offline
# (tests/bench/tokio/.cargo/config.toml replaces crates.io with /usr/share/cargo/registry).
if [[ -z "${WAKELINE_BIN:-}" ]]; then
  wakeline_build release shape_bench >/dev/null
  WAKELINE_BIN=build/release/tests/bench/shape_bench
fi
CARGO=${CARGO:-/usr/bin/cargo}
(cd tests/bench/tokio && CARGO_NET_OFFLINE=true CARGO_TARGET_DIR="$OLDPWD/$OUT/tokio-target" "$CARGO" build --release --quiet)
TOKIO_BIN=$OUT/tokio-target/release/tokio-twin

# The anchor's shapes (../shared/anchors/tokio-bench/run.sh): shape, N, flavor [workers].
SHAPES=(
  "spawn 1000000 current"
  "spawn 1000000 multi 2"
  "spawnb 1000000 current"
  "spawnb 1000000 multi 2"
  "pingpong 1000000 current"
  "yield 2000000 multi 2"
  "sleep 100000 multi 2"
)

RESULTS=$OUT/results-$(date -u +%Y%m%dT%H%M%SZ).txt
{
  echo "# date=$(date -u '+%Y-%m-%d %H:%M:%S UTC') commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core tests/bench || echo '+changes') wakeline=$WAKELINE_BIN pairs=$PAIRS"
  echo "# machine: nproc=$(nproc) $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
} >"$RESULTS"
for shape in "${SHAPES[@]}"; do
  [[ -n "$FILTER" && "$shape" != "$FILTER"* ]] && continue
  echo "# load $(cut -d' ' -f1-3 /proc/loadavg) before: $shape" >>"$RESULTS"
  for ((i = 1; i <= PAIRS; i++)); do
    # shellcheck disable=SC2086  # the shape line is meant to split into arguments
    "$TOKIO_BIN" $shape >>"$RESULTS"
    "$WAKELINE_BIN" $shape >>"$RESULTS"
    if [[ "$RECORD" == 1 ]]; then "$WAKELINE_BIN" $shape record >>"$RESULTS"; fi
  done
done

TARGETS=${TARGETS:-1}
[[ -n "$FILTER" ]] && TARGETS=0
if [[ "$TARGETS" == 1 ]]; then
  wakeline_build release wakeline trace_export_bench >/dev/null
  APP=build/release/app/wakeline
  # Growth: a recorded ping-pong of ~100k events beside one of ~10.9M (14 events per round trip),
  # interleaved; bench_targets.py compares their whole-run ns per event.
  echo "# load $(cut -d' ' -f1-3 /proc/loadavg) before: growth" >>"$RESULTS"
  for ((i = 1; i <= 3; i++)); do
    "$WAKELINE_BIN" pingpong 7143 current record >>"$RESULTS"
    "$WAKELINE_BIN" pingpong 778600 current record >>"$RESULTS"
  done
  # The virtual clock end to end: the whole CLI process on the work-stealing lesson.
  VTASKS=${VTASKS:-1000000}
  echo "# load $(cut -d' ' -f1-3 /proc/loadavg) before: virtual" >>"$RESULTS"
  for ((i = 1; i <= PAIRS; i++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$APP" run work-stealing --set tasks="$VTASKS" --summary >"$OUT/summary.json"
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); w,u,k,m=open(sys.argv[2]).read().split()
print("kind=virtual tasks=%s events=%d wall_s=%s cpu_s=%.3f peak_kib=%s" % (sys.argv[3], s["events"], w, float(u)+float(k), m))' \
      "$OUT/summary.json" "$OUT/time" "$VTASKS" >>"$RESULTS"
  done
  # The Chrome export of about a million events, in memory and as the whole export command.
  echo "# load $(cut -d' ' -f1-3 /proc/loadavg) before: chrome export" >>"$RESULTS"
  build/release/tests/bench/trace_export_bench --benchmark_filter='BM_(WriteChrome|ExportCommandToChrome)' \
    --benchmark_out="$OUT/export.json" --benchmark_out_format=json >/dev/null 2>&1
  python3 scripts/bench_targets.py --benchmark-lines "$OUT/export.json" chrome >>"$RESULTS"
  # The trace files at 10M events (its own output first, its figures into the results).
  echo "# load $(cut -d' ' -f1-3 /proc/loadavg) before: trace files" >>"$RESULTS"
  BENCH_RESULTS="$PWD/$RESULTS" bash scripts/bench_trace_files.sh
fi
echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at the end" >>"$RESULTS"

python3 scripts/bench_table.py "$RESULTS"
if [[ "$TARGETS" == 1 ]]; then echo; python3 scripts/bench_targets.py "$RESULTS"; fi
echo "(raw runs: $RESULTS)"
