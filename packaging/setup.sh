#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# setup.sh: one command from a fresh Debian 12 machine to a working precis.
#
#   packaging/setup.sh demo   install what is missing, build, digest the
#                             bundled example article (offline)
#   packaging/setup.sh test   install what is missing, build, run the whole
#                             test suite, then again under ASan + UBSan
#   packaging/setup.sh deps   only install what is missing
#   packaging/setup.sh bench  install the peers too, build with benchmarks
#
# Environment: BUILD_DIR (default build), JOBS (default nproc).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode=${1:-demo}
build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

# Build and test dependencies; the list is also Build-Depends in
# packaging/debian/control.
DEPS="build-essential cmake pkg-config libglib2.0-dev libcmocka-dev
 libcurl4-openssl-dev libxml2-dev libstemmer-dev libjson-glib-dev
 clang clang-format libclang-rt-14-dev python3 ca-certificates
 claws-mail claws-mail-feeds-reader libclaws-mail-dev libgtk-3-dev
 xvfb xauth x11-apps xdotool dbus dbus-x11 imagemagick procps time groff-base"
BENCH_DEPS="ots libots-dev python3-readability python3-feedparser newsboat
 curl nodejs npm hyperfine"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  missing=""
  for p in $*; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "setup: installing:$missing"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $missing
  fi
}

configure_build() {
  dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "$mode" in
deps)
  install_missing $DEPS
  ;;
demo)
  install_missing $DEPS
  configure_build "$build"
  echo "--- precis summarize tests/data/examples/article.txt"
  "$build/cli/precis" summarize tests/data/examples/article.txt
  echo "--- precis summarize tests/data/examples/article.html"
  "$build/cli/precis" summarize tests/data/examples/article.html
  ;;
test)
  install_missing $DEPS
  # House format (.clang-format), checked as CI does.
  if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror
  fi
  configure_build "$build" -DPRECIS_WERROR=ON
  (cd "$build" && ctest --output-on-failure -j "$jobs")
  configure_build "$build-asan" -DPRECIS_WERROR=ON \
    -DPRECIS_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug
  (cd "$build-asan" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure -j "$jobs" -LE no-sanitize)
  ;;
bench)
  install_missing $DEPS $BENCH_DEPS
  configure_build "$build" -DPRECIS_BENCH=ON
  ;;
*)
  echo "usage: packaging/setup.sh demo|test|deps|bench" >&2
  exit 2
  ;;
esac
