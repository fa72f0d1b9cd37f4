#!/usr/bin/python3
# test_indicator_drives.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-indicator's drives: the session bus is the drives fixture's (real gvfsd and Samba,
and gnome-keyring's Secret Service where a test remembers a password), the system bus has the
test NetworkManager, and the test is the tray on the session bus.'''

import configparser
import json
import os
import shlex
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
# pylint: disable=wrong-import-position
import test_indicator  # noqa: E402
from drivesfixture import DrivesFixture  # noqa: E402

CLI = os.environ.get('PB_CLI') or os.path.join(test_indicator.BUILD_ROOT, 'src', 'cli', 'plugboard-cli')
AUTOSTART = os.path.join(test_indicator.BUILD_ROOT, 'data', 'io.github.plugboard.Plugboard.Indicator.desktop')


class DrivesHarness(test_indicator.IndicatorHarness):
    '''The indicator on the drives fixture's session bus. No tests of its own.'''

    keyring = False

    def start_session_bus(self):
        self.fx = DrivesFixture(keyring=self.keyring)
        self.fx.start()
        self.addCleanup(self.fx.stop)
        return self.fx.bus_address, self.fx.env


class IndicatorDrivesTestCase(DrivesHarness):
    '''Drives in the menu, and what a click on one does.'''

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


class KeyringDrivesHarness(DrivesHarness):
    '''The Secret Service, the build's settings, and remembered drives. No tests of its own.'''

    keyring = True

    def setUp(self):
        super().setUp()
        # The build's schema, and settings in a keyfile under the fixture's temporary HOME.
        self.env.update(GSETTINGS_SCHEMA_DIR=os.path.join(test_indicator.BUILD_ROOT, 'data'),
                        GSETTINGS_BACKEND='keyfile')
        self.profile_path = os.path.join(self.env['XDG_CONFIG_HOME'], 'plugboard', 'drives.ini')

    def run_ok(self, *argv, stdin=None):
        result = subprocess.run(argv, env=self.env, input=stdin, text=True, capture_output=True, timeout=60,
                                check=False)
        self.assertEqual(result.returncode, 0, f'{" ".join(argv)}: {result.stderr}')
        return result.stdout

    def remember_private_drive(self):
        '''Map the password-protected share as "P", remembered, then cancel it without --forget: the
        state in which a session ends after the user disconnected a remembered drive.'''
        self.run_ok(CLI, 'drive-map', self.fx.smb_private_uri, '--name', 'P', '--user', self.fx.smb_user,
                    '--password-stdin', '--remember', stdin=self.fx.smb_password + '\n')
        self.run_ok(CLI, 'drive-cancel', 'P')
        self.assertEqual(self.fx.mounts(), [])

    def private_mounted(self):
        return any('/private' in uri for uri in self.fx.mounts())

    def quit_and_wait(self):
        self.click('Quit')
        self.assertEqual(self.wait_exit(), 0, self.stderr())


class RestoreAtLoginTestCase(KeyringDrivesHarness):
    '''Remembered drives come back at login, their passwords from the Secret Service (SEMANTICS D5):
    the autostart entry runs the indicator with --restore-drives; a plain start restores nothing.'''

    def autostart_args(self):
        '''The arguments the session's autostart gives plugboard-indicator at login.'''
        entry = configparser.ConfigParser(interpolation=None)
        entry.read(AUTOSTART, encoding='utf-8')
        program, *args = shlex.split(entry['Desktop Entry']['Exec'])
        self.assertEqual(program, 'plugboard-indicator')
        return args

    def start_and_wait_for_drives(self, *args):
        '''Start the indicator and wait until its drive source has loaded: a guest share mounted
        beforehand shows in the menu. Any restore has begun by then, and holds the indicator.'''
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        guest_label = 'Disconnect ' + self.fx.fuse_path(self.fx.smb_guest_uri)
        self.start_tray()
        self.start_indicator(*args)
        self.wait_registered()
        self.wait_menu(lambda labels: guest_label in labels)

    def test_D5_autostart_restores_remembered_drive_with_its_stored_password(self):
        '''Started as at login, the indicator maps the remembered drive again (password from the Secret
        Service, nothing asked), and the menu lists it.'''
        self.remember_private_drive()
        self.assertEqual(self.autostart_args(), ['--restore-drives'])
        self.start_tray()
        self.start_indicator(*self.autostart_args())
        self.wait_registered()
        self.wait_menu(lambda labels: 'Disconnect P' in labels)

        self.assertTrue(self.private_mounted(), self.fx.mounts())
        self.assertEqual(self.labels()[0], '0 links, 0 ports, 1 drive')
        self.quit_and_wait()
        self.assertNotIn('Could not reconnect', self.stderr())

    def test_D5_plain_start_does_not_bring_back_a_disconnected_drive(self):
        '''Restarted without --restore-drives (as after a crash mid-session) nothing is remounted.'''
        self.remember_private_drive()
        self.start_and_wait_for_drives()
        self.quit_and_wait()
        self.assertFalse(self.private_mounted(), self.fx.mounts())

    def test_D5_restore_at_login_off_is_obeyed(self):
        '''With the restore-at-login setting off, --restore-drives restores nothing.'''
        self.remember_private_drive()
        self.run_ok('gsettings', 'set', 'io.github.plugboard.Plugboard', 'restore-at-login', 'false')
        self.assertEqual(self.run_ok('gsettings', 'get', 'io.github.plugboard.Plugboard', 'restore-at-login'),
                         'false\n')
        self.start_and_wait_for_drives('--restore-drives')
        self.quit_and_wait()
        self.assertFalse(self.private_mounted(), self.fx.mounts())

    def test_failures_are_one_notification_and_stop_no_other_drive(self):
        '''Two remembered drives that cannot come back: one notification names both, and the drive
        that can come back does.'''
        self.remember_private_drive()
        with open(self.profile_path, 'a', encoding='utf-8') as f:
            for name in ('gone1', 'gone2'):
                f.write(f'\n[{name}]\nRemoteName=smb://127.0.0.1:{self.fx.smb_port}/no-such-share-{name}\n')
        notifications = self.start_notification_server()
        self.start_tray()
        self.start_indicator('--restore-drives')
        self.wait_registered()
        self.nm.wait(lambda: notifications, timeout_s=30)
        self.wait_menu(lambda labels: 'Disconnect P' in labels)
        self.quit_and_wait()

        self.assertEqual(len(notifications), 1, notifications)
        summary, body = notifications[0][2][3:5]
        self.assertEqual(summary, 'Could not reconnect 2 network drives')
        lines = body.split('\n')
        self.assertEqual([line.split(': ')[0] for line in lines], ['gone1', 'gone2'], body)
        self.assertTrue(self.private_mounted(), self.fx.mounts())

    def test_a_failure_without_notification_server_goes_to_stderr_and_quit_waits(self):
        '''One drive that cannot come back, no notification server: the reason is on stderr, and a Quit
        while the restore runs ends the program only after it.'''
        os.makedirs(os.path.dirname(self.profile_path), exist_ok=True)
        with open(self.profile_path, 'w', encoding='utf-8') as f:
            f.write(f'[gone]\nRemoteName=smb://127.0.0.1:{self.fx.smb_port}/no-such-share\n')
        self.start_and_wait_for_drives('--restore-drives')
        self.quit_and_wait()
        self.assertIn('plugboard-indicator: Could not reconnect gone: ', self.stderr())


class RestoreWithLinkTestCase(KeyringDrivesHarness):
    '''The tray brings a remembered drive back with its link after a drop, without asking, and says
    so in one notification; with restore-at-login off it leaves the drive alone.'''

    def setUp(self):
        super().setUp()
        # eth0 under a VPN whose route is the only one to 127.0.0.0/8: the shares ride on the VPN.
        self.eth0 = self.nm.add_port('eth0', 1)
        wired = self.nm.add_link(self.nm.add_saved('Wired', 'a0c36ee6-0000-4000-8000-000000000001',
                                                   '802-3-ethernet'), [self.eth0])
        self.nm.call('SetIp4Config', 'osua(suu)', (self.eth0, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.nm.call('SetIp4Config', 'osua(suu)', (wired, '192.0.2.5', 24, [('0.0.0.0', 0, 100)]))
        self.vpn_saved = self.nm.add_saved('Office VPN', 'a0c36ee6-0000-4000-8000-000000000002', 'vpn')
        self.vpn_up()

    def vpn_up(self):
        self.vpn = self.nm.add_link(self.vpn_saved, [self.eth0])
        self.nm.call('SetIp4Config', 'osua(suu)', (self.vpn, '10.8.0.2', 24, [('127.0.0.0', 8, 50)]))

    def drop_the_vpn_with_its_drive(self):
        '''Map P (remembered, password in the keyring), start the tray, then hang up the VPN from the
        CLI with --drives=disconnect: P goes first, then the VPN.'''
        self.run_ok(CLI, 'drive-map', self.fx.smb_private_uri, '--name', 'P', '--user', self.fx.smb_user,
                    '--password-stdin', '--remember', stdin=self.fx.smb_password + '\n')
        self.start_tray()
        self.start_indicator()
        self.wait_registered()
        self.wait_menu(lambda labels: 'Disconnect P' in labels)
        # The menu says what the VPN carries, under its item.
        self.wait_menu(lambda labels: 'Carries P' in labels
                       and labels.index('Carries P') == labels.index('Hang Up Office VPN') + 1)
        handle = next(link['handle'] for link in json.loads(self.run_ok(CLI, '--json', 'list', 'links'))
                      if link['name'] == 'Office VPN')
        self.run_ok(CLI, 'hangup', handle, '--drives=disconnect')
        self.assertFalse(self.private_mounted(), self.fx.mounts())
        self.wait_menu(lambda labels: 'Disconnect P' not in labels)

    def test_the_drive_comes_back_with_its_link_and_one_notification_says_so(self):
        notifications = self.start_notification_server()
        self.drop_the_vpn_with_its_drive()
        self.vpn_up()
        self.nm.wait(lambda: self.private_mounted(), timeout_s=30)
        self.nm.wait(lambda: notifications, timeout_s=10)
        summary, body = notifications[0][2][3:5]
        self.assertEqual((summary, body), ('Reconnected 1 network drive with Office VPN', 'P'))
        self.wait_menu(lambda labels: 'Disconnect P' in labels)
        self.quit_and_wait()
        self.assertEqual(len(notifications), 1, notifications)

    def test_with_restore_at_login_off_the_drive_stays_down(self):
        self.run_ok('gsettings', 'set', 'io.github.plugboard.Plugboard', 'restore-at-login', 'false')
        self.drop_the_vpn_with_its_drive()
        self.vpn_up()
        # The VPN is back and listed by the tray; nothing is to come: the drive stays down.
        self.wait_menu(lambda labels: any('Office VPN' in label for label in labels))
        self.assertFalse(self.private_mounted(), self.fx.mounts())
        self.quit_and_wait()
        self.assertFalse(self.private_mounted(), self.fx.mounts())


if __name__ == '__main__':
    unittest.main(verbosity=2)
