#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""precis on page residue: the visible text of each page, as "select all,
copy" gives it, cleaned by `precis extract`.

Usage: bench-extract-residue.py PRECIS VISIBLE.json OUT.json [--body]

VISIBLE.json maps page ids to their visible text (bench-extract-peers.py
visible writes it).  Each text goes to a temporary file, then through
`PRECIS extract [--body] FILE` in one process (so a failure costs one page,
not the run); OUT.json maps the ids to what precis printed ("" on failure),
for extract_score.py --pred.  Prints the number of pages and failures.
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    args = [a for a in sys.argv[1:] if a != "--body"]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    precis, visible_json, out = args
    body = "--body" in sys.argv[1:]
    with open(visible_json, encoding="utf-8") as f:
        visible = json.load(f)
    pred = {}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for pid, text in visible.items():
            path = os.path.join(tmp, pid + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append((pid, path))
        for pid, path in paths:
            cmd = [precis, "extract"] + (["--body"] if body else []) + [path]
            r = subprocess.run(cmd, capture_output=True, timeout=60)
            if r.returncode != 0:
                failures += 1
                pred[pid] = ""
            else:
                pred[pid] = r.stdout.decode("utf-8", "replace")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pred, f)
    print(json.dumps({"pages": len(pred), "failures": failures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
