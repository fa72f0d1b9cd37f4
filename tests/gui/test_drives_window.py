#!/usr/bin/python3
# tests/gui/test_drives_window.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The Drives page against a real Samba share mounted through a real gvfsd (the drives
fixture): Disconnect on a drive with a file held open asks, in a dialog that names the
process, and Disconnect Anyway forces it (D2); Cancel changes nothing.'''

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import GuiSession  # noqa: E402


class DrivesWindowBase(unittest.TestCase):
    '''Helpers; no tests of its own.'''

    def hold_open(self, name):
        '''A process that keeps a file on the share open until its stdin closes.'''
        with open(os.path.join(self.fx.share_dirs['public'], name), 'w', encoding='utf-8') as f:
            f.write('held\n')
        path = os.path.join(self.fx.fuse_path(self.share), name)
        holder = subprocess.Popen(['/usr/bin/python3', '-c',  # pylint: disable=consider-using-with
                                   'import sys; f = open(sys.argv[1]); print("open", flush=True); sys.stdin.read()',
                                   path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (holder.stdin.close(), holder.stdout.close(), holder.wait(timeout=10)))
        self.assertEqual(holder.stdout.readline().strip(), 'open')
        return holder

    def row(self, page):
        table = self.gui.find(page, 'tree table', showing=False)
        for row in self.gui.find_all(table, 'table row', showing=False):
            if self.gui.find(row, 'label', self.share, showing=False):
                return row
        return None

    def mounted(self):
        return any(uri.rstrip('/') == self.share for uri in self.fx.mounts())

    def dialog(self, app):
        return self.gui.find(app, None, 'Open Files', showing=False)


class DrivesWindowTest(DrivesWindowBase):
    def setUp(self):
        self.fx = DrivesFixture()
        self.fx.start()
        self.addCleanup(self.fx.stop)
        self.share = self.fx.smb_guest_uri
        self.fx.mount(self.share, anonymous=True)
        self.gui = GuiSession(drives=self.fx)
        self.gui.start()
        self.addCleanup(self.gui.stop)

    def test_D2_open_files_dialog_cancel_then_disconnect_anyway(self):
        '''Delete on the busy drive opens a dialog naming the process and the file it holds;
        Cancel (Escape) leaves the drive mounted; Disconnect Anyway unmounts it and the
        row leaves.'''
        holder = self.hold_open('report.txt')
        app = self.gui.start_app()
        self.gui.key_combo('Alt', '3')
        drives = self.gui.wait_for(lambda: self.gui.find(app, 'panel', 'Drives'), what='the Drives page')
        self.gui.wait_for(lambda: self.row(drives), what='the share’s row')
        self.gui.select_row(self.gui.find(drives, 'tree table', showing=False), lambda: self.row(drives))

        self.gui.key('Delete')
        dialog = self.gui.wait_for(lambda: self.dialog(app), what='the open-files dialog')
        self.gui.wait_for(lambda: self.gui.find(dialog, None, str(holder.pid), showing=False, contains=True),
                          what=f'the holder’s pid {holder.pid} in the dialog')
        # The process and the file it holds, on the drive.
        held = self.gui.find(dialog, 'label', 'report.txt', showing=False, contains=True)
        self.assertIsNotNone(held, 'the dialog names the file the process holds')
        self.assertEqual(held.get_name(), 'report.txt', 'the file by its place on the drive, not the FUSE path')
        self.gui.key('Escape')
        self.gui.wait_for(lambda: self.dialog(app) is None, what='the dialog to close')
        self.assertTrue(self.mounted(), 'Cancel must leave the drive mounted')
        self.assertIsNotNone(self.row(drives))

        self.gui.select_row(self.gui.find(drives, 'tree table', showing=False), lambda: self.row(drives))
        self.gui.key('Delete')
        dialog = self.gui.wait_for(lambda: self.dialog(app), what='the open-files dialog again')
        anyway = self.gui.wait_for(lambda: self.gui.find(dialog, 'push button', 'Disconnect Anyway', showing=False),
                                   what='Disconnect Anyway')
        self.gui.key('Tab')  # from Cancel, the default, to Disconnect Anyway
        self.gui.wait_for(lambda: 'focused' in self.gui.states(anyway), what='Disconnect Anyway focused')
        self.gui.key('Return')
        self.gui.wait_for(lambda: self.row(drives) is None, timeout=40, what='the row to leave')
        self.assertFalse(self.mounted())


if __name__ == '__main__':
    unittest.main(verbosity=2)
