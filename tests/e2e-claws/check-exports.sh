#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-exports.sh PLUGIN.so: the Claws Mail plugin exports exactly the
# eight entry points Claws looks up (everything else is hidden), and leaves
# Claws' own symbols undefined (they resolve against claws-mail at dlopen).
set -eu
so=$1
command -v nm >/dev/null 2>&1 || { echo "SKIP: nm not installed"; exit 77; }
expected="plugin_desc plugin_done plugin_init plugin_licence plugin_name plugin_provides plugin_type plugin_version"
actual=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ && $3 !~ /^_/ { print $3 }' | sort | tr '\n' ' ' | sed 's/ $//')
if [ "$actual" != "$expected" ]; then
  echo "FAIL: exported: $actual"
  echo "      expected: $expected"
  exit 1
fi
for sym in hooks_register_hook procheader_get_header_from_msginfo prefs_gtk_register_page; do
  if ! nm -D --undefined-only "$so" | grep -qw "$sym"; then
    echo "FAIL: $sym is not an undefined (Claws-provided) symbol"
    exit 1
  fi
done
if nm -D --undefined-only "$so" | grep -q ' precis_'; then
  echo "FAIL: precis symbols left undefined:"
  nm -D --undefined-only "$so" | grep ' precis_'
  exit 1
fi
echo "PASS: exactly the 8 plugin entry points are exported"
