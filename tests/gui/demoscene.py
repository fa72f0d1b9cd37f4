#!/usr/bin/python3
# tests/gui/demoscene.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The demo's world, on private buses: the test NetworkManager with a few links of
each type (one whose teardown hangs, one NetworkManager refuses), a local Samba share
mounted through gvfsd with one file held open, and one remembered drive that is not
connected. Used by build-aux/demo.sh (run as a program: starts the window on this
display and stops everything when it closes) and by screenshots.py.'''

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import ATSPI_LAUNCHER, app_binary  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

HELD_FILE = 'Quarterly report.odt'
REMEMBERED = 'Archive'
SHARED = 'Team Share'


def build_localedir():
    '''The build tree's catalogues ($builddir/po/LANG/LC_MESSAGES), as build-aux/run.sh uses.'''
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(app_binary()))), 'po')


def cli_binary():
    return os.path.join(os.path.dirname(os.path.dirname(app_binary())), 'cli', 'plugboard-cli')


class DemoScene:
    def __init__(self):
        self.nm = None
        self.fx = None
        self.holder = None
        self.env = None
        self.demo = None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.nm = NMFixture()
        self.nm.start()
        self.demo = self.nm.populate_demo()
        # Phone DUN never finishes hanging up (the window says so when the teardown
        # times out); NetworkManager refuses to hang up CDMA Dial-up.
        self.nm.set_teardown(self.demo['links']['bluetooth'], 'hang')
        self.nm.set_teardown(self.demo['links']['cdma'], 'fail', 0,
                             'The modem on cdc-wdm0 is busy and refused to hang up')
        # Traffic on the links' devices, counted while the window asks NetworkManager for it.
        for port, (rx, tx) in {'ttyUSB0': (48_000, 6_000), 'cdc-wdm0': (9_000, 1_200), 'ppp0': (310_000, 22_000),
                               '00:1A:7D:DA:71:13': (2_400, 700), 'wg0': (125_000, 40_000)}.items():
            self.nm.simulate_traffic(self.demo['ports'][port], rx, tx)

        self.fx = DrivesFixture(keyring=True)
        self.fx.start()
        # The window speaks the user's language from the build tree's catalogues, and has its
        # settings from the build tree's compiled schema, as with build-aux/run.sh.
        self.env = dict(self.fx.env, DBUS_SYSTEM_BUS_ADDRESS=self.nm.address, PB_LOCALEDIR=build_localedir(),
                        GSETTINGS_SCHEMA_DIR=os.path.join(os.path.dirname(build_localedir()), 'data'),
                        GSETTINGS_BACKEND='memory')
        # Mapped through Plugboard under a name, as a user would.
        self.cli('drive-map', self.fx.smb_guest_uri, '--name', SHARED)
        with open(os.path.join(self.fx.share_dirs['public'], HELD_FILE), 'w', encoding='utf-8') as f:
            f.write('Q3 figures\n')
        path = os.path.join(self.fuse_path(self.fx.smb_guest_uri), HELD_FILE)
        self.holder = subprocess.Popen(  # pylint: disable=consider-using-with
            ['/usr/bin/python3', '-c', 'import sys; f = open(sys.argv[1]); print(1, flush=True); sys.stdin.read()',
             path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self.env, text=True)
        if self.holder.stdout.readline().strip() != '1':
            raise RuntimeError(f'could not hold {path} open')

        # A remembered drive, not connected now: mapped with its password in the
        # keyring, then disconnected without forgetting it.
        self.cli('drive-map', self.fx.smb_private_uri, '--name', REMEMBERED, '--remember',
                 '--user', self.fx.smb_user, '--password-stdin', input=self.fx.smb_password + '\n')
        self.cli('drive-cancel', REMEMBERED)

    def fuse_path(self, uri):
        '''The fixture reads `gio info`'s "local path:", which gio translates: the demo runs
        in the user's language (LANGUAGE=fr build-aux/demo.sh), gio is asked in C.'''
        env = self.fx.env
        self.fx.env = dict(env, LC_ALL='C.UTF-8', LANGUAGE='')
        try:
            return self.fx.fuse_path(uri)
        finally:
            self.fx.env = env

    def cli(self, *args, input=None):  # pylint: disable=redefined-builtin
        result = subprocess.run([cli_binary(), *args], env=self.env, input=input, text=True,
                                capture_output=True, timeout=60, check=False)
        if result.returncode != 0:
            raise RuntimeError(f'plugboard-cli {" ".join(args)} failed: {result.stderr.strip()}')

    def stop(self):
        if self.holder is not None:
            self.holder.stdin.close()
            self.holder.stdout.close()
            self.holder.wait(timeout=10)
            self.holder = None
        if self.fx is not None:
            self.fx.stop()
            self.fx = None
        if self.nm is not None:
            self.nm.stop()
            self.nm = None


def main():
    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        print('demo: no display (DISPLAY or WAYLAND_DISPLAY) to show the window on', file=sys.stderr)
        return 1
    print('demo: starting the test NetworkManager, gvfsd, Samba and a keyring on private buses…', flush=True)
    with DemoScene() as scene:
        env = dict(scene.env)
        env.update({k: os.environ[k] for k in ('DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY') if k in os.environ})
        print('demo: the window is open; everything stops when it closes.', flush=True)
        # Screen readers reach the window through an AT-SPI bus on the demo's session bus.
        atspi = subprocess.Popen([ATSPI_LAUNCHER, '--launch-immediately'],  # pylint: disable=consider-using-with
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        window = subprocess.Popen([app_binary()], env=env)  # pylint: disable=consider-using-with
        try:
            status = window.wait()
        except KeyboardInterrupt:
            window.terminate()
            status = window.wait()
        finally:
            atspi.terminate()
            atspi.wait()
    print('demo: stopped everything it started.', flush=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
