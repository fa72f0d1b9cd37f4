#!/bin/sh
# build-aux/test.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The README's second command: installs what is missing, builds, and runs the
# whole test suite, then the unit, nm, drives and gui suites again from a
# build with AddressSanitizer and UBSan, and the fuzz suite from a clang build (its
# libFuzzer targets). Extra arguments go to `meson test` (e.g.
# `--suite nm`) and run the first pass only; PB_SANITIZE=no skips the second
# pass of a full run. One sanitized suite: `meson test -C _build-asan --suite nm`.
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh --tests

# No test reads the caller's input: under a CI harness it may hold anything,
# and children that read stdin by default (ssh, or meson's "cc -E -v -" in the
# flatpak suite's build) would take it in.
exec </dev/null

# A /dev/null that something on this machine replaced with a plain file turns
# every "discard this" into data (the flatpak suite's meson then reads it back
# as its compiler's output): say so at once rather than fail far from the cause.
if [ ! -c /dev/null ]; then
  echo "test.sh: /dev/null is not the null device on this machine (ls -l: $(ls -l /dev/null));" \
       "restore it with: rm /dev/null && mknod -m 666 /dev/null c 1 3" >&2
  exit 2
fi

builddir=${PB_BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" ${PB_MESON_ARGS:-}
elif grep -q '"name": "tests", "value": false' "$builddir/meson-info/intro-buildoptions.json"; then
  # run.sh sets the build up without the suites (their tools are --tests only).
  meson configure "$builddir" -Dtests=true
fi
meson compile -C "$builddir"

rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || rc=$?
logs="$builddir/meson-logs/testlog.json"

if [ $# -eq 0 ] && [ "${PB_SANITIZE:-yes}" != no ]; then
  # The CLI, the indicator (nm suite) and the window (gui suite) built with
  # ASan and UBSan; the fixtures' own checks (suite fixture) stay in the
  # first pass. Leaks are the valgrind-cli tests' job (first pass):
  # LeakSanitizer would report GLib's type system, which keeps what it
  # registers until exit.
  asandir=${PB_ASAN_BUILDDIR:-_build-asan}
  if [ ! -f "$asandir/build.ninja" ]; then
    meson setup "$asandir" -Db_sanitize=address,undefined -Db_lundef=false -Dgui=enabled
  elif grep -q '"name": "gui", "value": "disabled"' "$asandir/meson-info/intro-buildoptions.json"; then
    meson configure "$asandir" -Dgui=enabled  # a sanitized build from before the window joined this pass
  fi
  meson compile -C "$asandir"
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$asandir" --print-errorlogs --num-processes 2 --suite unit --suite nm --suite drives \
      --suite gui --no-suite fixture || rc=$?
  logs="$logs $asandir/meson-logs/testlog.json"

  # The libFuzzer targets need clang; each runs its corpus and a short
  # time-boxed search (tests/fuzz/run-fuzz.py). Long runs: README, "Fuzzing".
  fuzzdir=${PB_FUZZ_BUILDDIR:-_build-fuzz}
  if [ ! -f "$fuzzdir/build.ninja" ]; then
    CC=clang meson setup "$fuzzdir" -Dgui=disabled -Dfuzzing=enabled
  fi
  meson compile -C "$fuzzdir" fuzz-profile fuzz-uri fuzz-server fuzz-secret
  meson test -C "$fuzzdir" --no-rebuild --print-errorlogs --suite fuzz || rc=$?
  logs="$logs $fuzzdir/meson-logs/testlog.json"
fi

# Root reads any file, may unmount anything and has a ~/.config: what an
# ordinary user sees is checked again as one, with a fresh home and no
# ~/.config (issue #13). The profile's unit test and the faults suite run
# without meson (its logs are root's); their root-only tests skip, saying why.
if [ $# -eq 0 ] && [ "$(id -u)" = 0 ] && [ "${PB_NONROOT:-yes}" != no ]; then
  nonroot=pbtest-drives
  id "$nonroot" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$nonroot"
  case $builddir in /*) absbuild=$builddir ;; *) absbuild=$PWD/$builddir ;; esac
  nrhome=$(mktemp -d /tmp/pb-nonroot-XXXXXX)
  chown "$nonroot:" "$nrhome"
  for t in "$absbuild/tests/unit/test-profile" tests/faults/test_hostile_input.py \
           tests/faults/test_profile_kill.py tests/faults/test_nm_faults.py tests/faults/test_drive_faults.py \
           tests/faults/test_credentials.py; do
    echo "== as $nonroot: $t"
    case $t in *.py) set -- /usr/bin/python3 "$t" ;; *) set -- "$t" ;; esac
    setpriv --reuid="$nonroot" --regid="$nonroot" --init-groups -- \
      env -i PATH="$PATH" HOME="$nrhome" LC_ALL=C.UTF-8 G_DEBUG=fatal-criticals NO_AT_BRIDGE=1 \
      PB_CLI="$absbuild/src/cli/plugboard-cli" PB_BUILD_ROOT="$absbuild" PB_SOURCE_ROOT="$PWD" "$@" ||
      { echo "FAILED as $nonroot: $t"; rc=1; }
  done
  rm -rf "$nrhome"
fi

# shellcheck disable=SC2086
/usr/bin/python3 build-aux/test-summary.py $logs
exit $rc
