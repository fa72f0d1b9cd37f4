#!/usr/bin/python3
# tests/faults/test_credentials.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Where a drive password goes (README, "Security"): in on standard input, out to
the Secret Service only. Never in argv, the environment, the profile, the output
(text or JSON), the debug log, or a core dump: a CLI that holds a password is
not dumpable.'''

import os
import pwd
import shutil
import subprocess
import tempfile
import unittest

import faultslib
import pbtestlib

from drivesfixture import NOT_HERE, runs_here

if runs_here():
    from drivescase import DrivesCase
else:
    DrivesCase = unittest.TestCase  # pylint: disable=invalid-name

OTHER_USER = 'pbtest-drives'


def proc_owner(pid, name):
    try:
        return os.stat(f'/proc/{pid}/{name}').st_uid
    except OSError:
        return None


def argv0(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read().split(b'\0')[0].decode()
    except OSError:
        return None


def real_uid(pid):
    with open(f'/proc/{pid}/status', encoding='utf-8') as f:
        return next(int(line.split()[1]) for line in f if line.startswith('Uid:'))


class NoCoreDumpTest(unittest.TestCase):
    '''No root needed: as root the CLI runs as an ordinary user, whose process files
    the kernel gives to root once the process is not dumpable.'''

    def test_a_cli_waiting_for_a_password_is_not_dumpable(self):
        home = tempfile.mkdtemp(prefix='pb-faults-cred-')
        self.addCleanup(shutil.rmtree, home, True)
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(OTHER_USER)
            except KeyError:
                subprocess.run(['/usr/sbin/useradd', '--system', '--no-create-home', '--shell', '/usr/sbin/nologin',
                                OTHER_USER], check=True)
                user = pwd.getpwnam(OTHER_USER)
            os.chown(home, user.pw_uid, user.pw_gid)
            uid = user.pw_uid
            prefix = ['/usr/bin/setpriv', f'--reuid={user.pw_uid}', f'--regid={user.pw_gid}', '--init-groups', '--']
        else:
            uid, prefix = os.getuid(), []
        env = {'PATH': os.environ['PATH'], 'LC_ALL': 'C.UTF-8', 'HOME': home,
               'XDG_CONFIG_HOME': os.path.join(home, '.config'),
               'DBUS_SESSION_BUS_ADDRESS': 'unix:path=' + os.path.join(home, 'no-bus')}
        proc = subprocess.Popen([*prefix, faultslib.CLI, 'drive-remember', 'smb://server/share', '--name', 'N',
                                 '--user', 'ann', '--password-stdin'], env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(pbtestlib.stop, proc)
        pbtestlib.wait_until('setpriv to start the CLI', lambda: argv0(proc.pid) == faultslib.CLI, 10, proc=proc)
        self.assertEqual(real_uid(proc.pid), uid)
        # Made undumpable, a process's /proc files belong to root.
        pbtestlib.wait_until('the CLI waiting for the password to be undumpable',
                             lambda: proc_owner(proc.pid, 'environ') == 0, 10, proc=proc)
        out, err = proc.communicate(b'hunter2-canary\n', timeout=60)
        self.assertNotIn(b'hunter2-canary', out + err)


@unittest.skipUnless(runs_here(), NOT_HERE)
class PasswordTrailTest(DrivesCase):
    keyring = True

    def test_the_password_goes_in_on_stdin_and_out_to_the_secret_service_only(self):
        password = self.fx.smb_password
        env = dict(self.fx.env, G_MESSAGES_DEBUG='all')
        for json_flag in ([], ['--json']):
            with self.subTest(json=bool(json_flag)):
                proc = subprocess.Popen([faultslib.CLI, *json_flag, 'drive-map', self.fx.smb_private_uri,
                                         '--name', 'P', '--user', self.fx.smb_user, '--password-stdin', '--remember'],
                                        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
                self.procs.append(proc)
                with open(f'/proc/{proc.pid}/cmdline', 'rb') as f:
                    argv = f.read()
                with open(f'/proc/{proc.pid}/environ', 'rb') as f:
                    environ = f.read()
                out, err = proc.communicate((password + '\n').encode(), timeout=120)
                self.assertEqual(proc.returncode, 0, err)
                for where, data in (('argv', argv), ('environment', environ), ('output', out),
                                    ('debug log', err), ('profile', self.read_profile())):
                    self.assertNotIn(password.encode(), data, f'the password is in the {where}')
                listed = faultslib.cli(['--json', 'list', 'drives'], env)
                self.assertNotIn(password.encode(), listed.stdout + listed.stderr)
                self.assertEqual(self.stored_password(), password, 'the Secret Service holds it')
                self.cli_ok('drive-cancel', 'P', '--forget')


if __name__ == '__main__':
    unittest.main(verbosity=2)
