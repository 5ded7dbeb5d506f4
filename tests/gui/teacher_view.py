#!/usr/bin/env python3
"""A picture the teacher can trust without fixing the view by hand (issue 12), checked through
--dump-ui in the real window:

  teacher_view.py WAKELINE OUT_DIR CASE

follows_run: select-race, then a click on sequential-vs-join and F5: the view spans [0, 2000 ms].
real_clock_fits: a real-clock run's final view spans the whole run.
idle: with nothing to do, the window draws at most a few frames in 2 s, and still wakes on input
  (P: presentation mode, its Code panel still showing the highlighted line).
variant_chip: `--variant tight-deadline` lights that chip; a click on another lights that one.
hero_matrix: UI scale 100-250 %, 1600x900 and 1280x720, with and without presentation: the timeline
  keeps at least half the window's height and draws at least three lanes, and the narration of a long
  event is shown whole (wrapped) or cut with a tooltip; presentation mode at 1600x900 and the default
  scale draws all 13 task lanes of joinset-limit whole, without scrolling.
escape_closes_menu: Escape closes an open menu.
lesson_click_progress: a click on a lesson during a long real-clock run never shows "Pick a lesson".
drawer: at 250 % on 1280x720 the folded panels open from the Panels menu in a drawer over the timeline
  (its lanes keep their room) and close with Escape or the menu; at 800x600 every panel shown is at
  least 16 characters wide, the rest folded into the drawer, and the narration is readable.
reveal: at an early playhead with Reveal on, no time, count, line or outcome past it is shown.
Skips (77) without Xvfb (and, for the live cases, xdotool).
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import run  # noqa: E402  (same folder)
from drive_window import Failure, check, live_window  # noqa: E402

WIDTH, HEIGHT = 1600, 900


def finished(lesson):
    return lambda d: (d["app"]["run"]["phase"] == "finished" and d["app"]["trace"] is not None
                      and d["app"]["trace"]["scenario"] == lesson and d["timeline"] is not None)


def follows_run(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "select-race", "--run"]) as session:
        session.wait_for("select-race shown", finished("select-race"))
        # Zoomed by hand on the first run: the next lesson must not inherit it.
        d = session.dump()
        plot = d["layout"]["timeline"]["plot"]
        session.move(plot["x"] + plot["width"] * 0.6, plot["y"] + 10)
        for _ in range(5):
            session.xdotool(["click", "4"])
        session.wait_for("zoomed in", lambda d: d["timeline"]["view"]["end_ns"] < 30e6)
        session.attempt("sequential-vs-join picked", lambda: session.click("lesson:sequential-vs-join"),
                        finished("sequential-vs-join"))
        session.move(WIDTH / 2, 40)
        session.press("F5")
        d = session.wait_for("sequential-vs-join shown", finished("sequential-vs-join"))
        view, total = d["timeline"]["view"], d["timeline"]["totals"]["run_ns"]
        check(view["start_ns"] == 0 and 2000e6 <= view["end_ns"] <= total * 1.05,
              f"the view spans {view['start_ns']:.0f}..{view['end_ns']:.0f} ns, the run {total} ns")
        print(f"view 0..{view['end_ns'] / 1e6:.1f} ms for a {total / 1e6:.3f} ms run")
        session.finish()


def real_clock_fits(wakeline, out_dir):
    args = ["--lesson", "sequential-vs-join", "--set", "latency_ms=300", "--clock", "real", "--run"]
    with live_window(wakeline, out_dir, args) as session:
        d = session.wait_for("the real-clock run over", finished("sequential-vs-join"))
        time.sleep(0.5)
        d = session.dump()
        view, total = d["timeline"]["view"], d["timeline"]["totals"]["run_ns"]
        check(view["start_ns"] == 0 and view["end_ns"] >= total, f"the view {view} leaves out part of the {total} ns run")
        print(f"real-clock run of {total / 1e6:.1f} ms shown as 0..{view['end_ns'] / 1e6:.1f} ms")
        session.finish()


def idle(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "select-race", "--run"]) as session:
        session.wait_for("the run shown", finished("select-race"))
        time.sleep(1.0)
        before = session.dump()["app"]["frames"]
        time.sleep(2.0)
        after = session.dump()["app"]["frames"]
        print(f"frames over 2 s idle: {after - before}")
        check(after - before <= 3, f"the idle window drew {after - before} frames in 2 s")
        # It still wakes on input: a key press shows up at once.
        d = session.attempt("presentation on", lambda: session.press("p"), lambda d: d["app"]["presentation"])
        # The larger text moves every code line: the highlighted one is brought back into view.
        # Waits for the line to come into view rather than a fixed time (under load the scroll can
        # take a few frames longer); a panel that never brings it back still fails after the wait.
        d = session.wait_for("the code panel at the new scale showing the highlighted line",
                             lambda d: d["app"]["ui_scale"] > 1 and in_view(d["playhead"]["code"]))
        code_in_view(d, "after P")
        session.finish()


def in_view(code):
    visible = code["visible"]
    return visible is not None and visible["first"] <= code["highlighted"] <= visible["last"]


def code_in_view(d, when):
    """The Code panel shows its highlighted line whole."""
    code = d["playhead"]["code"]
    visible, line = code["visible"], code["highlighted"]
    check(visible is not None and visible["first"] <= line <= visible["last"],
          f"{when}: highlighted line {line} of {code['lines']}, the Code panel shows {visible}")
    print(f"{when}: line {line} of {code['lines']} in view ({visible['first']}-{visible['last']})")


def variant_chip(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "timeout-try-join", "--variant", "tight-deadline"]) as session:
        session.wait_for("tight-deadline lit", lambda d: d["app"]["variant"] == "tight-deadline")
        d = session.attempt("all-ok chosen", lambda: session.click("variant:all-ok"), lambda d: d["app"]["variant"] == "all-ok")
        check(d["app"]["params"]["deadline_ms"] == "5000", f"all-ok kept tight-deadline's deadline: {d['app']['params']}")
        session.finish()


def lesson_click_progress(wakeline, out_dir):
    """A 3 s real-clock run going, a click on another lesson: until that lesson's run is on screen,
    the timeline shows a run (or how far one has got), never "Pick a lesson and press Run"."""
    args = ["--lesson", "sequential-vs-join", "--set", "latency_ms=1500", "--clock", "real", "--run"]
    with live_window(wakeline, out_dir, args) as session:
        session.wait_for("the real-clock run going", lambda d: d["app"]["run"]["phase"] == "running")
        session.attempt("select-race clicked", lambda: session.click("lesson:select-race"),
                        lambda d: d["app"]["lesson"] == "select-race")
        notes, deadline = [], time.time() + 30
        while time.time() < deadline:
            d = session.dump()
            if d is None:
                continue
            notes.append((d["app"]["run"]["phase"], d["app"]["trace"] and d["app"]["trace"]["scenario"], d["app"]["timeline_note"]))
            check(not (d["app"]["timeline_note"] or "").startswith("Pick a lesson"),
                  f"a run is going but the timeline says {d['app']['timeline_note']!r} ({d['app']['run']})")
            if finished("select-race")(d):
                break
            time.sleep(0.05)
        check(notes and notes[-1][1] == "select-race", f"select-race never showed: {notes[-5:]}")
        print(f"{len(notes)} dumps until select-race showed; notes seen: {sorted({n[2] for n in notes if n[2]})}")
        session.finish()


def escape_closes_menu(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "select-race", "--run"]) as session:
        session.wait_for("the run shown", finished("select-race"))
        session.attempt("File open", lambda: session.click("menu:File"), lambda d: "menu:Export" in d["layout"]["widgets"])
        session.attempt("File closed by Escape", lambda: session.press("Escape"),
                        lambda d: "menu:Export" not in d["layout"]["widgets"])
        session.finish()


def drawer(wakeline, out_dir):
    d = screenshot_dump(wakeline, out_dir, "800x600", ["--size", "800x600", "--lesson", "joinset-limit", "--run",
                                                       "--playhead", str(LONG_NARRATION_EVENT)])
    narration_readable(d, "800x600")
    char = d["layout"]["char_width"]
    widths = {name[6:]: rect["width"] / char for name, rect in d["layout"]["widgets"].items() if name.startswith("panel:")}
    print(f"800x600: panels {', '.join(f'{n} {w:.0f} chars' for n, w in widths.items())}; folded {d['app']['folded']}")
    check(all(w >= 16 for w in widths.values()), f"a panel under 16 characters wide at 800x600: {widths}")
    check("menu:Panels" in d["layout"]["widgets"] or not d["app"]["folded"], "folded panels and no Panels menu")

    with live_window(wakeline, out_dir, ["--size", "1280x720", "--ui-scale", "250", "--lesson", "joinset-limit",
                                         "--run"]) as session:
        d = session.wait_for("the run shown", finished("joinset-limit"))
        check({"lessons", "inspector", "code"} <= set(d["app"]["folded"]), f"folded: {d['app']['folded']}")
        timeline = d["layout"]["widgets"]["panel:Timeline"]

        def opened(panel):
            def action():
                session.click("menu:Panels")
                session.click(f"drawer:{panel}")
            return session.attempt(f"{panel} in the drawer", action,
                                   lambda d: d["app"]["drawer"] == panel.lower() and f"panel:{panel}" in d["layout"]["widgets"])

        d = opened("Code")
        check(d["layout"]["widgets"]["panel:Timeline"] == timeline, "the drawer moved or shrank the timeline")
        check(d["playhead"]["code"]["visible"] is not None, "the Code drawer shows no whole line")
        session.attempt("the drawer closed by Escape", lambda: session.press("Escape"),
                        lambda d: d["app"]["drawer"] is None and "panel:Code" not in d["layout"]["widgets"])
        d = opened("Lessons")
        check("panel:Parameters" in d["layout"]["widgets"], "the Lessons drawer has no parameters")
        widgets = d["layout"]["widgets"]
        backdrop, top, bottom = widgets.get("backdrop:drawer"), widgets["panel:Lessons"], widgets["panel:Parameters"]
        check(backdrop is not None and backdrop["y"] <= top["y"] and
              backdrop["y"] + backdrop["height"] >= bottom["y"] + bottom["height"],
              f"the timeline shows through the gap between the Lessons and Parameters drawers: {backdrop}")
        session.attempt("the drawer closed from the menu", lambda: (session.click("menu:Panels"), session.click("drawer:Lessons")),
                        lambda d: d["app"]["drawer"] is None and "panel:Lessons" not in d["layout"]["widgets"])
        session.finish()


def narration_readable(d, name):
    """The narration is shown whole, wrapped in at most three lines, or cut with an ellipsis (its
    tooltip then holds the rest): never cut without a word of warning."""
    playhead = d["playhead"]
    full, shown, cut = playhead["narration"], playhead["narration_shown"], playhead["narration_cut"]
    lines = shown.split("\n")
    words_shown = " ".join(shown.replace("\u2026", " ").split())
    print(f"{name}: narration in {len(lines)} line(s){', cut (tooltip)' if cut else ', whole'}: {lines}")
    check(len(lines) <= 3, f"{name}: the narration takes {len(lines)} lines")
    if cut:
        check(shown.endswith("\u2026") and " ".join(full.split()).startswith(words_shown),
              f"{name}: the narration was cut without an ellipsis: {shown!r} of {full!r}")
    else:
        check(words_shown == " ".join(full.split()), f"{name}: the narration shows {shown!r}, not {full!r}")
    # Wrapped at words: no line of a letter or two while the rest waits on the next.
    check(all(len(line) >= 4 for line in lines[:-1]), f"{name}: a narration line of one letter: {lines}")


# joinset-limit's event 120 narrates one of its longest sentences: "`main` returns Pending: it waits for
# the first of 3 tasks in the set".
LONG_NARRATION_EVENT = 120


def screenshot_dump(wakeline, out_dir, name, args):
    png, dump_path = os.path.join(out_dir, f"{name}.png"), os.path.join(out_dir, f"{name}.json")
    result = run(wakeline, ["--screenshot", png, "--dump-ui", dump_path, *args])
    check(result.returncode == 0, f"wakeline exited with {result.returncode}")
    with open(dump_path) as f:
        return json.load(f)


def hero_matrix(wakeline, out_dir):
    for size in ("1600x900", "1280x720"):
        for scale in (100, 150, 200, 250):
            for present in (False, True):
                name = f"{size}_{scale}{'_present' if present else ''}"
                d = screenshot_dump(wakeline, out_dir, name, ["--size", size, "--ui-scale", str(scale), "--lesson",
                                                              "joinset-limit", "--run", "--playhead", str(LONG_NARRATION_EVENT),
                                                              *(["--present"] if present else [])])
                narration_readable(d, name)
                window = d["layout"]["window"]
                panel = d["layout"]["widgets"]["panel:Timeline"]
                drawn = d["layout"]["timeline"]["lanes_drawn"]
                share = panel["height"] / window["height"]
                print(f"{name}: timeline {share:.0%} of the height, {drawn} lanes drawn")
                check(share >= 0.5, f"{name}: the timeline has {share:.0%} of the window's height")
                check(drawn >= 3, f"{name}: {drawn} lanes drawn")
                if size == "1600x900" and scale == 100 and present:
                    tasks = d["layout"]["timeline"]["task_lanes_drawn"]
                    check(tasks == 13, f"{name}: {tasks} of joinset-limit's 13 task lanes drawn whole")


# A number with a time unit, as the panels print times and durations: "t = 1 s", "for 5 µs", "1000.005 ms".
TIME = re.compile(r"(\d+(?:\.\d+)?)\s*(ns|µs|us|ms|s|min|h)(?![A-Za-z])")
UNIT_NS = {"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9, "min": 60e9, "h": 3600e9}


def later_times(texts, at_ns):
    """The texts that show a time or duration greater than `at_ns`: nothing lasts longer than the
    run so far, so a bigger number can only come from the future."""
    return [t for t in texts for value, unit in TIME.findall(t) if float(value) * UNIT_NS[unit] > at_ns * 1.0005 + 1]


def reveal(wakeline, out_dir):
    """sequential-vs-join stopped just after its first response (1 s of 2): the second request's
    timer is pending, main has not ended. Both side pages, the stepping bar, the timeline and the
    console must keep the second second to themselves."""
    common = ["--lesson", "sequential-vs-join", "--run", "--playhead", "16", "--reveal", "--size", f"{WIDTH}x{HEIGHT}"]
    d = screenshot_dump(wakeline, out_dir, "reveal", common + ["--page", "state"])
    task = screenshot_dump(wakeline, out_dir, "reveal_task", common + ["--page", "task", "--select", "1"])
    at, timeline, app, playhead = d["playhead"]["time_ns"], d["timeline"], d["app"], d["playhead"]
    check(1e9 <= at < 2e9, f"the playhead stands at {at} ns, not between the two responses")
    check(playhead["reveal"] and playhead["events"] is None and app["trace"]["events"] is None,
          f"the event count is shown: {playhead['events']}, {app['trace']['events']}")
    check(" of " not in playhead["position_text"], f"the stepping bar says how long the run is: {playhead['position_text']}")
    check(all(v is None for v in timeline["totals"].values()), f"totals shown under Reveal: {timeline['totals']}")
    later = [s for s in timeline["spans"] if s["start_ns"] > at or s["end_ns"] > at]
    check(not later, f"spans past the playhead ({at} ns): {later[:3]}")
    check(all(t["ns"] <= at for t in timeline["ruler"]["ticks"]), f"ruler labels past the playhead: {timeline['ruler']['ticks']}")
    check(all(m["ns"] <= at for m in timeline["markers"]), "marks past the playhead")
    check(app["run"]["headline"] == "" and not app["run"]["details"], f"the outcome is shown: {app['run']['headline']}")
    printed = playhead["printed"]
    lesson_lines = [line for line in app["console"] if not line.startswith(("Wakeline", "Renderer", "Pick", "Run "))]
    check(lesson_lines == printed, f"console lines past the playhead: {lesson_lines} (printed so far: {printed})")
    check(any("response 1" in line for line in printed) and not any("response 2" in line for line in printed),
          f"the console at 1 s should hold response 1 and not response 2: {printed}")

    # The State page: its words as drawn, and its facts.
    state_text = app["side_text"]
    check(app["side_tab"] == "state" and any(t.startswith("t = ") for t in state_text), f"the State page drew {state_text}")
    check(not [t for t in state_text if re.search(r"event \d+ of \d+", t)], f"the State page gives the run's length: {state_text}")
    check(not [t for t in state_text if "run ended" in t or "completed" in t], f"the State page tells the end: {state_text}")
    check(not later_times(state_text, at), f"the State page shows times past {at} ns: {later_times(state_text, at)}")
    check(all(t["deadline_ns"] is None for t in playhead["state"]["timers"]), f"timer deadlines: {playhead['state']['timers']}")
    check(not later_times([playhead["narration"]], at), f"the narration tells the future: {playhead['narration']}")

    # The Task page of main, which completes at 2 s: nothing of its end, no total past the playhead.
    task_text = task["app"]["side_text"]
    check(task["app"]["side_tab"] == "task" and "outcome: not ended yet" in task_text, f"the Task page drew {task_text}")
    check(not [t for t in task_text if re.search(r"completed|cancelled|failed at|when the run ended", t)],
          f"the Task page tells how main ends: {task_text}")
    check(not later_times(task_text, at), f"the Task page shows times past {at} ns: {later_times(task_text, at)}")
    print(f"at {at} ns: State page {state_text[:3]}..., Task page {task_text[:4]}..., console {lesson_lines}")


if __name__ == "__main__":
    sys.exit(run_cases({"follows_run": follows_run, "real_clock_fits": real_clock_fits, "idle": idle,
                        "variant_chip": variant_chip, "hero_matrix": hero_matrix,
                        "reveal": reveal, "escape_closes_menu": escape_closes_menu,
                        "lesson_click_progress": lesson_click_progress, "drawer": drawer}, __doc__, "teacher_view_", Failure))
