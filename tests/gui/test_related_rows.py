#!/usr/bin/python3
# tests/gui/test_related_rows.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Selecting one row marks the others it rides on or that ride on it, on every page, through
every hop (issue #12): a real Samba share through a real gvfsd (the drives fixture) on
127.0.0.1, reached only through the test NetworkManager's VPN, which runs over the mobile
broadband link on ttyUSB0; beside them, a CDMA link on cdc-wdm0 that a remembered drive rides
on, and an idle port. A marked row says why as its accessible description ("Carries the
selected link"), on the row and each of its cells; an unmarked row has none.'''

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import GuiSession  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

NM_PATH = '/org/freedesktop/NetworkManager'
NM_IFACE = 'org.freedesktop.NetworkManager'
NM_DEVICE_TYPE_MODEM = 8

MOBILE = 'Mobile Broadband'
VPN = 'Office VPN'
CDMA = 'CDMA Dial-up'
ARCHIVE = 'Archive'
PAGE_KEYS = {'Links': '1', 'Ports': '2', 'Drives': '3'}


class RelatedRowsTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.fx = DrivesFixture()
        self.fx.start()
        self.addCleanup(self.fx.stop)
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)

        # The share rides on the VPN (its only route to 127.0.0.0/8), the VPN on the mobile link
        # (its base) and on ttyUSB0; the remembered drive on the CDMA link's subnet. No default
        # route anywhere, so nothing else reaches either server.
        ttyusb0 = self.nm.add_port('ttyUSB0', NM_DEVICE_TYPE_MODEM)
        cdc = self.nm.add_port('cdc-wdm0', NM_DEVICE_TYPE_MODEM)
        self.nm.add_port('ttyACM0', NM_DEVICE_TYPE_MODEM)
        self.nm.add_link(self.nm.add_saved(MOBILE, 'a0c36ee6-0000-4000-8000-000000000011', 'gsm'), [ttyusb0])
        self.nm.add_link(self.nm.add_saved(CDMA, 'a0c36ee6-0000-4000-8000-000000000012', 'cdma'), [cdc])
        self.vpn = self.nm.add_link(self.nm.add_saved(VPN, 'a0c36ee6-0000-4000-8000-000000000013', 'vpn'),
                                    [ttyusb0])
        self.nm.call('SetIp4Config', 'osua(suu)', (ttyusb0, '198.51.100.2', 24, []))
        self.nm.call('SetIp4Config', 'osua(suu)', (cdc, '203.0.113.2', 24, []))
        self.vpn_route(True)

        self.share = self.fx.smb_guest_uri
        self.fx.mount(self.share, anonymous=True)
        profile = os.path.join(self.fx.env['XDG_CONFIG_HOME'], 'plugboard', 'drives.ini')
        os.makedirs(os.path.dirname(profile), exist_ok=True)
        with open(profile, 'w', encoding='utf-8') as f:
            f.write(f'[{ARCHIVE}]\nRemoteName=smb://203.0.113.9/archive\n')

        self.gui = GuiSession(drives=self.fx)
        self.gui.start()
        self.addCleanup(self.gui.stop)
        self.app = self.gui.start_app(nm=self.nm)

    def vpn_route(self, present):
        self.nm.call('SetIp4Config', 'osua(suu)',
                     (self.vpn, '10.8.0.2', 24, [('127.0.0.0', 8, 50)] if present else []))

    # ------------------------------------------------------------ reading the window

    def page(self, name):
        self.gui.key_combo('Alt', PAGE_KEYS[name])
        tab = self.gui.wait_for(lambda: self.gui.find(self.app, 'page tab', name), what=f'the {name} tab')
        self.gui.wait_for(lambda: 'selected' in self.gui.states(tab), what=f'the {name} tab selected')
        return self.gui.find(self.app, 'panel', name)

    def table(self, name):
        panel = self.gui.find(self.app, 'panel', name, showing=False)
        return self.gui.find(panel, 'tree table', showing=False) if panel else None

    def rows(self, name):
        '''Each row of a page by the text of its first cell (the column titles left out).'''
        table = self.table(name)
        found = {}
        for row in self.gui.find_all(table, 'table row', showing=False) if table else []:
            cells = self.gui.find_all(row, 'table cell', showing=False)
            if cells:
                found[cells[0].get_name()] = row
        return found

    def row(self, name, text):
        return self.rows(name).get(text)

    def marks(self, name):
        '''{first cell: description} of the page's marked rows. Every cell of a marked row says
        the same as the row: a screen reader reading across it hears why.'''
        marked = {}
        for text, row in self.rows(name).items():
            description = row.get_description() or ''
            cells = {c.get_description() or '' for c in self.gui.find_all(row, 'table cell', showing=False)}
            if cells != {description}:
                marked[text] = f'{description!r}, its cells {sorted(cells)!r}'
            elif description:
                marked[text] = description
        return marked

    def expect(self, what, **pages):
        '''Wait until each named page marks exactly these rows, with these words.'''
        def current():
            return {name: self.marks(name) for name in pages}
        try:
            self.gui.wait_for(lambda: current() == pages, what=what)
        except TimeoutError:
            self.assertEqual(current(), pages, what)

    def select(self, name, text):
        '''The row selected with the keyboard, as the arrow keys leave it.'''
        self.page(name)
        self.gui.wait_for(lambda: self.row(name, text), what=f'the row “{text}” on {name}')
        self.gui.select_row(self.table(name), lambda: self.row(name, text))

    def selected(self, name):
        return [text for text, row in self.rows(name).items() if 'selected' in self.gui.states(row)]

    def expect_unselected(self, name):
        '''One row is selected in the window: a page whose row was selected has none once a row
        of another page is, as a person sees on showing it.'''
        self.page(name)
        try:
            self.gui.wait_for(lambda: not self.selected(name), what=f'nothing selected on {name}')
        except TimeoutError:
            self.assertEqual(self.selected(name), [], 'one row is selected in the window')

    # ------------------------------------------------------------ the test

    # One AT-SPI session per process (the Atspi module keeps its first bus): one test.
    def test_selecting_a_row_marks_what_it_rides_on_and_what_rides_on_it(self):
        '''A link, then a drive, then a port: what each rides on and what rides on it is marked
        on all three pages, and nothing else; the marks follow the keyboard, the graph, a
        cleared selection and a selected row that goes.'''
        self.page('Drives')
        self.gui.wait_for(lambda: self.row('Drives', ARCHIVE) and self.rows('Drives').keys() - {ARCHIVE},
                          what='the share and the remembered drive')
        share = next(text for text in self.rows('Drives') if text != ARCHIVE)
        self.page('Ports')
        self.gui.wait_for(lambda: {'ttyUSB0', 'cdc-wdm0', 'ttyACM0'} <= self.rows('Ports').keys(), what='the ports')
        self.page('Links')
        self.gui.wait_for(lambda: {MOBILE, VPN, CDMA} <= self.rows('Links').keys(), what='the links')
        self.expect('nothing marked before anything is selected', Links={}, Ports={}, Drives={})

        # A link: the link and the port under it, the drive on it; not the other link, its
        # port, the idle port or the other drive.
        self.select('Links', VPN)
        self.expect('what the VPN rides on and what rides on it',
                    Links={MOBILE: 'Carries the selected link'},
                    Ports={'ttyUSB0': 'Carries the selected link'},
                    Drives={share: 'Rides on the selected link'})

        # Ctrl+Space unselects the row: no mark stays.
        self.gui.key_combo('Control', 'space')
        self.expect('no marks once nothing is selected', Links={}, Ports={}, Drives={})

        # A drive: its VPN, and through it the mobile link and its port.
        self.select('Drives', share)
        self.expect('what the share rides on, through every hop',
                    Links={VPN: 'Carries the selected drive', MOBILE: 'Carries the selected drive'},
                    Ports={'ttyUSB0': 'Carries the selected drive'},
                    Drives={})

        # The graph changes under the selection: the VPN loses its route to the share, then
        # gets it back.
        self.vpn_route(False)
        self.expect('the share riding on nothing', Links={}, Ports={}, Drives={})
        self.vpn_route(True)
        self.expect('the share riding on the VPN again',
                    Links={VPN: 'Carries the selected drive', MOBILE: 'Carries the selected drive'},
                    Ports={'ttyUSB0': 'Carries the selected drive'})

        # The arrow keys move the selection to the other drive, and the marks with it.
        self.select('Drives', ARCHIVE)
        self.expect('what the remembered drive rides on',
                    Links={CDMA: 'Carries the selected drive'},
                    Ports={'cdc-wdm0': 'Carries the selected drive'},
                    Drives={})

        # A port, on its own page: one row is selected in the window, and what rides on the
        # port is marked, the VPN through its base link as well as its own device.
        self.select('Ports', 'ttyUSB0')
        self.expect('what rides on ttyUSB0',
                    Links={MOBILE: 'Rides on the selected port', VPN: 'Rides on the selected port'},
                    Ports={},
                    Drives={share: 'Rides on the selected port'})
        self.expect_unselected('Drives')

        # The selected row goes (NetworkManager takes the VPN down): nothing stays marked.
        self.select('Links', VPN)
        self.expect('the VPN selected again', Links={MOBILE: 'Carries the selected link'},
                    Ports={'ttyUSB0': 'Carries the selected link'}, Drives={share: 'Rides on the selected link'})
        self.expect_unselected('Ports')
        self.nm.call('DeactivateConnection', 'o', (self.vpn,), iface=NM_IFACE)
        self.gui.wait_for(lambda: self.row('Links', VPN) is None, timeout=40, what='the VPN gone')
        self.expect('no marks once the selected row is gone', Links={}, Ports={}, Drives={})


if __name__ == '__main__':
    unittest.main(verbosity=2)
