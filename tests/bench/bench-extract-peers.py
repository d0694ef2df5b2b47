#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python peers of precis' page cleaner, over a dataset in one process.

Usage: bench-extract-peers.py {lxml|visible} DATASET_DIR OUT.json
       bench-extract-peers.py visible-file PAGE.html CHARSET   (text to stdout)

  lxml     readability-lxml (Debian python3-readability): Document.summary(),
           reduced to its text, one paragraph per block element.
  visible  "all visible text": the page without script/style/head/hidden
           elements, one line per block element (what "select all, copy"
           gives).
Writes {id: text} to OUT.json and prints one JSON line with pages/s over the
extraction time (reading and gunzip not timed).  Needs /usr/bin/python3.
"""
import gzip
import json
import os
import sys
import time

import lxml.html

BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
          "h6", "tr", "table", "section", "article", "header", "footer",
          "blockquote", "pre", "dd", "dt", "dl", "form", "nav", "aside",
          "main", "address", "hr", "td", "th", "figcaption", "figure"}
SKIP = {"script", "style", "noscript", "head", "template", "svg", "iframe",
        "object", "embed", "select", "option", "textarea", "button"}


def read_page(d, pid):
    p = os.path.join(d, pid + ".html")
    if os.path.exists(p):
        with open(p, "rb") as f:
            return f.read()
    with gzip.open(p + ".gz", "rb") as f:
        return f.read()


def decode(raw, charset):
    try:
        return raw.decode(charset or "utf-8", "replace")
    except LookupError:
        return raw.decode("cp1252", "replace")


def tree_text(root):
    """Visible text of an lxml tree, a line per block element (iterative)."""
    out = []
    stack = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if el.tag.lower() in BLOCKS:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP or el.get("hidden") is not None or \
                "display:none" in (el.get("style") or "").replace(" ", ""):
            if el.tail:
                out.append(el.tail)
            continue
        if tag in BLOCKS:
            out.append("\n")
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        for child in reversed(list(el)):
            stack.append((child, False))
    text = "".join(out)
    lines = (" ".join(l.split()) for l in text.split("\n"))
    return "\n".join(l for l in lines if l)


def visible(html):
    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return ""
    return tree_text(root)


def lxml_readability(html, url):
    from readability import Document
    try:
        summary = Document(html, url=url).summary(html_partial=True)
        return tree_text(lxml.html.fragment_fromstring(summary,
                                                       create_parent="div"))
    except Exception:
        return ""


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "visible-file":
        with open(sys.argv[2], "rb") as f:
            print(visible(decode(f.read(), sys.argv[3])))
        return 0
    if len(sys.argv) != 4 or sys.argv[1] not in ("lxml", "visible"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, d, out = sys.argv[1:]
    pred = {}
    seconds = 0.0
    n = 0
    with open(os.path.join(d, "ground.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            html = decode(read_page(d, rec["id"]), rec.get("charset"))
            t0 = time.perf_counter()
            if mode == "lxml":
                pred[rec["id"]] = lxml_readability(html, rec.get("url"))
            else:
                pred[rec["id"]] = visible(html)
            seconds += time.perf_counter() - t0
            n += 1
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pred, f)
    print(json.dumps({"dataset": d, "peer": mode, "pages": n,
                      "seconds": seconds,
                      "pages_per_s": n / seconds if seconds else 0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
