#!/usr/bin/python3
# test_carried.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''What rides on what, and the ordered disconnect, through plugboard-cli: the session bus is the
drives fixture's (real gvfsd and Samba on 127.0.0.1), the system bus has the test NetworkManager,
whose VPN holds the only route to 127.0.0.0/8. The share therefore rides on the VPN.'''

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
sys.path.insert(0, os.path.join(HERE, '..'))
# pylint: disable=wrong-import-position
from nmfixture import NMFixture, NM_IFACE, NM_PATH  # noqa: E402
from drivesfixture import DrivesFixture  # noqa: E402
from gi.repository import GLib  # noqa: E402
from valgrindcase import ValgrindMixin  # noqa: E402

CLI = os.environ.get('PB_CLI')
NM_DEVICE_TYPE_ETHERNET = 1
NM_DEVICE_TYPE_MODEM = 8
NM_DEVICE_TYPE_PPP = 23
SETTINGS_PATH = '/org/freedesktop/NetworkManager/Settings'
SETTINGS_IFACE = 'org.freedesktop.NetworkManager.Settings'
AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'


class CarriedTestCase(ValgrindMixin, unittest.TestCase):

    def setUp(self):
        if not CLI:
            raise unittest.SkipTest('PB_CLI is not set: run through meson test')
        self.fx = DrivesFixture()
        self.fx.start()
        self.addCleanup(self.fx.stop)
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.env = dict(self.fx.env, DBUS_SYSTEM_BUS_ADDRESS=self.nm.address)

        # eth0 with a VPN over it; the VPN's routes reach 127.0.0.0/8, eth0's only the world.
        eth0 = self.nm.add_port('eth0', NM_DEVICE_TYPE_ETHERNET)
        self.nm.add_port('ttyUSB0', NM_DEVICE_TYPE_MODEM)
        wired = self.nm.add_link(self.nm.add_saved('Wired', 'a0c36ee6-0000-4000-8000-000000000001',
                                                   '802-3-ethernet'), [eth0])
        self.vpn = self.nm.add_link(self.nm.add_saved('Office VPN', 'a0c36ee6-0000-4000-8000-000000000002', 'vpn'),
                                    [eth0])
        self.nm.call('SetIp4Config', 'osua(suu)', (eth0, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.nm.call('SetIp4Config', 'osua(suu)', (wired, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.nm.call('SetIp4Config', 'osua(suu)', (self.vpn, '10.8.0.2', 24, [('127.0.0.0', 8, 50)]))
        self.handle = self.nm.handle(self.vpn)

        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        self.assertEqual(len(self.fx.mounts()), 1)
        self.local_name = self.fx.fuse_path(self.fx.smb_guest_uri)

    def cli(self, *args, timeout=60):
        return subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)

    def active(self):
        return [str(p) for p in self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')]

    def test_list_json_via_and_carries(self):
        '''The share rides on the VPN (its route), the VPN on eth0; each row names the others.'''
        result = self.cli('--json', 'list')
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = json.loads(result.stdout)
        drive = next(r for r in rows if r['kind'] == 'drive')
        vpn = next(r for r in rows if r['kind'] == 'link' and r['handle'] == self.handle)
        eth0 = next(r for r in rows if r['kind'] == 'port' and r['name'] == 'eth0')
        modem = next(r for r in rows if r['kind'] == 'port' and r['name'] == 'ttyUSB0')

        self.assertEqual(drive['via'], [{'kind': 'link', 'handle': self.handle, 'name': 'Office VPN'}])
        self.assertEqual(drive['carries'], [])
        self.assertEqual(vpn['via'], [{'kind': 'port', 'handle': 'eth0', 'name': 'eth0'}])
        self.assertIn({'kind': 'drive', 'handle': drive['handle'], 'name': drive['name']}, vpn['carries'])
        self.assertEqual(eth0['carries'], [{'kind': 'link', 'handle': self.handle, 'name': 'Office VPN'}])
        self.assertEqual((modem['via'], modem['carries']), ([], []))

    def test_route_change_moves_the_drive(self):
        '''Without the VPN's route to the server, the default route takes it: the share rides on eth0,
        whose own connection is no link.'''
        self.nm.call('SetIp4Config', 'osua(suu)', (self.vpn, '10.8.0.2', 24, []))
        result = self.cli('--json', 'list')
        self.assertEqual(result.returncode, 0, result.stderr)
        drive = next(r for r in json.loads(result.stdout) if r['kind'] == 'drive')
        self.assertEqual(drive['via'], [{'kind': 'port', 'handle': 'eth0', 'name': 'eth0'}])

    def test_hangup_drives_disconnect_goes_in_order(self):
        '''--drives=disconnect: the share is unmounted before NetworkManager is asked to take the VPN
        down (seen from outside: when the VPN starts deactivating, the mount is already gone).'''
        self.nm.set_teardown(self.vpn, 'normal', 1500)
        signals = self.nm.record_signals()
        proc = subprocess.Popen([CLI, '--json', 'hangup', self.handle, '--drives=disconnect'], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
        self.addCleanup(proc.wait)

        def deactivating():
            return any(path == self.vpn and member == 'StateChanged' and args[0] in (3, 4)
                       for path, _iface, member, args in signals)
        self.nm.wait(deactivating, timeout_s=30)
        mounts_when_link_went = self.fx.mounts()
        out, err = proc.communicate(timeout=60)

        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(mounts_when_link_went, [], 'the drive was still mounted when the link began to go')
        report = json.loads(out)
        self.assertEqual(len(report['drives']), 1)
        self.assertEqual(report['drives'][0]['result'], 'disconnected')
        self.assertEqual(report['drives'][0]['local_name'], self.local_name)
        self.assertLessEqual(report['drives'][0]['done_ms'], report['teardown_started_ms'])
        self.assertNotIn(self.vpn, self.active())
        self.assertEqual(self.fx.mounts(), [])

    def test_hangup_drives_keep_reports_them(self):
        '''--drives=keep: the link goes, the share stays mounted and is reported as kept.'''
        result = self.cli('--json', 'hangup', self.handle, '--drives=keep')
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual([(d['local_name'], d['result']) for d in report['drives']], [(self.local_name, 'kept')])
        self.assertNotIn(self.vpn, self.active())
        self.assertEqual(len(self.fx.mounts()), 1)

    def test_open_files_stop_everything(self):
        '''A file open on the share stops the whole hang-up with OPEN_FILES naming this process:
        the drive stays mounted and the link stays up.'''
        with open(os.path.join(self.fx.share_dirs['public'], 'a.txt'), 'w', encoding='utf-8') as f:
            f.write('held open\n')
        with open(self.fx.fuse_path(self.fx.share_uri('public', 'a.txt')), encoding='utf-8'):
            result = self.cli('--json', 'hangup', self.handle, '--drives=disconnect')
        self.assertNotEqual(result.returncode, 0)
        error = json.loads(result.stderr)['error']
        self.assertEqual(error['code'], 'OPEN_FILES')
        self.assertIn(os.getpid(), [p['pid'] for p in error['processes']])
        self.assertIn(self.vpn, self.active())
        self.assertEqual(len(self.fx.mounts()), 1)

    def test_port_disconnect_takes_the_drives_riding_on_its_vpn(self):
        '''Disconnecting eth0 takes the VPN over it, so the share riding on the VPN goes first.'''
        result = self.cli('--json', 'port-disconnect', 'eth0', '--drives=disconnect')
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual([d['result'] for d in report['drives']], ['disconnected'])
        self.assertEqual(self.fx.mounts(), [])

    def test_valgrind_list_and_ordered_hangup(self):
        '''The graph, the via/carries output and the ordered teardown leak nothing and touch no freed
        memory.'''
        proc = self.valgrind_cli(self.env, '--json', 'list')
        drive = next(r for r in json.loads(proc.stdout) if r['kind'] == 'drive')
        self.assertEqual(drive['via'][0]['handle'], self.handle)
        proc = self.valgrind_cli(self.env, '--json', 'hangup', self.handle, '--drives=disconnect')
        self.assertEqual(json.loads(proc.stdout)['drives'][0]['result'], 'disconnected')

    def test_bad_drives_value_is_a_usage_error(self):
        result = self.cli('hangup', self.handle, '--drives=sometimes')
        self.assertEqual(result.returncode, 2)
        self.assertIn(self.vpn, self.active())


class PppoeParentTestCase(unittest.TestCase):
    '''The ethernet a PPPoE connection dials over (pppoe.parent) is a port even while idle, and the
    PPPoE link rides on it once up. The test NetworkManager alone.'''

    def setUp(self):
        if not CLI:
            raise unittest.SkipTest('PB_CLI is not set: run through meson test')
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.eth1 = self.nm.add_port('eth1', NM_DEVICE_TYPE_ETHERNET)
        self.nm.add_port('eth2', NM_DEVICE_TYPE_ETHERNET)
        self.ppp0 = self.nm.add_port('ppp0', NM_DEVICE_TYPE_PPP)
        settings = {'connection': {'id': GLib.Variant('s', 'DSL'), 'type': GLib.Variant('s', 'pppoe'),
                                   'uuid': GLib.Variant('s', 'a0c36ee6-0000-4000-8000-000000000003'),
                                   'interface-name': GLib.Variant('s', 'ppp0')},
                    'pppoe': {'parent': GLib.Variant('s', 'eth1'), 'username': GLib.Variant('s', 'ann')}}
        self.dsl = self.nm.call('AddConnection', 'a{sa{sv}}', (settings,), iface=SETTINGS_IFACE,
                                path=SETTINGS_PATH)[0]

    def rows(self):
        result = subprocess.run([CLI, '--json', 'list', 'all'], env=self.nm.env, capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_idle_parent_is_a_port(self):
        ports = {r['name']: r for r in self.rows() if r['kind'] == 'port'}
        self.assertIn('eth1', ports)
        self.assertEqual(ports['eth1']['state'], 'disconnected')
        self.assertNotIn('eth2', ports, 'an ethernet no PPPoE connection names is no port')

    def test_pppoe_link_rides_on_its_parent(self):
        link = self.nm.add_link(self.dsl, [self.ppp0])
        rows = self.rows()
        dsl = next(r for r in rows if r['kind'] == 'link' and r['handle'] == self.nm.handle(link))
        self.assertEqual([v['handle'] for v in dsl['via']], ['ppp0', 'eth1'])
        eth1 = next(r for r in rows if r['kind'] == 'port' and r['name'] == 'eth1')
        self.assertEqual([c['name'] for c in eth1['carries']], ['DSL'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
