#!/usr/bin/env python3
"""The hostile trace files of issue 13 (tests/data/hostile) through the window's open path:

  hostile_files.py WAKELINE OUT_DIR CASE
  CASE: refused | long_text

refused: each file a model used to trust (a poll of a task never spawned or of task 0, a worker
number of 2^32-1 or 2^32-2, a wake cause of 248) is refused by `--open` and by `wakeline
screenshot` with its first problem and exit 1, never a crash.
long_text: valid traces with a 20 000-character printed line, 20 000-character lesson, task and
thread names, and escape sequences in names open and draw (`--open` with the console and the
Task page showing, and `wakeline screenshot`), exit 0.
Skips (77) without Xvfb.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import run  # noqa: E402  (same folder)
from drive_window import Failure, check  # noqa: E402

HOSTILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "hostile")
CRASHES = (-6, -11, 134, 139)  # SIGABRT (an ImGui assertion), SIGSEGV, as signals or shell codes


def refused(wakeline, out_dir):
    for name, invariant in (("poll_unspawned_task", "wake_before_poll"), ("poll_task_zero", "task_ends_once"),
                            ("thread_index_ffffffff", "threads_dense"), ("thread_index_fffffffe", "threads_dense"),
                            ("wake_cause_248", "payload_in_range")):
        trace = os.path.join(HOSTILE, name + ".wakeline.json")
        png = os.path.join(out_dir, name + ".png")
        for args in (["--open", trace, "--screenshot", png, "--frames", "2"], ["screenshot", trace, "--out", png]):
            result = run(wakeline, args)
            check(result.returncode not in CRASHES, f"{name}: wakeline {args[0]} crashed ({result.returncode})")
            check(result.returncode == 1 and invariant in result.stderr,
                  f"{name}: wakeline {args[0]} did not refuse it with '{invariant}': {result.returncode} {result.stderr[-300:]}")
            check(len(result.stderr) < 1000, f"{name}: a {len(result.stderr)}-byte message")


def long_text(wakeline, out_dir):
    for name in ("long_print_line", "long_names", "control_chars"):
        trace = os.path.join(HOSTILE, name + ".wakeline.json")
        png = os.path.join(out_dir, name + ".png")
        for args in (["--open", trace, "--screenshot", png, "--frames", "3", "--playhead", "13", "--select", "1",
                      "--page", "task"],
                     ["--open", trace, "--screenshot", png, "--frames", "3", "--playhead", "13", "--page", "state"],
                     ["screenshot", trace, "--out", png]):
            if os.path.exists(png):
                os.remove(png)
            result = run(wakeline, args)
            check(result.returncode not in CRASHES, f"{name}: wakeline {' '.join(args[:1])} crashed ({result.returncode})")
            check(result.returncode == 0 and os.path.exists(png), f"{name}: {result.returncode} {result.stderr[-300:]}")
            check("\x1b" not in result.stdout + result.stderr, f"{name}: an escape sequence reached the terminal")


CASES = {"refused": refused, "long_text": long_text}


def main():
    return run_cases(CASES, __doc__, "hostile_", Failure)


if __name__ == "__main__":
    sys.exit(main())
