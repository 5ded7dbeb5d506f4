#!/usr/bin/env python3
"""File > Open through its file browser, in the real window with synthetic input (xdotool): a
class folder holds a saved join run and, in a subfolder, a select-race run. Ctrl+O, type the
folder and Enter (a folder is browsed into), double-click the subfolder (or click it and press
Open, where the machine is too slow to see a double click), Alt+Up back out, then Down, Down,
Enter opens the join run by keyboard alone; a second Ctrl+O opens the other run the same way.

  file_browser.py WAKELINE OUT_DIR open_by_browser
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive_window import Failure, check, live_window  # noqa: E402  (same folder)
from gui_cases import run_cases  # noqa: E402


def save_run(wakeline, lesson, settings, path):
    args = [wakeline, "run", lesson, "--out", path]
    for setting in settings:
        args += ["--set", setting]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, f"wakeline run {lesson} failed: {result.stderr}")


def double_click(session, widget):
    """Each press and release held for a few frames (ImGui 1.86 reads the mouse once a frame)."""
    rect = session.settled_rect(widget)
    session.move(rect["x"] + min(rect["width"] / 2, 120), rect["y"] + rect["height"] / 2)
    for _ in range(2):
        session.xdotool(["mousedown", "1"])
        time.sleep(0.06)
        session.xdotool(["mouseup", "1"])
        time.sleep(0.06)
    time.sleep(0.2)


def pick(session, widget, what, condition):
    """A double click on `widget`; on a machine too slow to see two clicks as one double click,
    the click picked it and the Open button (or Enter) does the rest."""
    double_click(session, widget)
    deadline = time.time() + 3
    while time.time() < deadline:
        dump = session.dump()
        try:
            if dump is not None and condition(dump):
                print(f"ok: {what} (double click)")
                return dump
        except (KeyError, TypeError):
            pass
        time.sleep(0.1)
    print(f"no double click seen; pressing Open: {what}")
    return session.attempt(what, lambda: session.click("file:confirm"), condition, tries=2)


def open_by_browser(wakeline, out_dir):
    folder = os.path.join(out_dir, "class")
    os.makedirs(os.path.join(folder, "older"), exist_ok=True)
    save_run(wakeline, "sequential-vs-join", ["mode=join"], os.path.join(folder, "join.wakeline.json"))
    save_run(wakeline, "select-race", [], os.path.join(folder, "older", "select.wakeline.json"))
    with open(os.path.join(folder, "notes.txt"), "w") as f:
        f.write("not a trace\n")

    with live_window(wakeline, out_dir, ["--lesson", "sequential-vs-join"]) as session:
        session.wait_for("the window", lambda d: "menu:File" in d["layout"]["widgets"])
        session.attempt("the Open popup", lambda: session.press("ctrl+o"), lambda d: "browser:up" in d["layout"]["widgets"])
        session.press("ctrl+a")
        session.xdotool(["type", "--delay", "10", folder])
        # A press shorter than a frame goes unseen on a busy machine: press again until it took.
        listed = session.attempt("the class folder listed", lambda: session.press("Return"),
                                 lambda d: "browser:join.wakeline.json" in d["layout"]["widgets"])
        widgets = listed["layout"]["widgets"]
        check(listed["app"]["file_dialog"]["folder"] == folder, f"browsing {listed['app']['file_dialog']}")
        check("browser:older/" in widgets, "the subfolder is not listed")
        check("browser:notes.txt" not in widgets, "the trace filter let notes.txt through")
        check(widgets["browser:older/"]["y"] < widgets["browser:join.wakeline.json"]["y"], "folders are not listed first")

        pick(session, "browser:older/", "the subfolder listed", lambda d: "browser:select.wakeline.json" in d["layout"]["widgets"])
        session.attempt("back in the class folder", lambda: session.press("alt+Up"),
                        lambda d: "browser:join.wakeline.json" in d["layout"]["widgets"])
        # By keyboard alone: Down to the trace (the subfolder comes first), Enter.
        join = os.path.join(folder, "join.wakeline.json")
        session.attempt("the join file picked", lambda: session.press("Down"),
                        lambda d: d["app"]["file_dialog"]["path"] == join, tries=4)
        opened = session.attempt("the join run opened", lambda: session.press("Return"),
                                 lambda d: d["app"]["trace"]["title"] == "join.wakeline.json")
        check(opened["app"]["trace"]["params"].get("mode") == "join", f"opened {opened['app']['trace']}")
        check(opened["app"]["file_dialog"] is None, "the popup is still open")

        session.attempt("the Open popup again", lambda: session.press("ctrl+o"), lambda d: "browser:older/" in d["layout"]["widgets"])
        pick(session, "browser:older/", "the subfolder listed", lambda d: "browser:select.wakeline.json" in d["layout"]["widgets"])
        opened = pick(session, "browser:select.wakeline.json", "the select-race run opened",
                      lambda d: d["app"]["trace"]["scenario"] == "select-race")
        print(f"opened {opened['app']['trace']['title']} through the browser")
        session.finish()


CASES = {"open_by_browser": open_by_browser}


def main():
    return run_cases(CASES, __doc__, "browser_", Failure)


if __name__ == "__main__":
    sys.exit(main())
