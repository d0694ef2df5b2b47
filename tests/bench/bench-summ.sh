#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-summ.sh: how good and how fast is `precis summarize`, next to its
# peers, on the same articles with the same scorer.
#
#   bench-summ.sh [--quick] [--speed-only] [--runs N] [--rouge ROUGE_PY]
#                 [--ots OTS_TOP3] [--jsonl BENCH_SUMM_JSONL] DATA_DIR PRECIS_BIN
#
# DATA_DIR holds the JSON-lines sets (cnndm_dev.jsonl, bbc_dev.jsonl, ...; see
# the data README); PRECIS_BIN is the precis program.  For every set it scores
# with rouge.py (R1 / R2 / RLsum F1):
#   precis   `precis summarize {file}` (the production command, page cleaning
#            included), one process per article as rouge.py runs it;
#   Lead-3   the first three sentences, split by rouge.py's own splitter;
#   OTS      ots-top3 (tests/bench/ots-top3.c over libots), if --ots is given.
# Then the speed figures on the CNN/DM set: CPU time (user + sys) of ONE
# precis process over all its articles against ONE ots-top3 process over the
# same files, the ratio, precis's MB/s, the library alone in one process
# (bench-summ-jsonl, if --jsonl is given), and the peak RSS of precis on a
# 10 MB input (/usr/bin/time -v).  CPU times are medians of N rounds
# (default 7) read from rusage by bench-summ-cpu.py, to the microsecond;
# --speed-only skips the ROUGE part.
# --quick needs nothing outside the repository: it digests the bundled
# example article and reports the CPU time (a smoke test for ctest).
# No timed assertions: the script fails only when a command fails.
set -euo pipefail

quick=0
runs=7
rouge=""
ots=""
jsonl=""
speed_only=0
while [ $# -gt 0 ]; do
  case "$1" in
  --quick) quick=1; shift ;;
  --rouge) rouge=$2; shift 2 ;;
  --ots) ots=$2; shift 2 ;;
  --jsonl) jsonl=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --speed-only) speed_only=1; shift ;;
  -h | --help) sed -n '3,29p' "$0"; exit 0 ;;
  *) break ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$quick" -eq 1 ]; then
  precis=${1:?usage: bench-summ.sh --quick PRECIS_BIN}
  article="$here/../data/examples/article.txt"
  files=()
  for i in $(seq 1 50); do files+=("$article"); done
  /usr/bin/python3 "$here/bench-summ-cpu.py" --runs 1 --out "$tmp" \
    "precis=$precis summarize ${files[*]}" >"$tmp/cpu.txt"
  lines=$(grep -c . "$tmp/precis.out")
  bytes=$(($(wc -c <"$article") * 50))
  echo "quick: 50 digests ($lines lines) of the example article," \
    "$((bytes / 1024)) KiB in $(awk '{print $2; exit}' "$tmp/cpu.txt") ms CPU"
  [ "$lines" -eq 150 ]
  exit 0
fi

data=${1:?usage: bench-summ.sh [options] DATA_DIR PRECIS_BIN}
precis=${2:?usage: bench-summ.sh [options] DATA_DIR PRECIS_BIN}
rouge=${rouge:-$data/../../eval/rouge.py}
py=/usr/bin/python3

# Lead-3 with rouge.py's splitter: {"id", "output"} lines for --outputs.
lead3() {
  "$py" - "$rouge" "$1" <<'EOF'
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1])))
import rouge
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    out = "\n".join(rouge.split_sentences(r["text"])[:3])
    print(json.dumps({"id": r["id"], "output": out}))
EOF
}

figures() { # figures LABEL JSON: one table row
  "$py" -c '
import json, sys
r = json.load(open(sys.argv[2]))
s = r["scores"]
print("%-8s %-20s %6.2f %6.2f %6.2f   sentences %.2f  fail %d" % (
      sys.argv[1], sys.argv[3], s["rouge1"]["f"], s["rouge2"]["f"],
      s["rougeLsum"]["f"], r["mean_sentences"], r["failures"]))
' "$1" "$2" "$3"
}

[ "$speed_only" -eq 1 ] || echo "system   set                      R1     R2  RLsum"
for set in cnndm_dev bbc_dev orangesum_fr_dev vietnews_vi_dev \
  clts_zh_smoke_dev; do
  f="$data/$set.jsonl"
  [ -f "$f" ] && [ "$speed_only" -eq 0 ] || continue
  "$py" "$rouge" --data "$f" --cmd "$precis summarize {file}" --json \
    --bootstrap 0 >"$tmp/precis.json"
  figures precis "$tmp/precis.json" "$set"
  lead3 "$f" >"$tmp/lead3.jsonl"
  "$py" "$rouge" --data "$f" --outputs "$tmp/lead3.jsonl" --json \
    --bootstrap 0 >"$tmp/lead3.json"
  figures Lead-3 "$tmp/lead3.json" "$set"
  if [ -n "$ots" ]; then
    # OTS has dictionaries for some languages only; English otherwise.
    "$py" "$rouge" --data "$f" --json --bootstrap 0 --cmd \
      "l={lang}; [ -f /usr/share/ots/\$l.xml ] || l=en; $ots -l \$l {file}" \
      >"$tmp/ots.json"
    figures OTS "$tmp/ots.json" "$set"
  fi
done

# ---- Speed: one process over every CNN/DM article --------------------------
f="$data/cnndm_dev.jsonl"
mkdir -p "$tmp/cnndm"
"$py" - "$f" "$tmp/cnndm" <<'EOF'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    with open("%s/%04d.txt" % (sys.argv[2], i), "w", encoding="utf-8") as out:
        out.write(json.loads(line)["text"])
EOF
n=$(ls "$tmp/cnndm" | wc -l)
bytes=$(cat "$tmp/cnndm"/*.txt | wc -c)
# CPU time from rusage (bench-summ-cpu.py): median of $runs rounds, precis
# and OTS taking turns on the same files, so both see the same load.
cpu="$here/bench-summ-cpu.py"
cmds=("precis=$precis summarize $(echo "$tmp"/cnndm/*.txt)"
  "start=$precis --version")
[ -n "$ots" ] && cmds+=("OTS=$ots $(echo "$tmp"/cnndm/*.txt)")
"$py" "$cpu" --runs "$runs" --out "$tmp" "${cmds[@]}" >"$tmp/cpu.txt"
ms_of() { awk -v l="$1" '$1 == l && $3 == "ms" {print $2; exit}' "$tmp/cpu.txt"; }
p_ms=$(ms_of precis)
echo
echo "speed over $n CNN/DM articles ($((bytes / 1024)) KiB), one process each," \
  "median CPU (user+sys, rusage) of $runs rounds, load $(cut -d' ' -f1-3 /proc/loadavg):"
echo "  precis summarize: $p_ms ms CPU" \
  "($("$py" -c "print('%.2f' % ($bytes / 1e3 / max($p_ms, 1e-9)))") MB/s," \
  "$("$py" -c "print('%.3f' % ($p_ms / $n))") ms/article)"
echo "  precis --version (process start only): $(ms_of start) ms CPU"
if [ -n "$ots" ]; then
  o_ms=$(ms_of OTS)
  echo "  OTS (ots-top3):   $o_ms ms CPU" \
    "($("$py" -c "print('%.3f' % ($o_ms / $n))") ms/article)"
  echo "  ratio OTS/precis: $(awk '$1 == "OTS" && $3 == "the" {print $2, "(median of the per-round ratios " $10; exit}' "$tmp/cpu.txt")"
fi
if [ -n "$jsonl" ]; then
  "$jsonl" "$f" 2>&1 >/dev/null | sed 's/^/  library in one process: /'
fi

# ---- Peak memory on a 10 MB input ---------------------------------------------
"$py" - "$f" "$tmp/big.txt" <<'EOF'
import json, sys
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    size, i = 0, 0
    while size < 10 * 1024 * 1024:
        t = texts[i % len(texts)] + "\n\n"
        out.write(t)
        size += len(t.encode("utf-8"))
        i += 1
EOF
/usr/bin/time -v -o "$tmp/time-v" "$precis" summarize "$tmp/big.txt" >/dev/null
"$py" "$cpu" --runs 3 "big=$precis summarize $tmp/big.txt" >"$tmp/cpu.txt"
big=$(wc -c <"$tmp/big.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time-v")
b_ms=$(ms_of big)
echo
echo "10 MB input ($big bytes): peak RSS $rss KiB, $b_ms ms CPU" \
  "($("$py" -c "print('%.2f' % ($big / 1e3 / max($b_ms, 1e-9)))") MB/s)"
