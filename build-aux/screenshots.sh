#!/bin/sh
# build-aux/screenshots.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the README's screenshots (the Links, Ports and Drives pages, the
# open-files dialog, Preferences, and the rows related to a selected link)
# over the demo scene, under Xvfb, into a folder, in the language LANGUAGE names (Traditional Chinese needs a CJK
# font, e.g. fonts-wqy-microhei).
#   [LANGUAGE=fr] build-aux/screenshots.sh [OUTDIR] [BUILDDIR]   (default: screenshots, _build)
# Runs as root: the demo scene starts Samba and gvfsd (tests/drives).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
export PB_BUILD_ROOT="$(cd "${2:-$top/_build}" && pwd)"
exec /usr/bin/python3 "$top/tests/gui/screenshots.py" "${1:-screenshots}"
