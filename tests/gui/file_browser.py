#!/usr/bin/env python3
"""File > Open through its file browser, in the real window with synthetic input (xdotool): a
class folder holds a saved join run and, in a subfolder, a select-race run. Ctrl+O, type the
folder and Enter (a folder is browsed into), double-click the subfolder, Alt+Up back out, then
Down, Down, Enter opens the join run by keyboard alone; a second Ctrl+O opens the other run with
two double clicks.

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
    rect = session.settled_rect(widget)
    session.move(rect["x"] + min(rect["width"] / 2, 120), rect["y"] + rect["height"] / 2)
    session.xdotool(["click", "--repeat", "2", "--delay", "80", "1"])
    time.sleep(0.2)


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
        session.press("Return")
        listed = session.wait_for("the class folder listed", lambda d: "browser:join.wakeline.json" in d["layout"]["widgets"])
        widgets = listed["layout"]["widgets"]
        check("browser:older/" in widgets, "the subfolder is not listed")
        check("browser:notes.txt" not in widgets, "the trace filter let notes.txt through")
        check(widgets["browser:older/"]["y"] < widgets["browser:join.wakeline.json"]["y"], "folders are not listed first")

        double_click(session, "browser:older/")
        session.wait_for("the subfolder listed", lambda d: "browser:select.wakeline.json" in d["layout"]["widgets"])
        session.press("alt+Up")
        session.wait_for("back in the class folder", lambda d: "browser:join.wakeline.json" in d["layout"]["widgets"])
        session.press("Down")
        session.press("Down")
        session.press("Return")
        opened = session.wait_for("the join run opened", lambda d: d["app"]["trace"] is not None
                                  and d["app"]["trace"]["title"] == "join.wakeline.json")
        check(opened["app"]["trace"]["params"].get("mode") == "join", f"opened {opened['app']['trace']}")
        check("browser:up" not in opened["layout"]["widgets"], "the popup is still open")

        session.attempt("the Open popup again", lambda: session.press("ctrl+o"), lambda d: "browser:older/" in d["layout"]["widgets"])
        double_click(session, "browser:older/")
        session.wait_for("the subfolder listed", lambda d: "browser:select.wakeline.json" in d["layout"]["widgets"])
        double_click(session, "browser:select.wakeline.json")
        opened = session.wait_for("the select-race run opened", lambda d: d["app"]["trace"]["scenario"] == "select-race")
        print(f"opened {opened['app']['trace']['title']} through the browser")
        session.finish()


CASES = {"open_by_browser": open_by_browser}


def main():
    return run_cases(CASES, __doc__, "browser_", Failure)


if __name__ == "__main__":
    sys.exit(main())
