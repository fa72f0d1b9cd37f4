#!/usr/bin/python3
# tests/faults/test_hostile_input.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Hostile input, one table each: handles, port names, local names, URIs and
servers with shell characters, control characters, bytes that are not UTF-8
and 10 kB lengths; then profiles that are malformed, binary, 50 MB, 10,000
entries, unreadable, a directory or a symlink. Every answer is the expected
error, valid UTF-8 (JSON with --json), with no raw control character in text
either; nothing is run by a shell; no error quotes a file it could not parse.'''

import os
import shutil
import stat
import tempfile
import time
import unittest

import faultslib
from faultslib import json_answer, json_error, safe_text
import nmfixture
from nmfixture import NMFixture

CANARY = '/tmp/pb-faults-canary'   # a shell that ran any value would create it

# What a value is: its bytes on the command line.
VALUES = {
    'shell': f'a;touch {CANARY}|$(touch {CANARY})`touch {CANARY}`&>x<y\'z"',
    'option': f'-oProxyCommand=touch {CANARY}',
    'control': 'a\x1b]0;owned\x07b\x1b[2Jc\rd\x08e\x9b1m',
    'newline': 'a\nHANDLE  NAME\nforged',
    'not UTF-8': b'\xff\xfe\xc0\x80name',
    '10 kB': 'x' * 10240,
}


def argv_bytes(args):
    return [a if isinstance(a, bytes) else a.encode() for a in args]


class HostileArgumentsTest(unittest.TestCase):
    '''Arguments against the fake NetworkManager and, for drives, no session bus.'''

    @classmethod
    def setUpClass(cls):
        cls.nm = NMFixture()
        cls.nm.start()
        cls.addClassCleanup(cls.nm.stop)
        cls.demo = cls.nm.populate_demo()
        # A name NetworkManager gives us, chosen by whoever made the profile.
        evil = cls.nm.add_saved('Evil\x1b]0;owned\x07\x1b[2J\x9b1m\nforged row', nmfixture.demo_uuid('evil'), 'gsm')
        cls.nm.add_link(evil, [cls.nm.add_port('ttyUSB9', nmfixture.NM_DEVICE_TYPE_MODEM)])
        cls.home = tempfile.mkdtemp(prefix='pb-faults-home-')
        cls.addClassCleanup(shutil.rmtree, cls.home, True)
        cls.env = dict(cls.nm.env, HOME=cls.home, XDG_CONFIG_HOME=os.path.join(cls.home, '.config'),
                       DBUS_SESSION_BUS_ADDRESS='unix:path=' + os.path.join(cls.home, 'no-bus'),
                       PLUGBOARD_SSH='-oConnectTimeout=5')

    def setUp(self):
        if os.path.exists(CANARY):
            os.unlink(CANARY)

    def tearDown(self):
        self.assertFalse(os.path.exists(CANARY), 'a value reached a shell')

    def run_both(self, args):
        '''args with --json (returns the answer) and as text (checked for control characters).'''
        text = faultslib.cli(argv_bytes(args), self.env, timeout=120)
        safe_text(self, text.stdout, 'text stdout')
        safe_text(self, text.stderr, 'text stderr')
        return faultslib.cli(argv_bytes(['--json', *args]), self.env, timeout=120)

    def check_table(self, command, expected):
        '''command(value) -> args; expected: kind -> error code (None: success).'''
        for kind, value in VALUES.items():
            with self.subTest(kind=kind):
                result = self.run_both(command(value))
                code = expected.get(kind, expected['*'])
                if code is None:
                    status, reply = json_answer(self, result)
                    self.assertEqual(status, 0, reply)
                else:
                    json_error(self, result, code)

    # Not UTF-8 is refused before anything: it could not travel in a D-Bus string.
    def test_handles(self):
        # Without "--", a value that starts with "-" is an unknown option.
        self.check_table(lambda v: ['hangup', v], {'*': 'INVALID_HANDLE', 'not UTF-8': 'USAGE', 'option': 'USAGE'})
        self.check_table(lambda v: ['hangup', '--', v], {'*': 'INVALID_HANDLE', 'not UTF-8': 'USAGE'})

    def test_devices_of_a_link(self):
        gsm = self.nm.handle(self.demo['links']['gsm'])
        self.check_table(lambda v: ['hangup', gsm, '--device', v], {'*': 'INVALID_PORT', 'not UTF-8': 'USAGE'})

    def test_port_names(self):
        self.check_table(lambda v: ['port-disconnect', '--', v], {'*': 'INVALID_PORT', 'not UTF-8': 'USAGE'})

    def test_servers(self):
        # ssh is given the name after its options, so "-o…" is a host name, which ssh refuses.
        self.check_table(lambda v: ['--server', v, 'list', 'links'],
                         {'*': 'SERVER_UNREACHABLE', 'not UTF-8': 'USAGE'})

    def test_local_names_to_cancel(self):
        self.check_table(lambda v: ['drive-cancel', '--', v], {'*': 'NOT_CONNECTED', 'not UTF-8': 'USAGE'})
        self.check_table(lambda v: ['drive-cancel', '--forget', '--', v], {'*': 'NOT_CONNECTED', 'not UTF-8': 'USAGE'})

    def test_local_names_to_remember(self):
        # "/", "[", "]" and control characters are no local name; the rest is kept as it is.
        self.check_table(lambda v: ['drive-remember', 'smb://server/share', '--name=' + v if isinstance(v, str) else
                                    b'--name=' + v],
                         {'*': 'USAGE', '10 kB': None})
        status, drives = json_answer(self, faultslib.cli(['--json', 'list', 'drives'], self.env))
        self.assertEqual(status, 0, drives)
        self.assertEqual({d['local_name'] for d in drives}, {VALUES['10 kB']})
        os.unlink(os.path.join(self.home, '.config', 'plugboard', 'drives.ini'))

    def test_uris(self):
        self.check_table(lambda v: ['drive-map', 'smb://server/' + v if isinstance(v, str) else b'smb://server/' + v,
                                    '--name', 'N'],
                         {'*': 'EXTENDED', 'not UTF-8': 'USAGE'})

    def test_names_from_networkmanager_are_escaped(self):
        text = faultslib.cli(['list', 'links'], self.env)
        out = safe_text(self, text.stdout, 'list links')
        self.assertIn('Evil\\x1b]0;owned\\x07\\x1b[2J\\u009b1m\\nforged row', out)
        self.assertFalse(any(line.startswith('forged') for line in out.splitlines()), out)
        status, links = json_answer(self, faultslib.cli(['--json', 'list', 'links'], self.env))
        self.assertEqual(status, 0, links)
        self.assertIn('Evil\x1b]0;owned\x07\x1b[2J\x9b1m\nforged row', {link['name'] for link in links})


class HostileProfilesTest(unittest.TestCase):
    '''The profile file, hostile: no NetworkManager, no session bus.'''

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix='pb-faults-home-')
        self.addCleanup(shutil.rmtree, self.home, True)
        self.dir = os.path.join(self.home, '.config', 'plugboard')
        self.path = os.path.join(self.dir, 'drives.ini')
        os.makedirs(self.dir)
        self.env = dict(os.environ, HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, '.config'),
                        DBUS_SESSION_BUS_ADDRESS='unix:path=' + os.path.join(self.home, 'no-bus'),
                        DBUS_SYSTEM_BUS_ADDRESS='unix:path=' + os.path.join(self.home, 'no-bus'))

    def write(self, data):
        with open(self.path, 'wb') as f:
            f.write(data)

    def snapshot(self):
        if os.path.islink(self.path):
            return ('link', os.readlink(self.path))
        if os.path.isdir(self.path):
            return ('dir',)
        info = os.stat(self.path)
        try:
            with open(self.path, 'rb') as f:
                data = f.read()
        except PermissionError:
            data = None
        return ('file', info.st_size, info.st_mtime_ns, info.st_mode, data)

    def edits(self):
        '''A write and a forget, then a list: (name, --json result) each.'''
        return [(args[0], faultslib.cli(['--json', *args], self.env, timeout=300)) for args in (
            ['drive-remember', 'smb://server/new', '--name', 'New'],
            ['drive-cancel', 'Old', '--forget'],
            ['list', 'drives'])]

    def check_refused(self, code, secret, write_code=None):
        '''Each edit fails with code (an edit with write_code, when given, instead: as an
        ordinary user a link to another user's file cannot be written before it is read).'''
        before = self.snapshot()
        for name, result in self.edits():
            with self.subTest(name):
                text = safe_text(self, result.stdout, 'stdout') + safe_text(self, result.stderr, 'stderr')
                if name == 'list':
                    # Listing still works; it says why the profile is not shown.
                    self.assertEqual(result.returncode, 0, text)
                    self.assertIn('profile', text)
                elif write_code is not None and result.returncode == faultslib.EXIT[write_code]:
                    json_error(self, result, write_code)
                else:
                    json_error(self, result, code)
                if secret:
                    self.assertNotIn(secret, text, 'an error quoted the file')
        self.assertEqual(self.snapshot(), before, 'a refused profile was changed')

    def test_malformed(self):
        self.write(b'[Old]\nRemoteName=smb://server/old\nPASSWORD hunter2-canary is not a key\n')
        self.check_refused('BAD_PROFILE', 'hunter2-canary')

    def test_group_without_remote_name(self):
        self.write(b'[Old]\nRemoteName=smb://server/old\n[secret-canary-group]\nUser=x\n')
        self.check_refused('BAD_PROFILE', 'secret-canary-group')

    def test_binary(self):
        self.write(bytes(range(256)) * 64 + b'\x1b]0;owned\x07')
        self.check_refused('BAD_PROFILE', None)

    def test_not_utf8(self):
        self.write(b'[Old\xff\xfe]\nRemoteName=smb://server/\xc0\x80\n')
        self.check_refused('BAD_PROFILE', None)

    def test_50_mb(self):
        with open(self.path, 'wb') as f:
            chunk = os.urandom(1 << 20)
            for _ in range(50):
                f.write(chunk)
        t0 = time.monotonic()
        self.check_refused('BAD_PROFILE', None)
        print(f'\n  a 50 MB profile: refused three times in {time.monotonic() - t0:.1f} s')

    def test_10000_entries(self):
        self.write(''.join(f'[Drive {i}]\nRemoteName=smb://server/share{i}\n\n' for i in range(10000)).encode()
                   + b'[Old]\nRemoteName=smb://server/old\n')
        t0 = time.monotonic()
        for name, result in self.edits():
            status, reply = json_answer(self, result)
            self.assertEqual(status, 0, (name, reply))
        print(f'\n  a profile of 10,000 drives: a write, a forget and a list in {time.monotonic() - t0:.1f} s')
        with open(self.path, encoding='utf-8') as f:
            text = f.read()
        self.assertEqual(text.count('RemoteName='), 10001)
        self.assertIn('[New]', text)
        self.assertNotIn('[Old]', text)

    def test_unreadable(self):
        if os.geteuid() == 0:
            self.skipTest('root reads any file: run as an ordinary user (build-aux/test.sh does)')
        self.write(b'[Old]\nRemoteName=smb://server/old\n')
        os.chmod(self.path, 0)
        self.check_refused('CANNOT_OPEN_PROFILE', None)

    def test_a_directory(self):
        os.mkdir(self.path)
        self.check_refused('CANNOT_OPEN_PROFILE', None)

    def test_a_symlink_to_another_file(self):
        os.symlink('/etc/passwd', self.path)
        self.check_refused('BAD_PROFILE', 'root:', write_code=None if os.geteuid() == 0 else 'CANNOT_OPEN_PROFILE')

    def test_a_symlink_to_a_profile_is_followed_on_write(self):
        target = os.path.join(self.home, 'synced', 'drives.ini')
        os.makedirs(os.path.dirname(target))
        with open(target, 'w', encoding='utf-8') as f:
            f.write('[Old]\nRemoteName=smb://server/old\n')
        os.symlink(target, self.path)
        for name, result in self.edits():
            status, reply = json_answer(self, result)
            self.assertEqual(status, 0, (name, reply))
        self.assertEqual(os.readlink(self.path), target, 'the link was replaced')
        with open(target, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('[New]', text)
        self.assertNotIn('[Old]', text)
        self.assertLessEqual(set(os.listdir(self.dir)), {'drives.ini', 'drives.ini.lock'}, 'temp files left')
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode) & 0o077, 0)


if __name__ == '__main__':
    unittest.main(verbosity=2)
