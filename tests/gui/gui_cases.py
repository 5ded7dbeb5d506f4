"""The command line every GUI test script shares: `SCRIPT WAKELINE OUT_DIR CASE` runs one named case
with its own folder under OUT_DIR (ctest runs cases side by side), and turns a failed check into
exit 1 with the reason."""
import os
import sys


def run_cases(cases, doc, prefix, failure):
    if len(sys.argv) != 4 or sys.argv[3] not in cases:
        print(doc)
        print(f"usage: {sys.argv[0]} WAKELINE OUT_DIR {{{'|'.join(cases)}}}")
        return 2
    wakeline, out_dir, case = sys.argv[1:]
    out_dir = os.path.join(out_dir, prefix + case)
    os.makedirs(out_dir, exist_ok=True)
    try:
        cases[case](wakeline, out_dir)
    except failure as reason:
        print(f"FAIL: {reason}")
        return 1
    print("ok")
    return 0
