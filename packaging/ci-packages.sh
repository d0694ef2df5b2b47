#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ci-packages.sh: the packaging part of CI.  Builds the .debs from this tree
# (packaging/build-deb.sh: dpkg-buildpackage, then lintian with no error or
# warning), installs them on this machine, checks what they installed and
# runs the installed program and plugin, then removes them again.
#
#   packaging/ci-packages.sh [OUTDIR]      (default OUTDIR: build-deb)
#
# Checks on the installed packages:
#   - precis --version; precis summarize on the bundled example article,
#     from its file and from a URL on a local server;
#   - man -w precis finds the manual; the bash completion is in place;
#   - precis.so is in Claws Mail's plugindir (pkg-config claws-mail);
#   - the Claws Mail end-to-end test (tests/e2e-claws/e2e.py) against the
#     installed plugin in the system plugindir.
# Environment: DEB_BUILD_OPTIONS (CI passes nocheck when the suite has just
# run), KEEP_INSTALLED=1 to leave the packages installed, JOBS.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out=${1:-build-deb}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Packaging tools on top of setup.sh's DEPS.
missing=""
for p in dpkg-dev debhelper lintian fakeroot groff-base man-db; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "ci-packages: installing:$missing"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/*.deb
packaging/build-deb.sh "$out"
version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
arch=$(dpkg --print-architecture)
cli_deb=$out/precis_${version}_$arch.deb
plugin_deb=$out/claws-mail-precis_${version}_$arch.deb

for deb in "$cli_deb" "$plugin_deb"; do
  echo "--- dpkg -c $(basename "$deb")"
  dpkg -c "$deb"
done

for p in precis claws-mail-precis; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    echo "ci-packages: $p is already installed; refusing to replace it" >&2
    exit 1
  fi
done
cleanup() {
  if [ "${KEEP_INSTALLED:-0}" != 1 ]; then
    as_root dpkg -r claws-mail-precis precis >/dev/null || true
  fi
}
trap cleanup EXIT
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends "$cli_deb" "$plugin_deb" >/dev/null

fail() {
  echo "ci-packages: FAIL: $*" >&2
  exit 1
}

echo "--- installed"
[ "$(command -v precis)" = /usr/bin/precis ] || fail "precis is not /usr/bin/precis"
precis --version | head -n 1
precis --version | grep -q "^precis $version\$" || fail "precis --version"
echo "--- precis summarize tests/data/examples/article.txt"
digest=$(precis summarize tests/data/examples/article.txt)
printf '%s\n' "$digest"
[ "$(printf '%s\n' "$digest" | grep -c .)" -ge 1 ] || fail "empty digest"
# A URL too: libcurl is loaded on the first fetch (dlopen), so this checks
# the package's explicit libcurl dependency.  Local server, port 0.
port_file=$(mktemp)
/usr/bin/python3 -c '
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                            directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()' tests/data/examples "$port_file" 2>/dev/null &
server_pid=$!
for _ in $(seq 50); do
  [ -s "$port_file" ] && break
  sleep 0.1
done
url=http://127.0.0.1:$(cat "$port_file")/article.html
echo "--- precis summarize $url"
set +e
digest=$(precis summarize "$url")
summarize_status=$?
set -e
kill "$server_pid"
rm -f "$port_file"
printf '%s\n' "$digest"
[ "$summarize_status" -eq 0 ] && [ -n "$digest" ] || fail "precis summarize URL"
man -w precis | grep -q '^/usr/share/man/man1/precis\.1\.gz$' ||
  fail "man -w precis"
man -w claws-mail-precis | grep -q 'man7/claws-mail-precis\.7\.gz$' ||
  fail "man -w claws-mail-precis"
[ -f /usr/share/bash-completion/completions/precis ] ||
  fail "bash completion missing"
plugindir=$(pkg-config --variable=plugindir claws-mail)
[ -f "$plugindir/precis.so" ] || fail "precis.so not in $plugindir"
dpkg -S "$plugindir/precis.so"
nm -D --defined-only "$plugindir/precis.so" | grep ' T plugin_' || true

echo "--- Claws Mail end-to-end test against $plugindir/precis.so"
e2e_work=$(mktemp -d "${TMPDIR:-/tmp}/precis-e2e.XXXXXX")
set +e
/usr/bin/python3 tests/e2e-claws/e2e.py --plugin="$plugindir/precis.so" \
  --workdir="$e2e_work"
e2e=$?
set -e
case $e2e in
0) rm -rf "$e2e_work" ;;
77) echo "ci-packages: e2e skipped (no Xvfb, claws-mail or RSSyl)" ;;
*) fail "Claws Mail end-to-end test (status $e2e; see $e2e_work)" ;;
esac
echo "ci-packages: ok"
