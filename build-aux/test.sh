#!/bin/sh
# build-aux/test.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The README's second command: installs what is missing, builds, and runs the
# whole test suite. Extra arguments go to `meson test` (e.g. `--suite nm`).
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh

builddir=${PB_BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" ${PB_MESON_ARGS:-}
fi
meson compile -C "$builddir"

rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || rc=$?

/usr/bin/python3 build-aux/test-summary.py "$builddir/meson-logs/testlog.json"
exit $rc
