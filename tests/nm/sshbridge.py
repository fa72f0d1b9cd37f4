# tests/nm/sshbridge.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''A remote server on loopback for --server tests: a private sshd (root's, key login only)
on a free port whose sessions run systemd-stdio-bridge to a test NetworkManager's bus, and
the PLUGBOARD_SSH / PLUGBOARD_SSH_BRIDGE a client needs to reach it. It can be dropped
(sshd and every session it forked stopped by PID) and started again on the same port.'''

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
import pbtestlib  # noqa: E402
from drivesfixture import SSHD, SSHD_CONF, _free_port, _port_open, _process_tree  # noqa: E402

TOOLS = (SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/systemd-stdio-bridge')


def skip_reason():
    if os.geteuid() != 0:
        return 'the private sshd logs in as root: run as root'
    missing = [t for t in TOOLS if not os.path.exists(t)]
    return 'missing ' + ', '.join(missing) + ': run build-aux/install-deps.sh' if missing else None


class SshBridge:
    def __init__(self, nm_address):
        self.tmp = tempfile.mkdtemp(prefix='pb-ssh-', dir='/tmp')
        for key in ('host_key', 'client_key'):
            subprocess.run(['/usr/bin/ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'plugboard-test',
                            '-f', os.path.join(self.tmp, key)], check=True)
        os.replace(os.path.join(self.tmp, 'client_key.pub'), os.path.join(self.tmp, 'authorized_keys'))
        self.port = _free_port()
        self.host = f'127.0.0.1:{self.port}'
        self.conf = os.path.join(self.tmp, 'sshd_config')
        with open(self.conf, 'w', encoding='utf-8') as f:
            f.write(SSHD_CONF.format(port=self.port, dir=self.tmp))
        socket_path = nm_address.split('unix:path=', 1)[1].split(',', 1)[0]
        self.env = {
            'PLUGBOARD_SSH': (f'-i {self.tmp}/client_key -o IdentitiesOnly=yes -o StrictHostKeyChecking=no '
                              '-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'),
            'PLUGBOARD_SSH_BRIDGE': f'systemd-stdio-bridge --bus-path=unix:path={socket_path}',
        }
        self.sshd = None
        self.log = os.path.join(self.tmp, 'sshd.log')

    def start(self):
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
        with open(self.log, 'ab') as log:
            self.sshd = subprocess.Popen([SSHD, '-D', '-e', '-f', self.conf],  # pylint: disable=consider-using-with
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        pbtestlib.wait_until(f'sshd on port {self.port}', lambda: _port_open(self.port), 20, proc=self.sshd,
                             log=lambda: pbtestlib.log_tail(self.log))

    def drop(self):
        '''sshd and every session it forked, by PID: the clients' connections close.'''
        if self.sshd is None:
            return
        pbtestlib.stop_pids(_process_tree([self.sshd.pid]), 5.0, reap=[self.sshd])
        self.sshd = None
        deadline = time.monotonic() + 10
        while _port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def stop(self):
        self.drop()
        subprocess.run(['rm', '-rf', self.tmp], check=False)
