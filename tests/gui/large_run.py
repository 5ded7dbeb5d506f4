#!/usr/bin/env python3
"""Large runs stay live: work-stealing at its maximum, 200 000 tasks, with every task lane on and
the Task page's table of all tasks beside it. Once the run is in, wheel notches zoom in and out over
the lanes and a drag pans them; the dump's frame times (the UI thread's own CPU per frame) must stay
under 16 ms for every frame drawn meanwhile, and the view must really have moved.

  large_run.py WAKELINE OUT_DIR zoom_200k

The run itself takes a few seconds to simulate; the dump stays small because only the task lanes in
view are written past 2000 of them (ui_dump.hpp).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drive_window  # noqa: E402  (same folder)
from drive_window import Failure, check, live_window  # noqa: E402
from gui_cases import run_cases  # noqa: E402

FRAME_BUDGET_MS = 16.0


def zoom_200k(wakeline, out_dir):
    # Simulating 200 000 tasks and building their lanes takes several seconds, more on a busy machine.
    drive_window.STEP_TIMEOUT = 150
    args = ["--lesson", "work-stealing", "--set", "tasks=200000", "--run", "--page", "task"]
    with live_window(wakeline, out_dir, args) as session:
        ran = session.wait_for("the 200 000-task run drawn", lambda d: d["app"]["run"]["phase"] == "finished"
                               and d["layout"]["timeline"] is not None and d["timeline"]["totals"]["tasks"] > 200000)
        check(ran["timeline"]["view"]["task_lanes"], "task lanes are off")
        fit_span = ran["timeline"]["view"]["end_ns"] - ran["timeline"]["view"]["start_ns"]
        plot = ran["layout"]["timeline"]["plot"]
        session.move(plot["x"] + plot["width"] * 0.4, plot["y"] + plot["height"] * 0.7)
        started = ran["frames"]["count"]

        for button, notches in (("4", 12), ("5", 6)):  # wheel up: in; down: out
            for _ in range(notches):
                session.xdotool(["click", button])
                time.sleep(0.05)
        x, y = plot["x"] + plot["width"] * 0.6, plot["y"] + plot["height"] * 0.7
        session.move(x, y)
        session.xdotool(["mousedown", "1"])
        for step in range(1, 9):
            session.move(x - 30 * step, y)
        session.xdotool(["mouseup", "1"])

        # Every frame since the first notch: the dump keeps the last 120 frames' times.
        done = session.wait_for("frames drawn after the zoom", lambda d: d["frames"]["count"] >= started + 8)
        view = done["timeline"]["view"]
        span = view["end_ns"] - view["start_ns"]
        check(span < fit_span * 0.6, f"the wheel did not zoom in: {span:.0f} ns of a {fit_span:.0f} ns fit")
        frames = done["frames"]
        drawn = frames["count"] - started
        # The window keeps drawing for a moment after each input, so more frames than the dump keeps
        # (120) may pass: then the last 120 are checked, which still hold the drag and the last notches.
        since = frames["recent_cpu_ms"][-drawn:]
        check(len(since) >= min(drawn, 100), f"the dump kept {len(since)} of {drawn} frames")
        slowest = max(since)
        print(f"{drawn} frames while zooming and panning: median {sorted(since)[len(since) // 2]:.2f} ms, "
              f"slowest {slowest:.2f} ms of the UI thread's CPU; view {span / 1e6:.2f} ms wide")
        check(slowest < FRAME_BUDGET_MS, f"a frame took {slowest:.1f} ms of the app's CPU (budget {FRAME_BUDGET_MS} ms)")
        session.finish()


CASES = {"zoom_200k": zoom_200k}


def main():
    return run_cases(CASES, __doc__, "large_", Failure)


if __name__ == "__main__":
    sys.exit(main())
