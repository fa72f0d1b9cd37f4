#!/usr/bin/python3
# test_fixture_selfcheck.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Self-check of the fake NetworkManager: what libnm and nmcli see, and the teardown
state machine the Plugboard tests rely on.'''

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# pylint: disable=wrong-import-position
from nmfixture import (NMFixture, NM_IFACE, NM_PATH, ACTIVATION_NEVER,  # noqa: E402
                       NM_DEVICE_TYPE_ETHERNET, NM_DEVICE_TYPE_MODEM)
from gi.repository import Gio, GLib  # noqa: E402

AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'
DEVICE_IFACE = 'org.freedesktop.NetworkManager.Device'
OM_IFACE = 'org.freedesktop.DBus.ObjectManager'
LIBNM_PROBE = r'''
import json
import gi
gi.require_version('NM', '1.0')
from gi.repository import NM
c = NM.Client.new(None)
print(json.dumps({
    'version': c.get_version(),
    'devices': {d.get_iface(): [type(d).__name__, d.get_device_type().value_nick, int(d.get_state())]
                for d in c.get_devices()},
    'links': {a.get_id(): [type(a).__name__, a.get_connection_type(), int(a.get_state()),
                           sorted(d.get_iface() for d in a.get_devices())]
              for a in c.get_active_connections()},
    'n_connections': len(c.get_connections()),
}))
'''
# Hangs up one link the way Plugboard does (nm_client_new_async, then
# nm_client_deactivate_connection_async) and prints what libnm reported, in order.
LIBNM_HANGUP = r'''
import json, sys
import gi
gi.require_version('NM', '1.0')
from gi.repository import NM, GLib
loop, events, client = GLib.MainLoop(), [], []
def deactivated(c, res):
    try:
        c.deactivate_connection_finish(res)
        events.append(['call', 'ok'])
    except GLib.Error as e:
        events.append(['call', e.message])
        loop.quit()
def ready(_src, res):
    c = NM.Client.new_finish(res)
    client.append(c)
    ac = next(a for a in c.get_active_connections() if a.get_id() == sys.argv[1])
    ac.connect('notify::state', lambda a, _p: events.append(['state', int(a.get_state())]))
    c.connect('active-connection-removed', lambda _c, a: (events.append(['removed', a.get_id()]), loop.quit()))
    c.deactivate_connection_async(ac, None, deactivated)
NM.Client.new_async(None, ready)
GLib.timeout_add_seconds(30, loop.quit)
loop.run()
print(json.dumps(events))
'''


class FixtureTestCase(unittest.TestCase):
    def setUp(self):
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.demo = self.nm.populate_demo()
        self.ports = self.demo['ports']
        self.links = self.demo['links']

    def libnm(self, script=LIBNM_PROBE, *args):
        out = subprocess.run(['/usr/bin/python3', '-c', script, *args], env=self.nm.env, check=True,
                             capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout)

    def nmcli(self, *args, check=True):
        return subprocess.run(['nmcli', *args], env=self.nm.env, check=check,
                              capture_output=True, text=True, timeout=60)

    def ac_state(self, ac):
        return self.nm.get(ac, AC_IFACE, 'State')

    def dev(self, iface, name):
        return self.nm.get(self.ports[iface], DEVICE_IFACE, name)

    def active(self):
        return self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')

    def deactivate(self, ac):
        return self.nm.call('DeactivateConnection', 'o', (ac,), iface=NM_IFACE)

    def disconnect(self, iface):
        return self.nm.call('Disconnect', iface=DEVICE_IFACE, path=self.ports[iface])

    def assert_dbus_error(self, name, message, func, *args):
        with self.assertRaises(GLib.Error) as ctx:
            func(*args)
        self.assertEqual(Gio.DBusError.get_remote_error(ctx.exception), name)
        self.assertIn(message, ctx.exception.message)

    @staticmethod
    def states(signals, path, iface):
        return [s[3][0] for s in signals if s[0] == path and s[1] == iface and s[2] == 'StateChanged']

    @staticmethod
    def removed(signals, path):
        return any(s[2] == 'InterfacesRemoved' and s[3][0] == path for s in signals)


class TestWhatClientsSee(FixtureTestCase):
    def test_libnm_types(self):
        seen = self.libnm()
        self.assertEqual(seen['version'], '1.42.4')
        self.assertEqual(seen['devices']['ttyUSB0'], ['DeviceModem', 'modem', 100])
        self.assertEqual(seen['devices']['cdc-wdm0'], ['DeviceModem', 'modem', 100])
        self.assertEqual(seen['devices']['eth1'], ['DeviceEthernet', 'ethernet', 100])
        self.assertEqual(seen['devices']['ppp0'], ['DevicePpp', 'ppp', 100])
        self.assertEqual(seen['devices']['00:1A:7D:DA:71:13'], ['DeviceBt', 'bt', 100])
        self.assertEqual(seen['devices']['wg0'], ['DeviceWireGuard', 'wireguard', 100])
        self.assertEqual(seen['devices']['ttyACM0'], ['DeviceModem', 'modem', 30])
        self.assertEqual(seen['links']['Mobile Broadband'], ['ActiveConnection', 'gsm', 2, ['ttyUSB0']])
        self.assertEqual(seen['links']['CDMA Dial-up'], ['ActiveConnection', 'cdma', 2, ['cdc-wdm0']])
        self.assertEqual(seen['links']['DSL'], ['ActiveConnection', 'pppoe', 2, ['eth1', 'ppp0']])
        self.assertEqual(seen['links']['Phone DUN'], ['ActiveConnection', 'bluetooth', 2, ['00:1A:7D:DA:71:13']])
        self.assertEqual(seen['links']['Office VPN'], ['VpnConnection', 'vpn', 2, ['eth0']])
        self.assertEqual(seen['links']['WireGuard'], ['ActiveConnection', 'wireguard', 2, ['wg0']])
        self.assertEqual(seen['n_connections'], 8)

    def test_libnm_async_hangup(self):
        self.nm.set_teardown(self.links['vpn'], 'normal', 100)
        self.assertEqual(self.libnm(LIBNM_HANGUP, 'Office VPN'),
                         [['state', 3], ['call', 'ok'], ['state', 4], ['removed', 'Office VPN']])
        self.nm.set_teardown(self.links['cdma'], 'fail', 0, 'carrier lost the plot')
        self.assertEqual(self.libnm(LIBNM_HANGUP, 'CDMA Dial-up'), [['call', 'carrier lost the plot']])

    def test_nmcli(self):
        table = self.nmcli('-t', '-f', 'DEVICE,TYPE,STATE', 'device').stdout
        self.assertIn('ttyUSB0:gsm:connected', table)
        self.assertIn('ppp0:ppp:connected', table)
        self.assertIn('wg0:wireguard:connected', table)
        self.assertIn('ttyACM0:gsm:disconnected', table)
        active = self.nmcli('-t', '-f', 'NAME,TYPE', 'connection', 'show', '--active').stdout.splitlines()
        self.assertCountEqual(active, ['Mobile Broadband:gsm', 'CDMA Dial-up:cdma', 'DSL:pppoe',
                                       'Phone DUN:bluetooth', 'Wired:802-3-ethernet', 'Office VPN:vpn',
                                       'WireGuard:wireguard'])
        vpn = self.nmcli('-g', 'vpn.service-type', 'connection', 'show', 'Office VPN').stdout.strip()
        self.assertEqual(vpn, 'org.freedesktop.NetworkManager.openvpn')

    def test_nmcli_down_and_disconnect(self):
        self.nmcli('connection', 'down', 'id', 'Mobile Broadband')
        self.assertNotIn(self.links['gsm'], self.active())
        self.assertEqual(self.dev('ttyUSB0', 'State'), 30)
        result = self.nmcli('device', 'disconnect', 'ttyACM0', check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('not active', result.stderr)


class TestHangUp(FixtureTestCase):
    def test_normal_walks_deactivating_then_deactivated_then_vanishes(self):
        ac = self.links['gsm']
        signals = self.nm.record_signals()
        self.deactivate(ac)
        self.nm.wait(lambda: self.removed(signals, ac))
        self.assertEqual(self.states(signals, ac, AC_IFACE), [3, 4])
        self.assertEqual(self.states(signals, self.ports['ttyUSB0'], DEVICE_IFACE), [110, 30])
        members = [(s[0], s[2], s[3][0]) for s in signals]
        self.assertLess(members.index((ac, 'StateChanged', 3)), members.index((ac, 'StateChanged', 4)))
        self.assertNotIn(ac, self.active())
        self.assertEqual(self.dev('ttyUSB0', 'State'), 30)
        self.assertEqual(self.dev('ttyUSB0', 'ActiveConnection'), '/')
        with self.assertRaises(GLib.Error):
            self.ac_state(ac)
        self.assert_dbus_error('org.freedesktop.NetworkManager.ConnectionNotActive', 'not active',
                               self.deactivate, ac)

    def test_normal_with_delay_is_deactivating_meanwhile(self):
        ac = self.links['cdma']
        self.nm.set_teardown(ac, 'normal', 300)
        self.deactivate(ac)
        self.assertEqual(self.ac_state(ac), 3)
        self.assertEqual(self.dev('cdc-wdm0', 'State'), 110)
        self.nm.wait(lambda: ac not in self.active())

    def test_hang_stays_deactivating(self):
        ac = self.links['pppoe']
        signals = self.nm.record_signals()
        self.nm.set_teardown(ac, 'hang')
        self.deactivate(ac)
        self.nm.wait(lambda: self.states(signals, ac, AC_IFACE) == [3])
        with self.assertRaises(TimeoutError):
            self.nm.wait(lambda: len(self.states(signals, ac, AC_IFACE)) > 1, timeout_s=1)
        self.assertEqual(self.ac_state(ac), 3)
        self.assertIn(ac, self.active())

    def test_fail_returns_message_and_changes_nothing(self):
        ac = self.links['bluetooth']
        self.nm.set_teardown(ac, 'fail', 0, 'the phone refused')
        signals = self.nm.record_signals()
        self.assert_dbus_error('org.freedesktop.NetworkManager.Failed', 'the phone refused', self.deactivate, ac)
        self.nm.wait(lambda: True)
        self.assertEqual(self.ac_state(ac), 2)
        self.assertEqual(self.states(signals, ac, AC_IFACE), [])

    def test_unknown_path(self):
        self.assert_dbus_error('org.freedesktop.NetworkManager.ConnectionNotActive', 'not active',
                               self.deactivate, NM_PATH + '/ActiveConnection/999')

    def test_vpn_leaves_base_link_up(self):
        ac = self.links['vpn']
        signals = self.nm.record_signals()
        self.deactivate(ac)
        self.nm.wait(lambda: self.removed(signals, ac))
        vpn_states = [s[3][0] for s in signals if s[0] == ac and s[2] == 'VpnStateChanged']
        self.assertEqual(vpn_states, [7])
        self.assertEqual(self.dev('eth0', 'State'), 100)
        self.assertEqual(self.dev('eth0', 'ActiveConnection'), self.links['ethernet'])

    def test_vpn_goes_down_with_its_base_link(self):
        signals = self.nm.record_signals()
        self.deactivate(self.links['ethernet'])
        self.nm.wait(lambda: self.removed(signals, self.links['ethernet']))
        self.assertTrue(self.removed(signals, self.links['vpn']))
        self.assertEqual(self.dev('eth0', 'State'), 30)

    def test_hang_up_while_dialling(self):
        idle = self.demo['saved']['gsm-idle']
        self.nm.set_activation('/', ACTIVATION_NEVER)
        ac = self.nm.call('ActivateConnection', 'ooo', (idle, self.ports['ttyACM0'], '/'), iface=NM_IFACE)[0]
        self.assertEqual(self.ac_state(ac), 1)
        self.assertEqual(self.dev('ttyACM0', 'State'), 40)
        signals = self.nm.record_signals()
        self.deactivate(ac)
        self.nm.wait(lambda: self.removed(signals, ac))
        self.assertEqual(self.states(signals, ac, AC_IFACE), [3, 4])
        self.assertEqual(self.dev('ttyACM0', 'State'), 30)

    def test_activate_walks_to_activated(self):
        idle = self.demo['saved']['gsm-idle']
        self.nm.set_activation(idle, 200)
        signals = self.nm.record_signals()
        ac = self.nm.call('ActivateConnection', 'ooo', (idle, self.ports['ttyACM0'], '/'), iface=NM_IFACE)[0]
        self.assertEqual(self.ac_state(ac), 1)
        self.nm.wait(lambda: self.states(signals, ac, AC_IFACE) == [2]
                     and self.states(signals, self.ports['ttyACM0'], DEVICE_IFACE) == [40, 100])
        self.assertEqual(self.dev('ttyACM0', 'ActiveConnection'), ac)
        self.assertIn(ac, self.active())


class TestPorts(FixtureTestCase):
    def test_one_device_of_two_leaves_link_up(self):
        ac = self.links['pppoe']
        signals = self.nm.record_signals()
        self.disconnect('eth1')
        self.nm.wait(lambda: self.states(signals, self.ports['eth1'], DEVICE_IFACE) == [110, 30])
        self.assertEqual(self.nm.get(ac, AC_IFACE, 'Devices'), [self.ports['ppp0']])
        self.assertEqual(self.ac_state(ac), 2)
        self.assertIn(ac, self.active())
        self.assertEqual(self.dev('eth1', 'ActiveConnection'), '/')

    def test_last_device_takes_link_down(self):
        ac = self.links['wireguard']
        signals = self.nm.record_signals()
        self.disconnect('wg0')
        self.nm.wait(lambda: self.removed(signals, ac))
        self.assertEqual(self.states(signals, ac, AC_IFACE), [3, 4])
        self.assertEqual(self.dev('wg0', 'State'), 30)

    def test_idle_port_is_not_active(self):
        signals = self.nm.record_signals()
        self.assert_dbus_error('org.freedesktop.NetworkManager.Device.NotActive', 'This device is not active',
                               self.disconnect, 'ttyACM0')
        self.nm.wait(lambda: True)
        self.assertEqual(signals, [])

    def test_port_hang_and_fail(self):
        self.nm.set_teardown(self.ports['ttyUSB0'], 'fail', 0, 'modem busy')
        self.assert_dbus_error('org.freedesktop.NetworkManager.Failed', 'modem busy', self.disconnect, 'ttyUSB0')
        self.assertEqual(self.dev('ttyUSB0', 'State'), 100)
        self.nm.set_teardown(self.ports['ttyUSB0'], 'hang')
        self.disconnect('ttyUSB0')
        with self.assertRaises(TimeoutError):
            self.nm.wait(lambda: self.dev('ttyUSB0', 'State') != 110, timeout_s=1)


class TestService(FixtureTestCase):
    def test_stop_start(self):
        self.nm.stop_service()
        with self.assertRaises(GLib.Error):
            self.active()
        self.nm.start_service()
        self.assertEqual(self.active(), [])
        dev = self.nm.add_port('eth9', NM_DEVICE_TYPE_ETHERNET, 100)
        conn = self.nm.add_saved('Again', 'c2b8a0e4-1a52-4a43-9bd1-0e0c7c8a9a01', '802-3-ethernet')
        ac = self.nm.add_link(conn, [dev])
        self.assertEqual(self.active(), [ac])

    def test_bulk(self):
        links, ports, saved = self.nm.add_many(300, 300, 1000)
        self.assertEqual((len(links), len(ports), len(saved)), (300, 300, 1000))
        seen = self.libnm()
        self.assertEqual(len(seen['links']), 300 + len(self.links))
        self.assertEqual(len(seen['devices']), 300 + len(self.ports))
        self.assertEqual(seen['n_connections'], 1000 + len(self.demo['saved']))
        self.assertEqual(self.nm.add_port('ttyS9', NM_DEVICE_TYPE_MODEM).rsplit('/', 1)[1], str(300 + 9))


if __name__ == '__main__':
    unittest.main()
