#!/usr/bin/python3
# tests/faults/test_profile_kill.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli killed with SIGKILL while it writes the profile, 200 times (D8:
a crash mid-write loses nothing). After every kill the profile must parse and
hold every drive it held before; temporary files a kill leaves are removed by
the next write, so none is left at the end. Prints both counts.'''

import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import faultslib
import pbtestlib
from gi.repository import GLib

KILLS = 200
BASE = 2000   # drives in the profile: a write takes long enough to be hit


class KillDuringWritesTest(unittest.TestCase):

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix='pb-faults-kill-')
        self.addCleanup(shutil.rmtree, self.home, True)
        self.dir = os.path.join(self.home, '.config', 'plugboard')
        self.path = os.path.join(self.dir, 'drives.ini')
        os.makedirs(self.dir)
        with open(self.path, 'w', encoding='utf-8') as f:
            for i in range(BASE):
                f.write(f'[Base {i}]\nRemoteName=smb://server/base{i}\nUser=user{i}\n\n')
        self.env = dict(os.environ, HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, '.config'),
                        DBUS_SESSION_BUS_ADDRESS='unix:path=' + os.path.join(self.home, 'no-bus'))

    def groups(self):
        '''The profile's drive names, or None when it does not parse.'''
        keyfile = GLib.KeyFile()
        try:
            keyfile.load_from_file(self.path, GLib.KeyFileFlags.NONE)
        except GLib.Error:
            return None
        return set(keyfile.get_groups()[0])

    def debris(self):
        return [n for n in os.listdir(self.dir) if n not in ('drives.ini', 'drives.ini.lock')]

    def test_kill_9_during_profile_writes(self):
        rng = random.Random(13)
        base = {f'Base {i}' for i in range(BASE)}
        broken = lost = killed_mid_run = debris_after_kill = 0
        t0 = time.monotonic()
        for n in range(KILLS):
            name = f'Extra {n % 7}'
            args = (['drive-remember', f'smb://server/extra{n}', '--name', name] if n % 2 == 0
                    else ['drive-cancel', name, '--forget'])
            proc = subprocess.Popen([faultslib.CLI, *args], env=self.env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, 0.12))  # a random moment of the run is the point of the test
            if proc.poll() is None:
                killed_mid_run += 1
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            groups = self.groups()
            if groups is None:
                broken += 1
            elif not base <= groups:
                lost += 1
            debris_after_kill += len(self.debris())
        # One write that runs to its end cleans what the kills left.
        result = faultslib.cli(['drive-remember', 'smb://server/last', '--name', 'Last'], self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        left = self.debris()
        print(f'\n  {KILLS} runs writing a profile of {BASE} drives, {killed_mid_run} killed mid-run in '
              f'{time.monotonic() - t0:.1f} s: broken profiles {broken}, profiles that lost a drive {lost}, '
              f'temporary files seen right after a kill {debris_after_kill}, left at the end {len(left)}')
        self.assertGreater(killed_mid_run, KILLS // 4, 'too few runs were killed to prove anything')
        self.assertEqual((broken, lost, left), (0, 0, []))
        self.assertIn('Last', self.groups())


if __name__ == '__main__':
    unittest.main(verbosity=2)
