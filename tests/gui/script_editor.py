#!/usr/bin/env python3
"""Script lessons in the real window (issue 14), driven with xdotool and checked through --dump-ui:

  script_editor.py WAKELINE OUT_DIR CASE
  CASE: edit_copy_run | reload_from_disk

edit_copy_run: Script > Edit a copy of sequential-vs-join, change its latency default to 300 in the
editor, Ctrl+Enter: the timeline shows a 600 ms sequential run; then type a syntax error and
Ctrl+Enter again: the gutter marks that line and the 600 ms run stays on screen.
reload_from_disk: a script lesson from --lessons DIR, changed on disk as a teacher's own editor
would, is reloaded and run again (the new total shows); then a syntax error saved into it is said
in the Console with its file and line, and the previous run stays (a bad script in the window).

Each case starts its own Xvfb and a fresh settings and data folder. Skips (77) without Xvfb or xdotool.
"""
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from drive_window import Failure, check, live_window  # noqa: E402

LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "lessons")


def twin_lines():
    with open(os.path.join(LESSONS, "sequential_vs_join.lua")) as f:
        return f.read().split("\n")


def line_number(lines, piece):
    """1-based number of the first line containing `piece`."""
    return next(i + 1 for i, line in enumerate(lines) if piece in line)


def total_ms(dump):
    """The shown run's total, to the millisecond (a poll costs a few microseconds on the virtual clock)."""
    return round(dump["timeline"]["totals"]["run_ns"] / 1e6)


def click_text(session, line, column):
    """Clicks the editor's text at a line (1-based) and column, where the dump says they are drawn,
    scrolling the editor with the wheel first when the line is out of view."""
    for _ in range(30):
        dump = session.wait_for("the editor's text on screen", lambda d: d["editor"]["text"]["line_height"] > 0)
        text = dump["editor"]["text"]
        x = text["x"] + (column + 0.3) * text["char_width"]
        y = text["y"] + (line - 0.5) * text["line_height"]
        margin = 2 * text["line_height"]
        if text["top"] + margin < y < text["bottom"] - margin:
            session.click_at(x, y)
            return
        # A wheel notch scrolls about five lines: enough notches at once to bring the line near the middle.
        middle = (text["top"] + text["bottom"]) / 2
        notches = max(1, int(abs(y - middle) / (5 * text["line_height"])))
        panel = dump["layout"]["widgets"]["panel:Editor"]
        session.move(panel["x"] + panel["width"] / 2, panel["y"] + panel["height"] / 2)
        session.xdotool(["click", "--repeat", str(notches), "--delay", "20", "5" if y > middle else "4"])
        time.sleep(0.3)  # the dump is written four times a second
    raise Failure(f"line {line} never came into view")


def buffer_line(dump, line):
    return dump["editor"]["buffer"].split("\n")[line - 1]


def hold(session, keys):
    """Presses `keys` until the window has drawn a few frames with them down: ImGui 1.86 reads key
    state once per frame, and on a busy machine a frame can take longer than any fixed hold."""
    def frames():
        return session.wait_for("a fresh dump", lambda d: True)["app"]["frames"]
    down = frames()
    session.xdotool(["keydown", keys])
    session.wait_for(f"frames with {keys} down", lambda d: d["app"]["frames"] >= down + 3)
    up = frames()
    session.xdotool(["keyup", keys])
    session.wait_for(f"a frame with {keys} up", lambda d: d["app"]["frames"] >= up + 1)


def retype_line(session, line, column, typed, expected):
    """Puts the text cursor at (line, column), selects to the line's end and types `typed` over it,
    until the buffer's line reads `expected`. Only the part from `column` on is ever changed, so a
    retry (a key lost to a busy machine) selects and replaces whatever a failed try left there."""
    def edit():
        # From the coloured view, where the dump's columns are the screen's: the text field scrolls
        # sideways after typing at the end of a long line.
        if session.wait_for("a fresh dump", lambda d: True)["editor"]["editing"]:
            session.attempt("the coloured view", lambda: hold(session, "Escape"), lambda d: not d["editor"]["editing"])
        session.attempt(f"the text cursor on line {line}", lambda: click_text(session, line, column),
                        lambda d: d["editor"]["editing"] and d["editor"]["cursor_line"] == line)
        hold(session, "shift+End")
        session.xdotool(["type", "--delay", "20", typed])
    seen = []

    def typed_in(dump):
        if not seen or seen[-1] != buffer_line(dump, line):
            seen.append(buffer_line(dump, line))
            print(f"line {line} reads {seen[-1]!r}")
        return seen[-1] == expected
    session.attempt(f"line {line} reads {expected.strip()!r}", edit, typed_in)


def edit_copy_run(wakeline, out_dir):
    data = tempfile.mkdtemp(prefix="wakeline-data-")
    try:
        with live_window(wakeline, out_dir, extra_env={"XDG_DATA_HOME": data}) as session:
            session.wait_for("the default lesson's run", lambda d: d["app"]["lesson"] == "sequential-vs-join"
                             and d["app"]["run"]["phase"] == "finished")

            def edit_a_copy():
                session.click("menu:Script")
                session.click("menu:Script/Edit a copy")
            session.attempt("the editor open on a copy", edit_a_copy,
                            lambda d: d["editor"] is not None and d["editor"]["name"] == "sequential_vs_join_copy.lua")

            # The latency's default, on its own line of the header: select the line from its max on,
            # and type that part again with 300 (typed characters need no held keys).
            lines = twin_lines()
            latency = line_number(lines, "max = 60000, default = 1000")
            edited = lines[latency - 1].replace("default = 1000", "default = 300")
            column = lines[latency - 1].index("max = 60000")  # in view, unlike the default further right
            retype_line(session, latency, column, edited[column:], edited)
            ran = session.attempt("a 600 ms run of the copy", lambda: hold(session, "ctrl+Return"),
                                  lambda d: round(d["editor"]["last_run_total_ms"] or 0) == 600
                                  and d["app"]["run"]["phase"] == "finished" and total_ms(d) == 600)
            check(ran["app"]["trace"]["scenario"] == "sequential-vs-join-copy", f"the run shown is {ran['app']['trace']}")
            check(ran["app"]["trace"]["params"]["mode"] == "sequential", "not a sequential run")
            check(ran["app"]["trace"]["params"]["latency_ms"] == "300", f"ran with {ran['app']['trace']['params']}")
            check(not ran["editor"]["marks"], f"marks after a good run: {ran['editor']['marks']}")

            # A syntax error typed at the start of the request function's line (in view without
            # scrolling): its line is marked, the run stays.
            typo_line = line_number(lines, "local request = async(")
            typo = "x = = 1 "
            retype_line(session, typo_line, 0, typo + lines[typo_line - 1], typo + lines[typo_line - 1])
            marked = session.attempt("the syntax error marked", lambda: hold(session, "ctrl+Return"),
                                     lambda d: any(m["line"] == typo_line for m in d["editor"]["marks"]))
            mark = next(m for m in marked["editor"]["marks"] if m["line"] == typo_line)
            print(f"line {typo_line} marked: {mark['message']}")
            check("unexpected symbol" in mark["message"] or "expected" in mark["message"], f"the mark says {mark}")
            check(total_ms(marked) == 600 and marked["app"]["trace"]["params"]["latency_ms"] == "300",
                  "the 600 ms run left the screen")
            check(marked["app"]["run"]["headline"].startswith("Finished in 600 ms"), f"status: {marked['app']['run']}")
            check(round(marked["editor"]["last_run_total_ms"]) == 600, "the editor forgot its last run")
            session.finish()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def reload_from_disk(wakeline, out_dir):
    folder = tempfile.mkdtemp(prefix="wakeline-lessons-")
    data = tempfile.mkdtemp(prefix="wakeline-data-")
    path = os.path.join(folder, "reload_demo.lua")
    text = "\n".join(twin_lines()).replace('id = "sequential-vs-join-lua"', 'id = "reload-demo"')
    text = text.replace("max = 60000, default = 1000", "max = 60000, default = 100")

    def save(content):
        # Written beside and renamed, as editors do; the time stamp moves on even on a coarse clock.
        with open(path + ".tmp", "w") as f:
            f.write(content)
        os.replace(path + ".tmp", path)
        later = time.time() + 2
        os.utime(path, (later, later))

    save(text)
    try:
        args = ["--lessons", folder, "--lesson", "reload-demo", "--run"]
        with live_window(wakeline, out_dir, args, extra_env={"XDG_DATA_HOME": data}) as session:
            session.wait_for("the script lesson's 200 ms run", lambda d: d["app"]["run"]["phase"] == "finished"
                             and d["app"]["trace"]["scenario"] == "reload-demo" and total_ms(d) == 200)
            # One more request in main: three of 100 ms one after the other.
            save(text.replace("await(one_after_another(p.requests, p.latency_ms))",
                              "await(one_after_another(p.requests + 1, p.latency_ms))"))
            reran = session.wait_for("the changed file reloaded and run again", lambda d: total_ms(d) == 300
                                     and d["app"]["run"]["phase"] == "finished")
            check(any("Reloaded the script lesson reload-demo" in line for line in reran["app"]["console"]),
                  "the console does not say the lesson was reloaded")

            # A syntax error saved into the file: said with its line, the 300 ms run stays.
            bad_line = line_number(text.split("\n"), "function main(p)")
            save(text.replace("function main(p)", "function main(p) x = = 1", 1))
            pattern = re.compile(re.escape(path) + f":{bad_line}: ")
            refused = session.wait_for("the syntax error in the console",
                                       lambda d: any(pattern.search(line) for line in d["app"]["console"]))
            check(total_ms(refused) == 300 and refused["app"]["run"]["headline"].startswith("Finished in 300 ms"),
                  f"the previous run left the screen: {refused['app']['run']}")
            session.finish()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)


CASES = {f.__name__: f for f in (edit_copy_run, reload_from_disk)}


def main():
    return run_cases(CASES, __doc__, "script_", Failure)


if __name__ == "__main__":
    sys.exit(main())
