#!/usr/bin/python3
# tests/gui/test_window.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The window, driven as a person does through AT-SPI and the keyboard, against the
test NetworkManager: links and ports pages, errors in the window, L4 on close, the
empty states, the GApplication actions, and accessible names.'''

import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))

from guisession import GuiSession, app_binary  # noqa: E402
from nmfixture import NMFixture, NM_DEVICE_STATE_DISCONNECTED  # noqa: E402

DEVICE_IFACE = 'org.freedesktop.NetworkManager.Device'
APP_ID = 'io.github.plugboard.Plugboard'
BT_ADDRESS = '00:1A:7D:DA:71:13'  # the demo's phone (nmfixture.populate_demo)


GUI = GuiSession()


def setUpModule():  # pylint: disable=invalid-name
    GUI.start()


def tearDownModule():  # pylint: disable=invalid-name
    GUI.stop()


class WindowTest(unittest.TestCase):
    def setUp(self):
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.demo = self.nm.populate_demo()
        self.gui = GUI
        self.addCleanup(self.gui.stop_apps)
        self.app = self.gui.start_app(nm=self.nm)

    # ------------------------------------------------------------ helpers

    def page(self, name):
        '''Show a page with its keyboard shortcut and return its panel.'''
        key = {'Links': '1', 'Ports': '2', 'Drives': '3'}[name]
        self.gui.key_combo('Alt', key)
        tab = self.gui.wait_for(lambda: self.gui.find(self.app, 'page tab', name), what=f'the {name} tab')
        self.gui.wait_for(lambda: 'selected' in [s.value_nick for s in tab.get_state_set().get_states()],
                          what=f'the {name} tab selected')
        return self.gui.find(self.app, 'panel', name)

    def row(self, page, text):
        '''The table row of page that shows text in one of its cells, or None.'''
        table = self.gui.find(page, 'tree table', showing=False)
        for row in self.gui.find_all(table, 'table row', showing=False):
            if self.gui.find(row, 'label', text, showing=False):
                return row
        return None

    def select(self, page, text):
        '''Select the row that shows text with the keyboard alone.'''
        self.gui.wait_for(lambda: self.row(page, text), what=f'the {text} row')
        return self.gui.select_row(self.gui.find(page, 'tree table', showing=False), lambda: self.row(page, text))

    def cell_texts(self, row):
        return [n.get_name() for n in self.gui.find_all(row, 'label', showing=False)]

    def active_paths(self):
        return self.nm.get('/org/freedesktop/NetworkManager', 'org.freedesktop.NetworkManager',
                           'ActiveConnections')

    def handle(self, kind):
        return self.nm.handle(self.demo['links'][kind])

    # ------------------------------------------------------------ tests

    def test_L1_L2_hang_up_with_delete_shows_progress_and_row_leaves(self):
        '''A person selects a link with the keyboard and presses Delete: the row says
        "Hanging up…" while NetworkManager tears down, then leaves; the link is gone (L2).'''
        link = self.demo['links']['vpn']
        self.nm.set_teardown(link, 'normal', 1500)
        links = self.page('Links')
        self.select(links, 'Office VPN')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: (r := self.row(links, 'Office VPN')) is not None
                          and 'Hanging up…' in self.cell_texts(r), what='“Hanging up…” on the row')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN') is None, what='the row to leave')
        self.assertNotIn(link, self.active_paths())
        self.assertIsNotNone(self.row(links, 'WireGuard'), 'only the hung-up link left')

    def test_L5_hang_up_one_device_from_the_context_menu(self):
        '''The context menu (Menu key) of a two-device link offers Hang Up Device for each;
        choosing one disconnects that device and leaves the link up (L5).'''
        links = self.page('Links')
        self.select(links, 'DSL')
        self.gui.key('Menu')
        item = self.gui.wait_for(lambda: self.gui.find(self.app, 'menu item', 'Hang Up Device eth1',
                                                        showing=False),
                                 what='the Hang Up Device eth1 menu item')
        self.gui.press(item)
        eth1 = self.demo['ports']['eth1']
        self.gui.wait_for(lambda: self.nm.get(eth1, DEVICE_IFACE, 'State') == NM_DEVICE_STATE_DISCONNECTED,
                          what='eth1 disconnected')
        self.assertIn(self.demo['links']['pppoe'], self.active_paths(), 'the link stays up')
        self.assertIsNotNone(self.row(links, 'DSL'))

    def test_P1_P3_disconnect_port_with_delete(self):
        '''On the Ports page, Delete on ttyUSB0 disconnects the port (P3): its state shows
        disconnected and NetworkManager says so.'''
        ports = self.page('Ports')
        self.select(ports, 'ttyUSB0')
        self.gui.key('Delete')
        tty = self.demo['ports']['ttyUSB0']
        self.gui.wait_for(lambda: self.nm.get(tty, DEVICE_IFACE, 'State') == NM_DEVICE_STATE_DISCONNECTED,
                          what='ttyUSB0 disconnected')
        self.gui.wait_for(lambda: 'Disconnected' in self.cell_texts(self.row(ports, 'ttyUSB0')),
                          what='the row to say Disconnected')

    def test_refused_hang_up_is_told_in_the_window_in_words(self):
        '''NetworkManager refuses the teardown: the window tells it in NetworkManager's own
        words, naming the link by its name, with no error code nor handle; the row stays.'''
        self.nm.set_teardown(self.demo['links']['gsm'], 'fail', 0, 'the modem does not answer')
        links = self.page('Links')
        self.select(links, 'Mobile Broadband')
        self.gui.key('Delete')
        bar = self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'the modem does not answer',
                                                      showing=False, contains=True),
                                what='the error in the window')
        text = bar.get_name()
        self.assertNotRegex(text, r'^[A-Z_]+: ', text)
        self.assertIn('“Mobile Broadband”', text)
        self.assertNotIn(f'“{self.handle("gsm")}”', text)
        self.assertIsNotNone(self.row(links, 'Mobile Broadband'))
        self.assertNotIn('Hanging up…', self.cell_texts(self.row(links, 'Mobile Broadband')))

    def test_messages_belong_to_their_page_and_clear_on_success(self):
        '''A failed hang-up's message shows on the Links page only, and a later hang-up that
        succeeds there clears it.'''
        self.nm.set_teardown(self.demo['links']['gsm'], 'fail', 0, 'the modem does not answer')
        links = self.page('Links')
        self.select(links, 'Mobile Broadband')
        self.gui.key('Delete')

        def bar():
            return self.gui.find(self.app, 'label', 'the modem does not answer', contains=True)
        self.gui.wait_for(bar, what='the message on the Links page')
        self.page('Ports')
        self.gui.wait_for(lambda: bar() is None, what='no message on the Ports page')
        links = self.page('Links')
        self.gui.wait_for(bar, what='the message back on the Links page')
        self.select(links, 'WireGuard')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: self.row(links, 'WireGuard') is None, what='WireGuard hung up')
        self.gui.wait_for(lambda: bar() is None, what='the message cleared by the success')

    def test_L4_quit_says_what_it_waits_for_and_exits_when_it_ends(self):
        '''Ctrl+Q with a hang-up in flight closes the window and says "Waiting for the hang-up
        of WireGuard…" while the process stays (L4); once the teardown ends it exits, without
        a window coming back; the link really is gone.'''
        link = self.demo['links']['wireguard']
        self.nm.set_teardown(link, 'normal', 3000)
        links = self.page('Links')
        self.select(links, 'WireGuard')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: 'Hanging up…' in self.cell_texts(self.row(links, 'WireGuard')),
                          what='the hang-up in flight')
        self.gui.key_combo('Control', 'q')
        proc = self.gui.apps[0]
        self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'Waiting for the hang-up of WireGuard…',
                                                showing=False), what='what Quit waits for')
        self.assertIsNone(self.gui.find(self.app, 'frame', 'Plugboard', showing=False), 'the window is closed')
        self.assertIsNone(proc.poll(), 'the process must outlive its window while a teardown runs')
        self.assertIn(link, self.active_paths(), 'the teardown is still running')
        self.assertEqual(proc.wait(timeout=20), 0)
        self.assertNotIn(link, self.active_paths())

    def test_L4_quit_can_stop_waiting_for_a_hang_up_that_never_ends(self):
        '''A hang-up that never finishes: Quit waits for it, Stop Waiting cancels the wait and the
        process ends at once, with no window popping back with a timeout.'''
        self.nm.set_teardown(self.demo['links']['wireguard'], 'hang')
        links = self.page('Links')
        self.select(links, 'WireGuard')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: 'Hanging up…' in self.cell_texts(self.row(links, 'WireGuard')),
                          what='the hang-up in flight')
        self.gui.key_combo('Control', 'q')
        proc = self.gui.apps[0]
        stop = self.gui.wait_for(lambda: self.gui.find(self.app, 'push button', 'Stop Waiting', showing=False),
                                 what='Stop Waiting')
        time.sleep(1)
        self.assertIsNone(proc.poll(), 'Quit waits for the hang-up')
        self.gui.press(stop)
        self.assertEqual(proc.wait(timeout=10), 0)

    def test_selection_moves_to_nothing_after_a_hang_up(self):
        '''After a hang-up the selection does not jump to the next link: a second Delete hangs up
        nothing.'''
        link = self.demo['links']['vpn']
        links = self.page('Links')
        self.select(links, 'Office VPN')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN') is None, what='the row to leave')
        table = self.gui.find(links, 'tree table', showing=False)
        self.assertEqual([self.cell_texts(r) for r in self.gui.find_all(table, 'table row', showing=False)
                          if 'selected' in self.gui.states(r)], [])
        before = self.active_paths()
        self.gui.key('Delete')
        time.sleep(1.5)
        self.assertNotIn(link, before)
        self.assertEqual(self.active_paths(), before, 'a second Delete hung up another link')

    def test_a_hang_up_is_told_with_a_way_back(self):
        '''A finished hang-up is told in a notification whose Reconnect dials the link again.'''
        links = self.page('Links')
        self.select(links, 'Office VPN')
        self.gui.key('Delete')
        self.gui.wait_for(lambda: self.gui.find(self.app, 'label', '“Office VPN” is hung up.'),
                          what='the notification')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN') is None, what='the row to leave')
        self.gui.press(self.gui.find(self.app, 'push button', 'Reconnect'))
        self.gui.wait_for(lambda: self.row(links, 'Office VPN'), what='Office VPN dialled again')

    def test_hidden_pages_buttons_cannot_be_pressed(self):
        '''A port selected on the Ports page, then the Drives page shown: the Ports page's
        Disconnect, still in the accessibility tree, cannot disconnect it.'''
        ports = self.page('Ports')
        self.select(ports, 'ttyUSB0')
        self.page('Drives')
        button = self.gui.find(ports, 'push button', 'Disconnect', showing=False)
        self.assertNotIn('sensitive', self.gui.states(button))
        try:
            self.gui.press(button)
        except AssertionError:
            pass
        time.sleep(1.5)
        tty = self.demo['ports']['ttyUSB0']
        self.assertNotEqual(self.nm.get(tty, DEVICE_IFACE, 'State'), NM_DEVICE_STATE_DISCONNECTED)

    def test_buttons_start_the_sessions_typed_actions(self):
        '''The toolbar's Hang Up is the session's app.hang-up with the selected link as its
        target (issue #10): pressed through AT-SPI, it hangs up that link.'''
        link = self.demo['links']['wireguard']
        links = self.page('Links')
        self.select(links, 'WireGuard')
        self.gui.press(self.gui.find(links, 'push button', 'Hang Up'))
        self.gui.wait_for(lambda: link not in self.active_paths(), what='WireGuard hung up')

    def test_states_types_and_link_names_are_words(self):
        '''Rows say "Connected" and "Mobile broadband", not NetworkManager's "activated" and
        "gsm"; the Ports page names the link a port carries, not its handle.'''
        links = self.page('Links')
        row = self.gui.wait_for(lambda: self.row(links, 'Mobile Broadband'), what='the row')
        texts = self.cell_texts(row)
        self.assertIn('Connected', texts)
        self.assertIn('Mobile broadband', texts)
        self.assertNotIn('activated', texts)
        ports = self.page('Ports')
        row = self.gui.wait_for(lambda: self.row(ports, 'ttyUSB0'), what='the ttyUSB0 row')
        texts = self.cell_texts(row)
        self.assertNotIn(self.handle('gsm'), texts)
        self.assertTrue(any(t in texts for t in ('Mobile Broadband', 'CDMA Dial-up')), texts)
        # A Bluetooth port by the phone's name, not its address, here and on the Links page.
        self.gui.wait_for(lambda: self.row(ports, 'Phone 6'), what='the phone by its name')
        self.assertIsNone(self.row(ports, BT_ADDRESS))
        links = self.page('Links')
        self.assertIn('Phone 6', self.cell_texts(self.gui.wait_for(lambda: self.row(links, 'Phone DUN'),
                                                                   what='the Phone DUN row')))

    def test_preferences_keyboard_shortcuts_and_about_are_in_the_main_menu(self):
        '''The main menu offers Preferences, Keyboard Shortcuts and About; Preferences shows the
        teardown timeout.'''
        self.gui.press(self.gui.find(self.app, None, 'Main Menu'))
        for label in ('Preferences', 'Keyboard Shortcuts', 'About Plugboard', 'Quit'):
            self.gui.wait_for(lambda l=label: self.gui.find(self.app, 'menu item', l, showing=False), what=label)
        self.gui.press(self.gui.find(self.app, 'menu item', 'Preferences', showing=False))
        self.gui.wait_for(lambda: self.gui.find(self.app, 'spin button',
                                                'Wait for a hang-up or disconnect (seconds)', showing=False),
                          what='the timeout in Preferences')

    def test_right_click_selects_the_row_and_opens_its_menu(self):
        '''A right click on a row selects that row and opens its context menu, whose Hang Up
        hangs up that link.'''
        link = self.demo['links']['wireguard']
        links = self.page('Links')
        row = self.gui.wait_for(lambda: self.row(links, 'WireGuard'), what='the WireGuard row')
        self.gui.click(self.gui.find(row, 'label', 'WireGuard', showing=False), button=3)
        item = self.gui.wait_for(lambda: self.gui.find(self.app, 'menu item', 'Hang Up'), what='the context menu')
        self.assertIn('selected', self.gui.states(self.row(links, 'WireGuard')))
        self.gui.press(item)
        self.gui.wait_for(lambda: link not in self.active_paths(), what='the WireGuard link hung up')
        self.assertIsNotNone(self.row(links, 'DSL'), 'only the clicked link goes')

    def test_connect_a_saved_link_from_the_connect_menu(self):
        '''Connect lists the saved link profiles that are not active; choosing one with the
        keyboard dials it and its row appears.'''
        links = self.page('Links')
        button = self.gui.wait_for(lambda: self.gui.find(links, None, 'Connect'), what='the Connect button')
        self.gui.press(button)
        self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'Spare SIM', showing=False),
                          what='the saved profile in the menu')
        self.gui.key('Down')
        self.gui.key('Return')
        self.gui.wait_for(lambda: self.row(links, 'Spare SIM'), what='the new link’s row')

    def test_search_filters_rows(self):
        '''Typing in the search entry keeps only the matching rows; no match says so.'''
        links = self.page('Links')
        entry = self.gui.find(links, 'entry', 'Search links')
        self.gui.wait_for(lambda: self.row(links, 'DSL'), what='the rows')
        entry.get_editable_text_iface().set_text_contents('wire')
        self.gui.wait_for(lambda: self.row(links, 'DSL') is None, what='DSL filtered out')
        self.assertIsNotNone(self.row(links, 'WireGuard'))
        entry.get_editable_text_iface().set_text_contents('no such link')
        self.gui.wait_for(lambda: self.gui.find(links, 'label', 'No link matches the search.', showing=False),
                          what='the no-match sentence')

    def gdbus_actions(self, method, *args):
        result = subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                                 '--object-path', '/io/github/plugboard/Plugboard',
                                 '--method', f'org.gtk.Actions.{method}', *args],
                                env=self.gui.env, capture_output=True, text=True, timeout=20, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_app_actions_are_the_sessions_with_typed_parameters(self):
        '''The application exports the session's actions with their typed parameters, the
        ones pb-session.h gives them: nothing is packed into a string.'''
        expected = {'hang-up': '(ss)', 'disconnect-port': 's', 'connect-link': 's', 'map-drive': '(ssssu)',
                    'remember-drive': '(sss)', 'cancel-drive': '(sbb)', 'restore': 's', 'cancel-operation': 'u'}
        for name, signature in expected.items():
            described = self.gdbus_actions('Describe', name)
            self.assertIn(f"'{signature}'", described, f'{name}: {described}')

    def test_app_actions_over_dbus(self):
        '''org.gtk.Actions: app.hang-up with (handle, '') hangs that whole link up, as the
        indicator and scripts do it.'''
        link = self.demo['links']['cdma']
        self.gdbus_actions('Activate', 'hang-up', f"[<('{self.handle('cdma')}', '')>]", '{}')
        self.nm.wait(lambda: link not in self.active_paths())
        links = self.page('Links')
        self.gui.wait_for(lambda: self.row(links, 'CDMA Dial-up') is None, what='the row to leave')

    def test_starting_it_again_shows_the_same_window(self):
        '''Starting plugboard while it runs hands over to the running one, which presents
        its window: the second process exits at once, and there is still one window.'''
        env = dict(self.gui.env, DBUS_SYSTEM_BUS_ADDRESS=self.nm.address)
        second = subprocess.run([app_binary()], env=env, capture_output=True, text=True, timeout=20, check=False)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIsNone(self.gui.apps[0].poll(), 'the first instance keeps running')
        # A second window would come from the first instance's main loop a moment later:
        # watch for one for a while.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            frames = [n for n in self.gui.walk(self.app, max_depth=2) if n.get_role_name() == 'frame']
            self.assertEqual(len(frames), 1, [f.get_name() for f in frames])
            time.sleep(0.2)

    def test_every_control_has_an_accessible_name(self):
        '''Every widget a person can operate, and every row and cell of the lists, is named for a
        screen reader: rows by what a person reads across them.'''
        operable = {'push button', 'toggle button', 'check box', 'entry', 'password text', 'page tab',
                    'menu item', 'combo box', 'spin button', 'text', 'table row', 'table cell'}
        unnamed = []
        for name in ('Links', 'Ports', 'Drives'):
            self.page(name)
            for node in self.gui.walk(self.app):
                if node.get_role_name() in operable:
                    label = node.get_name() or ''
                    if not label.strip() and node.get_role_name() == 'table cell':
                        continue  # an empty cell (a port that carries no link) has nothing to say
                    if not label.strip() or label.startswith('Gtk'):
                        unnamed.append(f'{node.get_role_name()} “{label}”')
                elif (node.get_role_name() == 'label' and self.gui.showing(node)
                      and (not (node.get_name() or '').strip() or node.get_name().startswith('Gtk'))):
                    unnamed.append(f'label “{node.get_name()}”')  # an empty cell, silent or read by its class
        self.assertEqual(unnamed, [])


class WordsTest(unittest.TestCase):
    def test_translations_come_from_the_build_tree(self):
        '''With PB_LOCALEDIR pointing at the build's catalogues, as build-aux/run.sh and the demo
        set it, the window speaks French.'''
        gui = GUI
        self.addCleanup(gui.stop_apps)
        localedir = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(app_binary()))), 'po')
        app = gui.start_app(env={'LANGUAGE': 'fr', 'PB_LOCALEDIR': localedir})
        gui.wait_for(lambda: gui.find(app, 'page tab', 'Liaisons'), what='the Links tab in French')
        with open(os.path.join(HERE, '..', '..', 'build-aux', 'run.sh'), encoding='utf-8') as f:
            self.assertIn('PB_LOCALEDIR=', f.read())

    def test_no_system_bus_says_networkmanager_cannot_be_reached(self):
        '''Without a system bus the Links page says NetworkManager cannot be reached, not the
        bus's socket error.'''
        gui = GUI
        self.addCleanup(gui.stop_apps)
        app = gui.start_app()
        gui.wait_for(lambda: gui.find(gui.find(app, 'panel', 'Links', showing=False), 'label',
                                      'NetworkManager cannot be reached', showing=False, contains=True),
                     what='the sentence')

    def test_version(self):
        '''plugboard --version prints its version and exits, without a display.'''
        env = {k: v for k, v in os.environ.items() if k not in ('DISPLAY', 'WAYLAND_DISPLAY')}
        result = subprocess.run([app_binary(), '--version'], env=env, capture_output=True, text=True,
                                timeout=20, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r'^plugboard \d+\.\d+')


class LongListTest(unittest.TestCase):
    '''More links than the screenful the window builds for its first frame: the rest
    follow, and the keyboard reaches the last.'''
    N_LINKS = 150

    def setUp(self):
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)
        self.nm.add_many(self.N_LINKS, self.N_LINKS, self.N_LINKS)
        self.addCleanup(GUI.stop_apps)
        self.app = GUI.start_app(nm=self.nm)

    def test_every_row_of_a_long_list_reaches_the_view(self):
        gui = GUI
        table = gui.wait_for(lambda: gui.find(self.app, 'tree table', showing=False), what='the links table')
        # a row per link, and the header's
        gui.wait_for(lambda: len(gui.find_all(table, 'table row', showing=False)) == self.N_LINKS + 1,
                     what=f'{self.N_LINKS} link rows')
        last = f'Bulk {self.N_LINKS - 1}'

        def focused_name():
            row = gui.focused_row(table)
            return row is not None and gui.find_all(row, 'label', showing=False)[0].get_name()
        gui.focus_list(table)
        gui.key('End')
        gui.wait_for(lambda: focused_name() == last, what=f'End to reach {last}')


class EmptyStateTest(unittest.TestCase):
    def test_empty_states_say_what_is_missing(self):
        '''With NetworkManager stopped and no GVfs on the session bus, each page says why
        it is empty; when NetworkManager comes back (with nothing up), the page follows.'''
        gui = GUI
        with NMFixture() as nm:
            self.addCleanup(gui.stop_apps)
            nm.stop_service()
            app = gui.start_app(nm=nm)

            def empty_label(page, text):
                return gui.wait_for(lambda: gui.find(gui.find(app, 'panel', page, showing=False), 'label', text,
                                                     showing=False, contains=True),
                                    what=f'“{text}” on {page}')

            empty_label('Links', 'NetworkManager is not running')
            empty_label('Ports', 'NetworkManager is not running')
            empty_label('Drives', 'GVfs is not available')
            nm.start_service()
            empty_label('Links', 'No active links')


if __name__ == '__main__':
    unittest.main(verbosity=2)
