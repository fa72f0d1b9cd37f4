#!/usr/bin/python3
# nmfixture.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''A private system bus with the fake NetworkManager (pbnm_template.py) on it.

    from nmfixture import NMFixture
    with NMFixture() as nm:
        subprocess.run([...], env=nm.env)

Everything it starts is stopped by PID on __exit__ (and at interpreter exit).
Run as a program (--demo or --bench) it prints DBUS_SYSTEM_BUS_ADDRESS=... and serves
until SIGTERM/SIGINT.
'''

import argparse
import atexit
import os
import shutil
import signal
import sys
import tempfile
import uuid

import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import pbtestlib  # noqa: E402  # pylint: disable=wrong-import-position

PYTHON = '/usr/bin/python3'
TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pbnm_template.py')
NM_NAME = 'org.freedesktop.NetworkManager'
NM_PATH = '/org/freedesktop/NetworkManager'
NM_IFACE = 'org.freedesktop.NetworkManager'
MOCK_IFACE = 'org.freedesktop.DBus.Mock'
START_TIMEOUT_S = 20

# NMDeviceType
NM_DEVICE_TYPE_ETHERNET = 1
NM_DEVICE_TYPE_WIFI = 2
NM_DEVICE_TYPE_BT = 5
NM_DEVICE_TYPE_MODEM = 8
NM_DEVICE_TYPE_TUN = 16
NM_DEVICE_TYPE_PPP = 23
NM_DEVICE_TYPE_WIREGUARD = 29
# NMDeviceState
NM_DEVICE_STATE_DISCONNECTED = 30
NM_DEVICE_STATE_ACTIVATED = 100
NM_DEVICE_STATE_DEACTIVATING = 110
# NMActiveConnectionState
NM_ACTIVE_CONNECTION_STATE_ACTIVATING = 1
NM_ACTIVE_CONNECTION_STATE_ACTIVATED = 2
NM_ACTIVE_CONNECTION_STATE_DEACTIVATING = 3
NM_ACTIVE_CONNECTION_STATE_DEACTIVATED = 4
# SetActivation delay that never completes: the link stays ACTIVATING (dialling)
ACTIVATION_NEVER = 0xFFFFFFFF

BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- libnm asks for every connection's settings at once: the built-in limit (128) would
       answer the benchmark's 1000 GetSettings calls with LimitsExceeded -->
  <limit name="max_replies_per_connection">50000</limit>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
'''


def demo_uuid(name):
    '''Stable UUID of a populate_demo() connection, so other tests can name it.'''
    return str(uuid.uuid5(uuid.NAMESPACE_URL, 'plugboard-test:' + name))


class NMFixture(pbtestlib.Fixture):
    '''Private system-like dbus-daemon plus the dbusmock NetworkManager on it.'''

    def __init__(self, version='1.42.4'):
        self.version = version
        self.tmpdir = None
        self.bus_proc = None
        self.nm_proc = None
        self.address = None
        self.env = None
        self.conn = None
        self.log_path = None

    # ------------------------------------------------------------ lifecycle

    def start(self):
        self.tmpdir = tempfile.mkdtemp(prefix='pbnm-')
        config = os.path.join(self.tmpdir, 'bus.conf')
        with open(config, 'w', encoding='utf-8') as f:
            f.write(BUS_CONFIG.format(socket=os.path.join(self.tmpdir, 'system_bus_socket')))
        atexit.register(self.stop)
        self.bus_proc, self.address = pbtestlib.start_dbus_daemon(
            config, os.path.join(self.tmpdir, 'bus.log'), pdeathsig=True)
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address)
        self.conn = Gio.DBusConnection.new_for_address_sync(
            self.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        self.log_path = os.path.join(self.tmpdir, 'pbnm.log')
        self.start_service()

    def stop(self):
        atexit.unregister(self.stop)
        self.stop_service()
        if self.conn is not None:
            self.conn.close_sync(None)
            self.conn = None
        pbtestlib.stop(self.bus_proc)
        self.bus_proc = None
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def start_service(self):
        '''Start a fresh fake NetworkManager (empty state) and wait until it owns its name.'''
        assert self.nm_proc is None
        self.nm_proc = pbtestlib.spawn(
            [PYTHON, '-m', 'dbusmock', '--system', '-t', TEMPLATE, '-p', '{"Version": "%s"}' % self.version],
            self.log_path, env=self.env, pdeathsig=True)
        self._wait_name(True)

    def stop_service(self):
        '''Kill the fake NetworkManager by PID and wait until its name is gone from the bus.'''
        if self.nm_proc is None:
            return
        pbtestlib.stop(self.nm_proc)
        self.nm_proc = None
        if self.conn is not None:
            self._wait_name(False)

    def _wait_name(self, present):
        '''Wait for NameOwnerChanged on the NetworkManager name (no polling).'''
        ctx = GLib.MainContext.new()
        ctx.push_thread_default()
        done = []
        try:
            def changed(*_args):
                done.append(True)
            watch = Gio.bus_watch_name_on_connection(
                self.conn, NM_NAME, Gio.BusNameWatcherFlags.NONE,
                (lambda *a: changed()) if present else None,
                None if present else (lambda *a: changed()))
            timeout = GLib.timeout_source_new_seconds(START_TIMEOUT_S)
            timeout.set_callback(lambda *a: done.append(False))
            timeout.attach(ctx)
            # the only poll: notice a service that died before it owned its name
            alive = GLib.timeout_source_new(200)
            alive.set_callback(lambda *a: True)
            alive.attach(ctx)
            while not done:
                if present and self.nm_proc.poll() is not None:
                    raise RuntimeError(f'fake NetworkManager exited ({self.nm_proc.returncode}); '
                                       f'log: {self.log_path}')
                ctx.iteration(True)
            Gio.bus_unwatch_name(watch)
            timeout.destroy()
            alive.destroy()
        finally:
            ctx.pop_thread_default()
        if not done[0]:
            raise RuntimeError(f'timed out waiting for {NM_NAME} to {"appear" if present else "vanish"}')

    # ------------------------------------------------------------ mock API

    def call(self, method, signature=None, args=(), iface=MOCK_IFACE, path=NM_PATH):
        '''Call a method on the fake daemon; returns the unpacked reply tuple.'''
        params = GLib.Variant(f'({signature})', tuple(args)) if signature else None
        reply = self.conn.call_sync(NM_NAME, path, iface, method, params, None,
                                    Gio.DBusCallFlags.NONE, -1, None)
        return reply.unpack()

    def record_signals(self):
        '''Start recording every signal the fake daemon emits, as (path, iface, member, args)
        tuples appended to the returned list while the default main context runs (see wait()).'''
        signals = []
        self.conn.signal_subscribe(NM_NAME, None, None, None, None, Gio.DBusSignalFlags.NONE,
                                   lambda _c, _s, path, iface, member, args:
                                   signals.append((path, iface, member, args.unpack())))
        return signals

    def wait(self, predicate, timeout_s=10):
        '''Run the default main context until predicate() is true; TimeoutError after timeout_s.'''
        ctx = GLib.MainContext.default()
        expired = []
        source = GLib.timeout_add(int(timeout_s * 1000), lambda: expired.append(True))
        try:
            while not predicate():
                if expired:
                    raise TimeoutError(f'condition not reached within {timeout_s} s')
                ctx.iteration(True)
        finally:
            if not expired:
                GLib.source_remove(source)

    def handle(self, path):
        '''The handle Plugboard gives the active connection at PATH (pbtestlib.link_handle()):
        its number and the tag of this bus and the daemon now on it.'''
        return pbtestlib.link_handle(self.address, path)

    def get(self, path, iface, name):
        return self.call('Get', 'ss', (iface, name), iface='org.freedesktop.DBus.Properties', path=path)[0]

    def add_port(self, iface, device_type, state=NM_DEVICE_STATE_DISCONNECTED):
        return self.call('AddPort', 'suu', (iface, device_type, state))[0]

    def remove_port(self, device):
        self.call('RemovePort', 'o', (device,))

    def add_saved(self, conn_id, conn_uuid, conn_type):
        return self.call('AddSavedConnection', 'sss', (conn_id, conn_uuid, conn_type))[0]

    def add_link(self, conn, devices, state=NM_ACTIVE_CONNECTION_STATE_ACTIVATED):
        return self.call('AddLink', 'oaou', (conn, devices, state))[0]

    def set_teardown(self, path, mode, delay_ms=0, message=''):
        self.call('SetTeardown', 'osus', (path, mode, delay_ms, message))

    def set_activation(self, path, delay_ms):
        self.call('SetActivation', 'ou', (path, delay_ms))

    def set_statistics(self, device, rx_bytes, tx_bytes):
        '''Move a device's counters on; NetworkManager publishes them only while a client asked
        for a refresh rate. Returns whether it did.'''
        return bool(self.call('SetStatistics', 'ott', (device, rx_bytes, tx_bytes))[0])

    def simulate_traffic(self, device, rx_per_s, tx_per_s):
        '''For the demo: the device's counters grow by these many bytes a second.'''
        self.call('SimulateTraffic', 'ouu', (device, rx_per_s, tx_per_s))

    def add_many(self, n_links, n_ports, n_saved):
        return self.call('AddMany', 'uuu', (n_links, n_ports, n_saved))

    def populate_demo(self):
        '''A few links of each kind, plus an idle port. Returns
        {'ports': {iface: path}, 'saved': {kind: path}, 'links': {kind: path}}.'''
        ports = {}
        for iface, dev_type in (('ttyUSB0', NM_DEVICE_TYPE_MODEM), ('cdc-wdm0', NM_DEVICE_TYPE_MODEM),
                                ('eth0', NM_DEVICE_TYPE_ETHERNET), ('eth1', NM_DEVICE_TYPE_ETHERNET),
                                ('ppp0', NM_DEVICE_TYPE_PPP), ('00:1A:7D:DA:71:13', NM_DEVICE_TYPE_BT),
                                ('wg0', NM_DEVICE_TYPE_WIREGUARD), ('ttyACM0', NM_DEVICE_TYPE_MODEM)):
            ports[iface] = self.add_port(iface, dev_type)
        saved, links = {}, {}
        for kind, conn_id, conn_type, devices in (
                ('gsm', 'Mobile Broadband', 'gsm', ['ttyUSB0']),
                ('cdma', 'CDMA Dial-up', 'cdma', ['cdc-wdm0']),
                ('pppoe', 'DSL', 'pppoe', ['ppp0', 'eth1']),
                ('bluetooth', 'Phone DUN', 'bluetooth', ['00:1A:7D:DA:71:13']),
                ('ethernet', 'Wired', '802-3-ethernet', ['eth0']),
                ('vpn', 'Office VPN', 'vpn', ['eth0']),
                ('wireguard', 'WireGuard', 'wireguard', ['wg0'])):
            saved[kind] = self.add_saved(conn_id, demo_uuid(conn_id), conn_type)
            links[kind] = self.add_link(saved[kind], [ports[d] for d in devices])
        saved['gsm-idle'] = self.add_saved('Spare SIM', demo_uuid('Spare SIM'), 'gsm')
        return {'ports': ports, 'saved': saved, 'links': links}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--demo', action='store_true', help='populate with a few links of each kind')
    group.add_argument('--bench', action='store_true', help='populate with 300 links, 300 ports, 1000 saved')
    args = parser.parse_args()

    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, lambda *a: loop.quit() or GLib.SOURCE_REMOVE)
    with NMFixture() as nm:
        if args.demo:
            nm.populate_demo()
        elif args.bench:
            nm.add_many(300, 300, 1000)
        print(f'DBUS_SYSTEM_BUS_ADDRESS={nm.address}', flush=True)
        loop.run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
