#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-spec.sh: checks packaging/rpm/precis.spec on this machine.
#
#   packaging/rpm/check-spec.sh [--committed] [OUTDIR]
#
# 1. rpmspec -P (the spec parses, macros expand);
# 2. rpmlint on the spec;
# 3. rpmbuild -bb from a tarball of the tree (tracked files plus untracked
#    ones git does not ignore; with --committed, HEAD as committed).  On Debian the BuildRequires name Fedora
#    packages, so the build runs with --nodeps, and the %cmake macros come
#    from macros.cmake-fallback when rpm lacks them.  Debuginfo packages
#    are off (Debian has no find-debuginfo);
# 4. rpmlint on the built packages.  Expected there on Debian only:
#    no-signature (local build), no-packager-tag and no-group-tag (Fedora
#    forbids both tags), invalid-license (Debian's rpmlint list predates
#    SPDX names), and unstripped-binary-or-object / manpage-not-compressed
#    (Debian's brp-strip and brp-compress use bash's "read -d" under
#    /bin/sh, which is dash, so they do nothing; no-manual-page-for-binary
#    follows from the uncompressed page).  Any other finding fails.
# The .rpm files are left in OUTDIR (default: only in a temporary dir).
set -eu

committed=
if [ "${1:-}" = "--committed" ]; then
  committed=yes
  shift
fi
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
spec=$here/precis.spec
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-rpm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

load=
if [ "$(rpm --eval '%cmake')" = "%cmake" ]; then
  echo "check-spec: rpm has no %cmake macros; loading macros.cmake-fallback"
  load="--load=$here/macros.cmake-fallback"
fi

echo "== rpmspec -P"
rpmspec $load -P "$spec" >"$tmp/expanded.spec"
grep -E '^(Name|Version|Release|Requires|BuildRequires|%package)' \
  "$tmp/expanded.spec" || true

echo "== rpmlint precis.spec"
rpmlint -r "$here/precis.rpmlintrc" "$spec"

version=$(rpmspec $load -q --srpm --qf '%{version}\n' "$spec")
mkdir -p "$tmp/SOURCES" "$tmp/pkg/precis-$version"
if [ -n "$committed" ]; then
  git -C "$src" archive --format=tar HEAD | tar -x -C "$tmp/pkg/precis-$version"
else
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -x -C "$tmp/pkg/precis-$version"
fi
tar -C "$tmp/pkg" -czf "$tmp/SOURCES/precis-$version.tar.gz" "precis-$version"

echo "== rpmbuild -bb --nodeps"
rpmbuild $load -bb --nodeps \
  --define "_topdir $tmp" \
  --define 'debug_package %{nil}' \
  --define "_smp_mflags -j${JOBS:-$(nproc)}" \
  "$spec" >"$tmp/rpmbuild.log" 2>&1 || {
  tail -n 60 "$tmp/rpmbuild.log"
  echo "check-spec: rpmbuild failed" >&2
  exit 1
}
grep -E '^(Wrote|Provides|Requires)|tests passed|^Executing' "$tmp/rpmbuild.log" || true

for rpm in "$tmp"/RPMS/*/*.rpm; do
  echo "== rpm -qlp $(basename "$rpm")"
  rpm -qlp "$rpm"
done
echo "== rpmlint (built packages)"
rpmlint "$tmp"/RPMS/*/*.rpm >"$tmp/rpmlint.txt" 2>&1 || true
cat "$tmp/rpmlint.txt"
if [ -n "${1:-}" ]; then
  mkdir -p "$1"
  cp "$tmp"/RPMS/*/*.rpm "$1/"
fi
# The findings listed above as expected on Debian pass; any other fails.
expected='no-signature|no-packager-tag|no-group-tag|invalid-license'
expected="$expected|unstripped-binary-or-object|manpage-not-compressed"
expected="$expected|no-manual-page-for-binary"
unexpected=$(grep -E ': [EW]: ' "$tmp/rpmlint.txt" |
  grep -v -E ": [EW]: ($expected)( |\$)" || true)
if [ -n "$unexpected" ]; then
  echo "check-spec: unexpected rpmlint findings:" >&2
  printf '%s\n' "$unexpected" >&2
  exit 1
fi
echo "check-spec: ok (rpmlint: only the findings expected on Debian)"
