#!/usr/bin/python3
# test_indicator.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-indicator against its real protocol peers.

The test NetworkManager runs on a private system bus (NMFixture). On a private session bus
the test itself is the tray: it owns org.kde.StatusNotifierWatcher and takes the indicator's
RegisterStatusNotifierItem call (whose service is a unique bus name: a Flatpak cannot own
org.kde.StatusNotifierItem-PID-1), then reads the item and its com.canonical.dbusmenu through
that name and clicks items the way a panel does.  Where a test needs them it is also the notification
server (org.freedesktop.Notifications) and the Plugboard window (org.freedesktop.Application).
'''

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# pylint: disable=wrong-import-position
from nmfixture import NMFixture, NM_IFACE, NM_PATH, BUS_CONFIG  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402

BUILD_ROOT = os.environ.get('PB_BUILD_ROOT', os.path.join(os.path.dirname(__file__), '..', '..', '_build'))
INDICATOR = os.path.join(BUILD_ROOT, 'src', 'indicator', 'plugboard-indicator')
WATCHER = 'org.kde.StatusNotifierWatcher'
ITEM_IFACE = 'org.kde.StatusNotifierItem'
MENU_IFACE = 'com.canonical.dbusmenu'
AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'
INDICATOR_APP = 'io.github.plugboard.Plugboard.Indicator'

WATCHER_XML = '''<node><interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
  <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
  <signal name="StatusNotifierHostRegistered"/>
</interface></node>'''

NOTIFICATIONS_XML = '''<node><interface name="org.freedesktop.Notifications">
  <method name="Notify">
    <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
    <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
    <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/><arg type="u" direction="out"/>
  </method>
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
</interface></node>'''

APPLICATION_XML = '''<node><interface name="org.freedesktop.Application">
  <method name="Activate"><arg type="a{sv}" direction="in"/></method>
</interface></node>'''


def shown_label(label):
    '''The text a host shows for a dbusmenu label: "__" is an underscore, "_x" marks a mnemonic.'''
    return None if label is None else re.sub(r'_(.)', r'\1', label)


class Peer:
    '''Owns a well-known name on the session bus and serves one interface from Python.'''

    def __init__(self, conn, name, path, xml, on_call, properties=None):
        self.conn = conn
        self.calls = []
        self.on_call = on_call
        self.properties = properties or {}
        info = Gio.DBusNodeInfo.new_for_xml(xml).interfaces[0]
        self.reg_id = conn.register_object(path, info, self._method_call, self._get_property, None)
        self.owned = []
        self.own_id = Gio.bus_own_name_on_connection(conn, name, Gio.BusNameOwnerFlags.NONE,
                                                     lambda *a: self.owned.append(True), None)

    def _method_call(self, _conn, sender, _path, _iface, method, params, invocation):
        self.calls.append((sender, method, params.unpack()))
        invocation.return_value(self.on_call(method, params.unpack()))

    def _get_property(self, _conn, _sender, _path, _iface, name):
        return self.properties[name]()

    def close(self):
        if self.own_id:
            Gio.bus_unown_name(self.own_id)
            self.conn.unregister_object(self.reg_id)
            self.own_id = 0


class IndicatorHarness(unittest.TestCase):
    '''A private system bus with the test NetworkManager, a private session bus with the test as
    the tray, and plugboard-indicator between them. No tests of its own: test_indicator_drives.py
    builds on it too.'''

    def setUp(self):
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)

        self.tmpdir = tempfile.mkdtemp(prefix='pbind-')
        self.addCleanup(shutil.rmtree, self.tmpdir, True)
        self.address, session_env = self.start_session_bus()
        self.session = Gio.DBusConnection.new_for_address_sync(
            self.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        self.addCleanup(self.session.close_sync, None)
        self.env = dict(session_env, DBUS_SYSTEM_BUS_ADDRESS=self.nm.address, DBUS_SESSION_BUS_ADDRESS=self.address)
        self.proc = None
        self.stderr_path = os.path.join(self.tmpdir, 'indicator.stderr')

        self.layout_updates = []
        self.item_signals = []
        self.session.signal_subscribe(None, MENU_IFACE, 'LayoutUpdated', None, None, Gio.DBusSignalFlags.NONE,
                                      lambda *a: self.layout_updates.append(a[5].unpack()))
        self.session.signal_subscribe(None, ITEM_IFACE, None, None, None, Gio.DBusSignalFlags.NONE,
                                      lambda *a: self.item_signals.append((a[4], a[5].unpack())))

    def start_session_bus(self):
        '''A bare private session bus: nothing on it is activatable. Returns (address, environment).'''
        config = os.path.join(self.tmpdir, 'session.conf')
        with open(config, 'w', encoding='utf-8') as f:
            f.write(BUS_CONFIG.replace('<type>system</type>', '<type>session</type>')
                    .format(socket=os.path.join(self.tmpdir, 'session_bus_socket')))
        with open(os.path.join(self.tmpdir, 'session-bus.log'), 'wb') as log:
            self.bus_proc = subprocess.Popen(  # pylint: disable=consider-using-with
                ['dbus-daemon', '--config-file', config, '--nofork', '--print-address=1'],
                stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
        self.addCleanup(self._stop, self.bus_proc)
        self.addCleanup(self.bus_proc.stdout.close)
        return self.bus_proc.stdout.readline().decode().strip(), os.environ

    @staticmethod
    def _stop(proc):
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)

    # ----------------------------------------------------------------- peers

    def start_tray(self):
        '''Become the StatusNotifierWatcher; returns the list of registered services.'''
        self.registered = []

        def on_call(method, args):
            if method == 'RegisterStatusNotifierItem':
                self.registered.append(args[0])
            return None
        self.tray = Peer(self.session, WATCHER, '/StatusNotifierWatcher', WATCHER_XML, on_call, {
            'RegisteredStatusNotifierItems': lambda: GLib.Variant('as', self.registered),
            'IsStatusNotifierHostRegistered': lambda: GLib.Variant('b', True),
            'ProtocolVersion': lambda: GLib.Variant('i', 0),
        })
        self.addCleanup(self.tray.close)
        self.nm.wait(lambda: self.tray.owned)
        return self.registered

    def start_notification_server(self):
        self.notifications = Peer(self.session, 'org.freedesktop.Notifications', '/org/freedesktop/Notifications',
                                  NOTIFICATIONS_XML,
                                  lambda method, args: GLib.Variant('(u)', (len(self.notifications.calls),))
                                  if method == 'Notify' else GLib.Variant('(as)', (['body'],)))
        self.addCleanup(self.notifications.close)
        self.nm.wait(lambda: self.notifications.owned)
        return self.notifications.calls

    # ------------------------------------------------------------- indicator

    def start_indicator(self, *args):
        with open(self.stderr_path, 'wb') as stderr:
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                [INDICATOR, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=stderr,
                stdin=subprocess.DEVNULL)
        self.addCleanup(self._stop, self.proc)

    def stderr(self):
        with open(self.stderr_path, encoding='utf-8') as f:
            return f.read()

    def wait_stderr(self, text):
        '''Wait until the indicator has written text on stderr (woken by a file monitor, not polling).'''
        monitor = Gio.File.new_for_path(self.stderr_path).monitor_file(Gio.FileMonitorFlags.NONE, None)
        monitor.connect('changed', lambda *a: None)
        try:
            self.nm.wait(lambda: text in self.stderr())
        finally:
            monitor.cancel()

    def bus_call(self, method, *args):
        '''Call the session bus itself; args are strings.'''
        reply = self.session.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                                       method, GLib.Variant(f'({"s" * len(args)})', args), None,
                                       Gio.DBusCallFlags.NONE, -1, None)
        return reply.unpack()[0]

    def wait_registered(self):
        self.nm.wait(lambda: self.registered)
        self.service = self.registered[0]
        return self.service

    def call(self, path, iface, method, args=None):
        reply = self.session.call_sync(self.service, path, iface, method, args, None,
                                       Gio.DBusCallFlags.NONE, 10000, None)
        return reply.unpack()

    def item_property(self, name):
        return self.call('/StatusNotifierItem', 'org.freedesktop.DBus.Properties', 'Get',
                         GLib.Variant('(ss)', (ITEM_IFACE, name)))[0]

    def menu(self):
        '''The menu as the tray reads it: (revision, [(id, label, enabled)]) of the root's children.'''
        path = self.item_property('Menu')
        revision, (root_id, root_props, children) = self.call(
            path, MENU_IFACE, 'GetLayout', GLib.Variant('(iias)', (0, -1, [])))
        self.assertEqual(root_id, 0)
        self.assertEqual(root_props.get('children-display'), 'submenu')
        items = [(cid, shown_label(props.get('label')), props.get('enabled', True))
                 for cid, props, _grandchildren in children if props.get('type') != 'separator']
        return revision, items

    def labels(self):
        return [label for _id, label, _enabled in self.menu()[1]]

    def item_id(self, label):
        ids = [cid for cid, item_label, _enabled in self.menu()[1] if item_label == label]
        self.assertEqual(len(ids), 1, f'{label!r} in {self.labels()}')
        return ids[0]

    def click(self, label):
        self.call(self.item_property('Menu'), MENU_IFACE, 'Event',
                  GLib.Variant('(isvu)', (self.item_id(label), 'clicked', GLib.Variant('s', ''), 0)))

    def wait_menu(self, predicate):
        '''Wait for LayoutUpdated signals until the menu read after one satisfies predicate.'''
        def check():
            if not self.layout_updates:
                return False
            self.layout_updates.clear()
            return predicate(self.labels())
        if not predicate(self.labels()):
            try:
                self.nm.wait(check)
            except TimeoutError:
                self.fail(f'menu not as expected: {self.labels()}; indicator stderr: {self.stderr()!r}')

    def active_connections(self):
        return [str(p) for p in self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')]

    def wait_vanished(self, name):
        '''Wait (on NameOwnerChanged, no polling) until name has no owner on the session bus.'''
        gone = []
        watch = Gio.bus_watch_name_on_connection(self.session, name, Gio.BusNameWatcherFlags.NONE,
                                                 None, lambda *a: gone.append(True))
        try:
            self.nm.wait(lambda: gone)
        finally:
            Gio.bus_unwatch_name(watch)

    def wait_exit(self):
        self.wait_vanished(INDICATOR_APP)
        return self.proc.wait(timeout=10)


class IndicatorTestCase(IndicatorHarness):
    '''The indicator's links and ports, and the protocols around them.'''

    def test_registers_item_and_menu_with_the_tray(self):
        '''The item registers with the watcher and shows the links and in-use ports.'''
        demo = self.nm.populate_demo()
        self.start_tray()
        self.start_indicator()
        service = self.wait_registered()
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' in labels)

        # The service is the item connection's unique name, of the indicator's process, and on a
        # connection of its own (so Quit can take the icon away); no well-known item name is owned.
        self.assertTrue(service.startswith(':'), service)
        self.assertEqual(self.bus_call('GetConnectionUnixProcessID', service), self.proc.pid)
        self.assertNotEqual(self.bus_call('GetNameOwner', INDICATOR_APP), service)
        self.assertEqual([name for name in self.bus_call('ListNames') if 'StatusNotifierItem' in name], [])

        self.assertEqual(self.item_property('IconName'), 'io.github.plugboard.Plugboard-symbolic')
        self.assertEqual(self.item_property('Status'), 'Active')
        self.assertEqual(self.item_property('Menu'), '/MenuBar')
        self.assertEqual(self.call(self.item_property('Menu'), 'org.freedesktop.DBus.Properties', 'Get',
                                   GLib.Variant('(ss)', (MENU_IFACE, 'Version')))[0], 3)

        labels = self.labels()
        # gsm, cdma, pppoe, bluetooth, vpn and wireguard are links; the plain ethernet one is not
        links = [label for label in labels if label.startswith('Hang Up ')]
        self.assertEqual(sorted(links), ['Hang Up CDMA Dial-up', 'Hang Up DSL', 'Hang Up Mobile Broadband',
                                         'Hang Up Office VPN', 'Hang Up Phone DUN', 'Hang Up WireGuard'])
        ports = [label for label in labels if label.startswith('Disconnect ')]
        self.assertIn('Disconnect ttyUSB0', ports)
        self.assertIn('Disconnect ppp0', ports)
        self.assertNotIn('Disconnect ttyACM0', ports, 'an idle port has nothing to disconnect')
        self.assertEqual(labels[0], f'6 links, {len(ports)} ports, 0 drives')
        self.assertEqual(labels[-2:], ['Open Plugboard', 'Quit'])
        self.assertEqual(self.item_property('ToolTip')[2:], ('Plugboard', labels[0]))
        self.assertEqual(len(demo['links']), 7)

    def test_L2_hang_up_from_menu_ends_link_and_updates_menu(self):
        '''Clicking "Hang Up <name>" deactivates that link in NetworkManager; the menu follows.'''
        demo = self.nm.populate_demo()
        gsm = demo['links']['gsm']
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' in labels)
        revision = self.menu()[0]
        self.layout_updates.clear()

        self.click('Hang Up Mobile Broadband')
        self.nm.wait(lambda: gsm not in self.active_connections())
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' not in labels)

        labels = self.labels()
        self.assertGreater(self.menu()[0], revision)
        self.assertNotIn('Disconnect ttyUSB0', labels)
        self.assertTrue(labels[0].startswith('5 links, '), labels[0])
        self.assertIn('Hang Up CDMA Dial-up', labels)
        self.assertIn(demo['links']['cdma'], self.active_connections())
        self.assertEqual(self.proc.poll(), None, 'the indicator stays up after a hang-up')

    def actions_call(self, method, args):
        reply = self.session.call_sync(INDICATOR_APP, '/io/github/plugboard/Plugboard/Indicator', 'org.gtk.Actions',
                                       method, args, None, Gio.DBusCallFlags.NONE, 10000, None)
        return reply.unpack()

    def test_L2_scripts_use_the_same_typed_actions_as_the_menu(self):
        '''The indicator exports the session's actions with their typed parameters, and one activated
        from a script with ('HANDLE', '') hangs that link up and reshapes the menu like a click.'''
        demo = self.nm.populate_demo()
        cdma = demo['links']['cdma']
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: 'Hang Up CDMA Dial-up' in labels)

        for name, signature in (('hang-up', '(ss)'), ('disconnect-port', 's'), ('cancel-drive', '(sbb)'),
                                ('restore', 's')):
            enabled, parameter_type, _state = self.actions_call('Describe', GLib.Variant('(s)', (name,)))[0]
            self.assertTrue(enabled, name)
            self.assertEqual(parameter_type, signature, name)

        handle = self.nm.handle(cdma)
        self.actions_call('Activate', GLib.Variant('(sava{sv})', ('hang-up', [GLib.Variant('(ss)', (handle, ''))], {})))
        self.nm.wait(lambda: cdma not in self.active_connections())
        self.wait_menu(lambda labels: 'Hang Up CDMA Dial-up' not in labels)
        self.assertIn('Hang Up Mobile Broadband', self.labels())

    def test_L4_quit_waits_for_hang_up_in_flight(self):
        '''Quit with a hang-up in flight: the icon goes, the process stays until the link is down.'''
        demo = self.nm.populate_demo()
        gsm = demo['links']['gsm']
        self.nm.set_teardown(gsm, 'hang')
        self.start_tray()
        self.start_indicator()
        service = self.wait_registered()
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' in labels)

        self.click('Hang Up Mobile Broadband')
        self.nm.wait(lambda: self.nm.get(gsm, AC_IFACE, 'State') == 3)  # DEACTIVATING, and stays there
        self.click('Quit')
        self.wait_vanished(service)
        # A call its main loop must answer, sent after the icon went: a program that stopped at
        # Quit cannot answer it.
        actions = self.session.call_sync(INDICATOR_APP, '/io/github/plugboard/Plugboard/Indicator',
                                         'org.gtk.Actions', 'List', None, None, Gio.DBusCallFlags.NONE, 10000,
                                         None)
        # The session's actions are the indicator's, for its menu and for scripts.
        self.assertIn('hang-up', actions.unpack()[0])
        self.assertIsNone(self.proc.poll(), 'the indicator quit with a hang-up in flight')

        # The modem goes away: the link vanishes from the bus, which ends the hang-up (L2).
        self.nm.remove_port(demo['ports']['ttyUSB0'])
        self.assertNotIn(gsm, self.active_connections())
        self.assertEqual(self.wait_exit(), 0)
        self.assertIn('quitting once 1 disconnection has finished', self.stderr())

    def test_failed_hang_up_is_notified_or_printed(self):
        '''A teardown error goes to the notification server, or to stderr when there is none.'''
        demo = self.nm.populate_demo()
        self.nm.set_teardown(demo['links']['gsm'], 'fail', 0, 'the modem refused')
        self.nm.set_teardown(demo['links']['cdma'], 'fail', 0, 'the line is stuck')
        notifications = self.start_notification_server()
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' in labels)

        self.click('Hang Up Mobile Broadband')
        self.nm.wait(lambda: notifications)
        _sender, method, args = notifications[0]
        self.assertEqual(method, 'Notify')
        app_name, _replaces, _icon, summary, body, _actions, hints, _timeout = args
        self.assertEqual(app_name, 'Plugboard')
        self.assertEqual(summary, 'Could not hang up Mobile Broadband')
        self.assertIn('the modem refused', body)
        self.assertEqual(hints['desktop-entry'], 'io.github.plugboard.Plugboard')
        self.assertIn(demo['links']['gsm'], self.active_connections())

        self.notifications.close()
        self.wait_vanished('org.freedesktop.Notifications')
        self.click('Hang Up CDMA Dial-up')
        self.click('Quit')
        self.assertEqual(self.wait_exit(), 0)
        self.assertIn('Could not hang up CDMA Dial-up: ', self.stderr())
        self.assertIn('the line is stuck', self.stderr())
        self.assertEqual(len(notifications), 1)

    def test_without_networkmanager_menu_says_so(self):
        '''No NetworkManager: a menu item says so, Status is Passive; the menu fills in when it starts.'''
        self.nm.stop_service()
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: 'NetworkManager is not running on this computer' in labels)
        self.assertEqual(self.labels()[0], '0 links, 0 ports, 0 drives')
        self.assertEqual(self.item_property('Status'), 'Passive')

        self.nm.start_service()
        self.nm.populate_demo()
        self.wait_menu(lambda labels: 'Hang Up Mobile Broadband' in labels)
        self.assertNotIn('NetworkManager is not running on this computer', self.labels())
        self.nm.wait(lambda: ('NewStatus', ('Active',)) in self.item_signals)
        self.assertEqual(self.item_property('Status'), 'Active')

    def test_waits_for_a_tray_and_says_so_once(self):
        '''Without a StatusNotifierWatcher it waits, says so once, and registers the same unique name with
        each tray.'''
        self.start_indicator()
        self.wait_stderr('waiting for one to start')

        self.start_tray()
        service = self.wait_registered()
        self.assertEqual(self.bus_call('GetConnectionUnixProcessID', service), self.proc.pid)
        self.assertEqual(self.item_property('Menu'), '/MenuBar')
        self.tray.close()
        self.wait_vanished(WATCHER)
        self.start_tray()
        self.assertEqual(self.wait_registered(), service)

        self.assertEqual(self.stderr().count('waiting for one to start'), 1, self.stderr())

    def test_open_plugboard_activates_the_application(self):
        '''"Open Plugboard" and a click on the icon call org.freedesktop.Application.Activate.'''
        app = Peer(self.session, 'io.github.plugboard.Plugboard', '/io/github/plugboard/Plugboard',
                   APPLICATION_XML, lambda method, args: None)
        self.addCleanup(app.close)
        self.nm.wait(lambda: app.owned)
        self.start_tray()
        self.start_indicator()
        self.wait_registered()

        self.click('Open Plugboard')
        self.nm.wait(lambda: app.calls)
        self.assertEqual(app.calls[0][1:], ('Activate', ({},)))
        self.call('/StatusNotifierItem', ITEM_IFACE, 'Activate', GLib.Variant('(ii)', (0, 0)))
        self.nm.wait(lambda: len(app.calls) == 2)

    def test_open_plugboard_starts_the_program_when_not_activatable(self):
        '''With no one to activate, "Open Plugboard" runs `plugboard` from PATH.'''
        bindir = os.path.join(self.tmpdir, 'bin')
        fifo = os.path.join(self.tmpdir, 'started')
        os.mkdir(bindir)
        os.mkfifo(fifo)
        with open(os.path.join(bindir, 'plugboard'), 'w', encoding='utf-8') as f:
            f.write(f'#!/bin/sh\necho "started $#" > {fifo}\n')
        os.chmod(os.path.join(bindir, 'plugboard'), 0o755)
        self.env['PATH'] = bindir + os.pathsep + self.env['PATH']
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.addCleanup(os.close, fd)
        readable = []
        GLib.io_add_watch(fd, GLib.PRIORITY_DEFAULT, GLib.IO_IN, lambda *a: readable.append(True) and False)
        self.start_tray()
        self.start_indicator()
        self.wait_registered()

        self.click('Open Plugboard')
        self.nm.wait(lambda: readable)
        self.assertEqual(os.read(fd, 100), b'started 0\n')


if __name__ == '__main__':
    unittest.main(verbosity=2)
