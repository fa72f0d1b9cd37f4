#!/usr/bin/python3
# tests/faults/test_bridge_faults.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The SSH bridge to a remote NetworkManager dies in the middle of a hang-up (P4):
the local ssh client or the remote systemd-stdio-bridge is killed while the link
is going down. The hang-up ends with SERVER_UNREACHABLE at once, not with
success and not after the teardown timeout. The private sshd and the bridge
are tests/nm/test_remote.py's, reused by inheriting its setup.'''

import os
import signal
import subprocess
import time
import unittest

import faultslib
from faultslib import json_error
import nmfixture
import pbtestlib
import test_remote

AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'


def argv(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read().decode(errors='replace').split('\0')
    except OSError:
        return []


class BridgeDiesTest(test_remote.TestRemoteServer):
    '''test_remote's sshd and environment; none of its tests (they run in the nm suite).'''

    test_P4_remote_list_over_ssh = None
    test_P4_remote_hangup_and_port_disconnect = None
    test_P4_unreachable_host = None
    test_P4_bridge_that_fails = None

    def bridge_pid(self, cli_pid, which):
        '''The local ssh client (a child of the CLI) or the remote systemd-stdio-bridge.'''
        socket_path = self.nm.address.split('unix:path=', 1)[1].split(',', 1)[0]
        for pid, parent in pbtestlib.proc_table().items():
            args = argv(pid)
            if which == 'ssh' and parent == cli_pid and args[:1] == ['ssh']:
                return pid
            if which == 'bridge' and args[:1] == ['systemd-stdio-bridge'] and \
                    f'--bus-path=unix:path={socket_path}' in args:
                return pid
        return None

    def test_bridge_killed_mid_hangup_is_server_unreachable(self):
        for which in ('ssh', 'bridge'):
            with self.subTest(killed=which):
                self.setUp()
                gsm = self.demo['links']['gsm']
                self.nm.set_teardown(gsm, 'hang')
                proc = subprocess.Popen([faultslib.CLI, '--json', '--server', self.host, 'hangup',
                                         self.nm.handle(gsm), '--timeout', '120'], env=self.env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                self.addCleanup(pbtestlib.stop, proc)
                pbtestlib.wait_until('the hang-up under way', lambda: self.nm.get(gsm, AC_IFACE, 'State') ==
                                     nmfixture.NM_ACTIVE_CONNECTION_STATE_DEACTIVATING, 60, proc=proc)
                pid = self.bridge_pid(proc.pid, which)
                self.assertIsNotNone(pid, f'no {which} process found')
                t0 = time.monotonic()
                os.kill(pid, signal.SIGKILL)
                out, err = proc.communicate(timeout=120)
                waited = time.monotonic() - t0
                result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
                error = json_error(self, result, 'SERVER_UNREACHABLE')
                print(f'\n  hang-up over ssh, {which} killed: SERVER_UNREACHABLE after {waited:.2f} s: '
                      f'{error["message"]}')
                self.assertLess(waited, 30)
                # The link is still up on the server: nothing said otherwise.
                self.assertIn(gsm, self.active_paths())


if __name__ == '__main__':
    unittest.main(verbosity=2)
