#!/usr/bin/env python3
"""Checks the JSON the headless commands print; run by ctest (tests/app/headless_cli_tests.cmake).

  check_cli_json.py summary WAKELINE EXPECTED_MS ARGS...  `wakeline ARGS` prints one JSON object
      with the summary fields, and total_ms is EXPECTED_MS or up to 1% more (virtual poll costs).
  check_cli_json.py list WAKELINE                         `wakeline list --json` describes every
      lesson `wakeline list` names, with parameter defaults, ranges and variants.
"""
import json
import subprocess
import sys

SUMMARY_FIELDS = ["scenario", "params", "clock", "flavor", "workers", "seed", "total_ms", "tasks", "events",
                  "polls", "steals", "output", "deadlock"]


def run(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return done.stdout


def check_summary(wakeline, expected_ms, args):
    out = run([wakeline, *args])
    lines = out.splitlines()
    if len(lines) != 1:
        sys.exit(f"expected exactly one line of JSON, got {len(lines)}:\n{out}")
    summary = json.loads(lines[0])
    missing = [field for field in SUMMARY_FIELDS if field not in summary]
    if missing:
        sys.exit(f"summary lacks {missing}: {lines[0]}")
    total = summary["total_ms"]
    if not expected_ms <= total <= expected_ms * 1.01:
        sys.exit(f"total_ms is {total}, expected {expected_ms} (up to 1% more): {lines[0]}")
    if summary["deadlock"] is not None or not summary["output"]:
        sys.exit(f"expected output and no deadlock: {lines[0]}")
    print(f"ok: {' '.join(args)} -> total_ms {total}")


def check_list(wakeline):
    # One lesson per line, its id first (a script lesson adds where it comes from).
    ids = [line.split()[0] for line in run([wakeline, "list"]).splitlines() if line.strip()]
    described = json.loads(run([wakeline, "list", "--json"]))["lessons"]
    if [lesson["id"] for lesson in described] != ids:
        sys.exit(f"list --json ids differ from list: {ids}")
    for lesson in described:
        for field in ["title", "explanation", "params", "runtime_params", "variants", "flavors", "default_flavor"]:
            if field not in lesson:
                sys.exit(f"{lesson['id']}: no {field}")
        for param in lesson["params"] + lesson["runtime_params"]:
            if "default" not in param:
                sys.exit(f"{lesson['id']}.{param['key']}: no default")
            if param["kind"] == "int" and not param["min"] <= param["default"] <= param["max"]:
                sys.exit(f"{lesson['id']}.{param['key']}: default outside [min, max]")
            if param["kind"] == "choice" and param["default"] not in param["choices"]:
                sys.exit(f"{lesson['id']}.{param['key']}: default not among the choices")
        if not lesson["variants"]:
            sys.exit(f"{lesson['id']}: no variants")
    print(f"ok: {len(described)} lessons described")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "summary":
        check_summary(sys.argv[2], float(sys.argv[3]), sys.argv[4:])
    elif len(sys.argv) == 3 and sys.argv[1] == "list":
        check_list(sys.argv[2])
    else:
        sys.exit(__doc__)
