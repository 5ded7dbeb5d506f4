#!/usr/bin/env python3
"""Stepping through a run in the real window, checked through --dump-ui (what the playhead, the
State panel, the Code panel and the console show):

  stepping.py WAKELINE OUT_DIR CASE
  CASE: ping_pong_backpressure | worker_queue_oneshot | keys | compare | presentation

ping_pong_backpressure and worker_queue_oneshot record a lesson headless (`wakeline run --out`),
find the instant that matters in the trace file, open the trace with `--playhead N` and check the
state there and the highlighted line. keys drives the window with xdotool: every step forward and
back lands on the same state, the poll keys, play, a click on a code line. compare and presentation
check those views. Skips (77) without Xvfb (and, for keys, xdotool).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import run  # noqa: E402  (same folder)
from drive_window import Failure, check, live_window  # noqa: E402

WIDTH, HEIGHT = 1600, 900


def record(wakeline, out_dir, name, lesson, args):
    path = os.path.join(out_dir, f"{name}.wakeline.json")
    result = subprocess.run([wakeline, "run", lesson, *args, "--out", path], capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"wakeline run {lesson} failed: {result.stderr}")
    with open(path) as f:
        return path, json.load(f)


def open_at(wakeline, out_dir, name, trace_path, position, extra=()):
    png = os.path.join(out_dir, f"{name}.png")
    dump_path = os.path.join(out_dir, f"{name}.json")
    result = run(wakeline, ["--open", trace_path, "--playhead", str(position), "--screenshot", png,
                            "--size", f"{WIDTH}x{HEIGHT}", "--dump-ui", dump_path, *extra])
    check(result.returncode == 0, f"wakeline exited with {result.returncode}")
    with open(dump_path) as f:
        return json.load(f)


# A native event is [time_ns, kind, thread, task, a, b, c, location] (docs/trace-format.md).
TASK, A, B, C, LOCATION = 3, 4, 5, 6, 7


def channels_by_name(trace):
    """{name: (id, kind, capacity)} from the channel_created events (a: id, b: name, c: capacity | kind << 32)."""
    out = {}
    for event in trace["events"]:
        if event[1] == "channel_created":
            kind, capacity = event[C] >> 32, event[C] & 0xFFFFFFFF
            out[trace["strings"][event[B]]] = (event[A], kind, capacity)
    return out


def line_text(trace, event):
    location = trace["locations"][event[LOCATION]]
    return location["line"], trace["run"]["source_text"].split("\n")[location["line"] - 1].strip()


def check_highlight(dump, trace, index):
    line, text = line_text(trace, trace["events"][index])
    code = dump["playhead"]["code"]
    check(code["highlighted"] == line, f"highlighted line {code['highlighted']}, the event came from line {line}")
    check(code["highlighted_text"] == text, f"highlighted {code['highlighted_text']!r}, expected {text!r}")
    print(f"highlighted line {line}: {text}")


def ping_pong_backpressure(wakeline, out_dir):
    # Capacity 1 and a slow ponger: the pinger fills the channel and has to wait for room.
    path, trace = record(wakeline, out_dir, "ping_pong", "channel-ping-pong", ["--variant", "backpressure"])
    pings, _, capacity = channels_by_name(trace)["pings"]
    check(capacity == 1, f"the backpressure variant should use capacity 1, not {capacity}")
    # The first time a sender waits on `pings` (channel_wait: a = channel, b = side, c = buffered now).
    index = next(i for i, e in enumerate(trace["events"]) if e[1] == "channel_wait" and e[A] == pings and e[B] == 0)
    pinger = trace["events"][index][TASK]
    dump = open_at(wakeline, out_dir, "ping_pong", path, index + 1)
    playhead = dump["playhead"]
    check(playhead["position"] == index + 1, f"the playhead is at {playhead['position']}, asked for {index + 1}")
    check(playhead["event_kind"] == "channel_wait", f"the current event is {playhead['event_kind']}")
    channel = next(c for c in playhead["state"]["channels"] if c["name"] == "pings")
    check(len(channel["buffered"]) == 1, f"the buffer holds {channel['buffered']}, expected one message")
    check(channel["waiting_senders"] == [pinger], f"waiting senders {channel['waiting_senders']}, expected [{pinger}]")
    task = next(t for t in playhead["state"]["tasks"] if t["id"] == pinger)
    check(task["status"] == "running", f"the pinger is {task['status']}: it records the wait inside its poll")
    check("pinger" in playhead["narration"] and "full" in playhead["narration"],
          f"the narration does not say the pinger waits on a full channel: {playhead['narration']}")
    check_highlight(dump, trace, index)
    check("send" in playhead["code"]["highlighted_text"], "the highlighted line is not the send")
    # Once that poll has returned Pending, the pinger is parked, still in line to send (its other
    # branch, reading pongs, waits too: the State panel lists it under both channels).
    poll_end = next(i for i in range(index, len(trace["events"]))
                    if trace["events"][i][1] == "poll_end" and trace["events"][i][TASK] == pinger)
    after = open_at(wakeline, out_dir, "ping_pong_after", path, poll_end + 1)
    task = next(t for t in after["playhead"]["state"]["tasks"] if t["id"] == pinger)
    channel = next(c for c in after["playhead"]["state"]["channels"] if c["name"] == "pings")
    check(task["status"] == "waiting" and channel["waiting_senders"] == [pinger],
          f"after its poll the pinger is {task['status']}, senders waiting on pings: {channel['waiting_senders']}")
    # One step before the wait, the sender had not waited yet.
    before = open_at(wakeline, out_dir, "ping_pong_before", path, index)
    channel = next(c for c in before["playhead"]["state"]["channels"] if c["name"] == "pings")
    check(channel["waiting_senders"] == [], f"one event earlier, senders already wait: {channel['waiting_senders']}")


def worker_queue_oneshot(wakeline, out_dir):
    path, trace = record(wakeline, out_dir, "worker_queue", "worker-queue", [])
    oneshots = {cid for name, (cid, kind, _) in channels_by_name(trace).items() if kind == 1}
    check(oneshots, "worker-queue made no oneshot channels")
    # A requester waiting for its reply: a receive-side wait on a oneshot (b = 1: the receiver side).
    index = next(i for i, e in enumerate(trace["events"]) if e[1] == "channel_wait" and e[A] in oneshots and e[B] == 1)
    reply, requester = trace["events"][index][A], trace["events"][index][TASK]
    dump = open_at(wakeline, out_dir, "worker_queue", path, index + 1)
    state = dump["playhead"]["state"]
    channel = next(c for c in state["channels"] if c["id"] == reply)
    check(channel["kind"] == "oneshot", f"channel {reply} is a {channel['kind']}")
    check(channel["waiting_receivers"] == [requester] and channel["buffered"] == [],
          f"the reply channel: waiting {channel['waiting_receivers']}, buffered {channel['buffered']}")
    # Every other oneshot made so far has been answered or not yet awaited: only this one is pending.
    pending = [c["id"] for c in state["channels"] if c["kind"] == "oneshot" and c["waiting_receivers"]]
    check(pending == [reply], f"pending oneshots {pending}, expected [{reply}]")
    check_highlight(dump, trace, index)


def keys(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "sequential-vs-join", "--set", "mode=join", "--run"]) as session:
        dump = session.wait_for("the run, with its playhead at the end",
                                lambda d: d["playhead"] is not None and d["playhead"]["position"] == d["playhead"]["events"])
        total = dump["playhead"]["events"]
        session.move(WIDTH / 2, 40)  # away from every widget: the keys work wherever the pointer is
        session.attempt("Home", lambda: session.press("Home"), lambda d: d["playhead"]["position"] == 0)
        states = {0: dump_state(session.dump())}
        lines_at = {}  # position: the highlighted line there, for the timers the lesson sets
        # Through the keys as far as the join's two timers and one event on (every event forward and
        # back is the unit test's job, playhead_controls_test.cpp: here the keys and the dump count).
        walked = 0
        while walked < total and (len(lines_at) < 2 or walked <= max(lines_at)):
            walked += 1
            d = step_to(session, walked)
            states[walked] = dump_state(d)
            if d["playhead"]["event_kind"] == "timer_set":
                lines_at[walked] = d["playhead"]["code"]["highlighted"]
        for position in range(walked - 1, -1, -1):
            d = step_to(session, position)
            check(dump_state(d) == states[position], f"stepping back to {position} shows another state than stepping forward")
        print(f"stepped forward and back over the first {walked} of {total} events: the same state at each")

        d = session.attempt("next poll", lambda: session.press("shift+Right"), lambda d: d["playhead"]["event_kind"] == "poll_start")
        polling = [w for w in d["playhead"]["state"]["workers"] if w["activity"] == "polling"]
        check(len(polling) == 1, f"after 'next poll' {len(polling)} workers poll")

        session.attempt("End", lambda: session.press("End"), lambda d: d["playhead"]["position"] == total)
        session.attempt("play", lambda: session.press("space"), lambda d: d["playhead"]["playing"])
        session.attempt("pause", lambda: session.press("space"), lambda d: not d["playhead"]["playing"])

        # A click on a code line: the playhead goes to the next event from that line, wrapping to
        # the first, and the line's events are marked. The join sets both timers from one line.
        line, at = next((line, p) for p, line in sorted(lines_at.items()) if list(lines_at.values()).count(line) >= 2)
        d = step_to(session, at)
        drawn = next(l for l in d["playhead"]["code"]["drawn"] if l["line"] == line)
        d = session.attempt(f"line {line} clicked", lambda: session.click_at(drawn["x"] + 40, drawn["y"] + drawn["height"] / 2),
                            lambda d: d["playhead"]["line_filter"] == line)
        check(d["playhead"]["position"] != at, "the click did not move the playhead to the line's next event")
        check(d["playhead"]["code"]["highlighted"] == line, "the playhead left the line")
        check(d["playhead"]["marked_events"] >= 2, f"{d['playhead']['marked_events']} events marked for the line")
        print(f"clicked line {line}: {d['playhead']['marked_events']} events marked, playhead {at} -> {d['playhead']['position']}")

        # Zoomed in on the start, End takes the playhead out of view: the view follows it.
        d = session.attempt("Home once more", lambda: session.press("Home"), lambda d: d["playhead"]["position"] == 0)
        plot = d["layout"]["timeline"]["plot"]
        session.move(plot["x"] + 5, plot["y"] + plot["height"] * 0.3)
        for _ in range(8):
            session.xdotool(["click", "4"])
        session.wait_for("zoomed in on the start", lambda d: d["timeline"]["view"]["end_ns"] < 0.5e9)
        session.move(WIDTH / 2, 40)
        d = session.attempt("End", lambda: session.press("End"), lambda d: d["playhead"]["position"] == total)
        at = d["playhead"]["time_ns"]
        d = session.wait_for("the view following the playhead",
                             lambda d: d["timeline"]["view"]["start_ns"] <= d["playhead"]["time_ns"] <= d["timeline"]["view"]["end_ns"])
        print(f"playhead at {at} ns, view now {d['timeline']['view']['start_ns']:.0f}..{d['timeline']['view']['end_ns']:.0f}")

        session.attempt("presentation on", lambda: session.press("p"), lambda d: d["app"]["presentation"])
        session.attempt("presentation off", lambda: session.press("p"), lambda d: not d["app"]["presentation"])
        session.finish()


def step_to(session, target):
    """Presses Right or Left until the playhead stands after `target` events. On a busy machine a
    slow frame can turn one held press into a key repeat (two steps); the walk then steps back."""
    deadline = time.time() + 60
    while time.time() < deadline:
        d = session.dump()
        if d is None or d.get("playhead") is None:
            time.sleep(0.1)
            continue
        position = d["playhead"]["position"]
        if position == target:
            return d
        session.press("Right" if position < target else "Left")
        # Until the dump shows the move (four times a second), or a moment passes: a press lost to
        # a stalled frame is simply made again.
        moved_by = time.time() + 3
        while time.time() < moved_by:
            d = session.dump()
            if d is not None and d.get("playhead") is not None and d["playhead"]["position"] != position:
                break
            time.sleep(0.05)
    raise Failure(f"the playhead never reached event {target}")


def dump_state(dump):
    playhead = dump["playhead"]
    return json.dumps({"state": playhead["state"], "printed": playhead["printed"], "code": playhead["code"]["highlighted"]},
                      sort_keys=True)


def compare(wakeline, out_dir):
    png = os.path.join(out_dir, "compare.png")
    dump_path = os.path.join(out_dir, "compare.json")
    result = run(wakeline, ["--lesson", "sequential-vs-join", "--compare", "--screenshot", png,
                            "--size", f"{WIDTH}x{HEIGHT}", "--dump-ui", dump_path])
    check(result.returncode == 0, f"wakeline exited with {result.returncode}")
    with open(dump_path) as f:
        runs = json.load(f)["compare"]["runs"]
    got = [(r["label"], round(r["total_ms"])) for r in runs]
    print(f"compared: {got}")
    check(got == [("sequential", 2000), ("join", 1000), ("spawn", 1000)], f"expected 2000 / 1000 / 1000 ms, got {got}")


def compare_live(wakeline, out_dir):
    """Run > Compare variants in a live window, with the Parameters panel at 200 000 tasks: the three
    variants and "your settings" simulate on a thread of their own while the window keeps drawing
    ("Comparing..."), then all four stand stacked."""
    # On the real clock the window does not run the lesson at start, so its own dump stays small.
    with live_window(wakeline, out_dir, ["--lesson", "work-stealing", "--set", "tasks=200000", "--clock", "real"]) as session:
        session.wait_for("the window", lambda d: "menu:Run" in d["layout"]["widgets"])
        session.click("menu:Run")
        session.click("menu:Run/Compare variants")
        busy = session.wait_for("the comparison under way", lambda d: d["compare"] is not None)
        first_frame_seen = busy["compare"]["running"]
        done = session.wait_for("the comparison done", lambda d: not d["compare"]["running"] and len(d["compare"]["runs"]) == 4)
        labels = [r["label"] for r in done["compare"]["runs"]]
        check(labels[-1] == "your settings", f"the 200 000-task settings are not compared: {labels}")
        check(all(r["error"] is None and r["total_ms"] > 0 for r in done["compare"]["runs"]), f"a run failed: {done['compare']}")
        print(f"compared {labels}; the window was still drawing while they ran: {first_frame_seen}")
        check(first_frame_seen, "no frame was drawn while the variants ran: the window froze")
        session.finish()


def presentation(wakeline, out_dir):
    png = os.path.join(out_dir, "presentation.png")
    dump_path = os.path.join(out_dir, "presentation.json")
    result = run(wakeline, ["--lesson", "channel-ping-pong", "--run", "--present", "--playhead", "100", "--screenshot", png,
                            "--size", f"{WIDTH}x{HEIGHT}", "--dump-ui", dump_path])
    check(result.returncode == 0, f"wakeline exited with {result.returncode}")
    with open(dump_path) as f:
        dump = json.load(f)
    app, widgets = dump["app"], dump["layout"]["widgets"]
    check(app["presentation"] and not app["panels"]["lessons"], "presentation mode did not hide the lessons")
    check("panel:Lessons" not in widgets and "panel:Parameters" not in widgets, "editing panels are still drawn")
    check(app["ui_scale"] > 1.0, f"the text was not enlarged: scale {app['ui_scale']}")
    check(dump["playhead"]["position"] == 100, "the playhead is not where --playhead put it")
    # Far down the lesson (line 58 of 109), the Code panel is scrolled to the highlighted line.
    code = dump["playhead"]["code"]
    visible, line = code["visible"], code["highlighted"]
    check(line > 40 and visible is not None and visible["first"] <= line <= visible["last"],
          f"highlighted line {line} of {code['lines']}, the Code panel shows {visible}")
    check("tab:Task" not in widgets, "the task inspector (an editing page) is still offered")


CASES = {"ping_pong_backpressure": ping_pong_backpressure, "worker_queue_oneshot": worker_queue_oneshot,
         "keys": keys, "compare": compare, "compare_live": compare_live, "presentation": presentation}


def main():
    return run_cases(CASES, __doc__, "stepping_", Failure)


if __name__ == "__main__":
    sys.exit(main())
