#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-feed.sh: `precis feed` (fetch, clean and summarize every item) against
# `curl --parallel --parallel-max 8` merely downloading the same URLs, both
# from precis-httpd on 127.0.0.1; then the CPU time of cleaning and
# summarizing the same pages from disk in one thread (and of libxml2's bare
# parse of them, with bench-extract), the work curl does not do; then a
# second precis run, which must be answered by 304s only (counted in the
# server's log); then peak RSS (/usr/bin/time -v) of `precis feed` at
# several feed sizes.
#
#   bench-feed.sh [--quick] [--items N] [--sizes "100 500 2000"]
#                 [--runs R] [--jobs J] [--delays "0 50"] PRECIS PRECIS_HTTPD
#
# Each delay D (ms) is one speed comparison against a server that waits D ms
# before each answer, as a distant site does (round trip + think time);
# D = 0 is the loopback at full speed, where downloading costs nearly
# nothing and precis is bound by its CPU work.  Both sides use 8
# connections to the one host (precis: --jobs 8 --per-host 8).
#
# Pages are generated into a temp dir from the article fixtures in
# tests/data/http (each page gets its own headline and opening sentence),
# so nothing is downloaded from anywhere.  Prints one line per figure and a
# summary; exits non-zero only when a run fails (no timed assertions).
set -eu

quick=0 items=500 sizes="100 500 2000" runs=3 jobs=8 delays="0 50"
while [ $# -gt 2 ]; do
  case $1 in
  --quick) quick=1; items=40; sizes="20 80"; runs=1; delays=0; shift ;;
  --delays) delays=$2; shift 2 ;;
  --items) items=$2; shift 2 ;;
  --sizes) sizes=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  *) echo "bench-feed: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -eq 2 ] || { echo "usage: bench-feed.sh [--quick] [--items N] [--sizes LIST] [--runs R] [--jobs J] [--delays LIST] PRECIS PRECIS_HTTPD" >&2; exit 2; }
precis=$1 httpd=$2
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../data/http
command -v curl >/dev/null || { echo "bench-feed: curl not found" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-feed.XXXXXX")
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# ---- pages and feeds -------------------------------------------------------
max=$items
for n in $sizes; do [ "$n" -gt "$max" ] && max=$n; done
mkdir -p "$tmp/www/a"
# One awk pass writes every page: template k = i % 4, with an item-specific
# headline and first sentence so no two pages are the same.
awk -v max="$max" -v out="$tmp/www/a" '
  FNR == 1 { t++ }
  { tpl[t] = tpl[t] $0 "\n" }
  END {
    for (i = 0; i < max; i++) {
      k = i % t + 1
      page = tpl[k]
      sub(/<h1>/, "<h1>Item " i ": ", page)
      sub(/<article>\n<h1>[^\n]*\n/, "&<p>Report number " i " opens with this sentence about district " i % 97 ", which the editors added on day " i % 31 ".</p>\n", page)
      f = out "/" i ".html"
      printf "%s", page > f
      close(f)
    }
  }' "$fixtures"/article-1.html "$fixtures"/article-2.html \
    "$fixtures"/article-3.html "$fixtures"/article-4.html

make_feed() { # N FILE
  {
    printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
    printf '<title>Bench feed</title><link>{{BASE}}/</link><description>bench</description>\n'
    i=0
    while [ "$i" -lt "$1" ]; do
      printf '<item><title>Item %d</title><link>{{BASE}}/a/%d.html</link><description>Short teaser %d.</description></item>\n' "$i" "$i" "$i"
      i=$((i + 1))
    done
    printf '</channel></rss>\n'
  } >"$2"
}
make_feed "$items" "$tmp/www/feed.xml"
for n in $sizes; do make_feed "$n" "$tmp/www/feed-$n.xml"; done

# ---- server ------------------------------------------------------------------
start_server() { # DELAY_MS
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -f "$tmp/port"
  "$httpd" --delay "$1" "$tmp/www" "$tmp/access.log" >"$tmp/port" </dev/null &
  pid=$!
  i=0
  while ! grep -q '^PORT ' "$tmp/port" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "bench-feed: server did not start" >&2; exit 1; }
    sleep 0.05
  done
  port=$(awk '/^PORT /{print $2}' "$tmp/port")
  base="http://127.0.0.1:$port"
}

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.3f", $2 - $1}'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
loglines() { wc -l <"$tmp/access.log" | tr -d ' '; }

# ---- speed: curl downloading vs precis digesting ------------------------------
# Both sides' commands; $wrap, when set, runs them under /usr/bin/time.
wrap=""
precis_feed() { # extra args...; the feed URL comes last
  $wrap "$precis" feed --jobs "$jobs" --per-host "$jobs" "$@"
}
curl_all() {
  $wrap curl --parallel --parallel-max 8 -s --no-progress-meter -K "$tmp/curl.cfg" 2>/dev/null
}
compare() { # DELAY_MS
  start_server "$1"
  {
    echo "url = \"$base/feed.xml\""
    echo "output = \"/dev/null\""
    i=0
    while [ "$i" -lt "$items" ]; do
      echo "url = \"$base/a/$i.html\""
      echo "output = \"/dev/null\""
      i=$((i + 1))
    done
  } >"$tmp/curl.cfg"
  curl_times="" precis_times="" curl_cpus="" precis_cpus=""
  r=0
  while [ "$r" -lt "$runs" ]; do
    t0=$(now)
    curl_all
    t1=$(now)
    curl_times="$curl_times $(elapsed "$t0" "$t1")"

    rm -rf "$tmp/cache"
    t0=$(now)
    XDG_CACHE_HOME="$tmp/cache" precis_feed "$base/feed.xml" >"$tmp/out.txt" 2>"$tmp/err.txt" || {
      echo "bench-feed: precis feed failed:" >&2; head -5 "$tmp/err.txt" >&2; exit 1; }
    t1=$(now)
    precis_times="$precis_times $(elapsed "$t0" "$t1")"
    r=$((r + 1))
  done
  # The same runs again under /usr/bin/time (its fork is kept out of the
  # timings above), for the CPU time of each side.
  r=0 wrap=$timer
  while [ -n "$timer" ] && [ "$r" -lt "$runs" ]; do
    curl_all
    curl_cpus="$curl_cpus $(cpu_used)"
    rm -rf "$tmp/cache"
    XDG_CACHE_HOME="$tmp/cache" precis_feed "$base/feed.xml" >/dev/null 2>&1
    precis_cpus="$precis_cpus $(cpu_used)"
    r=$((r + 1))
  done
  wrap=""
  curl_s=$(echo "$curl_times" | median)
  precis_s=$(echo "$precis_times" | median)
  ratio=$(echo "$precis_s $curl_s" | awk '{printf "%.2f", $1 / $2}')
  digests=$(grep -c '^  \* ' "$tmp/out.txt" || true)
  echo "== $items items, server delay $1 ms, 8 connections, median of $runs"
  echo "curl --parallel-max 8 (download only): ${curl_s} s  [$curl_times ]"
  echo "precis feed (fetch+clean+summarize):   ${precis_s} s  [$precis_times ]"
  echo "ratio precis/curl: $ratio  (digest sentences printed: $digests)"
  if [ -n "$timer" ]; then
    # The work each side does, in CPU seconds (user+sys, the server's not
    # counted): on the loopback precis is bound by its CPU, and with C
    # processors its time cannot fall below its CPU time / C.
    curl_cpu=$(echo "$curl_cpus" | median)
    precis_cpu=$(echo "$precis_cpus" | median)
    echo "CPU (user+sys), median: curl ${curl_cpu} s, precis ${precis_cpu} s; $ncpu processors: precis cannot finish under $(echo "$precis_cpu $ncpu" | awk '{printf "%.3f", $1 / $2}') s"
  fi
}
# CPU time of each timed run, from /usr/bin/time when it is installed.
timer=""
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $tmp/cpu1.txt"
cpu_used() { [ -n "$timer" ] && awk -F+ 'END{printf "%.3f", $1 + $2}' "$tmp/cpu1.txt"; }
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
for d in $delays; do compare "$d"; done

# ---- the CPU work that curl does not do ---------------------------------------
# Cleaning and summarizing the same pages from disk in one thread, and
# libxml2's bare parse of them (bench-extract, when the build has it): the
# floor under precis' time on the loopback, where downloading is nearly free.
cpu_of() { # command...: prints user+sys seconds (median of 3)
  for r in 1 2 3; do
    /usr/bin/time -f '%U %S' -o "$tmp/cpu.txt" "$@" >/dev/null 2>&1 || {
      echo "bench-feed: $* failed" >&2; exit 1; }
    awk '{printf "%.3f\n", $1 + $2}' "$tmp/cpu.txt"
  done | median
}
if [ -x /usr/bin/time ]; then
  i=0 pages=""
  while [ "$i" -lt "$items" ]; do pages="$pages $tmp/www/a/$i.html"; i=$((i + 1)); done
  # shellcheck disable=SC2086 # one argument per page
  work=$(cpu_of "$precis" summarize --jobs 1 $pages)
  echo "CPU (user+sys) of precis summarize --jobs 1 on the $items page files: ${work} s"
  bench=$(dirname "$precis")/../tests/bench/bench-extract
  if [ -x "$bench" ]; then
    mkdir -p "$tmp/ds"
    i=0
    while [ "$i" -lt "$items" ]; do
      ln -s "$tmp/www/a/$i.html" "$tmp/ds/$(printf %04d "$i").html"
      printf '{"id":"%04d","charset":"utf-8","url":null,"body":""}\n' "$i"
      i=$((i + 1))
    done >"$tmp/ds/ground.jsonl"
    "$bench" --dataset "$tmp/ds" --repeat 3 2>/dev/null | tail -1 |
      awk -F'[:,]' '{for (k = 1; k < NF; k++) { if ($k ~ /clean_s/) c = $(k+1); if ($k ~ /parse_s/) p = $(k+1) }
                     printf "in one process (bench-extract, wall time, no I/O): cleaning %.3f s, libxml2 parse alone %.3f s\n", c, p}'
  fi
fi

# ---- second run: conditional requests only ----------------------------------------
start_server 0
rm -rf "$tmp/cache"
XDG_CACHE_HOME="$tmp/cache" precis_feed "$base/feed.xml" >"$tmp/out.txt" 2>&1
before=$(loglines)
XDG_CACHE_HOME="$tmp/cache" precis_feed "$base/feed.xml" >"$tmp/out2.txt" 2>&1
after=$(loglines)
total2=$((after - before))
n304=$(tail -n "$total2" "$tmp/access.log" | awk '$3 == 304' | wc -l | tr -d ' ')
n200=$(tail -n "$total2" "$tmp/access.log" | awk '$3 == 200' | wc -l | tr -d ' ')
same=no
cmp -s "$tmp/out.txt" "$tmp/out2.txt" && same=yes
echo "second run: $total2 requests, $n304 answered 304, $n200 answered 200 (same output: $same)"

# ---- peak RSS ------------------------------------------------------------------------
if [ -x /usr/bin/time ]; then
  for n in $sizes; do
    rm -rf "$tmp/cache"
    wrap="/usr/bin/time -v"
    XDG_CACHE_HOME="$tmp/cache" precis_feed "$base/feed-$n.xml" >/dev/null 2>"$tmp/time.txt" || {
      echo "bench-feed: precis feed ($n items) failed" >&2; exit 1; }
    kb=$(awk -F': *' '/Maximum resident set size/{print $2}' "$tmp/time.txt")
    echo "peak RSS at $n items: $kb KiB"
  done
else
  echo "peak RSS: /usr/bin/time not installed (apt-get install time)"
fi
[ "$quick" -eq 1 ] && [ "$n304" -ne "$total2" ] && { echo "bench-feed: second run was not all 304" >&2; exit 1; }
exit 0
