#!/usr/bin/env python3
"""GUI smoke test: `wakeline --screenshot` opens the real window, renders and saves a PNG.

  screenshot_smoke.py WAKELINE OUT_DIR renders_panels   the PNG has the asked size and a drawn UI
  screenshot_smoke.py WAKELINE OUT_DIR unwritable_path  a PNG that cannot be saved exits 1, politely

Uses $DISPLAY when set; otherwise runs wakeline under `xvfb-run -a` so the test also passes when
ctest is started by hand on a headless machine. Reads the PNG with zlib alone (no PIL).
"""
import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections import Counter

SKIP = 77  # ctest SKIP_RETURN_CODE: no display and no xvfb-run to make one
WIDTH, HEIGHT = 1280, 720


def wakeline_command(wakeline, args):
    command = [wakeline] + args
    if os.environ.get("DISPLAY"):
        return command
    if shutil.which("xvfb-run") is None:
        print("no DISPLAY and no xvfb-run: cannot open a window, skipping")
        sys.exit(SKIP)
    return ["xvfb-run", "-a", "-s", "-screen 0 1600x900x24"] + command


def run(wakeline, args):
    env = dict(os.environ)
    env.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")  # same pixels on every machine: Mesa's llvmpipe
    result = subprocess.run(wakeline_command(wakeline, args), env=env, capture_output=True, text=True,
                            timeout=90)
    print(f"$ wakeline {' '.join(args)}\nexit code {result.returncode}")
    print(result.stdout + result.stderr)
    return result


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path):
    """Returns (width, height, bytes_per_pixel, rows) for an 8-bit, non-interlaced RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length  # length, type, body, CRC
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace != 0:
        raise ValueError(f"unexpected PNG format: depth {depth}, colour type {color_type}, interlace {interlace}")
    bpp = 3 if color_type == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        # Undo the per-row filter (PNG spec, section 9): each byte was stored relative to its
        # left neighbour (a), the byte above (b) and the one above-left (c).
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((x + b) & 0xFF for x, b in zip(row, previous))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                up_left = previous[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + paeth(left, previous[i], up_left)) & 0xFF
        elif kind != 0:
            raise ValueError(f"bad filter type {kind} in row {y}")
        rows.append(row)
        previous = row
    return width, height, bpp, rows


def renders_panels(wakeline, out_dir):
    path = os.path.join(out_dir, "wakeline_smoke.png")
    if os.path.exists(path):
        os.remove(path)
    result = run(wakeline, ["--screenshot", path, "--frames", "5", "--size", f"{WIDTH}x{HEIGHT}"])
    if result.returncode != 0:
        return fail(f"wakeline exited with {result.returncode}, expected 0")
    if not os.path.isfile(path):
        return fail(f"{path} was not written")

    width, height, bpp, rows = read_png(path)
    if (width, height) != (WIDTH, HEIGHT):
        return fail(f"screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    colors = Counter()
    for row in rows:
        colors.update(bytes(row[i:i + 3]) for i in range(0, len(row), bpp))
    # A drawn UI has many colours (anti-aliased text) and a few large flat areas (backdrop, panel
    # backgrounds, title bars). A blank, black or garbage frame fails one of the two.
    large_areas = [c for c, n in colors.items() if n > width * height // 100]
    print(f"{len(colors)} distinct colours; {len(large_areas)} cover more than 1% of the image each")
    if len(colors) < 20:
        return fail(f"only {len(colors)} distinct colours: the window looks blank")
    if len(large_areas) < 3:
        return fail("fewer than 3 colours cover 1% of the image: no panels drawn")
    print("ok")
    return 0


def unwritable_path(wakeline, out_dir):
    path = os.path.join(out_dir, "no-such-folder", "shot.png")
    result = run(wakeline, ["--screenshot", path, "--frames", "1", "--size", "640x400"])
    if result.returncode != 1:
        return fail(f"wakeline exited with {result.returncode}, expected 1")
    if "cannot write" not in result.stderr or path not in result.stderr:
        return fail("stderr does not say which file could not be written")
    print("ok")
    return 0


def fail(message):
    print(f"FAIL: {message}")
    return 1


def main():
    cases = {"renders_panels": renders_panels, "unwritable_path": unwritable_path}
    if len(sys.argv) != 4 or sys.argv[3] not in cases:
        print(f"usage: {sys.argv[0]} WAKELINE OUT_DIR {{{'|'.join(cases)}}}")
        return 2
    wakeline, out_dir, case = sys.argv[1:]
    os.makedirs(out_dir, exist_ok=True)
    return cases[case](wakeline, out_dir)


if __name__ == "__main__":
    sys.exit(main())
