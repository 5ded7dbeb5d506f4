#!/usr/bin/env python3
"""Traces leaving and coming back to the window, checked from the outside:

  trace_pictures.py WAKELINE OUT_DIR CASE
  CASE: timeline_png | export_menu | reopen_same

timeline_png: `wakeline screenshot` draws the timeline alone at the size asked for (a slide), the
same pixels from a lesson and from its saved trace; --whole-window draws the window instead; at
1280x720 and 3840x2160 the lanes fill the picture's height and the type grows with it.
export_menu: File > Export > Timeline as PNG and Window as PNG, clicked with xdotool in a live
window, write pictures of the sizes chosen in the dialog; a bad size is refused with a message.
reopen_same: a run saved and reopened shows the same timeline, state, code line, narration and
printed output at the same playhead position as the run itself.
Skips (77) without Xvfb (and, for export_menu, xdotool).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import read_png, run  # noqa: E402  (same folder)
from drive_window import Failure, check, live_window  # noqa: E402

PANEL = bytes((24, 27, 33))  # palette::kPanel: a picture of the timeline alone starts with it


def pixel(rows, bpp, x, y):
    return bytes(rows[y][x * bpp:x * bpp + 3])


def png_pixels(path):
    width, height, bpp, rows = read_png(path)
    return width, height, b"".join(bytes(row[i:i + 3]) for row in rows for i in range(0, len(row), bpp)), (bpp, rows)


def timeline_png(wakeline, out_dir):
    trace = os.path.join(out_dir, "join.wakeline.json")
    result = run(wakeline, ["run", "sequential-vs-join", "--set", "mode=join", "--out", trace])
    check(result.returncode == 0, "'wakeline run --out' failed")
    pictures = {}
    for name, args in (("lesson", ["sequential-vs-join", "--set", "mode=join"]), ("file", [trace])):
        png = os.path.join(out_dir, f"timeline_{name}.png")
        result = run(wakeline, ["screenshot", *args, "--out", png, "--size", "1280x720", "--dump-ui", f"{png}.json"])
        check(result.returncode == 0 and "timeline screenshot" in result.stdout, f"'wakeline screenshot {args[0]}' failed")
        pictures[name] = png_pixels(png)
        width, height, _, (bpp, rows) = pictures[name]
        check((width, height) == (1280, 720), f"{png} is {width}x{height}, asked for 1280x720")
        check(pixel(rows, bpp, 3, 3) == PANEL, f"{png} does not start with the timeline panel: {pixel(rows, bpp, 3, 3)}")
    check(pictures["lesson"][2] == pictures["file"][2], "the saved trace's picture differs from the lesson's")
    window = os.path.join(out_dir, "whole_window.png")
    result = run(wakeline, ["screenshot", trace, "--out", window, "--size", "1280x720", "--whole-window"])
    check(result.returncode == 0, "--whole-window failed")
    width, height, data, (bpp, rows) = png_pixels(window)
    check((width, height) == (1280, 720), f"the window picture is {width}x{height}")
    check(data != pictures["file"][2] and pixel(rows, bpp, 3, 3) != PANEL, "--whole-window drew the timeline alone")
    big = os.path.join(out_dir, "timeline_big.png")
    result = run(wakeline, ["screenshot", trace, "--out", big, "--size", "3840x2160", "--dump-ui", f"{big}.json"])
    check(result.returncode == 0 and read_png(big)[:2] == (3840, 2160), "a 3840x2160 slide was not drawn")
    slides_fill_the_picture({"1280x720": os.path.join(out_dir, "timeline_file.png.json"), "3840x2160": f"{big}.json"})
    result = run(wakeline, ["screenshot", trace, "--out", big, "--size", "100x100"])
    check(result.returncode == 2 and "320x240" in result.stderr, "a 100x100 picture was not refused with the allowed range")


def slides_fill_the_picture(dumps):
    """A slide's lanes fill its height, with type sized to it: the same picture at 720 and 2160 px."""
    pictures = {}
    for size, dump_path in dumps.items():
        with open(dump_path) as f:
            picture = json.load(f)["picture"]
        lanes, plot = picture["lanes"], picture["plot"]
        print(f"{size}: lanes {picture['lanes_share']:.1%} of the height, body text {picture['font_px']} px")
        # No empty band: the lanes together fill the plot; one title line and a thin time axis take
        # the rest (the legend stands beside the lanes, not under them).
        check(lanes["height"] >= plot["height"] * 0.97, f"{size}: the lanes fill {lanes['height']} of {plot['height']} px")
        check(picture["lanes_share"] >= 0.92, f"{size}: the lanes take {picture['lanes_share']:.1%} of the picture's height")
        pictures[size] = picture
    small, large = pictures["1280x720"], pictures["3840x2160"]
    check(small["font_px"] >= 16, f"the 720 px slide's text is {small['font_px']} px")
    ratio = large["font_px"] / small["font_px"]
    check(2.8 <= ratio <= 3.2, f"the type grew {ratio:.2f} times for a picture 3 times as high")


def export_menu(wakeline, out_dir):
    with live_window(wakeline, out_dir, ["--lesson", "channel-ping-pong", "--run"]) as session:
        session.wait_for("the run", lambda d: d["app"]["run"]["phase"] == "finished")

        def export(item, path, size=None):
            if os.path.exists(path):
                os.remove(path)
            session.click("menu:File")
            session.click("menu:Export")
            session.click(item)
            session.settled_rect("file:path")  # the dialog opens with its path field focused
            session.press("ctrl+a")
            session.xdotool(["type", "--delay", "20", path])
            if size is not None:
                for field, value in (("file:width", size[0]), ("file:height", size[1])):
                    session.click(field)
                    session.press("ctrl+a")
                    session.xdotool(["type", "--delay", "20", str(value)])
            session.click("file:confirm")

        timeline = os.path.join(out_dir, "menu_timeline.png")
        export("menu:Export/Timeline as PNG", timeline, (1024, 600))
        session.wait_for("the timeline picture written", lambda d: any(timeline in line and "1024x600" in line
                                                                         for line in d["app"]["console"]))
        check(read_png(timeline)[:2] == (1024, 600), f"the timeline picture is {read_png(timeline)[:2]}")
        window = os.path.join(out_dir, "menu_window.png")
        export("menu:Export/Window as PNG", window)
        session.wait_for("the window picture written", lambda d: any("Wrote " + window in line for line in d["app"]["console"]))
        check(read_png(window)[:2] == (1600, 900), f"the window picture is {read_png(window)[:2]}")

        # A size out of range: the dialog says so and nothing is written.
        refused = os.path.join(out_dir, "menu_refused.png")
        export("menu:Export/Timeline as PNG", refused, (99999, 600))
        session.wait_for("the refusal", lambda d: any("99999x600" in line and "not possible" in line for line in d["app"]["console"]))
        check(not os.path.exists(refused), "a picture of a refused size was written")
        session.press("Return")  # the message box
        session.finish()


def reopen_same(wakeline, out_dir):
    trace = os.path.join(out_dir, "worker_queue.wakeline.json")
    result = run(wakeline, ["run", "worker-queue", "--out", trace])
    check(result.returncode == 0, "'wakeline run --out' failed")
    dumps = {}
    for name, args in (("live", ["--lesson", "worker-queue", "--run"]), ("reopened", ["--open", trace])):
        dump_path = os.path.join(out_dir, f"reopen_{name}.json")
        result = run(wakeline, [*args, "--playhead", "700", "--screenshot", os.path.join(out_dir, f"reopen_{name}.png"),
                                "--dump-ui", dump_path])
        check(result.returncode == 0, f"the {name} window failed")
        with open(dump_path) as f:
            dumps[name] = json.load(f)
    live, reopened = dumps["live"], dumps["reopened"]
    for key in ("position", "time_ns", "narration", "code", "state", "printed"):
        check(live["playhead"][key] == reopened["playhead"][key],
              f"the reopened trace shows another {key} at the playhead: {str(live['playhead'][key])[:200]} vs "
              f"{str(reopened['playhead'][key])[:200]}")
    check(live["playhead"]["code"]["highlighted"] > 0, "no code line is highlighted at the playhead")
    for key in ("lanes", "spans", "arrows", "markers"):
        check(live["timeline"].get(key) == reopened["timeline"].get(key), f"the reopened timeline's {key} differ")
    print(f"the same at event 700: {live['playhead']['narration']}")


CASES = {"timeline_png": timeline_png, "export_menu": export_menu, "reopen_same": reopen_same}


def main():
    return run_cases(CASES, __doc__, "pictures_", Failure)


if __name__ == "__main__":
    sys.exit(main())
