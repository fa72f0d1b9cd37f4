#!/usr/bin/python3
# tests/data/check-flatpak.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest as flatpak-builder itself parses it.

The sandbox holes are the documented list below, exactly: a permission added
to the manifest without a reason here (and in the README) fails the test, and
so does one dropped from it.  Usage: check-flatpak.py MANIFEST
"""

import json
import subprocess
import sys

APP_ID = 'io.github.plugboard.Plugboard'

# Each hole and why Plugboard needs it; tests/flatpak/test_desktop.py runs the
# app without each one (README, Flatpak, Permissions).
FINISH_ARGS = {
    '--socket=wayland': 'show the window on Wayland',
    '--socket=fallback-x11': 'show the window on X11 sessions, and only there',
    '--system-talk-name=org.freedesktop.NetworkManager':
        'list links and ports, hang them up and disconnect them (libnm on the system bus)',
    '--talk-name=org.gtk.vfs.*':
        'GVfs drives: the mount tracker (org.gtk.vfs.Daemon), the volume monitors '
        '(org.gtk.vfs.*VolumeMonitor) and the backends that unmount (org.gtk.vfs.mountpoint_*)',
    '--filesystem=xdg-run/gvfsd': 'the peer-to-peer sockets GIO opens to those GVfs backends',
    '--talk-name=org.kde.StatusNotifierWatcher': 'register the tray indicator with the panel',
    '--talk-name=org.freedesktop.secrets':
        'drive passwords in the Secret Service GVfs reads (the Secret portal would keep them app-private)',
}

# Holes deliberately left shut; a change of mind must remove the entry here.
NOT_GRANTED = (
    '--talk-name=org.freedesktop.Flatpak',    # flatpak-spawn --host: a full sandbox escape
    '--share=network',                        # NetworkManager and GVfs do the networking
    '--socket=system-bus',
    '--socket=session-bus',
    '--filesystem=host',
    '--filesystem=home',
)


def main() -> int:
    shown = subprocess.run(['flatpak-builder', '--show-manifest', sys.argv[1]],
                           check=True, capture_output=True, text=True).stdout
    manifest = json.loads(shown)
    problems = []

    def expect(what, got, wanted):
        if got != wanted:
            problems.append(f'{what}: {got!r}, expected {wanted!r}')

    expect('id', manifest.get('id') or manifest.get('app-id'), APP_ID)
    expect('runtime', manifest.get('runtime'), 'org.gnome.Platform')
    expect('sdk', manifest.get('sdk'), 'org.gnome.Sdk')
    expect('command', manifest.get('command'), 'plugboard')
    # GNOME 43 is the first runtime with GTK 4.8, the oldest GTK Plugboard builds against.
    if int(manifest.get('runtime-version', '0')) < 43:
        problems.append(f'runtime-version {manifest.get("runtime-version")!r} has a GTK older than 4.8')

    finish_args = manifest.get('finish-args', [])
    expect('finish-args', sorted(finish_args), sorted(FINISH_ARGS))
    if len(set(finish_args)) != len(finish_args):
        problems.append(f'finish-args has duplicates: {finish_args}')
    for hole in NOT_GRANTED:
        if hole in finish_args:
            problems.append(f'finish-args grants {hole}, which Plugboard must not have')

    module = manifest['modules'][-1]
    expect('last module', module.get('name'), 'plugboard')
    expect('plugboard buildsystem', module.get('buildsystem'), 'meson')
    expect('plugboard sources', module.get('sources'), [{'type': 'dir', 'path': '..'}])
    if '-Dtests=false' not in module.get('config-opts', []):
        problems.append('plugboard module must build with -Dtests=false: the suites need host daemons')

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        for arg, reason in FINISH_ARGS.items():
            print(f'{arg}: {reason}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
