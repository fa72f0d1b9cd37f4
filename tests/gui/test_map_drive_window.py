#!/usr/bin/python3
# tests/gui/test_map_drive_window.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The Map Network Drive dialog against a real Samba share, a real gvfsd and a real
Secret Service (the drives fixture with gnome-keyring): address, user and password
map the password-protected share; "Save the password in the keyring" puts it where
GVfs finds it; Remember needs a name and always keeps the password.'''

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import GuiSession  # noqa: E402


class MapDriveWindowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # One AT-SPI session a process (guisession.py): the tests share it, and the fixture.
        cls.fx = DrivesFixture(keyring=True)
        cls.fx.start()
        cls.gui = GuiSession(drives=cls.fx)
        try:
            cls.gui.start()
        except Exception:
            cls.fx.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.gui.stop()
        cls.fx.stop()

    def setUp(self):
        self.addCleanup(self.gui.stop_apps)
        self.addCleanup(self.forget_everything)

    def forget_everything(self):
        '''Unmount what a test mapped and clear the keyring, for the next test.'''
        for uri in self.fx.mounts():
            self.fx.gio('mount', '-u', uri)
        self.fx.clear_passwords()

    def open_dialog(self):
        app = self.gui.start_app()
        self.gui.key_combo('Alt', '3')
        drives = self.gui.wait_for(lambda: self.gui.find(app, 'panel', 'Drives'), what='the Drives page')
        self.gui.press(self.gui.wait_for(lambda: self.gui.find(drives, 'push button', 'Map Network Drive…'),
                                         what='the Map Network Drive button'))
        dialog = self.gui.wait_for(lambda: self.gui.find(app, None, 'Map Network Drive'), what='the dialog')
        return app, drives, dialog

    def fill(self, dialog, label, text):
        role = 'password text' if label == 'Password' else 'text'
        field = self.gui.wait_for(lambda: self.gui.find(dialog, role, label), what=f'the {label} field')
        field.get_editable_text_iface().set_text_contents(text)

    def check(self, dialog, label, mnemonic):
        '''Tick a check box with its Alt key, as a keyboard user does.'''
        box = self.gui.find(dialog, 'check box', label, contains=True)
        self.assertNotIn('checked', self.gui.states(box))
        self.gui.key_combo('Alt', mnemonic)
        self.gui.wait_for(lambda: 'checked' in self.gui.states(box), what=f'“{label}” checked')
        return box

    def test_map_with_the_password_saved_in_the_keyring(self):
        '''Address, user and password, "Save the password in the keyring" and Map: the
        share's row appears, not remembered, and the keyring holds the password.'''
        _, drives, dialog = self.open_dialog()
        self.fill(dialog, 'Address', self.fx.smb_private_uri)
        self.fill(dialog, 'User', self.fx.smb_user)
        self.fill(dialog, 'Password', self.fx.smb_password)
        self.check(dialog, 'Save the password', 's')
        self.gui.press(self.gui.find(dialog, 'push button', 'Map'))

        table = self.gui.find(drives, 'tree table', showing=False)
        row = self.gui.wait_for(lambda: next((r for r in self.gui.find_all(table, 'table row', showing=False)
                                              if self.gui.find(r, 'label', self.fx.smb_private_uri,
                                                               showing=False)), None),
                                timeout=40, what='the private share’s row')
        texts = [n.get_name() for n in self.gui.find_all(row, 'label', showing=False)]
        self.assertIn('Connected', texts)
        self.assertEqual(texts[-2], 'No', 'mapped for this session only (Remembered, before Via)')
        self.assertEqual(self.fx.stored_password(), self.fx.smb_password)

    def test_remember_needs_a_name_and_keeps_the_password(self):
        '''With Remember on, Map waits for a name, and "Save the password" is on and
        cannot be turned off.'''
        _, _, dialog = self.open_dialog()
        self.fill(dialog, 'Address', self.fx.smb_private_uri)
        map_button = self.gui.find(dialog, 'push button', 'Map')
        self.gui.wait_for(lambda: 'sensitive' in self.gui.states(map_button), what='Map enabled by an address')
        self.check(dialog, 'Remember', 'r')
        self.gui.wait_for(lambda: 'sensitive' not in self.gui.states(map_button), what='Map waiting for a name')
        save = self.gui.find(dialog, 'check box', 'Save the password', contains=True)
        self.assertIn('checked', self.gui.states(save))
        self.assertNotIn('sensitive', self.gui.states(save))
        self.fill(dialog, 'Name', 'Private')
        self.gui.wait_for(lambda: 'sensitive' in self.gui.states(map_button), what='Map enabled by the name')


if __name__ == '__main__':
    unittest.main(verbosity=2)
