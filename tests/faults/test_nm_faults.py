#!/usr/bin/python3
# tests/faults/test_nm_faults.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''NetworkManager dies in the middle of the CLI's work. The name leaving the bus
is not the link leaving it: a teardown in flight ends with SERVER_UNREACHABLE,
never with success, and after a restart the new daemon's objects (whose paths,
and so handles, count from 1 again) are left alone.'''

import os
import signal
import subprocess
import time
import unittest

import faultslib  # noqa: F401  (sets sys.path)
from faultslib import json_answer, json_error
import nmfixture
import pbtestlib
from nmfixture import NMFixture

AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'
DEV_IFACE = 'org.freedesktop.NetworkManager.Device'


def handle(path):
    return path.rsplit('/', 1)[1]


class NMDiesTest(unittest.TestCase):
    '''One private bus; a fresh fake NetworkManager for each test.'''

    @classmethod
    def setUpClass(cls):
        cls.nm = NMFixture()
        cls.nm.start()
        cls.addClassCleanup(cls.nm.stop)

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.demo = self.nm.populate_demo()

    def start_cli(self, *args):
        proc = subprocess.Popen([faultslib.CLI, '--json', *args], env=self.nm.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(pbtestlib.stop, proc)
        return proc

    def state(self, path, iface):
        return self.nm.get(path, iface, 'State')

    def test_nm_killed_mid_teardown_is_server_unreachable_never_success(self):
        # what: (command, the object that hangs and its interface, its state while going down)
        cases = {
            'hang-up': (lambda d: ['hangup', handle(d['links']['gsm'])],
                        lambda d: d['links']['gsm'], AC_IFACE, nmfixture.NM_ACTIVE_CONNECTION_STATE_DEACTIVATING),
            'device hang-up': (lambda d: ['hangup', handle(d['links']['pppoe']), '--device', 'eth1'],
                               lambda d: d['ports']['eth1'], DEV_IFACE, nmfixture.NM_DEVICE_STATE_DEACTIVATING),
            'port disconnect': (lambda d: ['port-disconnect', 'ttyUSB0'],
                                lambda d: d['ports']['ttyUSB0'], DEV_IFACE, nmfixture.NM_DEVICE_STATE_DEACTIVATING),
        }
        for what, (command, hanging, iface, going_down) in cases.items():
            with self.subTest(what):
                self.setUp()
                args, target = command(self.demo), hanging(self.demo)
                self.nm.set_teardown(target, 'hang')
                # A timeout far away: what ends the command must be the daemon's death.
                proc = self.start_cli(*args, '--timeout', '120')
                pbtestlib.wait_until(f'{what} under way', lambda: self.state(target, iface) == going_down, 30,
                                     proc=proc)
                t0 = time.monotonic()
                self.nm.stop_service()
                out, err = proc.communicate(timeout=60)
                waited = time.monotonic() - t0
                result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
                error = json_error(self, result, 'SERVER_UNREACHABLE')
                print(f'\n  {what}, NetworkManager killed: exit {proc.returncode} after {waited:.2f} s: '
                      f'{error["message"]}')
                self.assertIn('NetworkManager went away', error['message'])
                self.assertLess(waited, 60)

                # The restarted daemon counts its paths from 1 again: the same
                # handles now name new activations, which nothing touched.
                self.nm.start_service()
                fresh = self.nm.populate_demo()
                for kind, path in fresh['links'].items():
                    self.assertEqual(self.state(path, AC_IFACE), nmfixture.NM_ACTIVE_CONNECTION_STATE_ACTIVATED,
                                     f'{kind} of the new daemon was torn down')
                status, links = json_answer(self, faultslib.cli(['--json', 'list', 'links'], self.nm.env))
                self.assertEqual(status, 0, links)
                self.assertEqual({link['handle'] for link in links},
                                 {handle(p) for kind, p in fresh['links'].items() if kind != 'ethernet'})

    def test_nm_killed_mid_list_says_it_is_not_running(self):
        # Stopped, the daemon takes the CLI's first call and never answers;
        # killed, its name leaves the bus.
        os.kill(self.nm.nm_proc.pid, signal.SIGSTOP)
        proc = self.start_cli('list', 'links')
        time.sleep(0.5)  # the CLI is waiting on the stopped daemon: nothing to observe but time
        self.assertIsNone(proc.poll(), 'the CLI did not wait for NetworkManager')
        os.kill(self.nm.nm_proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        status, links = json_answer(self, result)
        print(f'\n  list links, NetworkManager killed: exit {status}, {links}, {err.decode().strip()}')
        self.assertEqual(links, [])
        self.assertIn('NetworkManager is not running', err.decode())
        self.nm.nm_proc.wait()
        self.nm.nm_proc = None


class RealNMDiesTest(unittest.TestCase):
    '''The same on the real NetworkManager (tests/nm/realnm), where root allows.'''

    def test_real_nm_killed_mid_list_says_it_is_not_running(self):
        import realnm
        reason = realnm.skip_reason()
        if reason:
            self.skipTest(reason)
        with realnm.RealNM() as nm:
            nm.bring_up_ethernet()
            pid = nm._procs['nm'].pid  # pylint: disable=protected-access
            os.kill(pid, signal.SIGSTOP)
            proc = subprocess.Popen([faultslib.CLI, '--json', 'list', 'links'], env=nm.env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                time.sleep(0.5)
                self.assertIsNone(proc.poll(), 'the CLI did not wait for NetworkManager')
                os.kill(pid, signal.SIGKILL)
                out, err = proc.communicate(timeout=60)
            finally:
                pbtestlib.stop(proc)
            result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
            status, links = json_answer(self, result)
            self.assertEqual((status, links), (0, []))
            self.assertIn('NetworkManager is not running', err.decode())


if __name__ == '__main__':
    unittest.main(verbosity=2)
