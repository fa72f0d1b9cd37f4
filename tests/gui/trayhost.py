#!/usr/bin/python3
# tests/gui/trayhost.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The desktop's side of the tray for the gui suite: a StatusNotifierWatcher on a test's
session bus, the indicator started against it, and its menu read and clicked the way a
panel does (dbusmenu GetLayout and Event).'''

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))

# pylint: disable=wrong-import-position
from gi.repository import Gio, GLib  # noqa: E402
from test_indicator import MENU_IFACE, WATCHER, WATCHER_XML, Peer, shown_label  # noqa: E402


def spin(seconds):
    '''Let this process's main context deliver D-Bus signals and calls for a while.'''
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        context.iteration(False)
        time.sleep(0.01)


def wait(predicate, what, timeout=20):
    '''predicate's first true value, spinning the main context meanwhile.'''
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        spin(0.05)
        value = predicate()
        if value:
            return value
    raise AssertionError(f'timed out waiting for {what}')


class TrayHost:
    '''A panel on bus_address: call start(indicator, env), then menu() and click().'''

    def __init__(self, bus_address):
        self.bus = Gio.DBusConnection.new_for_address_sync(
            bus_address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        self.registered = []
        self.service = None
        self._peer = None
        self._indicator = None

    def start(self, indicator, env):
        '''Own the watcher name, start the indicator and wait until it registers.'''
        def on_call(method, args):
            if method == 'RegisterStatusNotifierItem':
                self.registered.append(args[0])
        self._peer = Peer(self.bus, WATCHER, '/StatusNotifierWatcher', WATCHER_XML, on_call, {
            'RegisteredStatusNotifierItems': lambda: GLib.Variant('as', self.registered),
            'IsStatusNotifierHostRegistered': lambda: GLib.Variant('b', True),
            'ProtocolVersion': lambda: GLib.Variant('i', 0),
        })
        wait(lambda: self._peer.owned, 'the tray name')
        self._indicator = subprocess.Popen(  # pylint: disable=consider-using-with
            [indicator], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait(lambda: self.registered, 'the indicator to register with the tray')
        self.service = self.registered[0]

    def stop(self):
        '''Stop the indicator this host started (by PID) and give up the watcher name.'''
        if self._indicator is not None:
            if self._indicator.poll() is None:
                self._indicator.terminate()
            self._indicator.wait(timeout=20)
            self._indicator = None
        if self._peer is not None:
            self._peer.close()
            self._peer = None
        self.bus.close_sync(None)

    def call_menu(self, method, parameters, timeout_ms=10000):
        return self.bus.call_sync(self.service, '/MenuBar', MENU_IFACE, method, parameters, None,
                                  Gio.DBusCallFlags.NONE, timeout_ms, None)

    def menu(self, timeout_ms=10000):
        '''The tray menu's items as a host reads them: {label: id}.'''
        reply = self.call_menu('GetLayout', GLib.Variant('(iias)', (0, -1, [])), timeout_ms)
        _revision, (_root, _props, children) = reply.unpack()
        return {shown_label(props['label']): cid for cid, props, _ in children if 'label' in props}

    def click(self, label):
        self.call_menu('Event', GLib.Variant('(isvu)', (self.menu()[label], 'clicked', GLib.Variant('s', ''), 0)))
