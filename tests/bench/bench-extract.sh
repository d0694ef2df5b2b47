#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-extract.sh: precis' page cleaner beside its peers, in one run.
#
#   bench-extract.sh DATA_DIR SCORER BUILD_DIR [NODE_MODULES] [OUT_DIR]
#
# DATA_DIR      the extraction datasets (aeb, l3s-gn1, dragnet, cleaneval,
#               cleanportaleval; each ground.jsonl + NNNN.html.gz)
# SCORER        extract_score.py
# BUILD_DIR     a precis build with -DPRECIS_BENCH=ON (cli/precis,
#               tests/bench/bench-extract)
# NODE_MODULES  a node_modules with @mozilla/readability and jsdom (optional:
#               Readability.js is skipped without it)
# OUT_DIR       where predictions and reports go (default: a temporary dir)
#
# Reports, per dataset: shingle F1 (extract_score.py) of precis (the CLI,
# one process per page, failures counted) as "precis extract --body" (the
# body alone) and as "precis extract" (headline, blank line, body: what a
# user sees; the dragnet, CleanEval and CleanPortalEval keys include the
# headline, the aeb and L3S-GN1 keys do not), of
# Readability.js on jsdom, readability-lxml and "all visible text"; of
# precis on that visible text as page residue (res-body, res-art: the same
# two output forms; bench-extract-residue.py); the
# speed of precis and Readability.js, each in one process over the same
# pages; the cleaning time over libxml2's bare parse time; the pages per
# second of one `precis extract` process over all the page files, with one
# thread and with --jobs = processors; and the digest
# purity of raw pages and of their visible text (aeb, cleanportaleval).
# Python peers need Debian's python3-readability: /usr/bin/python3 is used.
set -eu

if [ $# -lt 3 ]; then
  sed -n '2,30p' "$0" >&2
  exit 2
fi
data=$1
scorer=$2
build=$3
modules=${4:-}
out=${5:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
precis=$build/cli/precis
bench=$build/tests/bench/bench-extract
datasets=${DATASETS:-aeb l3s-gn1 dragnet cleaneval cleanportaleval}
mkdir -p "$out"

f1() { # f1 DATASET PRED.json -> "F1 failures"
  $py "$scorer" --data "$data/$1" --pred "$2" --bootstrap 0 --json |
    $py -c 'import json,sys; d=json.load(sys.stdin)["datasets"]; k=list(d)[0]; print("%.3f" % d[k]["f1"])'
}

echo "== shingle F1 (extract_score.py), DEV" | tee "$out/report.txt"
printf '%-16s %8s %8s %6s %9s %8s %8s %8s %8s %8s\n' dataset body article fails readab.js rd-lxml visible best-peer res-body res-art |
  tee -a "$out/report.txt"
for d in $datasets; do
  $py "$scorer" --data "$data/$d" --bootstrap 0 --json \
    --save-pred "$out/precis-$d.json" \
    --cmd "$precis extract --body --charset {charset} --url {url} {file}" \
    > "$out/precis-$d.score.json"
  $py "$scorer" --data "$data/$d" --bootstrap 0 --json \
    --save-pred "$out/precis-article-$d.json" \
    --cmd "$precis extract --charset {charset} --url {url} {file}" \
    > "$out/precis-article-$d.score.json"
  p=$($py -c 'import json,sys; d=json.load(open(sys.argv[1]))["datasets"]; k=list(d)[0]; print("%.3f %d" % (d[k]["f1"], d[k]["failures"]))' "$out/precis-$d.score.json")
  a=$($py -c 'import json,sys; d=json.load(open(sys.argv[1]))["datasets"]; k=list(d)[0]; print("%.3f %d" % (d[k]["f1"], d[k]["failures"]))' "$out/precis-article-$d.score.json")
  r=-
  if [ -n "$modules" ]; then
    NODE_PATH=$modules node "$here/bench-extract-readability.js" "$data/$d" \
      "$out/rjs-$d.json" > "$out/rjs-$d.speed.json"
    r=$(f1 "$d" "$out/rjs-$d.json")
  fi
  $py "$here/bench-extract-peers.py" lxml "$data/$d" "$out/lxml-$d.json" > /dev/null
  $py "$here/bench-extract-peers.py" visible "$data/$d" "$out/visible-$d.json" > /dev/null
  l=$(f1 "$d" "$out/lxml-$d.json")
  v=$(f1 "$d" "$out/visible-$d.json")
  # The same pages as page residue: their visible text through precis.
  $py "$here/bench-extract-residue.py" "$precis" "$out/visible-$d.json" \
    "$out/residue-body-$d.json" --body > /dev/null
  $py "$here/bench-extract-residue.py" "$precis" "$out/visible-$d.json" \
    "$out/residue-article-$d.json" > /dev/null
  rb=$(f1 "$d" "$out/residue-body-$d.json")
  ra=$(f1 "$d" "$out/residue-article-$d.json")
  best=$(printf '%s\n%s\n' "$r" "$l" | grep -v '^-$' | sort -r | head -1)
  printf '%-16s %8s %8s %6s %9s %8s %8s %8s %8s %8s\n' "$d" ${p% *} ${a% *} $((${p#* } + ${a#* })) "$r" "$l" "$v" "$best" "$rb" "$ra" |
    tee -a "$out/report.txt"
done

echo "== speed: one process each, same pages (parse + clean, no I/O)" | tee -a "$out/report.txt"
for d in $datasets; do
  "$bench" --dataset "$data/$d" --repeat 3 > "$out/bench-$d.json"
done
$py - "$out" $datasets <<'PY' | tee -a "$out/report.txt"
import json, os, sys
out = sys.argv[1]
pages = clean = parse = rjs_s = rjs_pages = 0.0
for d in sys.argv[2:]:
    b = json.load(open(os.path.join(out, "bench-%s.json" % d)))
    pages += b["pages"]; clean += b["clean_s"]; parse += b["parse_s"]
    print("%-16s precis %7.1f pages/s  clean/parse %.2f" %
          (d, b["pages_per_s"], b["clean_over_parse"]))
    p = os.path.join(out, "rjs-%s.speed.json" % d)
    if os.path.exists(p):
        r = json.load(open(p)); rjs_s += r["seconds"]; rjs_pages += r["pages"]
print("ALL              precis %7.1f pages/s  clean/parse %.2f (libxml2 parse alone %.1f pages/s)" %
      (pages / clean, clean / parse, pages / parse))
if rjs_s:
    print("ALL              Readability.js %.2f pages/s  -> precis is %.0fx faster" %
          (rjs_pages / rjs_s, (pages / clean) / (rjs_pages / rjs_s)))
PY

# The CLI as users run it on many pages: one `precis extract` process over
# every page (decompressed beforehand, written to /dev/null), with one
# thread and with one per processor (--jobs); median of three runs each.
echo "== speed: one precis extract process over all the pages (CLI, files)" | tee -a "$out/report.txt"
mkdir -p "$out/pages"
: > "$out/pages.list"
for d in $datasets; do
  mkdir -p "$out/pages/$d"
  for f in "$data/$d"/*.html.gz "$data/$d"/*.html; do
    [ -e "$f" ] || continue
    b=$(basename "$f" .gz)
    case $f in
    *.gz) gunzip -c "$f" > "$out/pages/$d/$b" ;;
    *) cp "$f" "$out/pages/$d/$b" ;;
    esac
    echo "$out/pages/$d/$b" >> "$out/pages.list"
  done
done
npages=$(wc -l < "$out/pages.list" | tr -d ' ')
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs_list=1
[ "$cpus" -gt 1 ] && jobs_list="1 $cpus"
for j in $jobs_list; do
  times=""
  for r in 1 2 3; do
    t0=$(date +%s.%N)
    xargs "$precis" extract --jobs "$j" < "$out/pages.list" > /dev/null 2>&1 || true
    t1=$(date +%s.%N)
    times="$times $(echo "$t0 $t1" | awk '{printf "%.3f", $2 - $1}')"
  done
  med=$(echo $times | tr ' ' '\n' | sort -n | sed -n 2p)
  echo "$npages $med $j" | awk -v t="$times" '{printf "CLI --jobs %-3s %6.1f pages/s  (%d pages, median %.3f s of%s)\n", $3, $1 / $2, $1, $2, t}' |
    tee -a "$out/report.txt"
done

echo "== digest purity (share of digest sentences from the body)" | tee -a "$out/report.txt"
$py "$here/bench-extract-purity.py" "$precis" "$data" aeb cleanportaleval |
  tee -a "$out/report.txt"
echo "report: $out/report.txt"
