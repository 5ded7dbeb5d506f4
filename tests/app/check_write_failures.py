#!/usr/bin/env python3
"""`wakeline export` when the write fails: the old file is intact, no temporary is left behind,
the exit code is 1 and the message says what happened.

    check_write_failures.py WAKELINE HOSTILE_DIR WORK_DIR

Cases: a full disk (`ulimit -f` in the child, and /dev/full), an in-place export that fails, a
read-only directory (as an unprivileged user when run as root), a target that is a directory, a
device, a symlink or a fifo, and a CSV export whose second file is blocked.
"""
import os
import resource
import shutil
import stat
import subprocess
import sys

failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail and not condition else ""))
    if not condition:
        failures.append(name)


def run(wakeline, *args, file_limit=None, user=None):
    def limit():
        if file_limit is not None:  # as `ulimit -f` does; SIGXFSZ keeps its default action
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
    command = [wakeline, *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, preexec_fn=limit)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def put(path, data):
    with open(path, "wb") as f:
        f.write(data)


def leftovers(directory):
    return [n for n in os.listdir(directory) if ".tmp-" in n]


def main():
    wakeline, hostile, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.chmod(work, 0o755)
    trace = os.path.join(work, "in.wakeline.json")  # ~21 KB: more than the 4 KB `ulimit -f` below
    shutil.copy(os.path.join(hostile, "long_print_line.wakeline.json"), trace)
    os.chmod(trace, 0o644)
    old = b"the old file, which must survive\n"

    # A full disk: `ulimit -f 4` (4 KB) while exporting over an existing file.
    out = os.path.join(work, "existing.json")
    put(out, old)
    r = run(wakeline, "export", trace, "--out", out, file_limit=4096)
    check("ulimit -f: exit 1", r.returncode == 1, f"{r.returncode} {r.stderr}")
    check("ulimit -f: says why", "File too large" in r.stderr and "unchanged" in r.stderr, r.stderr)
    check("ulimit -f: old file intact", read(out) == old)
    check("ulimit -f: no temporary left", not leftovers(work), leftovers(work))

    # The same, exporting a trace over itself: the input must survive.
    inplace = os.path.join(work, "inplace.wakeline.json")
    shutil.copy(trace, inplace)
    before = read(inplace)
    r = run(wakeline, "export", inplace, "--out", inplace, file_limit=4096)
    check("in-place export on a full disk: exit 1", r.returncode == 1, f"{r.returncode} {r.stderr}")
    check("in-place export on a full disk: the input is intact", read(inplace) == before)
    check("in-place export on a full disk: no temporary left", not leftovers(work), leftovers(work))

    # /dev/full and /dev/null are devices: refused before writing, never deleted.
    for device in ("/dev/full", "/dev/null"):
        r = run(wakeline, "export", trace, "--out", device)
        check(f"{device}: exit 1, refused as a device",
              r.returncode == 1 and "character device" in r.stderr, f"{r.returncode} {r.stderr}")
        check(f"{device}: still a device", stat.S_ISCHR(os.stat(device).st_mode))

    # A target that is a directory.
    folder = os.path.join(work, "folder.json")
    os.mkdir(folder)
    r = run(wakeline, "export", trace, "--out", folder)
    check("directory: exit 1", r.returncode == 1 and "it is a directory" in r.stderr, f"{r.returncode} {r.stderr}")
    check("directory: still a directory", os.path.isdir(folder))

    # A fifo: refused at once (writing would block until someone reads it).
    fifo = os.path.join(work, "pipe.json")
    os.mkfifo(fifo)
    r = run(wakeline, "export", trace, "--out", fifo)
    check("fifo: exit 1", r.returncode == 1 and "fifo" in r.stderr, f"{r.returncode} {r.stderr}")
    check("fifo: still a fifo", stat.S_ISFIFO(os.stat(fifo).st_mode))

    # A symlink: followed, never deleted, on success and on failure.
    real = os.path.join(work, "real.json")
    link = os.path.join(work, "link.json")
    put(real, old)
    os.symlink("real.json", link)
    r = run(wakeline, "export", trace, "--out", link, file_limit=4096)
    check("symlink, full disk: exit 1", r.returncode == 1, f"{r.returncode} {r.stderr}")
    check("symlink, full disk: link and file intact", os.path.islink(link) and read(real) == old)
    r = run(wakeline, "export", trace, "--out", link)
    check("symlink: exit 0", r.returncode == 0, r.stderr)
    check("symlink: the link stays, its file is replaced",
          os.path.islink(link) and read(real).startswith(b'{"format":"wakeline-trace"'))

    # A CSV export whose second file (the events table) is blocked: neither is written.
    tasks = os.path.join(work, "run.csv")
    put(tasks, old)
    os.mkdir(os.path.join(work, "run.events.csv"))
    r = run(wakeline, "export", trace, "--out", tasks)
    check("CSV, second file blocked: exit 1", r.returncode == 1 and "run.events.csv" in r.stderr, f"{r.returncode} {r.stderr}")
    check("CSV, second file blocked: the first is intact", read(tasks) == old)
    r = run(wakeline, "export", trace, "--out", tasks, file_limit=4096)
    check("CSV, full disk: the first is intact", r.returncode == 1 and read(tasks) == old, r.stderr)

    # A read-only directory (root ignores permissions, so then the export runs as 'nobody').
    locked = os.path.join(work, "locked")
    os.mkdir(locked)
    inside = os.path.join(locked, "existing.json")
    put(inside, old)
    os.chmod(inside, 0o644)
    os.chmod(locked, 0o555)
    user = 65534 if os.geteuid() == 0 else None
    r = run(wakeline, "export", trace, "--out", inside, user=user)
    check("read-only directory: exit 1", r.returncode == 1 and "Permission denied" in r.stderr, f"{r.returncode} {r.stderr}")
    check("read-only directory: old file intact", read(inside) == old)
    check("read-only directory: no temporary left", not leftovers(locked), leftovers(locked))
    os.chmod(locked, 0o755)

    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
