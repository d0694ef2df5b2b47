#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-jobs.sh: `precis extract` and `precis summarize` over many inputs
# with several threads (--jobs, cli/map.c) print exactly what one thread
# prints: the same stdout and stderr, in the order of the inputs, and the
# same exit status, with missing, empty and binary inputs among good ones.
# Needs PRECIS_BIN and PRECIS_TEST_DATA (tests/data).
set -u
: "${PRECIS_BIN:?set PRECIS_BIN}" "${PRECIS_TEST_DATA:?set PRECIS_TEST_DATA}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0

ok() { count=$((count + 1)); echo "ok $count - $1"; }
not_ok() { count=$((count + 1)); echo "not ok $count - $1"; failures=$((failures + 1)); }

# Inputs: every page fixture three times, with bad inputs in between, so
# that results complete out of order (pages differ in size) and errors
# must be reported in their turn.
: >"$tmp/empty.html"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$tmp/image.html"
head -c 2048 /dev/zero >>"$tmp/image.html"
set --
for round in 1 2 3; do
  for f in "$PRECIS_TEST_DATA"/page/*.html; do
    set -- "$@" "$f"
  done
  set -- "$@" "$tmp/missing-$round.html" "$tmp/empty.html" "$tmp/image.html"
done
n=$#

for cmd in extract "extract --json" summarize "summarize --json"; do
  # shellcheck disable=SC2086 # $cmd is a subcommand and its options
  "$PRECIS_BIN" $cmd --jobs 1 "$@" >"$tmp/out1" 2>"$tmp/err1"
  st1=$?
  for j in 2 4 7; do
    # shellcheck disable=SC2086
    "$PRECIS_BIN" $cmd --jobs $j "$@" >"$tmp/out$j" 2>"$tmp/err$j"
    stj=$?
    if [ "$stj" -eq "$st1" ] && cmp -s "$tmp/out1" "$tmp/out$j" &&
      cmp -s "$tmp/err1" "$tmp/err$j"; then
      ok "$cmd --jobs $j: same output, errors and status as --jobs 1 ($n inputs)"
    else
      not_ok "$cmd --jobs $j differs from --jobs 1 (status $stj vs $st1)"
      diff "$tmp/out1" "$tmp/out$j" | head -5 | sed 's/^/# /'
      diff "$tmp/err1" "$tmp/err$j" | head -5 | sed 's/^/# /'
    fi
  done
  # The bad inputs were reported, one line each, in input order.
  if [ "$(grep -c 'missing-' "$tmp/err1")" -eq 3 ] &&
    [ "$(grep -n 'missing-1' "$tmp/err1" | cut -d: -f1)" -lt \
      "$(grep -n 'missing-2' "$tmp/err1" | cut -d: -f1)" ] &&
    [ "$st1" -eq 4 ]; then
    ok "$cmd: bad inputs reported in order, status $st1"
  else
    not_ok "$cmd: bad inputs not reported as expected (status $st1)"
    sed 's/^/# /' "$tmp/err1"
  fi
done

# Bad --jobs values are usage errors.
for bad in -1 65 x; do
  "$PRECIS_BIN" extract --jobs "$bad" "$PRECIS_TEST_DATA/page/001-news-article.html" >/dev/null 2>"$tmp/err"
  st=$?
  if [ "$st" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
    ok "extract --jobs $bad: usage error"
  else
    not_ok "extract --jobs $bad: status $st"
  fi
done

echo "1..$count"
[ "$failures" -eq 0 ]
