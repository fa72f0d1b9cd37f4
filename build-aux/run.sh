#!/bin/sh
# build-aux/run.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The README's first command: installs what is missing, builds, and starts
# Plugboard from the build tree. Arguments go to the window (e.g. --help).
set -eu
cd "$(dirname "$0")/.."

# Only what building and running needs: no test servers.
sh build-aux/install-deps.sh

builddir=${PB_BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  # Without the suites, whose tools (flatpak-builder, appstreamcli…) are
  # installed by test.sh only; test.sh turns them on in the same directory.
  meson setup "$builddir" -Dtests=false ${PB_MESON_ARGS:-}
fi
meson compile -C "$builddir"

# The settings schema is compiled into the build tree, not installed.
GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export GSETTINGS_SCHEMA_DIR
# And so are the translations: the window reads them from $builddir/po.
PB_LOCALEDIR="$PWD/$builddir/po"
export PB_LOCALEDIR

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display (DISPLAY/WAYLAND_DISPLAY unset): start Plugboard from a desktop session," >&2
  echo "        or use the command-line tool: $builddir/src/cli/plugboard-cli list" >&2
  exit 1
fi
exec "$builddir/src/app/plugboard" "$@"
