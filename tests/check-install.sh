#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.sh: "cmake --install" puts every file where the Debian and
# RPM packages ship it, and nothing else.
#
#   tests/check-install.sh BUILD_DIR [CLAWS_PLUGINDIR]
#
# Installs BUILD_DIR with prefix /usr under a temporary DESTDIR (so nothing
# touches the system, even for absolute destinations) and compares the
# files with the packages' lists: the program, its man page, its bash
# completion, and precis.so in CLAWS_PLUGINDIR when the plugin is built.
set -eu

build=${1:?usage: check-install.sh BUILD_DIR [CLAWS_PLUGINDIR]}
plugindir=${2:-}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

DESTDIR=$dest cmake --install "$build" --prefix /usr >/dev/null

expected="usr/bin/precis
usr/share/bash-completion/completions/precis
usr/share/man/man1/precis.1"
if [ -n "$plugindir" ]; then
  expected="$expected
${plugindir#/}/precis.so"
fi
expected=$(printf '%s\n' "$expected" | sort)
actual=$(cd "$dest" && find . ! -type d | sed 's|^\./||' | sort)

status=0
if [ "$expected" != "$actual" ]; then
  echo "FAIL: installed files differ from the packages' (- expected, + installed):"
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | grep '^[<>]' |
    sed -e 's/^</-/' -e 's/^>/+/'
  status=1
fi
if [ -x "$dest/usr/bin/precis" ]; then
  "$dest/usr/bin/precis" --version | grep -q '^precis [0-9]' || {
    echo "FAIL: installed precis --version"
    status=1
  }
fi
[ "$status" -ne 0 ] || echo "ok: $(printf '%s\n' "$actual" | wc -l) files"
exit "$status"
