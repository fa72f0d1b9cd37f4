#!/bin/sh
# build-aux/demo.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The demo: the window on this display, over private buses with the test
# NetworkManager (a few links of each type and their ports; hanging up
# "Phone DUN" never finishes, hanging up "CDMA Dial-up" is refused), a local
# Samba share mounted through gvfsd with one file held open, and one
# remembered drive ("Archive"). Everything it started stops when the window
# closes (or on Ctrl+C).
#   build-aux/demo.sh [BUILDDIR]   (default: _build; run as root for Samba)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# The demo starts private copies of the test services (Samba, sshd, gvfsd, the
# test NetworkManager): --demo installs those, not the whole test tool chain.
sh "$top/build-aux/install-deps.sh" --demo
export PB_BUILD_ROOT="$(cd "${1:-$top/_build}" && pwd)"
exec /usr/bin/python3 "$top/tests/gui/demoscene.py"
