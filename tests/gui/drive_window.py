#!/usr/bin/env python3
"""A teacher's session, driven through the real window with synthetic input (xdotool under Xvfb):
pick the blocking-executor lesson, choose mode=async_sleep in its combo, type 6 into the futures
slider, press Run, zoom the timeline with the wheel, click a span to select its task, try to open a
broken trace file (a modal says why; the run stays on screen), quit with Ctrl+Q. The app's --dump-ui file (refreshed four times a second) says where everything is, so no
position is hard-coded; the final dump, screenshot and settings file show that it all took effect.

  drive_window.py WAKELINE OUT_DIR

Starts its own Xvfb, so other GUI tests running at the same time cannot take its clicks.
Skips (77) without Xvfb or xdotool.
"""
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screenshot_smoke import SKIP, read_png  # noqa: E402  (same folder)

WIDTH, HEIGHT = 1600, 900
STEP_TIMEOUT = 30  # seconds for any one thing to show up in the dump (llvmpipe can be slow)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def start_xvfb():
    """Xvfb on a display number it picks itself (-displayfd); returns (process, ':N'). -noreset: by
    default the server resets when its last client leaves, and a client connecting meanwhile is
    dropped; when wakeline quits on Ctrl+Q, the xdotool releasing the keys is that client."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1700x1000x24", "-nolisten", "tcp",
                             "-noreset"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    number = b""
    deadline = time.time() + 20
    while time.time() < deadline and not number.endswith(b"\n"):
        chunk = os.read(read_end, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_end)
    check(number.strip().isdigit(), "Xvfb did not start")
    return xvfb, ":" + number.decode().strip()


class Session:
    def __init__(self, wakeline, out_dir, env, extra_args=()):
        self.env = env
        self.dump_path = os.path.join(out_dir, "dump.json")
        self.png_path = os.path.join(out_dir, "final.png")
        for path in (self.dump_path, self.png_path):
            if os.path.exists(path):
                os.remove(path)
        self.log = open(os.path.join(out_dir, "wakeline.log"), "w")
        self.app = subprocess.Popen([wakeline, "--size", f"{WIDTH}x{HEIGHT}", "--dump-ui", self.dump_path,
                                     "--screenshot", self.png_path, "--exit-after-seconds", "120", *extra_args],
                                    env=env, stdout=self.log, stderr=subprocess.STDOUT)
        found = self.xdotool(["search", "--sync", "--onlyvisible", "--name", "^Wakeline$"], timeout=STEP_TIMEOUT)
        self.window = found.split()[0]
        print(f"window {self.window}")

    def xdotool(self, args, timeout=10):
        result = subprocess.run(["xdotool"] + args, env=self.env, capture_output=True, text=True, timeout=timeout)
        check(result.returncode == 0, f"xdotool {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def press(self, keys):
        """Holds the keys for a few frames: ImGui 1.86 reads key state once per frame, so a press and
        release inside one frame would go unseen."""
        self.xdotool(["keydown", keys])
        time.sleep(0.2)
        self.xdotool(["keyup", keys])
        time.sleep(0.1)

    def dump(self):
        try:
            with open(self.dump_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def wait_for(self, what, condition):
        """Waits until condition(dump) holds; returns that dump."""
        deadline = time.time() + STEP_TIMEOUT
        while time.time() < deadline:
            check(self.app.poll() is None, f"wakeline exited ({self.app.returncode}) while waiting for {what}")
            dump = self.dump()
            if dump is not None:
                try:
                    if condition(dump):
                        print(f"ok: {what}")
                        return dump
                except (KeyError, TypeError, IndexError):
                    pass
            time.sleep(0.1)
        raise Failure(f"timed out waiting for {what}; last dump's app part: {json.dumps((self.dump() or {}).get('app'))[:800]}")

    def move(self, x, y):
        self.xdotool(["mousemove", "--window", self.window, str(int(x)), str(int(y))])
        time.sleep(0.15)  # a frame or two, so ImGui sees the pointer arrive before the button

    def click_at(self, x, y, button=1):
        self.move(x, y)
        self.xdotool(["click", str(button)])
        time.sleep(0.15)

    def settled_rect(self, widget):
        """Where `widget` is, once two dumps a moment apart agree (a popup's first frame is laid out
        before it is placed)."""
        previous = None
        deadline = time.time() + STEP_TIMEOUT
        while time.time() < deadline:
            dump = self.wait_for(f"'{widget}' on screen", lambda d: widget in d["layout"]["widgets"])
            rect = dump["layout"]["widgets"][widget]
            if rect == previous:
                return rect
            previous = rect
            time.sleep(0.3)
        raise Failure(f"'{widget}' keeps moving")

    def click(self, widget):
        rect = self.settled_rect(widget)
        self.click_at(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)

    def attempt(self, what, action, condition, tries=3):
        """Does `action` until condition(dump) holds: a click lost to a busy machine is tried again."""
        global STEP_TIMEOUT
        for attempt in range(tries):
            action()
            saved, STEP_TIMEOUT = STEP_TIMEOUT, 5
            try:
                return self.wait_for(what, condition)
            except Failure:
                if attempt == tries - 1:
                    raise
                print(f"retrying: {what}")
            finally:
                STEP_TIMEOUT = saved

    def finish(self):
        self.xdotool(["keydown", "ctrl+q"])
        time.sleep(0.2)
        if self.app.poll() is None:
            self.xdotool(["keyup", "ctrl+q"])
        # else: wakeline has quit already, and releasing keys nobody reads could only fail.
        try:
            code = self.app.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.app.kill()
            raise Failure("wakeline did not quit on Ctrl+Q")
        self.log.close()
        check(code == 0, f"wakeline exited with {code}")


@contextlib.contextmanager
def live_window(wakeline, out_dir, extra_args=(), extra_env=None):
    """A wakeline window on an Xvfb of its own, with a fresh settings folder, as a Session; exits
    with SKIP (77) without Xvfb or xdotool. Whatever is left running is stopped on the way out."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            print(f"no {tool}: skipping")
            sys.exit(SKIP)
    xvfb, display = start_xvfb()
    config = tempfile.mkdtemp(prefix="wakeline-config-")
    env = dict(os.environ, DISPLAY=display, LIBGL_ALWAYS_SOFTWARE="1", XDG_CONFIG_HOME=config, **(extra_env or {}))
    env.pop("WAYLAND_DISPLAY", None)
    session = None
    try:
        session = Session(wakeline, out_dir, env, extra_args)
        yield session
    finally:
        if session is not None and session.app.poll() is None:
            session.app.kill()
            session.app.wait()
        xvfb.terminate()
        xvfb.wait(timeout=10)
        shutil.rmtree(config, ignore_errors=True)


def visible_span_to_click(dump):
    """The widest span drawn for a single task, inside the plot, with the screen point at its middle."""
    timeline, layout = dump["timeline"], dump["layout"]["timeline"]
    plot, view = layout["plot"], timeline["view"]
    scale = plot["width"] / (view["end_ns"] - view["start_ns"])
    best = None
    for span in timeline["spans"]:
        if span["kind"] in ("folded", "completed", "cancelled", "failed") or span["task"] == 0:
            continue
        x0 = plot["x"] + (max(span["start_ns"], view["start_ns"]) - view["start_ns"]) * scale
        x1 = plot["x"] + (min(span["end_ns"], view["end_ns"]) - view["start_ns"]) * scale
        row = layout["rows"][span["lane"]]
        y = row["y"] + row["height"] / 2
        if x1 - x0 < 6 or not (plot["y"] + 4 < y < plot["y"] + plot["height"] - 4):
            continue
        if best is None or x1 - x0 > best[0]:
            best = (x1 - x0, (x0 + x1) / 2, y, span)
    check(best is not None, "no span wide enough to click in view")
    return best[1], best[2], best[3]


def drive(wakeline, out_dir):
    with live_window(wakeline, out_dir) as session:
        # The app opens on the default lesson and has already run it once.
        session.wait_for("the default lesson's run", lambda d: d["app"]["lesson"] == "sequential-vs-join"
                         and d["app"]["run"]["phase"] == "finished")

        session.attempt("blocking-executor chosen", lambda: session.click("lesson:blocking-executor"),
                        lambda d: d["app"]["lesson"] == "blocking-executor")

        def choose_async_sleep():
            session.click("param:mode")  # opens the combo; its items appear in the dump
            session.click("param:mode=async_sleep")
        session.attempt("mode=async_sleep", choose_async_sleep, lambda d: d["app"]["params"]["mode"] == "async_sleep")

        # Ctrl+click turns a slider into a text field: type the value, Enter.
        def type_six_futures():
            rect = session.settled_rect("param:futures")
            session.move(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)
            session.xdotool(["keydown", "ctrl"])
            session.xdotool(["click", "1"])
            session.xdotool(["keyup", "ctrl"])
            time.sleep(0.3)
            session.press("ctrl+a")
            session.xdotool(["type", "--delay", "50", "6"])
            session.press("Return")
        session.attempt("futures=6", type_six_futures, lambda d: d["app"]["params"]["futures"] == "6")

        ran = session.attempt("the async_sleep run with 6 futures", lambda: session.click("button:Run"),
                              lambda d: d["app"]["run"]["phase"] == "finished"
                              and d["app"]["trace"]["params"] == {"mode": "async_sleep", "futures": "6", "step_ms": "10"})
        fit_span = ran["timeline"]["view"]["end_ns"] - ran["timeline"]["view"]["start_ns"]
        wakes = [a for a in ran["timeline"]["arrows"] if a["kind"] == "timer"]
        check(len(wakes) == 6, f"6 futures should make 6 timer wakes, the timeline shows {len(wakes)}")

        # Three wheel notches up over the middle of the lanes: zoom in around the pointer.
        plot = ran["layout"]["timeline"]["plot"]
        session.move(plot["x"] + plot["width"] * 0.3, plot["y"] + plot["height"] * 0.3)
        for _ in range(3):
            session.xdotool(["click", "4"])
            time.sleep(0.1)
        zoomed = session.wait_for("a zoomed-in timeline", lambda d: d["timeline"]["view"]["end_ns"] - d["timeline"]["view"]["start_ns"]
                                  < fit_span * 0.7)

        x, y, span = visible_span_to_click(zoomed)
        print(f"clicking a {span['kind']} span of task {span['task']} at ({x:.0f}, {y:.0f})")
        session.attempt(f"task {span['task']} selected", lambda: session.click_at(x, y),
                        lambda d: d["app"]["selected_task"] == span["task"])

        # File > Open (Ctrl+O) on a broken file: a modal says what is wrong, the run stays on screen.
        broken = os.path.join(out_dir, "broken.wakeline.json")
        with open(broken, "w") as f:
            f.write('{"format": "wakeline-trace", "version": 1,\n "events": [[1, "x"')
        session.attempt("the Open trace popup", lambda: session.press("ctrl+o"),
                        lambda d: "file:path" in d["layout"]["widgets"])
        session.press("ctrl+a")
        session.xdotool(["type", "--delay", "10", broken])
        session.press("Return")
        refused = session.wait_for("the modal about the broken file", lambda d: "message:OK" in d["layout"]["widgets"])
        check(any(broken in line and "Cannot open the trace" in line for line in refused["app"]["console"]),
              "the console does not say which file could not be opened")
        check(refused["app"]["trace"]["scenario"] == "blocking-executor", "the broken file replaced the run on screen")
        session.attempt("the modal closed", lambda: session.click("message:OK"),
                        lambda d: "message:OK" not in d["layout"]["widgets"])

        session.finish()
        # Quitting remembered the lesson and its parameters for the next launch.
        with open(os.path.join(session.env["XDG_CONFIG_HOME"], "wakeline", "settings.json")) as f:
            settings = json.load(f)

    final = json.load(open(os.path.join(out_dir, "dump.json")))
    check(final["app"]["lesson"] == "blocking-executor", "the final frame shows another lesson")
    check(final["app"]["selected_task"] == span["task"], "the selection was lost before quitting")
    check(final["timeline"]["view"]["selected_task"] == span["task"], "the timeline does not show the selection")
    width, height, _, _ = read_png(os.path.join(out_dir, "final.png"))
    check((width, height) == (WIDTH, HEIGHT), f"the final screenshot is {width}x{height}")
    check(settings["lesson"] == "blocking-executor", f"settings remember lesson {settings['lesson']}")
    check("mode=async_sleep" in settings["lesson_settings"] and "futures=6" in settings["lesson_settings"],
          f"settings remember {settings['lesson_settings']}")


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} WAKELINE OUT_DIR")
        return 2
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            print(f"no {tool}: skipping")
            return SKIP
    wakeline, out_dir = sys.argv[1:]
    out_dir = os.path.join(out_dir, "drive_window")
    os.makedirs(out_dir, exist_ok=True)
    try:
        drive(wakeline, out_dir)
    except (Failure, subprocess.TimeoutExpired) as failure:
        print(f"FAIL: {failure}")
        log = os.path.join(out_dir, "wakeline.log")
        if os.path.exists(log):
            print("wakeline's output:\n" + open(log).read())
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
