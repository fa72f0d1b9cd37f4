#!/bin/sh
# build-aux/install-deps.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Plugboard needs, in three tiers:
#
#   install-deps.sh            build Plugboard and run it (run.sh)
#   install-deps.sh --demo     also the private services the demo starts (demo.sh):
#                              the test NetworkManager, Samba, sshd, gvfsd, a keyring
#   install-deps.sh --tests    also everything every test suite needs (test.sh, CI)
#
# A user who only tries Plugboard gets no Samba, sshd or OpenVPN installed (and so
# started by their packages). The demo and the tests start their own copies of
# those servers on private loopback ports and stop them by PID; they never use the
# system's. Idempotent: when everything is present it prints nothing and touches
# nothing, so the README's commands can always call it. Run as root or with sudo.
set -eu

usage() {
  echo "usage: $0 [--demo | --tests]" >&2
  exit 2
}

tier=run
for arg in "$@"; do
  case $arg in
    --demo) [ "$tier" = tests ] || tier=demo ;;
    --tests) tier=tests ;;
    -h|--help) usage ;;
    *) echo "install-deps: unknown option $arg" >&2; usage ;;
  esac
done

# Building, and running from the build tree or an installed prefix. meson's
# post-install step needs glib-compile-schemas, gtk-update-icon-cache and
# update-desktop-database; mapping smb and sftp drives needs GVfs and its
# backends (client libraries, no server); --server HOST needs the ssh client.
RUN_PACKAGES="
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libnm-dev libsecret-1-dev libjson-glib-dev
  desktop-file-utils gtk-update-icon-cache bash-completion
  dbus gvfs gvfs-backends openssh-client
"

# The demo scene (tests/gui/demoscene.py): the python3-dbusmock NetworkManager
# on a private system bus, gvfsd with FUSE, smbd and sshd on loopback ports
# (tests/drives/drivesfixture.py), an unlocked gnome-keyring, and an AT-SPI bus.
DEMO_PACKAGES="
  dbus-daemon python3 python3-gi python3-dbus python3-dbusmock gir1.2-glib-2.0
  gvfs-fuse fuse3 samba samba-common-bin openssh-server
  gnome-keyring libsecret-tools at-spi2-core procps
"

# Every suite (README, "Tests"): valgrind for the leak checks, the data suite's
# validators and renderers (desktop-file-validate, appstreamcli, flatpak-builder,
# rsvg-convert, msgfmt, groff and man for the man pages, bash and zsh for the
# completions), the real NetworkManager in a namespace with an OpenVPN server
# (ip, nm-online, nmcli), the ssh bridge to a "remote" host (socat,
# systemd-stdio-bridge), sshfs for kernel FUSE mounts, the window under Xvfb
# through AT-SPI (imagemagick for screenshots), nm-connection-editor, the
# benchmarks' reference, clang with its libFuzzer runtime for the fuzz suite,
# and for the flatpak suite what build-aux/flatpak-local.py runs (git, ostree)
# and copies into its stand-in runtime and SDK beyond the packages above
# (its *_PACKAGES lists; the data suite's install-deps check reads them),
# with elfutils for the eu-strip that flatpak-builder runs on what it installs,
# a CJK font so that the window checked in Traditional Chinese shows its words,
# and the portals the sandboxed app talks to: Debian 12's xdg-desktop-portal
# 1.16 with its GTK backend (notifications) and GNOME backend (the Background
# portal's autostart), x11-utils (xwininfo) to see the sandboxed window, and
# weston, a headless Wayland compositor for the window on Wayland.
TEST_PACKAGES="
  valgrind appstream flatpak-builder flatpak librsvg2-bin groff-base man-db zsh util-linux
  gir1.2-nm-1.0 network-manager network-manager-openvpn openvpn iproute2
  socat systemd sshfs
  xvfb imagemagick python3-pyatspi gir1.2-atspi-2.0 gir1.2-gtk-4.0
  network-manager-gnome
  clang libclang-rt-14-dev
  git ostree elfutils appstream-util libxml2-utils
  fonts-wqy-microhei
  xdg-desktop-portal xdg-desktop-portal-gtk xdg-desktop-portal-gnome x11-utils
  weston
"

PACKAGES=$RUN_PACKAGES
case $tier in
  demo) PACKAGES="$PACKAGES $DEMO_PACKAGES" ;;
  tests) PACKAGES="$PACKAGES $DEMO_PACKAGES $TEST_PACKAGES" ;;
esac

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing >/dev/null
