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
# PB_ONLY_NONROOT=1 (as root, no arguments) runs only the last pass, as an
# ordinary user; PB_NONROOT=no skips it.
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
only_nonroot=${PB_ONLY_NONROOT:-0}
logs=
sanitize=no
if [ $# -eq 0 ] && [ "$only_nonroot" != 1 ] && [ "${PB_SANITIZE:-yes}" != no ]; then
  sanitize=yes
fi
asandir=${PB_ASAN_BUILDDIR:-_build-asan}
fuzzdir=${PB_FUZZ_BUILDDIR:-_build-fuzz}

# The sanitized and the clang builds compile while the first pass runs, one
# job at the lowest priority: the first pass mostly waits on daemons and
# windows, so they take the time it leaves and it keeps its own. Their
# output is printed when they are needed.
later_builds() {
  renice -n 19 -p "$(sh -c 'echo $PPID')" >/dev/null  # this subshell, and what it starts
  if [ ! -f "$asandir/build.ninja" ]; then
    meson setup "$asandir" -Db_sanitize=address,undefined -Db_lundef=false -Dgui=enabled
  elif grep -q '"name": "gui", "value": "disabled"' "$asandir/meson-info/intro-buildoptions.json"; then
    meson configure "$asandir" -Dgui=enabled  # a sanitized build from before the window joined this pass
  fi
  meson compile -C "$asandir" -j 1 || return 1
  if [ ! -f "$fuzzdir/build.ninja" ]; then
    CC=clang meson setup "$fuzzdir" -Dgui=disabled -Dfuzzing=enabled
  fi
  meson compile -C "$fuzzdir" -j 1 fuzz-profile fuzz-uri fuzz-server fuzz-secret
}
builds_pid=
builds_log=
if [ "$sanitize" = yes ]; then
  builds_log=$(mktemp /tmp/pb-builds-log-XXXXXX)
  later_builds > "$builds_log" 2>&1 &
  builds_pid=$!
  trap 'kill "$builds_pid" 2>/dev/null; exit 130' INT TERM
fi

if [ "$only_nonroot" != 1 ]; then
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || rc=$?
  logs="$builddir/meson-logs/testlog.json"
fi

# Root reads any file, may unmount anything and has a ~/.config: what an
# ordinary user sees is checked again as one, with a fresh home and no
# ~/.config (issue #13). The profile's unit test, the drives suite and the
# faults suite run without meson (its logs are root's); their root-only tests
# skip, saying why. The drives tests' servers are root's, as a real user meets
# them: drives-servers.py runs smbd and sshd for the user, whose fixtures start
# only their own session (bus, gvfsd, gvfsd-fuse, agent, keyring) and use them.
#
# It runs beside the sanitized pass (its own build, its own buses and servers),
# which keeps the whole run within CI's time; its output is printed after.
nonroot_pass() {
  nrc=0
  nonroot=pbtest-drives
  id "$nonroot" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$nonroot"
  case $builddir in /*) absbuild=$builddir ;; *) absbuild=$PWD/$builddir ;; esac
  nrhome=$(mktemp -d /tmp/pb-nonroot-XXXXXX)
  chown "$nonroot:" "$nrhome"
  nrservers=$(mktemp -d /tmp/pb-nonroot-servers-XXXXXX)
  chmod 755 "$nrservers"
  servers_state=$nrservers/servers.json
  /usr/bin/python3 tests/drives/drives-servers.py --user "$nonroot" --state "$servers_state" &
  servers_pid=$!
  # Stopped by PID however this script ends; it removes what it made.
  trap 'kill "$servers_pid" 2>/dev/null; wait "$servers_pid"; rm -rf "$nrhome" "$nrservers"' EXIT
  trap 'exit 130' INT TERM
  tries=0
  while [ ! -f "$servers_state" ] && kill -0 "$servers_pid" 2>/dev/null && [ $tries -lt 300 ]; do
    sleep 0.1; tries=$((tries + 1))
  done
  [ -f "$servers_state" ] || { echo "FAILED: drives-servers.py did not start the drives servers"; nrc=1; }
  for t in "$absbuild/tests/unit/test-profile" tests/faults/test_hostile_input.py \
           tests/faults/test_profile_kill.py tests/faults/test_nm_faults.py tests/faults/test_drive_faults.py \
           tests/faults/test_credentials.py tests/drives/test_drives_cancel.py tests/drives/test_drives_cli.py \
           tests/drives/test_drives_mounts.py tests/drives/test_drives_profile.py \
           tests/drives/test_drives_shared_profile.py; do
    echo "== as $nonroot: $t"
    case $t in *.py) set -- /usr/bin/python3 "$t" ;; *) set -- "$t" ;; esac
    setpriv --reuid="$nonroot" --regid="$nonroot" --init-groups -- \
      env -i PATH="$PATH" HOME="$nrhome" LC_ALL=C.UTF-8 G_DEBUG=fatal-criticals NO_AT_BRIDGE=1 \
      PB_CLI="$absbuild/src/cli/plugboard-cli" PB_BUILD_ROOT="$absbuild" PB_SOURCE_ROOT="$PWD" \
      PB_DRIVES_SERVERS="$servers_state" "$@" ||
      { echo "FAILED as $nonroot: $t"; nrc=1; }
  done
  kill "$servers_pid" 2>/dev/null || true  # already gone: wait says how it ended
  wait "$servers_pid" || { echo "FAILED: drives-servers.py did not stop cleanly"; nrc=1; }
  trap - EXIT INT TERM
  rm -rf "$nrhome" "$nrservers"
  return $nrc
}

nonroot_pid=
nonroot_log=
if [ $# -eq 0 ] && [ "$(id -u)" = 0 ] && [ "${PB_NONROOT:-yes}" != no ]; then
  nonroot_log=$(mktemp /tmp/pb-nonroot-log-XXXXXX)
  nonroot_pass > "$nonroot_log" 2>&1 &
  nonroot_pid=$!
  # Stopped with this script: its own traps then stop the servers it started.
  trap 'kill "$nonroot_pid" $builds_pid 2>/dev/null; exit 130' INT TERM
fi

if [ "$sanitize" = yes ]; then
  # The CLI, the indicator (nm suite) and the window (gui suite) built with
  # ASan and UBSan; the fixtures' own checks (suite fixture) stay in the
  # first pass. Leaks are the valgrind-cli tests' job (first pass):
  # LeakSanitizer would report GLib's type system, which keeps what it
  # registers until exit.
  brc=0
  wait "$builds_pid" || brc=$?
  cat "$builds_log"
  rm -f "$builds_log"
  [ $brc -eq 0 ] || echo "test.sh: the sanitized or the clang build failed in the background; building again here"
  meson compile -C "$asandir"  # nothing left to do, unless the background build failed or was cut short
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$asandir" --print-errorlogs --num-processes 2 --suite unit --suite nm --suite drives \
      --suite gui --no-suite fixture --no-suite stress || rc=$?
  logs="$logs $asandir/meson-logs/testlog.json"

  # The libFuzzer targets need clang; each runs its corpus and a short
  # time-boxed search (tests/fuzz/run-fuzz.py). Long runs: README, "Fuzzing".
  meson compile -C "$fuzzdir" fuzz-profile fuzz-uri fuzz-server fuzz-secret
  meson test -C "$fuzzdir" --no-rebuild --print-errorlogs --suite fuzz || rc=$?
  logs="$logs $fuzzdir/meson-logs/testlog.json"
fi

if [ -n "$nonroot_pid" ]; then
  wait "$nonroot_pid" || rc=1
  cat "$nonroot_log"
  rm -f "$nonroot_log"
fi

# shellcheck disable=SC2086
[ -z "$logs" ] || /usr/bin/python3 build-aux/test-summary.py $logs
exit $rc
