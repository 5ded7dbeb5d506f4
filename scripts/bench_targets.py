#!/usr/bin/env python3
"""Issue 15's targets, each measured and judged, from the raw results scripts/bench.sh collected.

  bench_targets.py RESULTS_FILE                  the table (scripts/bench.sh prints it last)
  bench_targets.py --benchmark-lines JSON SET    Google Benchmark's JSON output as key=value lines
                                                 (SET: "chrome" for the 1M-event export, "files" for
                                                 the 10M-event trace in memory)

A target is "met" only when the median meets it; the range of the runs is shown beside it, so a
reader sees how far the load moved it. Times are judged on wall time (what a user waits for), with
the process CPU time beside them: on this shared 2-core machine a process often waits for a core.
"""
import json
import statistics
import sys
from collections import defaultdict

from bench_table import parse

EVENT_BYTES = 32  # sizeof(wakeline::Event), held by a static_assert in core/include/wakeline/trace.hpp


def benchmark_lines(path, which):
    """One line per benchmark: the median of its repetitions, in milliseconds."""
    for b in json.load(open(path))["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
        extra = "".join(f" {k}={b[k]:.0f}" for k in ("events",) if k in b)
        print(f"kind=export set={which} name={b['run_name'].split('/')[0]} median_ms={b['real_time'] * scale:.1f}{extra}")


def other_lines(path):
    """The key=value lines that are not shape runs: kind=virtual, kind=files, kind=export."""
    found = defaultdict(list)
    for line in open(path):
        if line.startswith("kind="):
            fields = dict(item.split("=", 1) for item in line.split())
            found[fields["kind"]].append(fields)
    return found


def med(values):
    return statistics.median(values) if values else None


def rng(values, fmt):
    return f"{fmt.format(med(values))} [{fmt.format(min(values))}-{fmt.format(max(values))}]"


def yes(ok):
    return "**yes**" if ok else "no"


def main(path):
    header, runs, _ = parse(path)
    other = other_lines(path)
    rows = []

    # The executor, recording off, and the memory of 1M pending tasks.
    for key, sides in runs.items():
        tokio, ours = sides.get("tokio"), sides.get("wakeline")
        if not tokio or not ours:
            continue
        t = [float(r["ns_per_op"]) for r in tokio]
        w = [float(r["ns_per_op"]) for r in ours]
        tc = [float(r["cpu_ms"]) for r in tokio]
        wc = [float(r["cpu_ms"]) for r in ours]
        r = med(w) / med(t)
        cpu = med(wc) / med(tc) if med(tc) else float("nan")
        rows.append((f"executor at most 1.0x Tokio: {key}", f"{r:.2f}x wall, {cpu:.2f}x CPU", yes(r <= 1.0)))
        if key.startswith("spawn 1000000"):
            tm = [int(x["peak_kib"]) for x in tokio]
            wm = [int(x["peak_kib"]) for x in ours]
            m = med(wm) / med(tm)
            rows.append((f"1M pending tasks' peak memory at most 1.5x Tokio's: {key}",
                         f"{m:.2f}x ({med(wm) / 1024:.0f} vs {med(tm) / 1024:.0f} MiB)", yes(m <= 1.5)))

    # Recording: the whole run() of a cold process, against the same shape unrecorded.
    peaks = []
    for key, sides in runs.items():
        off, on = sides.get("wakeline"), sides.get("wakeline_rec")
        if not off or not on:
            continue
        n = float(on[0]["n"])
        events = med([float(r["events"]) for r in on])
        w_off, w_on = med([float(r["run_ns_per_op"]) for r in off]), med([float(r["run_ns_per_op"]) for r in on])
        c_off, c_on = med([float(r["cpu_ms"]) for r in off]), med([float(r["cpu_ms"]) for r in on])
        per_event = (w_on - w_off) * n / events
        cpu_per_event = (c_on - c_off) * 1e6 / events
        ratio = w_on / w_off
        # The CPU it adds, split: user time is the recorder's own work, system time mostly the
        # kernel zeroing the fresh pages the trace fills (its price moves from run to run on this VM).
        split = ""
        if all("sys_ms" in r for r in off + on):
            s_off, s_on = med([float(r["sys_ms"]) for r in off]), med([float(r["sys_ms"]) for r in on])
            user = ((c_on - s_on) - (c_off - s_off)) * 1e6 / events
            split = f" ({user:.1f} user + {(s_on - s_off) * 1e6 / events:.1f} system)"
        rows.append((f"recorded run at most 2x the unrecorded one: {key}",
                     f"{ratio:.2f}x wall, {c_on / c_off:.2f}x CPU", yes(ratio <= 2.0)))
        rows.append((f"recording at most 15 ns per event over the unrecorded run: {key} ({events / n:.1f} events/op)",
                     f"{per_event:.1f} ns wall, {cpu_per_event:.1f} ns CPU{split}", yes(per_event <= 15.0)))
        peaks.append((key, med([int(r["peak_kib"]) * 1024 / float(r["events"]) for r in on])))
    rows.append(("finished trace at most 32 bytes per event", f"{EVENT_BYTES} (sizeof(Event))", yes(EVENT_BYTES <= 32)))
    if peaks:
        # Judged where the trace is what fills the memory (ping-pong, yield): the other shapes'
        # peaks are mostly their tasks (1M pending at once for spawn, 100 000 sleepers), which a
        # trace target cannot be about.
        dense = [p for k, p in peaks if k.startswith(("pingpong", "yield"))] or [p for _, p in peaks]
        rows.append(("peak during run + merge at most 64 bytes per event (whole process; judged on ping-pong "
                     "and yield, where the trace fills the memory; the other shapes' peaks count their tasks)",
                     ", ".join(f"{k}: {p:.0f}" for k, p in peaks), yes(max(dense) <= 64)))

    # Growth: the recorded ping-pong at ~100k and ~10.9M events.
    growth = {}
    for key, sides in runs.items():
        if key.startswith("pingpong") and "wakeline_rec" in sides and "wakeline" not in sides:
            on = sides["wakeline_rec"]
            growth[float(on[0]["events"])] = med([float(r["run_ns_per_op"]) * float(r["n"]) / float(r["events"]) for r in on])
    if len(growth) >= 2:
        small, large = min(growth), max(growth)
        g = growth[large] / growth[small]
        rows.append((f"cost grows linearly: ns/event at {large / 1e6:.1f}M events within 1.2x of {small / 1e3:.0f}k",
                     f"{g:.2f}x ({growth[small]:.0f} -> {growth[large]:.0f} ns/event, whole run)", yes(g <= 1.2)))

    # The virtual clock, the whole CLI process.
    if other["virtual"]:
        v = other["virtual"]
        events = float(v[0]["events"])
        wall = [events / float(r["wall_s"]) / 1e6 for r in v]
        cpu = [events / float(r["cpu_s"]) / 1e6 for r in v]
        rows.append((f"virtual clock at least 8 M events/s, whole process (work-stealing, {v[0]['tasks']} tasks, {events / 1e6:.2f}M events)",
                     f"{rng(wall, '{:.1f}')} M/s wall, {med(cpu):.1f} M/s CPU", yes(med(wall) >= 8.0)))

    # The trace files.
    files = {r["step"]: r for r in other["files"]}
    exports = {(r["set"], r["name"]): float(r["median_ms"]) for r in other["export"]}
    export_events = {r["set"]: float(r.get("events", 0)) for r in other["export"]}
    if "sizes" in files:
        events = float(files["sizes"]["events"])
        b = float(files["sizes"]["binary_bytes"]) / events
        rows.append((f"binary trace at most 12 bytes per event ({events / 1e6:.1f}M events)", f"{b:.2f}", yes(b <= 12)))
    for verb in ("Write", "Read"):
        native, binary = exports.get(("files", f"BM_{verb}Native")), exports.get(("files", f"BM_{verb}Binary"))
        if native and binary:
            rows.append((f"binary {verb.lower()}s at least 10x faster than JSON ({export_events['files'] / 1e6:.1f}M events, in memory)",
                         f"{native / binary:.1f}x ({native:.0f} vs {binary:.0f} ms)", yes(native / binary >= 10)))
    if "validate_json" in files and "validate_binary" in files:
        j, k = files["validate_json"], files["validate_binary"]
        r = float(j["wall_s"]) / float(k["wall_s"])
        rc = float(j["cpu_s"]) / float(k["cpu_s"])
        rows.append(("binary reads at least 10x faster than JSON (`wakeline validate`, a fresh process each)",
                     f"{r:.1f}x wall, {rc:.1f}x CPU ({j['wall_s']} vs {k['wall_s']} s)", yes(r >= 10)))
    if "first_frame" in files:
        f = files["first_frame"]
        s = float(f["first_frame_s"])
        size = f"{float(files['sizes']['events']) / 1e6:.1f}M-event" if "sizes" in files else "big"
        rows.append((f"the app's first frame of the {size} binary trace under 3 s (`--open`, window live, progress bar)",
                     f"{s:.1f} s (loading CPU ms: read {float(f['read_cpu_ms']):.0f}, timeline {float(f['prepare_cpu_ms']):.0f}, "
                     f"beside it {float(f['playhead_cpu_ms']):.0f})", yes(s < 3.0)))
    chrome = exports.get(("chrome", "BM_WriteChrome"))
    command = exports.get(("chrome", "BM_ExportCommandToChrome"))
    if chrome is not None:
        rows.append((f"Chrome JSON export of 1M events under 0.5 s ({export_events['chrome'] / 1e6:.2f}M events)",
                     f"{chrome / 1e3:.2f} s in memory" + (f", {command / 1e3:.2f} s the whole export command (read, validate, write)" if command else ""),
                     yes(chrome < 500)))

    for line in header:
        print(line)
    print()
    print("| issue 15's target | measured (medians) | met? |")
    print("|---|---|---|")
    for target, measured, met in rows:
        print(f"| {target} | {measured} | {met} |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--benchmark-lines":
        benchmark_lines(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit("usage: bench_targets.py RESULTS_FILE | --benchmark-lines BENCHMARK_JSON SIZE")
