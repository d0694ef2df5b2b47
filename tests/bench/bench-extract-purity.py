#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Digest purity: do the digests of raw pages come from the article body?

Usage: bench-extract-purity.py PRECIS_BIN DATA_DIR DATASET...

For every page of each DATASET (DATA_DIR/<dataset>/ground.jsonl and
NNNN.html[.gz]) runs
  precis summarize --charset CS PAGE.html             (the raw page), and
  precis summarize PAGE.txt                           (the page's visible
      text, as "select all, copy" gives it; made by bench-extract-peers.py)
and counts the digest sentences that come from the ground-truth body: a
sentence does when at least 80 % of its word 4-grams (its words, when it has
fewer than four) occur in the body.  Prints the share per dataset and input
kind, and the sentences that did not match (first few).
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "peers", os.path.join(HERE, "bench-extract-peers.py"))
peers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peers)

WORD = re.compile(r"\w+")


def grams(tokens, n=4):
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def from_body(sentence, body_grams, body_words):
    toks = WORD.findall(sentence.lower())
    if len(toks) < 4:
        return all(t in body_words for t in toks)
    g = grams(toks)
    return sum(1 for x in g if x in body_grams) >= 0.8 * len(g)


def digest(precis, path, charset):
    cmd = [precis, "summarize", "--json"]
    if charset:
        cmd += ["--charset", charset]
    r = subprocess.run(cmd + [path], capture_output=True, timeout=60)
    if r.returncode != 0:
        return None
    out = json.loads(r.stdout.decode("utf-8", "replace").splitlines()[0])
    return [s["text"] for s in out.get("sentences", [])]


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    precis, data = sys.argv[1], sys.argv[2]
    for ds in sys.argv[3:]:
        d = os.path.join(data, ds)
        stats = {"page": [0, 0, 0], "visible": [0, 0, 0]}
        misses = []
        with open(os.path.join(d, "ground.jsonl"), encoding="utf-8") as f:
            recs = [json.loads(l) for l in f if l.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            for rec in recs:
                raw = peers.read_page(d, rec["id"])
                body = rec["body"].lower()
                btoks = WORD.findall(body)
                bgrams = set(grams(btoks))
                bwords = set(btoks)
                html_path = os.path.join(tmp, rec["id"] + ".html")
                with open(html_path, "wb") as f:
                    f.write(raw)
                txt_path = os.path.join(tmp, rec["id"] + ".txt")
                with open(txt_path, "w", encoding="utf-8") as f:
                    f.write(peers.visible(peers.decode(raw, rec.get("charset"))))
                for kind, path, cs in (("page", html_path, rec.get("charset")),
                                       ("visible", txt_path, None)):
                    sents = digest(precis, path, cs)
                    if sents is None:
                        stats[kind][2] += 1
                        continue
                    for s in sents:
                        ok = from_body(s, bgrams, bwords)
                        stats[kind][0] += ok
                        stats[kind][1] += 1
                        if not ok:
                            misses.append((kind, rec["id"], s[:100]))
        for kind, (ok, n, fail) in stats.items():
            print("%-16s %-8s sentences %4d  from body %4d  purity %.3f  "
                  "failed pages %d" % (ds, kind, n, ok, ok / n if n else 0,
                                       fail))
        for kind, pid, s in misses[:int(os.environ.get("PURITY_MISSES", "8"))]:
            print("    miss %s %s: %s" % (kind, pid, s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
