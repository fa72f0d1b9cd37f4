#!/usr/bin/python3
# tests/gui/test_carried_window.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''What rides on what, in the window: a real Samba share through a real gvfsd (the drives
fixture) on 127.0.0.1, and the test NetworkManager, whose VPN holds the only route to
127.0.0.0/8, so the share rides on the VPN. The Links page says what each link carries, the
Drives page what each drive rides on, and hanging up the VPN asks first: disconnect the share
too, hang up only, or cancel.'''

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
NM_DEVICE_TYPE_ETHERNET = 1


class CarriedWindowTest(unittest.TestCase):
    def setUp(self):
        self.fx = DrivesFixture()
        self.fx.start()
        self.addCleanup(self.fx.stop)
        self.nm = NMFixture()
        self.nm.start()
        self.addCleanup(self.nm.stop)

        self.eth0 = eth0 = self.nm.add_port('eth0', NM_DEVICE_TYPE_ETHERNET)
        wired = self.nm.add_link(self.nm.add_saved('Wired', 'a0c36ee6-0000-4000-8000-000000000001',
                                                   '802-3-ethernet'), [eth0])
        self.vpn = self.nm.add_link(self.nm.add_saved('Office VPN', 'a0c36ee6-0000-4000-8000-000000000002', 'vpn'),
                                    [eth0])
        self.nm.call('SetIp4Config', 'osua(suu)', (eth0, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.nm.call('SetIp4Config', 'osua(suu)', (wired, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.nm.call('SetIp4Config', 'osua(suu)', (self.vpn, '10.8.0.2', 24, [('127.0.0.0', 8, 50)]))

        self.share = self.fx.smb_guest_uri
        self.fx.mount(self.share, anonymous=True)
        self.gui = GuiSession(drives=self.fx)
        self.gui.start()
        self.addCleanup(self.gui.stop)
        self.app = self.gui.start_app(nm=self.nm)

    def page(self, name):
        self.gui.key_combo('Alt', {'Links': '1', 'Ports': '2', 'Drives': '3'}[name])
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

    def mounted(self):
        return any(uri.rstrip('/') == self.share.rstrip('/') for uri in self.fx.mounts())

    def vpn_up(self):
        return self.vpn in [str(p) for p in self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')]

    def ask_hang_up(self):
        links = self.page('Links')
        self.gui.wait_for(lambda: self.row(links, 'Office VPN'), what='the VPN row')
        self.gui.select_row(self.gui.find(links, 'tree table', showing=False), lambda: self.row(links, 'Office VPN'))
        self.gui.key('Delete')
        return self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'Office VPN carries 1 drive',
                                                       showing=False),
                                 what='the question about the drive the VPN carries')

    def vpn_again(self):
        '''The VPN brought up again over the wired link, with its route to the share.'''
        saved = [c for c in self.nm.get('/org/freedesktop/NetworkManager/Settings',
                                         'org.freedesktop.NetworkManager.Settings', 'Connections')]
        self.vpn = self.nm.add_link(saved[1], [self.eth0])
        self.nm.call('SetIp4Config', 'osua(suu)', (self.vpn, '10.8.0.2', 24, [('127.0.0.0', 8, 50)]))

    # One AT-SPI session per process (the Atspi module keeps its first bus): one test.
    def test_what_rides_on_what_and_the_question_before_a_hang_up(self):
        '''Rows say what rides on what; hanging up the VPN asks: Cancel changes nothing, Hang Up
        Only leaves the share mounted (as RasHangUp does), and the default, Return, disconnects
        the share too.'''
        drives = self.page('Drives')
        drive_cells = self.gui.wait_for(lambda: (c := self.cells(drives, self.share)) and 'Office VPN' in c and c,
                                        what='the share riding on Office VPN')
        links = self.page('Links')
        # The share by the name the Drives page gives it (its local name, else its address).
        self.gui.wait_for(lambda: any(name in self.cells(links, 'Office VPN') for name in drive_cells[:2] if name),
                          what='Office VPN carrying the share')

        self.ask_hang_up()
        self.gui.key('Escape')
        self.gui.wait_for(lambda: self.gui.find(self.app, 'label', 'Office VPN carries 1 drive',
                                                showing=False) is None, what='the question gone')
        self.assertTrue(self.vpn_up() and self.mounted(), 'Cancel changes nothing')

        self.ask_hang_up()
        self.gui.key_combo('Alt', 'o')  # Hang Up _Only
        self.gui.wait_for(lambda: not self.vpn_up(), timeout=40, what='the VPN hung up')
        self.assertTrue(self.mounted(), 'Hang Up Only leaves the share mounted, as RasHangUp does')

        self.vpn_again()
        self.ask_hang_up()
        self.gui.key('Return')  # the default: disconnect the drive too
        self.gui.wait_for(lambda: not self.vpn_up(), timeout=40, what='the VPN hung up with its drive')
        self.assertFalse(self.mounted(), 'the share went with it')


if __name__ == '__main__':
    unittest.main(verbosity=2)
