#!/usr/bin/python3
# test_remote.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Remote servers (SEMANTICS §2, P4): plugboard-cli --server HOST reaches the test
NetworkManager through a private sshd on a loopback port, whose bridge command
(PLUGBOARD_SSH_BRIDGE) is the default one, systemd-stdio-bridge, pointed at the test
bus; an unreachable host or a failing bridge gives SERVER_UNREACHABLE with the
transport's own message.'''

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
import nmfixture  # noqa: E402
from nmfixture import NMFixture  # noqa: E402
from drivesfixture import SSHD, SSHD_CONF, _free_port, _port_open  # noqa: E402

CLI = os.environ.get('PB_CLI')
NM_PATH, NM_IFACE = nmfixture.NM_PATH, nmfixture.NM_IFACE
TOOLS = (SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/systemd-stdio-bridge', '/usr/bin/socat')


def skip_reason():
    if not CLI:
        return 'PB_CLI is not set: run through meson test'
    if os.geteuid() != 0:
        return 'the private sshd logs in as root: run the nm suite as root'
    missing = [t for t in TOOLS if not os.path.exists(t)]
    return 'missing ' + ', '.join(missing) + ': run build-aux/install-deps.sh' if missing else None


@unittest.skipIf(skip_reason(), skip_reason())
class TestRemoteServer(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.nm = NMFixture()
        cls.nm.start()
        cls.tmp = tempfile.mkdtemp(prefix='pb-remote-', dir='/tmp')
        cls.sshd = None
        try:
            cls.start_sshd()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_sshd(cls):
        for key in ('host_key', 'client_key'):
            subprocess.run(['/usr/bin/ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'plugboard-test',
                            '-f', os.path.join(cls.tmp, key)], check=True)
        shutil.copy(os.path.join(cls.tmp, 'client_key.pub'), os.path.join(cls.tmp, 'authorized_keys'))
        cls.port = _free_port()
        conf = os.path.join(cls.tmp, 'sshd_config')
        with open(conf, 'w', encoding='utf-8') as f:
            f.write(SSHD_CONF.format(port=cls.port, dir=cls.tmp))
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
        cls.sshd_log = open(os.path.join(cls.tmp, 'sshd.log'), 'wb')  # pylint: disable=consider-using-with
        cls.sshd = subprocess.Popen([SSHD, '-D', '-e', '-f', conf],  # pylint: disable=consider-using-with
                                    stdout=cls.sshd_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not _port_open(cls.port):
            if cls.sshd.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('sshd did not start: ' + open(cls.sshd_log.name, encoding='utf-8').read())
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        if cls.sshd is not None:
            cls.sshd.terminate()
            cls.sshd.wait(timeout=10)
            cls.sshd_log.close()
        cls.nm.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.demo = self.nm.populate_demo()
        socket_path = self.nm.address.split('unix:path=', 1)[1].split(',', 1)[0]
        self.host = f'127.0.0.1:{self.port}'
        self.env = dict(
            os.environ,
            # This computer has no NetworkManager: whatever answers is the remote one.
            DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent/pb-no-local-bus',
            PLUGBOARD_SSH=(f'-i {self.tmp}/client_key -o IdentitiesOnly=yes -o StrictHostKeyChecking=no '
                           '-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'),
            PLUGBOARD_SSH_BRIDGE=f'systemd-stdio-bridge --bus-path=unix:path={socket_path}')

    def cli_json(self, *args, env=None):
        proc = subprocess.run([CLI, '--json', *args], env=env or self.env, capture_output=True, text=True,
                              timeout=120)
        return proc.returncode, json.loads(proc.stdout if proc.returncode == 0 else proc.stderr)

    def active_paths(self):
        return [str(p) for p in self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')]

    def test_P4_remote_list_over_ssh(self):
        status, items = self.cli_json('--server', '\\\\' + self.host, 'list', 'links')
        self.assertEqual(status, 0, items)
        self.assertEqual({i['name'] for i in items},
                         {'Mobile Broadband', 'CDMA Dial-up', 'DSL', 'Phone DUN', 'Office VPN', 'WireGuard'})
        self.assertEqual({i['server'] for i in items}, {self.host})

    def test_P4_remote_hangup_and_port_disconnect(self):
        gsm, cdma = self.demo['links']['gsm'], self.demo['links']['cdma']
        self.nm.set_teardown(gsm, 'normal', 500)
        status, reply = self.cli_json('--server', self.host, 'hangup', self.nm.handle(gsm))
        self.assertEqual(status, 0, reply)
        self.assertGreaterEqual(reply['elapsed_ms'], 500)
        self.assertEqual(reply['server'], self.host)
        self.assertNotIn(gsm, self.active_paths())

        status, reply = self.cli_json('--server', self.host, 'port-disconnect', 'cdc-wdm0')
        self.assertEqual(status, 0, reply)
        self.assertNotIn(cdma, self.active_paths())

    def test_P4_unreachable_host(self):
        closed = _free_port()
        status, reply = self.cli_json('--server', f'127.0.0.1:{closed}', 'hangup', '1')
        self.assertEqual(status, 20, reply)
        self.assertEqual(reply['error']['code'], 'SERVER_UNREACHABLE')
        self.assertEqual(reply['error']['win32_code'], 1722)
        # ssh's own words
        self.assertIn('Connection refused', reply['error']['message'])

    def test_P4_bridge_that_fails(self):
        env = dict(self.env, PLUGBOARD_SSH_BRIDGE='socat STDIO UNIX-CONNECT:/nonexistent/pb-bus')
        status, reply = self.cli_json('--server', self.host, 'port-disconnect', 'ttyUSB0', env=env)
        self.assertEqual(status, 20, reply)
        self.assertIn('/nonexistent/pb-bus', reply['error']['message'])
        self.assertEqual(len(self.active_paths()), len(self.demo['links']))


if __name__ == '__main__':
    unittest.main(verbosity=2)
