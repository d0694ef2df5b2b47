#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Clean text must pass the residue cleaner unchanged.

Usage: bench-extract-passthrough.py CMD JSONL...

CMD is a command that reads plain text from the file named by its last
argument and prints the cleaned body (e.g. "precis extract" or
"bench-extract --text").  For every {"text": ...} record of the JSONL files,
the text is cleaned and each of its sentences (split on . ! ? and newlines)
is looked up in the output, white space normalized.  Prints the share of
sentences kept per file and overall, and the worst records.
"""
import json
import re
import shlex
import subprocess
import sys
import tempfile

SPLIT = re.compile(r"(?<=[.!?\u3002\uff01\uff1f])\s+|\n+")


def norm(s):
    return " ".join(s.split())


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = shlex.split(sys.argv[1])
    total_kept = total = 0
    worst = []
    for path in sys.argv[2:]:
        kept = n = 0
        with open(path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        for rec in records:
            text = rec.get("text") or ""
            if not text.strip():
                continue
            with tempfile.NamedTemporaryFile("w", suffix=".txt",
                                             encoding="utf-8") as tmp:
                tmp.write(text)
                tmp.flush()
                r = subprocess.run(cmd + [tmp.name], capture_output=True)
            out = norm(r.stdout.decode("utf-8", "replace"))
            sents = [norm(s) for s in SPLIT.split(text) if norm(s)]
            k = sum(1 for s in sents if s in out)
            kept += k
            n += len(sents)
            if k < len(sents):
                worst.append((k / len(sents), rec.get("id"), [s for s in sents if s not in out][:3]))
        total_kept += kept
        total += n
        print("%-40s %5d records %6d sentences  kept %.4f" %
              (path.rsplit("/", 1)[-1], len(records), n, kept / n if n else 1))
    print("ALL sentences kept: %d / %d = %.4f" %
          (total_kept, total, total_kept / total if total else 1))
    for frac, rid, missing in sorted(worst)[:10]:
        print("  %.3f %s missing: %s" % (frac, rid, missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
