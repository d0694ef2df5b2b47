#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-summarizer-cli.sh: `precis summarize` and `precis sentences` from the
# outside: outputs, exit statuses (cli.h) and one-line errors for bad input.
# Needs PRECIS_BIN (the precis program) and PRECIS_TEST_DATA (tests/data).
set -u
: "${PRECIS_BIN:?set PRECIS_BIN}" "${PRECIS_TEST_DATA:?set PRECIS_TEST_DATA}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
article="$PRECIS_TEST_DATA/examples/article.txt"
failures=0
count=0

# check NAME EXPECTED_STATUS COMMAND...: runs COMMAND, stdout to $tmp/out,
# stderr to $tmp/err, and compares the exit status.
check() {
  name=$1 want=$2
  shift 2
  count=$((count + 1))
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "not ok $count - $name: status $got, expected $want"
    sed 's/^/# /' "$tmp/err"
    failures=$((failures + 1))
    return 1
  fi
  echo "ok $count - $name"
  return 0
}

# expect NAME CONDITION...: a test on the last outputs.
expect() {
  name=$1
  shift
  count=$((count + 1))
  if "$@"; then
    echo "ok $count - $name"
  else
    echo "not ok $count - $name"
    failures=$((failures + 1))
  fi
}

lines() { wc -l <"$1" | tr -d ' '; }
one_error_line() { [ "$(lines "$tmp/err")" -eq 1 ] && grep -q '^precis' "$tmp/err"; }

: >"$tmp/empty.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001\000' >"$tmp/image.png"
head -c 2048 /dev/zero >>"$tmp/image.png"
printf 'One short line\n' >"$tmp/heading.txt"

# ---- summarize ----
check "summarize a file" 0 "$PRECIS_BIN" summarize "$article"
expect "three sentences" [ "$(lines "$tmp/out")" -eq 3 ]
expect "no byline or headline in the digest" \
  sh -c "! grep -q -e 'Lindqvist' -e 'Harbour town turns' '$tmp/out'"
cp "$tmp/out" "$tmp/file-digest"

check "summarize stdin" 0 sh -c "\"$PRECIS_BIN\" summarize - <\"$article\""
expect "stdin gives the same digest" cmp -s "$tmp/out" "$tmp/file-digest"

check "summarize -n 1" 0 "$PRECIS_BIN" summarize -n 1 "$article"
expect "one sentence" [ "$(lines "$tmp/out")" -eq 1 ]
check "summarize --sentences=2" 0 "$PRECIS_BIN" summarize --sentences=2 "$article"
expect "two sentences" [ "$(lines "$tmp/out")" -eq 2 ]

check "two inputs" 0 "$PRECIS_BIN" summarize "$article" "$article"
expect "two digests and a blank line" [ "$(lines "$tmp/out")" -eq 7 ]
expect "blank line between digests" [ "$(sed -n 4p "$tmp/out")" = "" ]

check "json" 0 "$PRECIS_BIN" summarize --json "$article"
expect "one JSON line" [ "$(lines "$tmp/out")" -eq 1 ]
expect "JSON has sentences and language" \
  grep -q '"language":"en".*"sentences":\[{"text":' "$tmp/out"
check "json, two inputs" 0 "$PRECIS_BIN" summarize -j "$article" "$article"
expect "one JSON line per input" [ "$(lines "$tmp/out")" -eq 2 ]

check "forced language" 0 "$PRECIS_BIN" summarize -l fr --json "$article"
expect "language is the forced one" grep -q '"language":"fr"' "$tmp/out"

check "missing file" 3 "$PRECIS_BIN" summarize "$tmp/nope.txt"
expect "missing file: one error line" one_error_line
expect "missing file: nothing on stdout" [ ! -s "$tmp/out" ]

check "directory" 3 "$PRECIS_BIN" summarize "$tmp"
expect "directory: one error line" one_error_line

check "empty file" 4 "$PRECIS_BIN" summarize "$tmp/empty.txt"
expect "empty file: one error line" one_error_line

check "binary file" 4 "$PRECIS_BIN" summarize "$tmp/image.png"
expect "binary file: one error line" one_error_line

check "headline only" 4 "$PRECIS_BIN" summarize --no-clean "$tmp/heading.txt"
expect "headline only: one error line" one_error_line

check "-n 0" 2 "$PRECIS_BIN" summarize -n 0 "$article"
expect "-n 0: one error line" one_error_line
check "-n -3" 2 "$PRECIS_BIN" summarize -n -3 "$article"
check "-n not a number" 2 "$PRECIS_BIN" summarize -n many "$article"
expect "-n many: one error line" one_error_line

check "unknown option" 2 "$PRECIS_BIN" summarize --frobnicate "$article"
expect "unknown option: one error line" one_error_line
check "unknown language" 2 "$PRECIS_BIN" summarize --lang xx "$article"
expect "unknown language: one error line" one_error_line

check "bad input among good ones" 3 \
  "$PRECIS_BIN" summarize "$article" "$tmp/nope.txt" "$article"
expect "the good inputs are still digested" [ "$(lines "$tmp/out")" -eq 7 ]
expect "one error line for the bad one" one_error_line
check "highest status wins" 4 \
  "$PRECIS_BIN" summarize "$tmp/nope.txt" "$tmp/empty.txt" "$article"

check "summarize --help" 0 "$PRECIS_BIN" summarize --help
expect "help lists -n/--sentences" grep -q -- '-n, --sentences' "$tmp/out"
expect "help lists exit statuses" grep -q 'Exit status' "$tmp/out"

# ---- sentences ----
check "sentences of a file" 0 "$PRECIS_BIN" sentences "$article"
expect "every sentence on its own line" [ "$(lines "$tmp/out")" -ge 20 ]
expect "abbreviation kept inside" grep -qx \
  '"We had a basin nobody could use and a grid connection that was already paid for," said council leader Dr. Amira Osei.' \
  "$tmp/out"
check "sentences --mark" 0 "$PRECIS_BIN" sentences --mark "$article"
expect "headline marked H" grep -q '^H	Harbour town turns' "$tmp/out"
expect "prose marked S" grep -q '^S	The harbour town of Kestrelwick' "$tmp/out"
check "sentences stdin" 0 sh -c "printf 'One here. Two here.' | \"$PRECIS_BIN\" sentences"
expect "two sentences from stdin" [ "$(lines "$tmp/out")" -eq 2 ]
check "sentences missing file" 3 "$PRECIS_BIN" sentences "$tmp/nope.txt"
expect "sentences missing: one error line" one_error_line
check "sentences empty" 4 "$PRECIS_BIN" sentences "$tmp/empty.txt"
expect "sentences empty: one error line" one_error_line
check "sentences binary" 4 "$PRECIS_BIN" sentences "$tmp/image.png"
expect "sentences binary: one error line" one_error_line
check "sentences unknown language" 2 "$PRECIS_BIN" sentences -l xx "$article"
expect "sentences language: one error line" one_error_line
check "sentences two files" 2 "$PRECIS_BIN" sentences "$article" "$article"
check "sentences --help" 0 "$PRECIS_BIN" sentences --help

echo "1..$count"
[ "$failures" -eq 0 ]
