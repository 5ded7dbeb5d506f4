#!/usr/bin/env python3
"""Writes the hostile trace files of issue 13, one per finding, from a small trace built here.

    python3 scripts/make_hostile_traces.py [DIR]          # DIR defaults to tests/data/hostile
    python3 scripts/make_hostile_traces.py --big DIR      # also the large ones (50-100 MB), for
                                                          # the memory and message-length tests

Each file breaks one thing a model used to trust (or is valid but extreme). The tests name the
file and what must happen to it; README.txt in DIR lists them.
"""
import copy
import json
import os
import sys

NO_WORKER = 2**64 - 1


def base_trace():
    """A valid two-task run: main spawns 'child', both run once and complete."""
    return {
        "format": "wakeline-trace",
        "version": 1,
        "run": {"scenario": "hostile", "params": [], "flavor": "current_thread", "workers": 1,
                "clock": "virtual", "seed": 1, "poll_cost_ns": 5, "total_ns": 100, "deadlock": [],
                "source_text": "int main() {}\n"},
        "threads": [{"kind": "worker", "index": 0, "name": "worker 0"},
                    {"kind": "timer_driver", "index": 0, "name": "timer driver"}],
        "strings": ["main", "child", "hello"],
        "locations": [{"file": "", "line": 0, "function": ""}],
        "events": [
            [0, "run_start", 0, 0, 0, 1, 0, 0],
            [0, "task_spawned", 0, 1, 0, 0, 0, 0],
            [0, "task_scheduled", 0, 1, 2, NO_WORKER, 0, 0],
            [10, "poll_start", 0, 1, 0, 0, 0, 0],
            [12, "task_spawned", 0, 2, 1, 1, 0, 0],
            [12, "task_scheduled", 0, 2, 0, 0, 0, 0],
            [14, "print", 0, 1, 2, 0, 0, 0],
            [15, "poll_end", 0, 1, 1, 0, 0, 0],
            [15, "task_completed", 0, 1, 0, 0, 0, 0],
            [20, "poll_start", 0, 2, 0, 0, 0, 0],
            [25, "poll_end", 0, 2, 1, 0, 0, 0],
            [25, "task_completed", 0, 2, 0, 0, 0, 0],
            [100, "run_end", 0, 0, 0, 0, 0, 0],
        ],
    }


def dump(trace):
    """The native layout: one event per line (the reader does not care; diffs do)."""
    head = {k: v for k, v in trace.items() if k != "events"}
    text = json.dumps(head, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(e) for e in trace["events"])
    return text + ',\n"events":[\n' + lines + "\n]}\n"


def variant(change):
    trace = copy.deepcopy(base_trace())
    change(trace)
    return trace


def poll_unspawned(t):
    # The second poll names task 7, never spawned (crashed --open and screenshot).
    t["events"][9][3] = 7
    t["events"][10][3] = 7


def poll_task_zero(t):
    # A poll of task 0, the runtime: validate() used to accept it, the painter crashed on it.
    t["events"][9][3] = 0
    t["events"][10][3] = 0


def thread_index(value):
    def change(t):
        t["threads"][0]["index"] = value
    return change


def wake_cause_248(t):
    t["events"].insert(11, [25, "task_woken", 0, 2, 248, 0, 1, 0])


def long_print(t):
    t["strings"][2] = "".join(chr(ord("a") + i % 26) for i in range(20000))


def long_names(t):
    t["run"]["scenario"] = "lesson " + "L" * 20000
    t["strings"][0] = "main " + "M" * 20000
    t["strings"][1] = "child " + "C" * 20000
    t["threads"][0]["name"] = "worker " + "W" * 20000


def control_chars(t):
    # An OSC sequence that retitles a terminal, and a CSI that clears it.
    t["run"]["scenario"] = "\x1b]0;pwned\x07lesson\x1b[2J"
    t["strings"][0] = "main\x1b[31m"


FILES = {
    "poll_unspawned_task.wakeline.json": (variant(poll_unspawned), "poll names task 7, never spawned"),
    "poll_task_zero.wakeline.json": (variant(poll_task_zero), "poll of task 0, the runtime"),
    "thread_index_ffffffff.wakeline.json": (variant(thread_index(0xFFFFFFFF)), "worker number 2^32-1"),
    "thread_index_fffffffe.wakeline.json": (variant(thread_index(0xFFFFFFFE)), "worker number 2^32-2"),
    "wake_cause_248.wakeline.json": (variant(wake_cause_248), "task_woken with cause 248"),
    "long_print_line.wakeline.json": (variant(long_print), "valid: one printed line of 20 000 characters"),
    "long_names.wakeline.json": (variant(long_names), "valid: 20 000-character lesson, task and thread names"),
    "control_chars.wakeline.json": (variant(control_chars), "valid: escape sequences in the lesson and task names"),
}


def cut_in_string(size):
    """A file cut inside a string of `size` bytes: the JSON error used to quote all of it."""
    return '{"format":"wakeline-trace","version":1,"run":{"scenario":"' + "x" * size


def dense_header(size, unit="{},", section="x"):
    """A header section of many tiny values: ~40 bytes of memory per byte of file before the fix."""
    head = '{"format":"wakeline-trace","version":1,"' + section + '":['
    body = unit * ((size - len(head)) // len(unit))
    return head + body + unit.rstrip(",") + "]}"


# Shapes of header section for the memory test, each dense in what costs most to hold.
DENSE_SHAPES = {
    "objects": ("{},", "x"),
    "arrays": ("[],", "x"),
    "numbers": ("0,", "x"),
    "members": ('{"k":0},', "x"),
    "empty_strings": ('"",', "strings"),
    "short_strings": ('"abcdefghijklmnop",', "strings"),
}


def write(directory, name, text):
    with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as out:
        out.write(text)


def main(argv):
    big = "--big" in argv
    args = [a for a in argv if a != "--big"]
    directory = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "tests", "data", "hostile")
    os.makedirs(directory, exist_ok=True)
    notes = []
    for name, (trace, what) in FILES.items():
        write(directory, name, dump(trace))
        notes.append(f"{name}: {what}")
    write(directory, "valid_small.wakeline.json", dump(base_trace()))
    notes.append("valid_small.wakeline.json: the valid trace the others are made from")
    write(directory, "cut_in_long_string.wakeline.json", cut_in_string(100_000))
    notes.append("cut_in_long_string.wakeline.json: malformed, cut inside a 100 000-byte string")
    if big:
        write(directory, "cut_in_50mb_string.wakeline.json", cut_in_string(50 << 20))
        for shape, (unit, section) in DENSE_SHAPES.items():
            write(directory, f"dense_{shape}_100mb.wakeline.json", dense_header(100 << 20, unit, section))
    else:
        write(directory, "README.txt", "Made by scripts/make_hostile_traces.py; do not edit by hand.\n" +
              "\n".join(notes) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
