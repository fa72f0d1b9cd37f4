#!/usr/bin/python3
# test_indicator_drives.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-indicator's drives: the session bus is the drives fixture's (real gvfsd and Samba),
the system bus has the test NetworkManager, and the test is the tray on the session bus.'''

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
# pylint: disable=wrong-import-position
import test_indicator  # noqa: E402
from drivesfixture import DrivesFixture  # noqa: E402


class IndicatorDrivesTestCase(test_indicator.IndicatorHarness):
    '''Drives in the menu, and what a click on one does.'''

    def start_session_bus(self):
        self.fx = DrivesFixture()
        self.fx.start()
        self.addCleanup(self.fx.stop)
        return self.fx.bus_address, self.fx.env

    def start_with_public_share(self):
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        self.assertEqual(len(self.fx.mounts()), 1)
        self.local_name = self.fx.fuse_path(self.fx.smb_guest_uri)
        self.label = 'Disconnect ' + self.local_name
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: self.label in labels)

    def test_D1_disconnect_drive_from_menu(self):
        '''"Disconnect <local name>" unmounts that drive; the menu and the counts follow.'''
        self.start_with_public_share()
        self.assertEqual(self.labels()[0], '0 links, 0 ports, 1 drive')
        self.assertEqual(self.item_property('Status'), 'Active')

        self.click(self.label)
        self.wait_menu(lambda labels: self.label not in labels)
        self.assertEqual(self.fx.mounts(), [])
        self.assertEqual(self.labels()[0], '0 links, 0 ports, 0 drives')
        self.nm.wait(lambda: ('NewStatus', ('Passive',)) in self.item_signals)

    def test_D2_open_files_are_not_forced_and_the_error_is_notified(self):
        '''The indicator never forces: a drive with an open file stays, and the user is told why.'''
        with open(os.path.join(self.fx.share_dirs['public'], 'a.txt'), 'w', encoding='utf-8') as f:
            f.write('held open\n')
        notifications = self.start_notification_server()
        self.start_with_public_share()

        with open(self.fx.fuse_path(self.fx.share_uri('public', 'a.txt')), encoding='utf-8'):
            self.click(self.label)
            self.nm.wait(lambda: notifications)
        summary, body = notifications[0][2][3:5]
        self.assertEqual(summary, 'Could not disconnect ' + self.local_name)
        self.assertIn(str(os.getpid()), body, 'the message names the process holding the drive')
        self.assertEqual(len(self.fx.mounts()), 1)
        self.assertIn(self.label, self.labels())


if __name__ == '__main__':
    unittest.main(verbosity=2)
