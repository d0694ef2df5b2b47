#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-summarizer-lazy.sh: `precis summarize FILE.txt` starts without
# libxml2, json-glib, GIO, GObject, libcurl or ICU (feeds/*-loader.c load
# them on first use: each costs milliseconds of CPU per process), and the
# commands that need them still load them.  Reads the dynamic loader's
# LD_DEBUG=libs trace.  Needs PRECIS_BIN and PRECIS_TEST_DATA.
set -u
: "${PRECIS_BIN:?set PRECIS_BIN}" "${PRECIS_TEST_DATA:?set PRECIS_TEST_DATA}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
article="$PRECIS_TEST_DATA/examples/article.txt"
failures=0
count=0

# loaded NAME ARGS...: runs precis ARGS with the loader's trace in
# $tmp/libs (one library path per line) and its output in $tmp/out.
loaded() {
  name=$1
  shift
  count=$((count + 1))
  if ! LD_DEBUG=libs LD_DEBUG_OUTPUT="$tmp/trace" "$PRECIS_BIN" "$@" \
    >"$tmp/out" 2>"$tmp/err"; then
    echo "not ok $count - $name: precis $* failed"
    sed 's/^/# /' "$tmp/err"
    failures=$((failures + 1))
    return 1
  fi
  cat "$tmp"/trace.* | sed -n 's/.*calling init: //p' >"$tmp/libs"
  rm -f "$tmp"/trace.*
  echo "ok $count - $name"
}

# expect NAME CONDITION...
expect() {
  name=$1
  shift
  count=$((count + 1))
  if "$@"; then
    echo "ok $count - $name"
  else
    echo "not ok $count - $name"
    sed 's/^/# loaded: /' "$tmp/libs"
    failures=$((failures + 1))
  fi
}

has() { # has LIB...: all of them were loaded
  for lib in "$@"; do
    grep -q "/lib$lib[.-]" "$tmp/libs" || return 1
  done
}
none_of() {
  for lib in "$@"; do
    if has "$lib"; then return 1; fi
  done
}

loaded "summarize plain text" summarize "$article"
expect "three sentences" test "$(grep -c . "$tmp/out")" -eq 3
expect "glib and libstemmer at start" has glib-2.0 stemmer
expect "no libxml2, json-glib, GIO, GObject, libcurl, ICU at start" \
  none_of xml2 json-glib-1.0 gio-2.0 gobject-2.0 curl icuuc

loaded "summarize --json" summarize --json "$article"
expect "json-glib loaded for --json" has json-glib-1.0
expect "--json output is one object" grep -q '^{"source":' "$tmp/out"
expect "no libxml2 for --json" none_of xml2 curl

html="$PRECIS_TEST_DATA/examples/article.html"
if [ -f "$html" ]; then
  loaded "extract a page" extract "$html"
  expect "libxml2 loaded for a page" has xml2
  expect "the page's text" test -s "$tmp/out"
fi

echo "1..$count"
[ "$failures" -eq 0 ]
