#!/bin/sh
# build-aux/install-deps.sh
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs every Debian 12 package that building Plugboard, running it and running
# all of its test suites need. Idempotent: when everything is present it prints
# nothing and touches nothing, so the README's two commands can always call it.
# python3-pyatspi is the package the GUI issue names; the tests use the
# gir1.2-atspi-2.0 bindings it depends on directly.
set -eu

PACKAGES="
  meson ninja-build pkg-config gcc valgrind gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libnm-dev gir1.2-nm-1.0 libsecret-1-dev libjson-glib-dev
  desktop-file-utils appstream flatpak-builder flatpak
  dbus dbus-daemon python3 python3-gi python3-dbus python3-dbusmock
  network-manager network-manager-openvpn openvpn iproute2 procps
  gvfs gvfs-backends gvfs-fuse fuse3 samba smbclient openssh-server openssh-client
  gnome-keyring libsecret-tools
  xvfb imagemagick at-spi2-core python3-pyatspi gir1.2-atspi-2.0 gir1.2-gtk-4.0
  network-manager-gnome librsvg2-bin
  socat systemd
  sshfs
"

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
