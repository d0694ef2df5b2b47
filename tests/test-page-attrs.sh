#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-page-attrs.sh: every attribute the page cleaner reads is one that
# feeds/page.c keeps when it slims the markup before the parse (kept_attrs);
# an attribute read but not kept would always look absent.
# Usage: test-page-attrs.sh SOURCE_DIR
set -u
src=${1:?usage: test-page-attrs.sh SOURCE_DIR}
kept=$(sed -n '/kept_attrs\[\] = {/,/^};/p' "$src/feeds/page.c" |
  grep -o '"[^"]*"' | tr -d '"' | sort -u)
[ -n "$kept" ] || { echo "not ok 1 - kept_attrs not found in feeds/page.c"; exit 1; }
read=$(cat "$src"/feeds/page*.c |
  grep -o -E '(attr_value|attr)\([^,()]+, *"[^"]+"\)' |
  sed -E 's/.*"([^"]+)"\)$/\1/' | sort -u)
[ -n "$read" ] || { echo "not ok 1 - no attribute reads found"; exit 1; }
missing=0
for a in $read; do
  if ! printf '%s\n' "$kept" | grep -qx "$a"; then
    echo "# $a is read by the cleaner but dropped by slim_markup()"
    missing=$((missing + 1))
  fi
done
if [ "$missing" -eq 0 ]; then
  echo "ok 1 - the $(printf '%s\n' "$read" | wc -l | tr -d ' ') attributes read are all kept"
else
  echo "not ok 1 - $missing attribute(s) read but not kept"
  exit 1
fi
echo "1..1"
