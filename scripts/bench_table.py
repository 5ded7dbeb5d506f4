#!/usr/bin/env python3
"""Turns the raw runs scripts/bench.sh collected into the table docs/benchmarks.md shows.

Each run is one line of key=value pairs from tests/bench/shape_bench or the Tokio twin. Runs of a
shape were interleaved (Tokio, Wakeline, Wakeline recording, again), so the i-th run of each side
belongs to the same pair; ratios are given both as the ratio of the medians and as the range of the
per-pair ratios (what the load did to one pair moved both sides).
"""
import statistics
import sys
from collections import defaultdict


def parse(path):
    runs = defaultdict(lambda: defaultdict(list))  # (shape line) -> runtime -> [run]
    header, loads = [], defaultdict(list)
    for line in open(path):
        line = line.strip()
        if line.startswith("# load "):
            parts = line.split()
            if "before:" in parts:
                loads[" ".join(parts[parts.index("before:") + 1:])].append(parts[2])
            else:
                header.append(line[2:])
            continue
        if line.startswith("#"):
            header.append(line[2:])
            continue
        if not line or line.startswith("kind="):  # bench_targets.py's figures, not a shape run
            continue
        fields = dict(item.split("=", 1) for item in line.split())
        key = f'{fields["shape"]} {fields["n"]} {fields["flavor"]}' + (
            f' {fields["workers"]}' if fields["flavor"] == "multi" else "")
        runs[key][fields["runtime"]].append(fields)
    return header, runs, loads


def spread(values, fmt="{:.0f}"):
    return f"{fmt.format(statistics.median(values))} [{fmt.format(min(values))}-{fmt.format(max(values))}]"


def ratio(num, den):
    pairs = [a / b for a, b in zip(num, den) if b > 0]
    if not pairs:
        return "-"
    return f"{statistics.median(num) / statistics.median(den):.2f}x [{min(pairs):.2f}-{max(pairs):.2f}]"


def main(path):
    header, runs, loads = parse(path)
    for line in header:
        print(line)
    print()
    print("| shape | Tokio ns/op | Wakeline ns/op | Wakeline / Tokio | CPU time, Wakeline / Tokio | peak MiB Tokio | peak MiB Wakeline | memory ratio | 1-min load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, sides in runs.items():
        tokio = [float(r["ns_per_op"]) for r in sides.get("tokio", [])]
        ours = [float(r["ns_per_op"]) for r in sides.get("wakeline", [])]
        tmem = [int(r["peak_kib"]) / 1024 for r in sides.get("tokio", [])]
        omem = [int(r["peak_kib"]) / 1024 for r in sides.get("wakeline", [])]
        if not tokio or not ours:
            continue
        tcpu = [float(r["cpu_ms"]) for r in sides.get("tokio", []) if "cpu_ms" in r]
        ocpu = [float(r["cpu_ms"]) for r in sides.get("wakeline", []) if "cpu_ms" in r]
        cpu = ratio(ocpu, tcpu) if tcpu and ocpu and min(tcpu) > 0 else "-"
        load = ", ".join(loads.get(key, [])) or "-"
        print(f"| {key} | {spread(tokio)} | {spread(ours)} | {ratio(ours, tokio)} | {cpu} | {spread(tmem)} | {spread(omem)} | {ratio(omem, tmem)} | {load} |")

    recorded = [(k, s) for k, s in runs.items() if s.get("wakeline_rec") and s.get("wakeline")]
    if not recorded:
        return
    print()
    print("Recording on, the whole run() (start-up, run, shutdown, trace merge), each run a cold process:")
    print()
    print("| shape | unrecorded run() ns/op | recorded run() ns/op | recorded / unrecorded | CPU time, recorded / unrecorded | events/op | ns/event over unrecorded | peak MiB recorded | peak bytes/event |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, sides in recorded:
        off = [float(r["run_ns_per_op"]) for r in sides["wakeline"]]
        on = [float(r["run_ns_per_op"]) for r in sides["wakeline_rec"]]
        n = float(sides["wakeline_rec"][0]["n"])
        events = [float(r["events"]) / n for r in sides["wakeline_rec"]]
        per_event = [(a - b) / e for a, b, e in zip(on, off, events) if e > 0]
        mem = [int(r["peak_kib"]) / 1024 for r in sides["wakeline_rec"]]
        bytes_per_event = [int(r["peak_kib"]) * 1024 / float(r["events"]) for r in sides["wakeline_rec"] if float(r["events"]) > 0]
        off_cpu = [float(r["cpu_ms"]) for r in sides["wakeline"] if "cpu_ms" in r]
        on_cpu = [float(r["cpu_ms"]) for r in sides["wakeline_rec"] if "cpu_ms" in r]
        cpu = ratio(on_cpu, off_cpu) if on_cpu and off_cpu and min(off_cpu) > 0 else "-"
        print(f"| {key} | {spread(off)} | {spread(on)} | {ratio(on, off)} | {cpu} | {statistics.median(events):.2f} | "
              f"{spread(per_event, '{:.1f}')} | {spread(mem)} | {spread(bytes_per_event)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench_table.py RESULTS_FILE (written by scripts/bench.sh)")
    main(sys.argv[1])
