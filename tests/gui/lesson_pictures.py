#!/usr/bin/env python3
"""The lessons' pictures, from the real window: `wakeline --lesson ID --set mode=M --run --screenshot
--dump-ui` runs the lesson, draws it and dumps what the timeline shows; this checks what a student
should see there, and that the screenshot is a real picture.

  lesson_pictures.py WAKELINE OUT_DIR CASE
  CASE: sequential | join | thread_sleep | async_sleep | screenshot_command | bad_lesson | script_lesson

Uses $DISPLAY when set, else xvfb-run (skips with 77 when neither is there).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import SKIP, read_png, run  # noqa: E402  (same folder)

WIDTH, HEIGHT = 1600, 900
POLL_COST_NS = 5_000  # the virtual clock's cost of one poll (RuntimeOptions::poll_cost)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run_lesson(wakeline, out_dir, name, lesson, settings):
    png = os.path.join(out_dir, f"{name}.png")
    dump_path = os.path.join(out_dir, f"{name}.json")
    for path in (png, dump_path):
        if os.path.exists(path):
            os.remove(path)
    args = ["--lesson", lesson, "--run", "--screenshot", png, "--frames", "3", "--size", f"{WIDTH}x{HEIGHT}",
            "--dump-ui", dump_path]
    for setting in settings:
        args += ["--set", setting]
    result = run(wakeline, args)
    check(result.returncode == 0, f"wakeline exited with {result.returncode}")
    with open(dump_path) as f:
        dump = json.load(f)
    check_screenshot(png)
    app = dump["app"]
    check(app["run"]["phase"] == "finished", f"the run did not finish: {app['run']}")
    check(app["trace"]["scenario"] == lesson, f"the timeline shows {app['trace']['scenario']}, not {lesson}")
    for setting in settings:
        key, value = setting.split("=", 1)
        check(app["trace"]["params"].get(key) == value, f"the run used {key}={app['trace']['params'].get(key)}, not {value}")
    return dump["timeline"]


def check_screenshot(path):
    width, height, bpp, rows = read_png(path)
    check((width, height) == (WIDTH, HEIGHT), f"screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    colors = set()
    for row in rows[::3]:  # every third row is plenty to count colours
        colors.update(bytes(row[i:i + 3]) for i in range(0, len(row), bpp))
    print(f"screenshot: {len(colors)} distinct colours")
    # Text, lanes, spans, arrows and the legend: a drawn timeline has hundreds of colours.
    check(len(colors) >= 200, f"only {len(colors)} distinct colours: the window looks empty")


def lanes(timeline):
    return {lane["name"]: index for index, lane in enumerate(timeline["lanes"])}


def worker_lanes(timeline):
    return [i for i, lane in enumerate(timeline["lanes"]) if lane["kind"] == "worker"]


def spans(timeline, lane=None, kind=None):
    return [s for s in timeline["spans"] if (lane is None or s["lane"] == lane) and (kind is None or s["kind"] == kind)]


def timer_wakes(timeline):
    return [a for a in timeline["arrows"] if a["kind"] == "timer"]


def expect_lanes(timeline, names):
    present = lanes(timeline)
    for name in names:
        check(name in present, f"no '{name}' lane; lanes: {sorted(present)}")


def sequential(wakeline, out_dir):
    timeline = run_lesson(wakeline, out_dir, "sequential", "sequential-vs-join", ["mode=sequential"])
    expect_lanes(timeline, ["worker 0", "worker 1", "timer driver", "main"])
    # Each fetch's poll is caused by its timer's wake, and they land a whole latency apart, on one worker.
    wakes = timer_wakes(timeline)
    check(len(wakes) == 2, f"expected 2 timer wakes, got {len(wakes)}")
    check(wakes[0]["to_lane"] == wakes[1]["to_lane"], "the two fetch polls ran on different workers")
    fetch_polls = [p for p in spans(timeline, wakes[0]["to_lane"], "poll") if p["start_ns"] in (wakes[0]["to_ns"], wakes[1]["to_ns"])]
    check(len(fetch_polls) == 2, f"expected the 2 polls the wakes caused, found {len(fetch_polls)}")
    apart_ms = (fetch_polls[1]["start_ns"] - fetch_polls[0]["start_ns"]) / 1e6
    print(f"fetch polls {apart_ms:.3f} ms apart")
    check(abs(apart_ms - 1000) < 10, f"the fetch polls are {apart_ms:.3f} ms apart, expected about 1000")
    busy_workers = {s["lane"] for s in spans(timeline, kind="poll") if s["lane"] in worker_lanes(timeline)}
    check(len(busy_workers) == 1, f"polls on {len(busy_workers)} workers, expected all on one")


def join(wakeline, out_dir):
    timeline = run_lesson(wakeline, out_dir, "join", "sequential-vs-join", ["mode=join"])
    expect_lanes(timeline, ["worker 0", "worker 1", "timer driver"])
    timer = lanes(timeline)["timer driver"]
    wakes = timer_wakes(timeline)
    check(len(wakes) == 2, f"expected 2 timer wakes, got {len(wakes)}")
    for wake in wakes:
        check(wake["from_lane"] == timer, "a fetch wake does not come from the timer driver's lane")
    check(wakes[0]["to_lane"] == wakes[1]["to_lane"], "the two fetch wakes arrive on different lanes")
    check(timeline["lanes"][wakes[0]["to_lane"]]["kind"] == "worker", "the fetch wakes do not arrive on a worker")
    apart = abs(wakes[0]["to_ns"] - wakes[1]["to_ns"])
    print(f"fetch wakes arrive {apart} ns apart")
    check(apart <= POLL_COST_NS, f"the fetch wakes arrive {apart} ns apart, more than one poll ({POLL_COST_NS} ns)")


def thread_sleep(wakeline, out_dir):
    timeline = run_lesson(wakeline, out_dir, "thread_sleep", "blocking-executor", ["mode=thread_sleep"])
    # No timers are set (every sleep is an OS sleep), so the timer driver has no lane to show.
    expect_lanes(timeline, ["worker 0", "main"])
    check("timer driver" not in lanes(timeline), "a timer driver lane, though no timer was set")
    workers = worker_lanes(timeline)
    check(len(workers) == 1, f"expected the single worker of current_thread, found {len(workers)} worker lanes")
    blocking = spans(timeline, workers[0], "blocking")
    check(len(blocking) == 10, f"expected 10 blocking spans on the worker, got {len(blocking)}")
    for before, after in zip(blocking, blocking[1:]):
        check(after["start_ns"] == before["end_ns"], f"a gap between blocking spans at {before['end_ns']} ns")
    print("ten blocking spans, back to back")


def async_sleep(wakeline, out_dir):
    timeline = run_lesson(wakeline, out_dir, "async_sleep", "blocking-executor", ["mode=async_sleep"])
    expect_lanes(timeline, ["worker 0", "timer driver"])
    blocking = [s for s in timeline["spans"] if s["kind"] in ("blocking", "blocked")]
    check(not blocking, f"{len(blocking)} blocking spans with async sleep")
    check(len(timer_wakes(timeline)) == 10, "expected ten timer wakes")


def screenshot_command(wakeline, out_dir):
    # `wakeline screenshot LESSON` and `wakeline screenshot TRACE.wakeline.json` draw the same picture.
    trace = os.path.join(out_dir, "join.wakeline.json")
    shots = {}
    result = run(wakeline, ["run", "sequential-vs-join", "--set", "mode=join", "--out", trace])
    check(result.returncode == 0, f"'wakeline run --out' exited with {result.returncode}")
    for name, source in (("from_lesson", "sequential-vs-join"), ("from_file", trace)):
        png = os.path.join(out_dir, f"screenshot_{name}.png")
        if os.path.exists(png):
            os.remove(png)
        result = run(wakeline, ["screenshot", source, "--out", png, "--size", "1280x720"])
        check(result.returncode == 0, f"'wakeline screenshot {source}' exited with {result.returncode}")
        width, height, _, _ = read_png(png)
        check((width, height) == (1280, 720), f"{png} is {width}x{height}")
        shots[name] = png
    bad = os.path.join(out_dir, "not_a_trace.wakeline.json")
    with open(bad, "w") as f:
        f.write('{"format": "wakeline-trace", "version": 1, "events": [[1, 2\n')
    result = run(wakeline, ["screenshot", bad, "--out", os.path.join(out_dir, "bad.png")])
    check(result.returncode == 1, f"a bad trace file: exit {result.returncode}, expected 1")
    check(bad in result.stderr, "the error does not name the file")


def bad_lesson(wakeline, out_dir):
    result = run(wakeline, ["--lesson", "no-such-lesson", "--run", "--screenshot", os.path.join(out_dir, "x.png")])
    check(result.returncode == 2, f"unknown lesson: exit {result.returncode}, expected 2")
    check("unknown lesson 'no-such-lesson'" in result.stderr, "the message does not name the lesson")
    result = run(wakeline, ["--lesson", "sequential-vs-join", "--set", "mode=bogus", "--run", "--screenshot",
                            os.path.join(out_dir, "x.png")])
    check(result.returncode == 2, f"bad --set: exit {result.returncode}, expected 2")
    check("mode=bogus" in result.stderr and "sequential, join, spawn" in result.stderr,
          "the message does not say what mode allows")


def script_lesson(wakeline, out_dir):
    """A script lesson (assets/lessons) in the window: listed, run, drawn like a built-in one."""
    timeline = run_lesson(wakeline, out_dir, "script", "sequential-vs-join-lua", ["latency_ms=300"])
    dump_path = os.path.join(out_dir, "script.json")
    with open(dump_path) as f:
        app = json.load(f)["app"]
    check(app["run"]["headline"].startswith("Finished in 600 ms"), f"expected a 600 ms sequential run: {app['run']}")
    check(spans(timeline, kind="poll"), "the timeline shows no polls")


CASES = {f.__name__: f for f in (sequential, join, thread_sleep, async_sleep, screenshot_command, bad_lesson,
                                 script_lesson)}


def main():
    return run_cases(CASES, __doc__, "", Failure)


if __name__ == "__main__":
    sys.exit(main())
