#!/usr/bin/python3
# tests/gui/test_link_details.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Each link's time connected and traffic in the window, against the test NetworkManager:
the counters are NetworkManager's device statistics, asked for only while the Links page is on
screen (RefreshRateMs set while shown, put back when hidden, another client's rate left alone);
and what Preferences changes reaches the window and the settings at once.'''

import os
import re
import subprocess
import sys
import unittest

from gi.repository import GLib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))

from guisession import GuiSession  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

STATISTICS_IFACE = 'org.freedesktop.NetworkManager.Device.Statistics'
AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'
SCHEMA = 'io.github.plugboard.Plugboard'
NBSP = '\u00a0'  # GLib's sizes keep their number and unit together
BUILD_ROOT = os.environ.get('PB_BUILD_ROOT', os.path.join(HERE, '..', '..', '_build'))

GUI = GuiSession()


def setUpModule():  # pylint: disable=invalid-name
    GUI.start()


def tearDownModule():  # pylint: disable=invalid-name
    GUI.stop()


class LinkDetailsCase(unittest.TestCase):
    app_env = None

    def setUp(self):
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.demo = self.nm.populate_demo()
        self.gui = GUI
        self.addCleanup(self.gui.stop_apps)
        self.app = self.gui.start_app(nm=self.nm, env=self.app_env)

    def page(self, name):
        key = {'Links': '1', 'Ports': '2', 'Drives': '3'}[name]
        self.gui.key_combo('Alt', key)
        tab = self.gui.wait_for(lambda: self.gui.find(self.app, 'page tab', name), what=f'the {name} tab')
        self.gui.wait_for(lambda: 'selected' in self.gui.states(tab), what=f'the {name} tab selected')
        return self.gui.find(self.app, 'panel', name)

    def row(self, page, text):
        table = self.gui.find(page, 'tree table', showing=False)
        for row in self.gui.find_all(table, 'table row', showing=False):
            if self.gui.find(row, 'label', text, showing=False):
                return row
        return None

    def cells(self, page, text):
        row = self.row(page, text)
        return [n.get_name() for n in self.gui.find_all(row, 'label', showing=False)] if row else []

    def rate(self, device):
        return int(self.nm.get(device, STATISTICS_IFACE, 'RefreshRateMs'))


class TrafficAndTimeTest(LinkDetailsCase):
    def test_traffic_is_networkmanagers_and_counted_only_while_shown(self):
        '''The Links page asks NetworkManager to refresh the counters of its links' devices and
        shows what it publishes; on another page it asks no more and puts the rate back.'''
        wg0 = self.demo['ports']['wg0']
        links = self.page('Links')
        self.gui.wait_for(lambda: self.rate(wg0) == 1000, what='the refresh asked for while the page shows')
        self.assertTrue(self.nm.set_statistics(wg0, 1_536_000, 2_048))
        self.gui.wait_for(lambda: {NBSP.join(('1.5', 'MB')), NBSP.join(('2.0', 'kB'))} <= set(self.cells(links, 'WireGuard')),
                          what='the WireGuard row’s received and sent bytes')

        # Two devices: the DSL link's traffic is both of theirs.
        self.gui.wait_for(lambda: self.rate(self.demo['ports']['ppp0']) == self.rate(self.demo['ports']['eth1']) == 1000,
                          what='the DSL devices’ refresh')
        self.nm.set_statistics(self.demo['ports']['ppp0'], 1000, 10)
        self.nm.set_statistics(self.demo['ports']['eth1'], 500, 5)
        self.gui.wait_for(lambda: {NBSP.join(('1.5', 'kB')), '15 bytes'} <= set(self.cells(links, 'DSL')),
                          what='the DSL row’s bytes, summed over its devices')

        # A VPN's devices are the ones it rides on: their traffic is not the VPN's.
        self.assertEqual(self.cells(links, 'Office VPN')[-2:], ['—', '—'],
                         'a VPN row shows no traffic of its own')

        self.page('Ports')
        self.gui.wait_for(lambda: self.rate(wg0) == 0, what='the rate put back when the page hides')
        self.assertFalse(self.nm.set_statistics(wg0, 9_999_999, 9_999), 'nothing refreshed while hidden')

        # Another client's rate is its own: shown again, then hidden, the page leaves it.
        self.nm.call('Set', 'ssv', (STATISTICS_IFACE, 'RefreshRateMs', GLib.Variant('u', 500)),
                     iface='org.freedesktop.DBus.Properties', path=wg0)
        self.page('Links')
        self.gui.wait_for(lambda: self.row(links, 'WireGuard') is not None, what='the WireGuard row again')
        self.assertTrue(self.nm.set_statistics(wg0, 10_000_000, 4_096))
        self.gui.wait_for(lambda: NBSP.join(('10.0', 'MB')) in self.cells(links, 'WireGuard'),
                          what='fresh counters at another client’s rate')
        self.assertEqual(self.rate(wg0), 500, 'a faster rate set by another client is kept')
        self.page('Ports')
        self.assertEqual(self.rate(wg0), 500, 'and left to it when the page hides')

    def test_time_connected_counts_from_when_it_was_seen(self):
        '''A link up before the window started has been up "at least" as long as the window has
        seen it; one dialled from the window counts from its connection, each second.'''
        links = self.page('Links')
        before = self.gui.wait_for(lambda: next((c for c in self.cells(links, 'WireGuard')
                                                 if c.startswith('at least ')), None),
                                   what='the WireGuard row’s time connected')
        self.assertRegex(before, r'^at least 0:00:\d\d$')

        self.nm.set_activation('/', 4000)  # long enough to see it dial, even under ASan
        self.gui.press(self.gui.wait_for(lambda: self.gui.find(links, None, 'Connect'), what='Connect'))
        self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'Spare SIM', showing=False),
                          what='the saved profile in the menu')
        self.gui.key('Down')
        self.gui.key('Return')
        self.gui.wait_for(lambda: self.cells(links, 'Spare SIM')[-3:-2] == ['—'],
                          what='the new link’s row, with no time connected while it dials')
        first = self.gui.wait_for(lambda: next((c for c in self.cells(links, 'Spare SIM')
                                                if re.fullmatch(r'0:00:\d\d', c)), None),
                                  what='its time connected once it connects')
        self.gui.wait_for(lambda: next((c for c in self.cells(links, 'Spare SIM')
                                        if re.fullmatch(r'0:00:\d\d', c) and c > first), None),
                          what='the time counting on, each second')


class PreferencesTest(LinkDetailsCase):
    '''What each control of Preferences changes: the settings at once, and the window with them.'''

    # The build's schema, and settings in a file of the test's fresh home that gsettings edits too.
    app_env = {'GSETTINGS_SCHEMA_DIR': os.path.join(BUILD_ROOT, 'data'), 'GSETTINGS_BACKEND': 'keyfile'}

    def settings(self, *args):
        env = dict(self.gui.env, **self.app_env)
        return subprocess.run(['gsettings', *args], env=env, check=True, capture_output=True,
                              text=True).stdout.strip()

    def setUp(self):
        super().setUp()
        self.addCleanup(lambda: os.path.exists(self.keyfile()) and os.unlink(self.keyfile()))

    def keyfile(self):
        return os.path.join(self.gui.env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings', 'keyfile')

    def open_preferences(self):
        self.gui.key_combo('Control', 'comma')
        return self.gui.wait_for(lambda: self.gui.find(self.app, 'frame', 'Preferences')
                                 or self.gui.find(self.app, 'dialog', 'Preferences'),
                                 what='the Preferences window')

    def test_link_types_timeout_and_restore_take_effect(self):
        links = self.page('Links')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN'), what='the VPN row')
        prefs = self.open_preferences()

        vpn = self.gui.wait_for(lambda: self.gui.find(prefs, 'check box', 'VPN'), what='the VPN check box')
        self.assertIn('checked', self.gui.states(vpn))
        self.gui.key_combo('Alt', 'v')  # the check boxes' mnemonics, as a person uses them
        self.gui.wait_for(lambda: "'vpn'" not in self.settings('get', SCHEMA, 'link-types'),
                          what='vpn out of link-types')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN') is None, what='the VPN row to leave the window')
        self.assertIsNotNone(self.row(links, 'WireGuard'), 'the other links stay')

        self.gui.key_combo('Alt', 'd')
        self.gui.wait_for(lambda: self.row(links, 'Wired') is not None, what='the wired link as a link')

        self.gui.key_combo('Alt', 'w')
        spin = self.gui.find(prefs, 'spin button', 'Wait for a hang-up or disconnect (seconds)')
        self.gui.wait_for(lambda: 'focused' in self.gui.states(spin), what='the timeout focused by its mnemonic')
        self.gui.key('Up')
        self.gui.wait_for(lambda: self.settings('get', SCHEMA, 'teardown-timeout') == 'uint32 31',
                          what='the timeout one second longer in the settings')

        restore = self.gui.find(prefs, 'check box', contains=True, name='sign')
        was = 'checked' in self.gui.states(restore)
        self.gui.key_combo('Alt', 'r')
        self.gui.wait_for(lambda: self.settings('get', SCHEMA, 'restore-at-login') == ('false' if was else 'true'),
                          what='restore at sign-in in the settings')

        # A change made elsewhere (the CLI, a hand edit) shows in the open dialog.
        self.settings('set', SCHEMA, 'link-types', "['vpn', 'gsm']")
        self.gui.wait_for(lambda: 'checked' in self.gui.states(vpn), what='the dialog following the settings')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN') is not None and self.row(links, 'DSL') is None,
                          what='the window following the settings')


if __name__ == '__main__':
    unittest.main(verbosity=2)
