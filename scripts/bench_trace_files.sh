#!/usr/bin/env bash
# The trace files at 10M events (issue 15): the CLI writes a work-stealing trace of ~10M events as
# binary (.wkl) (tests/bench/big_trace.lua), reads it back with the same event count, converts it to JSON and back byte for
# byte, and times each step beside the JSON file; then trace_export_bench times the writers and
# readers in memory (5 repetitions each), `wakeline screenshot` times the window's first frame of
# the binary trace on one thread, and the window opened with --open times it with the loading
# threads (under xvfb-run when there is no display).
#   bash scripts/bench_trace_files.sh                # tasks=930000: about 10M events
#   TASKS=100000 bash scripts/bench_trace_files.sh   # about 1M events
#   BENCH_RESULTS=FILE ...                    # also append each figure as a key=value line (scripts/bench.sh)
# Not part of scripts/test.sh: it takes minutes and needs ~3 GB of memory and ~700 MB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
wakeline_install_packages
wakeline_build release wakeline trace_export_bench >/dev/null

TASKS=${TASKS:-930000}
BIN=build/release/app/wakeline
BENCH=build/release/tests/bench/trace_export_bench
DIR=$(mktemp -d "${TMPDIR:-/tmp}/wakeline_trace_files.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

# key=value lines for scripts/bench_targets.py, when BENCH_RESULTS names a file
result() { if [[ -n "${BENCH_RESULTS:-}" ]]; then echo "kind=files $*" >>"$BENCH_RESULTS"; fi; }
# seconds of wall time and peak MiB of one command, STEP naming it in the results: "TIME_S s, peak PEAK MiB"
timed() { local step=$1; shift
          /usr/bin/time -f "%e %U %S %M" -o "$DIR/time" "$@" >"$DIR/out" 2>"$DIR/err" || { cat "$DIR/err"; exit 1; }
          read -r wall user sys kib <"$DIR/time"
          result "step=$step wall_s=$wall cpu_s=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') peak_kib=$kib"
          awk '{printf "%s s, peak %.0f MiB", $1, $4/1024}' "$DIR/time"; }
events_of() { sed -n 's/.*valid: scenario .*, \([0-9]*\) events, .*/\1/p' "$DIR/out"; }

echo "# date=$(date -u '+%Y-%m-%d %H:%M:%S UTC') commit=$(git rev-parse --short HEAD) tasks=$TASKS load=$(cut -d' ' -f1-3 /proc/loadavg)"
# tests/bench/big_trace.lua: the work-stealing shape as a script lesson, since the built-in lesson
# stops at 200 000 tasks (2.2M events).
echo "run big_trace.lua --out big.wkl: $(timed run_binary "$BIN" run tests/bench/big_trace.lua --set tasks="$TASKS" --out "$DIR/big.wkl" --summary)"
expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"])' "$DIR/out")
echo "validate big.wkl: $(timed validate_binary "$BIN" validate "$DIR/big.wkl")"
got=$(events_of)
[[ "$got" == "$expected" ]] || { echo "FAIL: the run recorded $expected events, big.wkl reads back $got"; exit 1; }
echo "export big.wkl -> big.wakeline.json: $(timed export_to_json "$BIN" export "$DIR/big.wkl" --out "$DIR/big.wakeline.json")"
echo "validate big.wakeline.json: $(timed validate_json "$BIN" validate "$DIR/big.wakeline.json")"
[[ "$(events_of)" == "$expected" ]] || { echo "FAIL: big.wakeline.json reads back $(events_of) events, expected $expected"; exit 1; }
echo "export big.wakeline.json -> again.wkl: $(timed export_to_binary "$BIN" export "$DIR/big.wakeline.json" --format binary --out "$DIR/again.wkl")"
cmp "$DIR/big.wkl" "$DIR/again.wkl" || { echo "FAIL: JSON -> binary is not the run's binary file"; exit 1; }
binary_bytes=$(stat -c %s "$DIR/big.wkl")
json_bytes=$(stat -c %s "$DIR/big.wakeline.json")
echo "events=$expected binary_bytes=$binary_bytes ($(awk -v b="$binary_bytes" -v e="$expected" 'BEGIN{printf "%.2f", b/e}') bytes/event)" \
     "json_bytes=$json_bytes ($(awk -v b="$json_bytes" -v e="$expected" 'BEGIN{printf "%.2f", b/e}') bytes/event)"
result "step=sizes events=$expected binary_bytes=$binary_bytes json_bytes=$json_bytes"
echo "ok: $expected events written by the CLI as binary read back with the same count; binary -> JSON -> binary is byte-identical"

GUI=()
[[ -n "${DISPLAY:-}" ]] || GUI=(env LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1600x900x24")
echo "screenshot big.wkl (read, validate, build the models, first frame, PNG): $(timed screenshot "${GUI[@]}" "$BIN" screenshot "$DIR/big.wkl" --out "$DIR/shot.png")"
# The window: --open reads and prepares on loading threads while it draws a progress bar; the dump's
# frames.trace_open says when the first frame with the trace was built, and each thread's CPU.
"${GUI[@]}" "$BIN" --open "$DIR/big.wkl" --dump-ui "$DIR/dump.json" --exit-after-seconds 600 >/dev/null 2>&1 &
window=$!
first_frame() { python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["frames"].get("trace_open") or {}; f=t.get("first_frame_s",-1)
print("" if f < 0 else "first frame with the trace after %.1f s (this frame %.0f ms CPU); loading CPU ms: read %.0f, timeline %.0f, beside it %.0f" % (f, t["first_frame_cpu_ms"], t["read_cpu_ms"], t["prepare_cpu_ms"], t["playhead_cpu_ms"]))' "$DIR/dump.json" 2>/dev/null; }
for _ in $(seq 1 1200); do sleep 0.5; line=$(first_frame); [[ -n "$line" ]] && break; done
kill_tree() { local child; for child in $(pgrep -P "$1"); do kill_tree "$child"; done; kill "$1" 2>/dev/null || true; }
kill_tree "$window"; wait "$window" 2>/dev/null || true
echo "window --open big.wkl: ${line:-no first frame with the trace within 600 s}"
if [[ -n "$line" ]]; then
  result "$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["frames"]["trace_open"]
print("step=first_frame first_frame_s=%s read_cpu_ms=%s prepare_cpu_ms=%s playhead_cpu_ms=%s" % (t["first_frame_s"], t["read_cpu_ms"], t["prepare_cpu_ms"], t["playhead_cpu_ms"]))' "$DIR/dump.json")"
fi
rm -f "$DIR/big.wakeline.json"

echo "# in memory (trace_export_bench, median of 5):"
WAKELINE_BENCH_TRACE=$DIR/big.wkl "$BENCH" --benchmark_filter='BM_(Write|Read)' --benchmark_counters_tabular=true \
  --benchmark_out="$DIR/in_memory.json" --benchmark_out_format=json 2>&1 |
  grep -E '^(BM_|Benchmark|-)' | grep -vE '_(mean|stddev|cv) '
if [[ -n "${BENCH_RESULTS:-}" ]]; then python3 scripts/bench_targets.py --benchmark-lines "$DIR/in_memory.json" files >>"$BENCH_RESULTS"; fi
