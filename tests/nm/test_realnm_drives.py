#!/usr/bin/python3
# test_realnm_drives.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''A Samba share reachable only through the OpenVPN tunnel of the real NetworkManager
(tests/nm/realnm): smbd runs in the server's namespace bound to the tunnel's far end
(10.213.1.1), so only NetworkManager's namespace, over the VPN, reaches it. The test process
enters that namespace's network (not its mounts) before it starts the drives fixture, so that
gvfsd and its Samba backend dial from NetworkManager's side while FUSE and the buses stay
ordinary. plugboard-cli then maps the share, sees it ride on the VPN (via), hangs the VPN up
with --drives=disconnect (the drive goes first, then the link: the order is recorded from the
buses themselves), and the VPN comes back. Skipped, never passed, without root.'''

import ctypes
import json
import os
import queue
import threading
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'realnm'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
sys.path.insert(0, os.path.join(HERE, '..'))
# pylint: disable=wrong-import-position
import pbtestlib  # noqa: E402
from realnm import RealNM, TUN_SERVER, skip_reason  # noqa: E402
from drivesfixture import DrivesFixture, SMB_CONF, SMBD  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402

CLI = os.environ.get('PB_CLI')
HARNESS = os.path.join(os.environ.get('PB_BUILD_ROOT', ''), 'tests', 'nm', 'pb-nm-harness')
SKIP = 'PB_CLI is not set: run through meson test' if not CLI else skip_reason()
CLONE_NEWNET = 0x40000000
SHARE_URI = f'smb://{TUN_SERVER}/team'
AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'


def enter_netns(path):
    '''Move this thread (the one that forks every process the test starts) into a network
    namespace; returns a file descriptor of the one it left.'''
    libc = ctypes.CDLL(None, use_errno=True)
    previous = os.open('/proc/thread-self/ns/net', os.O_RDONLY)
    target = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), 'setns ' + path)
    finally:
        os.close(target)
    return previous


def leave_netns(previous):
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        if libc.setns(previous, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), 'setns back')
    finally:
        os.close(previous)


def bus(address):
    return Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


@unittest.skipIf(SKIP, SKIP)
class TestDriveOverRealVpn(unittest.TestCase):

    def start_samba_behind_tunnel(self, nm):
        '''smbd in the server's namespace, on the tunnel address alone, port 445.'''
        tmp = tempfile.mkdtemp(prefix='pb-realnm-smb-', dir='/tmp')
        self.addCleanup(shutil.rmtree, tmp, True)
        share = os.path.join(tmp, 'team')
        for sub in ('team', 'private', 'state', 'cache', 'lock', 'pid', 'ncalrpc', 'binddns', 'usershares'):
            os.makedirs(os.path.join(tmp, sub), exist_ok=True)
        os.makedirs(os.path.join(tmp, 'privdir'), mode=0o700, exist_ok=True)
        with open(os.path.join(share, 'report.txt'), 'w', encoding='utf-8') as f:
            f.write('only through the tunnel\n')
        conf = SMB_CONF.format(port=445, dir=tmp, user='root', public=share, private=os.path.join(tmp, 'private'))
        # Samba finds no interface to bind to on the tunnel's point-to-point /32, so it listens on
        # all of the server's; NetworkManager's side reaches 10.213.1.1 through the tunnel only
        # (the unreachable route below).
        conf = conf.replace('  interfaces = 127.0.0.1\n  bind interfaces only = yes\n', '')
        conf = conf.replace('private dir = ' + tmp + '/private', 'private dir = ' + tmp + '/privdir')
        conf = conf.replace('[public]', '[team]')
        path = os.path.join(tmp, 'smb.conf')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(conf)
        log = os.path.join(tmp, 'smbd.log')
        proc = pbtestlib.spawn(['ip', 'netns', 'exec', nm.server_ns, SMBD, '-s', path, '--foreground',
                                '--no-process-group', '--debug-stdout'], log, new_session=True)
        self.addCleanup(pbtestlib.stop, proc)

        def listening():
            out = subprocess.run(['ip', 'netns', 'exec', nm.server_ns, 'ss', '-Hltn'], capture_output=True,
                                 text=True, check=False).stdout
            return ':445 ' in out
        pbtestlib.wait_until('smbd on the tunnel address', listening, 20, proc, lambda: pbtestlib.log_tail(log))

    def cli_json(self, *args, timeout=120):
        proc = subprocess.run([CLI, '--json', *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, check=False)
        try:
            return proc.returncode, json.loads(proc.stdout if proc.returncode == 0 else proc.stderr)
        except ValueError:
            self.fail(f'{args}: exit {proc.returncode}: {proc.stdout!r} {proc.stderr!r}')

    def test_share_rides_on_the_vpn_and_goes_before_it(self):
        with RealNM() as nm:
            nm.bring_up_ethernet()
            vpn = nm.bring_up_vpn()
            handle = pbtestlib.link_handle(nm.env, vpn.path)
            self.start_samba_behind_tunnel(nm)
            # Without the VPN, the ethernet's default gateway (the server) would answer for its
            # tunnel address too: this route leaves the VPN's /32 the only way there.
            subprocess.run(['ip', '-n', nm.ns, 'route', 'add', 'unreachable', '10.213.1.0/24', 'metric', '1000'],
                           check=True)

            previous = enter_netns('/var/run/netns/' + nm.ns)
            try:
                with DrivesFixture() as fx:
                    self.env = dict(fx.env, DBUS_SYSTEM_BUS_ADDRESS=nm.bus_address)
                    self.run_scenario(nm, fx, vpn, handle)
            finally:
                leave_netns(previous)

    def run_scenario(self, nm, fx, vpn, handle):
        status, reply = self.cli_json('drive-map', SHARE_URI, '--name', 'Team', '--remember')
        self.assertEqual(status, 0, f'{reply}\n{nm.log()[-2000:]}')

        # The share rides on the VPN: its only route to 10.213.1.1 is the VPN's.
        status, rows = self.cli_json('list')
        self.assertEqual(status, 0, rows)
        drive = next(r for r in rows if r['kind'] == 'drive' and r['local_name'] == 'Team')
        self.assertEqual(drive['state'], 'connected')
        self.assertEqual(drive['via'], [{'kind': 'link', 'handle': handle, 'name': vpn.id}])
        link = next(r for r in rows if r['kind'] == 'link' and r['handle'] == handle)
        self.assertIn({'kind': 'drive', 'handle': 'Team', 'name': 'Team'}, link['carries'])

        # A session that brings drives back with their link, as the tray does.
        harness = subprocess.Popen([HARNESS, 'restore-with-link'], env=self.env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        self.addCleanup(harness.wait)
        self.addCleanup(harness.stdin.close)
        events_out = queue.Queue()
        threading.Thread(target=lambda: [events_out.put(json.loads(line)) for line in harness.stdout],
                         daemon=True).start()
        seen = []

        def wait_event(predicate, timeout=60):
            for event in seen:
                if predicate(event):
                    return event
            while True:
                event = events_out.get(timeout=timeout)
                seen.append(event)
                if predicate(event):
                    return event
        wait_event(lambda e: e['event'] == 'ready')

        # The order, from outside: gvfsd's Unmounted on the session bus, the VPN's StateChanged on
        # the system bus, as they arrive in this one main context.
        events = []
        session, system = bus(fx.bus_address), bus(nm.bus_address)
        session.signal_subscribe(None, 'org.gtk.vfs.MountTracker', 'Unmounted', None, None,
                                 Gio.DBusSignalFlags.NONE, lambda *a: events.append('drive unmounted'))
        system.signal_subscribe(None, AC_IFACE, 'StateChanged', vpn.path, None, Gio.DBusSignalFlags.NONE,
                                lambda _c, _s, _p, _i, _m, args: events.append(f'vpn state {args.unpack()[0]}'))
        proc = subprocess.Popen([CLI, '--json', 'hangup', handle, '--drives=disconnect'], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
        out, err = proc.communicate(timeout=120)
        context = GLib.MainContext.default()
        while context.pending():
            context.iteration(False)
        session.close_sync(None)
        system.close_sync(None)

        self.assertEqual(proc.returncode, 0, f'{err}\n{nm.log()[-2000:]}')
        report = json.loads(out)
        self.assertEqual([(d['local_name'], d['result']) for d in report['drives']], [('Team', 'disconnected')])
        self.assertLessEqual(report['drives'][0]['done_ms'], report['teardown_started_ms'])
        self.assertIn('drive unmounted', events, events)
        self.assertTrue(any(e.startswith('vpn state') for e in events), events)
        first_vpn = next(i for i, e in enumerate(events) if e.startswith('vpn state'))
        self.assertLess(events.index('drive unmounted'), first_vpn, f'order seen on the buses: {events}')
        self.assertIsNone(nm.active_link(vpn.uuid))
        self.assertEqual(fx.mounts(), [])

        # Still remembered: the VPN comes back, and the drive with it, riding on the new link,
        # without anyone asking (restore with link).
        vpn2 = nm.bring_up_vpn()
        handle2 = pbtestlib.link_handle(nm.env, vpn2.path)
        restored = wait_event(lambda e: e['event'] == 'restored')
        self.assertEqual(restored['drives'], [{'name': 'Team', 'ok': True}], seen)
        self.assertEqual(restored['link'], vpn.id)
        back = wait_event(lambda e: e['event'] == 'link-state' and e['handle'] == handle2
                          and e['state'] == 'activated')
        started = wait_event(lambda e: e['event'] == 'restore-started')
        print(f'\nrestore with link: Team mounted {(restored["t_us"] - back["t_us"]) / 1000:.0f} ms after the '
              f'VPN was activated again (restore started after {(started["t_us"] - back["t_us"]) / 1000:.1f} ms)',
              file=sys.stderr)
        self.assertEqual(len([e for e in seen if e['event'] == 'restore-started']), 1, seen)
        status, rows = self.cli_json('list')
        drive = next(r for r in rows if r['kind'] == 'drive' and r['local_name'] == 'Team')
        self.assertEqual(drive['state'], 'connected')
        self.assertEqual(drive['via'], [{'kind': 'link', 'handle': handle2, 'name': vpn.id}])


if __name__ == '__main__':
    unittest.main(verbosity=2)
