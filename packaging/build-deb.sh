#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# build-deb.sh: builds the Debian packages (precis, claws-mail-precis) from
# this tree and checks them with lintian.
#
#   packaging/build-deb.sh [--committed] OUTDIR
#
# dpkg-buildpackage wants debian/ at the top of the source tree, and precis
# keeps it in packaging/debian/.  So this copies the tree (the files git
# knows plus untracked ones it does not ignore; with --committed, HEAD as
# committed) into a temporary directory, links packaging/debian to debian/
# there, runs "dpkg-buildpackage -us -uc -b", then lintian on the result.
# The .deb files, the .changes and .buildinfo files and lintian.txt are
# left in OUTDIR.  Fails when the build fails or lintian reports an error
# or a warning.
#
# Environment: JOBS (parallel build and test jobs, default nproc),
# DEB_BUILD_OPTIONS (e.g. nocheck), KEEP=1 to keep the temporary tree.
set -eu

committed=
if [ "${1:-}" = "--committed" ]; then
  committed=yes
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: packaging/build-deb.sh [--committed] OUTDIR" >&2
  exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
jobs=${JOBS:-$(nproc)}

for tool in git dpkg-buildpackage dpkg-parsechangelog lintian; do
  command -v "$tool" >/dev/null || {
    echo "build-deb: $tool not found (apt-get install dpkg-dev debhelper lintian git)" >&2
    exit 1
  }
done

version=$(dpkg-parsechangelog -l "$src/packaging/debian/changelog" -S Version)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-deb.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "build-deb: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi
work=$tmp/precis-$version
mkdir -p "$work"

if [ -n "$committed" ]; then
  git -C "$src" archive --format=tar HEAD | tar -x -C "$work"
else
  # Tracked and untracked-but-not-ignored files, as they are on disk.
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -x -C "$work"
fi
[ -e "$work/debian" ] && {
  echo "build-deb: the tree already has a debian/ directory" >&2
  exit 1
}
ln -s packaging/debian "$work/debian"

echo "build-deb: dpkg-buildpackage -us -uc -b in $work"
(cd "$work" && dpkg-buildpackage -us -uc -b -j"$jobs")

changes=$(ls "$tmp"/precis_"$version"_*.changes)
echo "build-deb: lintian"
set +e
lintian --info --pedantic --display-experimental --fail-on error,warning \
  "$changes" >"$tmp/lintian.txt" 2>&1
lintian_status=$?
set -e
cat "$tmp/lintian.txt"

for f in "$tmp"/*.deb "$tmp"/*.ddeb "$tmp"/*.changes "$tmp"/*.buildinfo \
  "$tmp/lintian.txt"; do
  [ -e "$f" ] && cp "$f" "$out/"
done
ls -l "$out"
if [ "$lintian_status" -ne 0 ]; then
  echo "build-deb: lintian failed (status $lintian_status)" >&2
  exit 1
fi
echo "build-deb: ok, lintian clean"
