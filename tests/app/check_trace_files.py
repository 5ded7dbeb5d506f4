#!/usr/bin/env python3
"""Checks the trace files `wakeline run --out` and `wakeline export` write, and what `validate` and
`export` say about bad ones; run by ctest (tests/app/trace_cli_tests.cmake). Only the standard
library reads the files, so nothing here shares code with the exporters it checks.

  check_trace_files.py chrome WAKELINE WORKDIR
      For every lesson (defaults, virtual clock): `run --out ID.wakeline.json`, `export --format
      chrome`, and `run --format chrome` directly; both Chrome files are the same bytes and follow
      the trace event format (fields each phase requires, every flow start "s" finished by one "f",
      async "b"/"e" balanced per id, complete slices nested per thread, every thread named).
  check_trace_files.py roundtrip WAKELINE WORKDIR LESSON [RUN ARGS...]
      `run LESSON --summary --out F`, `validate F` reports the summary's events, tasks and total ms,
      and `export F --out G` gives the same bytes as F.
  check_trace_files.py malformed CASE WAKELINE WORKDIR
      Writes one bad trace (CASE: see MALFORMED), then `validate` and `export` on it must exit 1
      within 10 s, say what is wrong on stderr and write nothing.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

TIMEOUT_S = 60


def fail(message):
    sys.exit(f"FAIL: {message}")


def run(command, expect_exit=0):
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=TIMEOUT_S)
    elapsed = time.monotonic() - started
    if done.returncode != expect_exit:
        fail(f"{' '.join(command)} exited {done.returncode}, expected {expect_exit}\n"
             f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return done, elapsed


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ---------------------------------------------------------------------------------------------
# Chrome / Perfetto trace event format
# ---------------------------------------------------------------------------------------------

METADATA_NAMES = {"process_name", "process_labels", "process_sort_index", "thread_name", "thread_sort_index"}


def ns(micros):
    return round(micros * 1000)  # the exporter writes microseconds with three decimals


def check_chrome(path):
    """Returns a list of problems with the Chrome trace at `path`, empty if there are none."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        return ["the top level is not an object with a traceEvents array"]
    problems = []

    def bad(i, event, text):
        if len(problems) < 20:
            problems.append(f"traceEvents[{i}] {json.dumps(event)[:160]}: {text}")

    def number(value):
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    flows = {}         # (cat, id) -> [starts, finishes]
    async_open = {}    # (cat, id) -> stack of open "b" names
    slices = {}        # tid -> [(start_ns, end_ns, index)]
    named_threads, used_threads, process_named = set(), set(), False
    for i, e in enumerate(doc["traceEvents"]):
        if not isinstance(e, dict):
            bad(i, e, "not an object")
            continue
        for field, is_type in [("name", lambda v: isinstance(v, str)), ("ph", lambda v: isinstance(v, str)),
                               ("ts", number), ("pid", lambda v: isinstance(v, int)), ("tid", lambda v: isinstance(v, int))]:
            if field not in e:
                bad(i, e, f"no {field}")
            elif not is_type(e[field]):
                bad(i, e, f"{field} has the wrong type")
        if "args" in e and not isinstance(e["args"], dict):
            bad(i, e, "args is not an object")
        ph = e.get("ph")
        if number(e.get("ts")) and e["ts"] < 0:
            bad(i, e, "negative ts")
        if ph != "M":
            used_threads.add((e.get("pid"), e.get("tid")))
        if ph == "M":
            if e.get("name") not in METADATA_NAMES:
                bad(i, e, "unknown metadata name")
            args = e.get("args", {})
            if e.get("name", "").endswith("_name") and not (isinstance(args.get("name"), str) and args["name"]):
                bad(i, e, "a name metadata event without args.name")
            if e.get("name", "").endswith("_sort_index") and not isinstance(args.get("sort_index"), int):
                bad(i, e, "a sort index metadata event without an integer args.sort_index")
            if e.get("name") == "thread_name":
                named_threads.add((e.get("pid"), e.get("tid")))
            if e.get("name") == "process_name":
                process_named = True
        elif ph == "X":
            if not number(e.get("dur")) or e["dur"] < 0:
                bad(i, e, "a complete event needs a dur >= 0")
            else:
                slices.setdefault(e.get("tid"), []).append((ns(e["ts"]), ns(e["ts"] + e["dur"]), i))
        elif ph in ("i", "I"):
            if e.get("s", "t") not in ("g", "p", "t"):
                bad(i, e, "instant scope must be g, p or t")
        elif ph in ("s", "t", "f"):
            if "id" not in e or not isinstance(e.get("cat"), str):
                bad(i, e, "a flow event needs id and cat")
                continue
            if ph == "f" and e.get("bp", "e") not in ("e", "s"):
                bad(i, e, "bp must be e")
            pair = flows.setdefault((e["cat"], str(e["id"])), [[], []])
            if ph == "s":
                pair[0].append((i, e))
            elif ph == "f":
                pair[1].append((i, e))
        elif ph in ("b", "n", "e"):
            if "id" not in e or not isinstance(e.get("cat"), str):
                bad(i, e, "an async event needs id and cat")
                continue
            stack = async_open.setdefault((e["cat"], str(e["id"])), [])
            if ph == "b":
                stack.append(e.get("name"))
            elif ph == "e":
                if not stack:
                    bad(i, e, "async end without a begin")
                elif stack[-1] != e.get("name"):
                    bad(i, e, f"async end of {e.get('name')!r} while {stack[-1]!r} is the innermost open slice")
                else:
                    stack.pop()
        else:
            bad(i, e, f"unexpected phase {ph!r}")

    for (cat, flow_id), (starts, finishes) in flows.items():
        if len(starts) != 1 or len(finishes) != 1:
            problems.append(f"flow {cat}/{flow_id}: {len(starts)} 's' and {len(finishes)} 'f' (expected one of each)")
        elif finishes[0][1]["ts"] < starts[0][1]["ts"]:
            problems.append(f"flow {cat}/{flow_id}: finishes before it starts")
    for (cat, async_id), stack in async_open.items():
        if stack:
            problems.append(f"async track {cat}/{async_id}: {stack} never ended")
    # Complete events on one thread must nest (a blocking section inside a poll), never overlap partly.
    for tid, spans in slices.items():
        spans.sort(key=lambda s: (s[0], -s[1]))
        open_ends = []
        for start, end, index in spans:
            while open_ends and open_ends[-1] <= start:
                open_ends.pop()
            if open_ends and end > open_ends[-1]:
                problems.append(f"traceEvents[{index}] on tid {tid} overlaps an enclosing slice without nesting in it")
                break
            open_ends.append(end)
    unnamed = sorted(str(t) for t in used_threads - named_threads)
    if unnamed:
        problems.append(f"threads without a thread_name: {', '.join(unnamed)}")
    if not process_named:
        problems.append("no process_name")
    if not slices:
        problems.append("no complete (X) events at all")
    return problems


def check_the_checker(path):
    """check_chrome must notice a missing flow finish, a slice without dur and an unnamed thread."""
    with open(path, encoding="utf-8") as f:
        good = json.load(f)
    def without(predicate):
        doc = json.loads(json.dumps(good))
        index = next(i for i, e in enumerate(doc["traceEvents"]) if predicate(e))
        del doc["traceEvents"][index]
        return doc
    no_dur = json.loads(json.dumps(good))
    next(e for e in no_dur["traceEvents"] if e["ph"] == "X").pop("dur")
    for name, doc in [("a flow without its finish", without(lambda e: e["ph"] == "f")),
                      ("an unnamed thread", without(lambda e: e["name"] == "thread_name")),
                      ("an async begin without its end", without(lambda e: e["ph"] == "e")),
                      ("a complete event without dur", no_dur)]:
        broken = path + ".broken.json"
        with open(broken, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        if not check_chrome(broken):
            fail(f"the checker accepts {name}")


def check_chrome_exports(wakeline, workdir):
    fresh_dir(workdir)
    lessons, _ = run([wakeline, "list"])
    # One lesson per line, its id first (script lessons add where they come from): every one exports.
    ids = [line.split()[0] for line in lessons.stdout.splitlines() if line.strip()]
    if len(ids) < 10:
        fail(f"expected the ten lessons, got {ids}")
    for lesson in ids:
        native = os.path.join(workdir, f"{lesson}.wakeline.json")
        exported = os.path.join(workdir, f"{lesson}.exported.json")
        direct = os.path.join(workdir, f"{lesson}.chrome.json")
        run([wakeline, "run", lesson, "--summary", "--out", native])
        run([wakeline, "export", native, "--format", "chrome", "--out", exported])
        run([wakeline, "run", lesson, "--summary", "--format", "chrome", "--out", direct])
        with open(exported, "rb") as a, open(direct, "rb") as b:
            if a.read() != b.read():
                fail(f"{lesson}: the Chrome export of the saved trace differs from run --format chrome")
        problems = check_chrome(exported)
        if problems:
            fail(f"{lesson}: {exported}:\n  " + "\n  ".join(problems))
        if lesson == "sequential-vs-join":
            check_the_checker(exported)
        print(f"ok: {lesson}: {os.path.getsize(exported)} bytes of valid trace event JSON")
    shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Round trip through the command line
# ---------------------------------------------------------------------------------------------

def check_roundtrip(wakeline, workdir, lesson, run_args):
    fresh_dir(workdir)
    first = os.path.join(workdir, "first.wakeline.json")
    again = os.path.join(workdir, "again.wakeline.json")
    done, _ = run([wakeline, "run", lesson, *run_args, "--summary", "--out", first])
    summary = json.loads(done.stdout)
    done, _ = run([wakeline, "validate", first])
    line = done.stdout.strip()
    expected = (rf"^{re.escape(first)}: valid: scenario '{re.escape(lesson)}', {summary['events']} events?, "
                rf"{summary['tasks']} tasks?, [0-9]+ threads?, {summary['total_ms']:.3f} ms, {summary['clock']} clock$")
    if not re.match(expected, line):
        fail(f"validate printed\n  {line}\nexpected to match\n  {expected}")
    run([wakeline, "export", first, "--format", "native", "--out", again])
    with open(first, "rb") as a, open(again, "rb") as b:
        if a.read() != b.read():
            fail("export --format native of a native trace is not byte-identical")
    print(f"ok: {line}")
    shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Malformed inputs
# ---------------------------------------------------------------------------------------------

def good_trace(wakeline, workdir):
    path = os.path.join(workdir, "good.wakeline.json")
    run([wakeline, "run", "sequential-vs-join", "--summary", "--out", path])
    with open(path, encoding="utf-8") as f:
        return f.read()


def header_and_events(text):
    """A native trace as the text before its events array (up to and including '[') and the events."""
    doc = json.loads(text)
    events = doc.pop("events")
    head = json.dumps(doc, separators=(",", ":"))
    return head[:-1] + ',"events":[', events


def with_events(text, change):
    head, events = header_and_events(text)
    change(events)
    return head + ",\n".join(json.dumps(e, separators=(",", ":")) for e in events) + "]}\n"


def with_doc(text, change):
    doc = json.loads(text)  # dicts keep their order, so "format" and "version" stay first
    change(doc)
    return json.dumps(doc)


def set_event_field(events, index, slot, value):
    events[index][slot] = value


def swap_times(events):
    # The first two neighbours with different times, swapped: the later one is now earlier.
    for i in range(1, len(events)):
        if events[i][0] != events[i - 1][0]:
            events[i][0], events[i - 1][0] = events[i - 1][0], events[i][0]
            return
    fail("the good trace has no two events at different times")


def drop_first(kind):
    def change(events):
        index = next(i for i, e in enumerate(events) if e[1] == kind)
        del events[index]
    return change


def write_huge(path, text):
    """200 MB: a real header, then millions of well-formed events, then junk where one should be."""
    head, _ = header_and_events(text)
    line = '\n[5,"print",0,1,0,0,0,0],'
    chunk = (line * ((1 << 20) // len(line))).encode()
    target = 200 * 1000 * 1000
    with open(path, "wb") as f:
        f.write(head.encode())
        written = len(head)
        while written < target:
            f.write(chunk)
            written += len(chunk)
        f.write(b'\n[5,"print",0,1,0,0,0,0]\x01\x02 not an event')


# case -> (how to make the file from the good trace's text, what stderr must say)
MALFORMED = {
    "truncated": (lambda t: t[: (t.index('"events":[') + len(t)) // 2],  # halfway through the events
                  r"not valid JSON: parse error at line [0-9]+, column [0-9]+"),
    "wrong_type_event": (lambda t: with_events(t, lambda ev: set_event_field(ev, 3, 2, "x")),
                         r'events\[3\]\[2\]: expected an unsigned integer, got "x"'),
    "wrong_type_run": (lambda t: with_doc(t, lambda d: d["run"].__setitem__("workers", "two")),
                       r'run\.workers: expected an unsigned integer, got "two"'),
    "unknown_version": (lambda t: with_doc(t, lambda d: d.__setitem__("version", 2)),
                        r"unsupported version 2 of the wakeline-trace format; this build reads version 1 only"),
    "events_out_of_order": (lambda t: with_events(t, swap_times),
                            r"events\[[0-9]+\]: time_ns [0-9]+ is earlier than the previous event's [0-9]+"),
    "broken_invariant": (lambda t: with_events(t, drop_first("poll_end")),
                         r"the trace reads but is not valid: poll_paired: event [0-9]+ \(poll_start"),
    "empty": (lambda t: "", r"the input is empty \(0 bytes\)"),
    "binary": (lambda t: bytes(range(256)) * 64, r"not a text file: control byte 0x00 at offset 0"),
    "chrome_trace": (lambda t: '{"traceEvents":[]}',
                     r"not a Wakeline trace: .*this looks like a Chrome/Perfetto trace"),
    "huge_200MB": (write_huge, r"not valid JSON: parse error at line [0-9]+, column [0-9]+"),
}


def flip_bit(data, at):
    data = bytearray(data)
    data[at] ^= 0x10
    return bytes(data)


def with_header_u64(offset, value):
    def change(data):
        return data[:offset] + value.to_bytes(8, "little") + data[offset + 8:]
    return change


# The binary file (.wkl) of the same run -> (how to damage its bytes, what stderr must say).
MALFORMED_BINARY = {
    "binary_truncated": (lambda b: b[: len(b) // 2], r"the file is cut short: its header says [0-9]+ bytes, it has [0-9]+"),
    "binary_bit_flip": (lambda b: flip_bit(b, len(b) // 2), r"the checksum does not match: the file is damaged"),
    "binary_wrong_version": (lambda b: b[:8] + (2).to_bytes(4, "little") + b[12:],
                             r"unsupported version 2 of the binary trace format; this build reads version 1 only"),
    "binary_huge_count": (with_header_u64(24, 1 << 60), r"header: 1152921504606846976 events, but the kind column holds [0-9]+"),
}


def check_malformed(case, wakeline, workdir):
    if case in MALFORMED_BINARY:
        fresh_dir(workdir)
        good = os.path.join(workdir, "good.wkl")
        run([wakeline, "run", "sequential-vs-join", "--out", good])
        with open(good, "rb") as f:
            data = f.read()
        make, stderr_regex = MALFORMED_BINARY[case]
        MALFORMED[case] = (lambda _text, damage=make: damage(data), stderr_regex)

    if case not in MALFORMED:
        fail(f"unknown case {case}; known: {', '.join(MALFORMED)}")
    make, stderr_regex = MALFORMED[case]
    if case not in MALFORMED_BINARY:
        fresh_dir(workdir)
    text = good_trace(wakeline, workdir)
    bad = os.path.join(workdir, f"{case}.wakeline.json")
    out = os.path.join(workdir, "exported.json")
    try:
        if make is write_huge:
            write_huge(bad, text)
        else:
            content = make(text)
            with open(bad, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode())
        for command in (["validate", bad], ["export", bad, "--format", "chrome", "--out", out]):
            done, elapsed = run([wakeline, *command], expect_exit=1)
            what = f"wakeline {command[0]} on {case}"
            if not re.search(r"^wakeline: " + re.escape(bad) + ": " + ".*" + stderr_regex, done.stderr):
                fail(f"{what}: stderr does not match '{stderr_regex}':\n{done.stderr}")
            if done.stdout:
                fail(f"{what}: expected nothing on stdout, got:\n{done.stdout}")
            # About 6 s for the 200 MB file alone on the 2-core dev machine; the bound is for a hang
            # or a quadratic reader, with room for a loaded machine.
            if elapsed > 20:
                fail(f"{what}: took {elapsed:.1f} s, expected under 20 s")
            if os.path.exists(out):
                fail(f"{what}: wrote {out} although the input is bad")
            print(f"ok: {what}: exit 1 in {elapsed:.2f} s: {done.stderr.strip()[:200]}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "chrome":
        check_chrome_exports(args[1], args[2])
    elif len(args) >= 4 and args[0] == "roundtrip":
        check_roundtrip(args[1], args[2], args[3], args[4:])
    elif len(args) == 4 and args[0] == "malformed":
        check_malformed(args[1], args[2], args[3])
    else:
        sys.exit(__doc__)
