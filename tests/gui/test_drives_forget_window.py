#!/usr/bin/python3
# tests/gui/test_drives_forget_window.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The open-files dialog for a remembered drive the person asked to forget (Shift+Delete):
Disconnect Anyway starts the same cancel-drive, forced, with its forget flag (D2, D5). Its own
file: one AT-SPI session per process.'''

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import GuiSession, app_binary  # noqa: E402
from test_drives_window import DrivesWindowBase  # noqa: E402


class DrivesForgetWindowTest(DrivesWindowBase):
    '''The same dialog for a remembered drive that was asked to be forgotten too.'''

    def setUp(self):
        self.fx = DrivesFixture(keyring=True)
        self.fx.start()
        self.addCleanup(self.fx.stop)
        self.share = self.fx.smb_guest_uri
        cli = os.environ.get('PB_CLI') or os.path.join(os.path.dirname(os.path.dirname(app_binary())), 'cli',
                                                        'plugboard-cli')
        result = subprocess.run([cli, 'drive-map', self.share, '--name', 'Reports', '--remember'], env=self.fx.env,
                                capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.profile = os.path.join(self.fx.env['XDG_CONFIG_HOME'], 'plugboard', 'drives.ini')
        self.gui = GuiSession(drives=self.fx)
        self.gui.start()
        self.addCleanup(self.gui.stop)

    def remembered(self):
        with open(self.profile, encoding='utf-8') as f:
            return '[Reports]' in f.read()

    def test_D2_D5_disconnect_anyway_keeps_the_forget_flag(self):
        '''Shift+Delete (Forget, confirmed) on a remembered drive with a file held open opens
        the dialog; Disconnect Anyway starts the same cancel-drive forced, forget included: the
        drive is unmounted and leaves the profile, so its row goes.'''
        self.hold_open('notes.txt')
        app = self.gui.start_app()
        self.gui.key_combo('Alt', '3')
        drives = self.gui.wait_for(lambda: self.gui.find(app, 'panel', 'Drives'), what='the Drives page')
        self.gui.wait_for(lambda: self.row(drives), what='the share’s row')
        self.gui.select_row(self.gui.find(drives, 'tree table', showing=False), lambda: self.row(drives))

        self.gui.key_combo('Shift', 'Delete')
        # Forgetting cannot be undone: the window asks first.
        forget = self.gui.wait_for(lambda: self.gui.find(app, 'push button', 'Forget', showing=False),
                                   what='the question before forgetting')
        self.assertTrue(self.remembered())
        self.gui.press(forget)
        dialog = self.gui.wait_for(lambda: self.dialog(app), what='the open-files dialog')
        anyway = self.gui.wait_for(lambda: self.gui.find(dialog, 'push button', 'Disconnect Anyway', showing=False),
                                   what='Disconnect Anyway')
        self.assertTrue(self.remembered())
        self.gui.key('Tab')
        self.gui.wait_for(lambda: 'focused' in self.gui.states(anyway), what='Disconnect Anyway focused')
        self.gui.key('Return')
        self.gui.wait_for(lambda: self.row(drives) is None, timeout=40, what='the row to leave')
        self.assertFalse(self.mounted())
        self.assertFalse(self.remembered(), 'Disconnect Anyway dropped the forget flag')



if __name__ == '__main__':
    unittest.main(verbosity=2)
