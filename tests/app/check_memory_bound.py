#!/usr/bin/env python3
"""Peak memory of `wakeline validate` on hostile input stays within the reader's bound.

    check_memory_bound.py WAKELINE MAKE_HOSTILE_TRACES WORK_DIR

Each 100 MB file (scripts/make_hostile_traces.py --big: header sections dense in empty objects,
arrays, numbers, members or strings) must be refused or read within 4x its size above the
binary's baseline; a 7 KB trace piped through stdin must cost no more than a few MB over the
baseline (it used to allocate 512 MiB); a file cut inside a 50 MB string gets a short message.
"""
import os
import subprocess
import sys

MB = 1 << 20


def peak_rss(argv, stdin=None):
    """Runs argv; returns (exit code, stderr, peak RSS in bytes) of that child alone."""
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        if stdin is not None:
            fd = os.open(stdin, os.O_RDONLY)
            os.dup2(fd, 0)
        os.dup2(err_w, 2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(argv[0], argv)
    os.close(err_w)
    with os.fdopen(err_r, "rb") as err:
        stderr = err.read()
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), stderr.decode("utf-8", "replace"), usage.ru_maxrss * 1024


def main():
    wakeline, maker, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, maker, "--big", work], check=True)
    small = os.path.join(work, "valid_small.wakeline.json")
    code, err, baseline = peak_rss([wakeline, "validate", small])
    assert code == 0, err
    print(f"baseline (valid 1 KB trace): {baseline / MB:.1f} MB")
    failures = []

    # A 7 KB trace through a pipe: read by streaming, not by a 512 MiB buffer.
    seven_kb = os.path.join(work, "seven_kb.wakeline.json")
    with open(os.path.join(os.path.dirname(maker), "..", "tests", "data", "hostile", "long_print_line.wakeline.json")) as src:
        text = src.read()
    with open(seven_kb, "w") as out:
        out.write(text.replace("abcdefghijklmnopqrstuvwxyz" * 769, "abcdefghijklmnopqrstuvwxyz" * 230))
    size = os.path.getsize(seven_kb)
    reader, writer = os.pipe()
    feeder = os.fork()
    if feeder == 0:
        os.close(reader)
        with open(seven_kb, "rb") as src:
            os.write(writer, src.read())
        os._exit(0)
    os.close(writer)
    fifo_in = f"/proc/self/fd/{reader}"
    code, err, rss = peak_rss([wakeline, "validate", "/dev/stdin"], stdin=fifo_in)
    os.waitpid(feeder, 0)
    os.close(reader)
    print(f"piped {size} B trace: exit {code}, peak {rss / MB:.1f} MB")
    if code != 0 or rss > baseline + 16 * MB:
        failures.append(f"piped {size} B trace: exit {code} ({err.strip()}), {rss / MB:.1f} MB")

    for name in sorted(os.listdir(work)):
        if not name.startswith("dense_"):
            continue
        path = os.path.join(work, name)
        size = os.path.getsize(path)
        code, err, rss = peak_rss([wakeline, "validate", path])
        over = rss - baseline
        print(f"{name}: exit {code}, peak {rss / MB:.0f} MB ({over / size:.2f}x the file over the baseline); {err.strip()[:160]}")
        if code != 1 or over > 4 * size:
            failures.append(f"{name}: exit {code}, {over / size:.2f}x")

    path = os.path.join(work, "cut_in_50mb_string.wakeline.json")
    code, err, rss = peak_rss([wakeline, "validate", path])
    print(f"cut in a 50 MB string: exit {code}, message {len(err)} bytes, peak {rss / MB:.0f} MB")
    if code != 1 or len(err) > 600 or rss - baseline > 4 * os.path.getsize(path):
        failures.append(f"cut in a 50 MB string: exit {code}, {len(err)} byte message")

    for name in os.listdir(work):
        if name.endswith("_100mb.wakeline.json") or name.startswith("cut_in_50mb"):
            os.remove(os.path.join(work, name))
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
