#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-threads-start.sh: two digest workers whose first job is an HTML page
# start libxml2 at the same moment.  Before feeds/xml-init.c, libxml2 2.9's
# lazy global set-up could then leave both waiting on its dictionary mutex
# for ever (about 1 run in 75 hung here).  Runs `precis batch` on two pages
# RUNS times (default 150); any run that fails or outlives its 10 s limit
# fails the test.  Needs PRECIS_BIN and PRECIS_TEST_DATA.
set -u
: "${PRECIS_BIN:?set PRECIS_BIN}" "${PRECIS_TEST_DATA:?set PRECIS_TEST_DATA}"
runs=${1:-150}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Two JSON lines whose "html" is a fixture page (quotes and newlines escaped).
for n in 1 2; do
  printf '{"id":%d,"html":"' "$n"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
    "$PRECIS_TEST_DATA/http/article-$n.html" | awk '{printf "%s\\n", $0}'
  printf '"}\n'
done >"$tmp/in.jsonl"

"$PRECIS_BIN" batch --threads 2 <"$tmp/in.jsonl" >"$tmp/out" 2>"$tmp/err" || {
  echo "not ok 1 - precis batch failed:"; sed 's/^/# /' "$tmp/err"; exit 1; }
if [ "$(grep -c '"sentences"' "$tmp/out")" -ne 2 ]; then
  echo "not ok 1 - two digests expected:"; sed 's/^/# /' "$tmp/out"; exit 1
fi

i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  if ! timeout 10 "$PRECIS_BIN" batch --threads 2 <"$tmp/in.jsonl" >/dev/null 2>&1; then
    echo "not ok 1 - run $i of $runs failed or hung"
    exit 1
  fi
done
echo "ok 1 - $runs runs of two workers starting on HTML"
