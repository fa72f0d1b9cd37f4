#!/usr/bin/python3
# test_remote.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Remote servers (SEMANTICS §2, P4): plugboard-cli --server HOST reaches the test
NetworkManager through a private sshd on a loopback port, whose bridge command
(PLUGBOARD_SSH_BRIDGE) is the default one, systemd-stdio-bridge, pointed at the test
bus; an unreachable host or a failing bridge gives SERVER_UNREACHABLE with the
transport's own message. plugboard-cli list --server A --server B (issue #12) asks two
such hosts at once, each its own sshd on its own port; one of them drops and comes back.'''

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
        cls.sshd, cls.sshd_log = cls.spawn_sshd(cls.port)

    @classmethod
    def spawn_sshd(cls, port):
        '''An sshd on the loopback port, with the class's keys; (process, its log file).'''
        conf = os.path.join(cls.tmp, f'sshd_config.{port}')
        with open(conf, 'w', encoding='utf-8') as f:
            f.write(SSHD_CONF.format(port=port, dir=cls.tmp).replace('/sshd.pid', f'/sshd.{port}.pid'))
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
        log = open(os.path.join(cls.tmp, f'sshd.{port}.log'), 'wb')  # pylint: disable=consider-using-with
        sshd = subprocess.Popen([SSHD, '-D', '-e', '-f', conf],  # pylint: disable=consider-using-with
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not _port_open(port):
            if sshd.poll() is not None or time.monotonic() > deadline:
                sshd.kill()
                sshd.wait()
                log.close()
                raise RuntimeError('sshd did not start: ' + open(log.name, encoding='utf-8').read())
            time.sleep(0.1)
        return sshd, log

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


DEMO_LINKS = {'Mobile Broadband', 'CDMA Dial-up', 'DSL', 'Phone DUN', 'Office VPN', 'WireGuard'}

# The remote command of every server: it logs when it starts and when it bridges (with the sshd port it
# came through, from SSH_CONNECTION), waits $1 seconds first, and fails while a file down.PORT exists,
# which is how one host's bridge breaks while the other's works.
BRIDGE = """#!/bin/sh
port=${{SSH_CONNECTION##* }}
echo "$port start $(date +%s.%N)" >> {dir}/bridge.log
if [ -e {dir}/down.$port ]; then
    echo "the bridge on port $port is down" >&2
    exit 1
fi
sleep "${{1:-0}}"
echo "$port bridged $(date +%s.%N)" >> {dir}/bridge.log
exec systemd-stdio-bridge --bus-path=unix:path={socket}
"""
DELAY = 3.0


@unittest.skipIf(skip_reason(), skip_reason())
class TestSeveralServers(TestRemoteServer):
    '''list with --server given twice: two hosts (two sshd on two loopback ports, both bridging to the
    test NetworkManager) asked at the same time, their rows together, one of them failing alone.'''

    # TestRemoteServer's own tests run once, in their class.
    test_P4_remote_list_over_ssh = None
    test_P4_remote_hangup_and_port_disconnect = None
    test_P4_unreachable_host = None
    test_P4_bridge_that_fails = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.port2 = _free_port()
            cls.sshd2, cls.sshd2_log = cls.spawn_sshd(cls.port2)
            socket_path = cls.nm.address.split('unix:path=', 1)[1].split(',', 1)[0]
            cls.bridge = os.path.join(cls.tmp, 'bridge.sh')
            with open(cls.bridge, 'w', encoding='utf-8') as f:
                f.write(BRIDGE.format(dir=cls.tmp, socket=socket_path))
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def stop_sshd2(cls):
        if getattr(cls, 'sshd2', None) is not None:
            cls.sshd2.terminate()
            cls.sshd2.wait(timeout=10)
            cls.sshd2_log.close()
            cls.sshd2 = None

    @classmethod
    def tearDownClass(cls):
        cls.stop_sshd2()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.sshd2 is None:  # a test that stopped it failed before it came back
            type(self).sshd2, type(self).sshd2_log = self.spawn_sshd(self.port2)
        for name in os.listdir(self.tmp):
            if name.startswith('down.') or name == 'bridge.log':
                os.unlink(os.path.join(self.tmp, name))
        self.host2 = f'127.0.0.1:{self.port2}'
        self.env['PLUGBOARD_SSH_BRIDGE'] = f'sh {self.bridge}'

    def cli(self, *args, env=None):
        '''(CompletedProcess, wall seconds) of one plugboard-cli run.'''
        started = time.monotonic()
        proc = subprocess.run([CLI, *args], env=env or self.env, capture_output=True, text=True, timeout=120)
        return proc, time.monotonic() - started

    def listed(self, proc, status=0):
        '''The rows of a --json list, after checking its exit status.'''
        self.assertEqual(proc.returncode, status, proc.stderr)
        return json.loads(proc.stdout)

    def bridge_log(self):
        '''{port: {'start': [times], 'bridged': [times]}} of the bridges started so far.'''
        log = {}
        with open(os.path.join(self.tmp, 'bridge.log'), encoding='utf-8') as f:
            for line in f:
                port, event, when = line.split()
                log.setdefault(int(port), {'start': [], 'bridged': []})[event].append(float(when))
        return log

    def test_two_servers_listed_in_one_run(self):
        '''Both hosts' links in one run, whichever side of the command --server stands on, first host's first.'''
        both = {(host, name) for host in (self.host, self.host2) for name in DEMO_LINKS}
        for argv in (['list', 'links', '--server', self.host, '--server', self.host2],
                     ['--server', self.host, '--server', self.host2, 'list', 'links'],
                     ['-s', self.host, 'list', 'links', '--server', '\\\\' + self.host2]):
            with self.subTest(argv=argv):
                proc, _ = self.cli('--json', *argv)
                items = self.listed(proc)
                self.assertEqual(proc.stderr, '')
                self.assertEqual({(i['server'], i['name']) for i in items}, both)
                self.assertEqual([i['server'] for i in items], [self.host] * 6 + [self.host2] * 6)

        # The ports of both, and the text table with its SERVER column.
        items = self.listed(self.cli('--json', 'list', 'ports', '-s', self.host2, '-s', self.host)[0])
        self.assertLessEqual({(self.host, 'ttyUSB0'), (self.host2, 'ttyUSB0'), (self.host2, 'ttyACM0')},
                             {(i['server'], i['name']) for i in items})
        self.assertEqual(items[0]['server'], self.host2)
        proc, _ = self.cli('list', 'links', '--server', self.host, '--server', self.host2)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        header, *rows = proc.stdout.splitlines()
        self.assertEqual(header.split()[-1], 'SERVER')
        self.assertEqual(sorted(row.split()[-1] for row in rows), sorted([self.host] * 6 + [self.host2] * 6))

        # One host under two spellings is asked once.
        os.unlink(os.path.join(self.tmp, 'bridge.log'))
        items = self.listed(self.cli('--json', 'list', 'links', '-s', self.host, '-s', '\\\\' + self.host)[0])
        self.assertEqual(sorted(i['name'] for i in items), sorted(DEMO_LINKS))
        self.assertEqual(len(self.bridge_log()[self.port]['start']), 1)

    def test_drives_are_listed_once_and_only_with_this_computer(self):
        '''Drives are this computer's: with several servers, listed once, and only when local is one of them.'''
        config = os.path.join(self.tmp, 'config')
        os.makedirs(os.path.join(config, 'plugboard'), exist_ok=True)
        with open(os.path.join(config, 'plugboard', 'drives.ini'), 'w', encoding='utf-8') as f:
            f.write('[Team]\nRemoteName=smb://nas/team\n')
        env = dict(self.env, XDG_CONFIG_HOME=config,
                   DBUS_SESSION_BUS_ADDRESS='unix:path=/nonexistent/pb-no-session-bus')

        def drives(items):
            return [(i['server'], i['name']) for i in items if i['kind'] == 'drive']

        items = self.listed(self.cli('--json', 'list', '--server', self.host, '--server', self.host2, env=env)[0])
        self.assertEqual(drives(items), [])
        self.assertEqual({i['server'] for i in items}, {self.host, self.host2})

        # local, and localhost which is the same computer: one drive row; this computer has no
        # NetworkManager here, which only warns.
        proc, _ = self.cli('--json', 'list', 'all', '-s', self.host, '-s', 'local', '-s', self.host2,
                           '-s', 'localhost', env=env)
        items = self.listed(proc)
        self.assertEqual(drives(items), [('local', 'Team')])
        self.assertEqual({i['server'] for i in items if i['kind'] == 'link'}, {self.host, self.host2})
        self.assertIn('links and ports are not listed', proc.stderr)

        proc, _ = self.cli('--json', 'list', 'drives', '-s', self.host, '-s', self.host2, env=env)
        self.assertEqual(self.listed(proc), [])
        self.assertIn('--server local', proc.stderr)
        proc, _ = self.cli('--json', 'list', 'drives', '-s', self.host, '-s', 'local', env=env)
        self.assertEqual(drives(self.listed(proc)), [('local', 'Team')])

        # One server alone keeps this computer's drives beside its links, as before.
        items = self.listed(self.cli('--json', 'list', '--server', self.host, env=env)[0])
        self.assertEqual(drives(items), [('local', 'Team')])

    def test_two_slow_servers_load_at_the_same_time(self):
        '''Each bridge waits DELAY s before bridging: two servers cost one wait, not two.'''
        env = dict(self.env, PLUGBOARD_SSH_BRIDGE=f'sh {self.bridge} {DELAY}')
        both = {(host, name) for host in (self.host, self.host2) for name in DEMO_LINKS}
        # One server each, before and after the two together, so that the machine's load weighs alike.
        proc, one = self.cli('--json', 'list', 'links', '--server', self.host, env=env)
        self.assertEqual(len(self.listed(proc)), 6)
        os.unlink(os.path.join(self.tmp, 'bridge.log'))
        proc, two = self.cli('--json', 'list', 'links', '--server', self.host, '--server', self.host2, env=env)
        self.assertEqual({(i['server'], i['name']) for i in self.listed(proc)}, both)
        log = self.bridge_log()
        proc, other = self.cli('--json', 'list', 'links', '--server', self.host2, env=env)
        self.assertEqual(len(self.listed(proc)), 6)
        print(f'\n  list links, bridges waiting {DELAY} s: one server {one:.2f} s and {other:.2f} s, '
              f'both servers in one run {two:.2f} s ({two / one:.2f}x the first)')

        # Both bridges were started before either had finished its wait: one after the other, the second
        # would only start once the first had bridged and its NetworkManager had answered.
        self.assertEqual(set(log), {self.port, self.port2})
        starts = [log[port]['start'][0] for port in log]
        bridged = [log[port]['bridged'][0] for port in log]
        self.assertLess(max(starts), min(bridged), log)
        # And the run is shorter by most of a wait than the two one after the other. Not by all of it,
        # nor down to one server's time: both hosts are the one test NetworkManager, a single process
        # that answers their requests in turn, on a machine that may be busy.
        self.assertLess(two, one + other - DELAY / 2)

    def test_one_server_drops_and_comes_back(self):
        '''A host whose sshd is gone, or whose bridge fails, hides nothing of the other: its rows are
        missing, one error names it, exit status 20; back again, the next list has both.'''
        argv = ['list', 'links', '--server', self.host2, '--server', self.host]
        self.assertEqual(len(self.listed(self.cli('--json', *argv)[0])), 12)

        self.stop_sshd2()
        for drop in ('sshd stopped', 'bridge fails'):
            with self.subTest(drop=drop):
                if drop == 'bridge fails':
                    type(self).sshd2, type(self).sshd2_log = self.spawn_sshd(self.port2)
                    open(os.path.join(self.tmp, f'down.{self.port2}'), 'w', encoding='utf-8').close()
                why = 'Connection refused' if drop == 'sshd stopped' else f'the bridge on port {self.port2} is down'

                proc, _ = self.cli('--json', *argv)
                items = self.listed(proc, status=20)
                self.assertEqual({(i['server'], i['name']) for i in items}, {(self.host, n) for n in DEMO_LINKS})
                errors = [json.loads(line) for line in proc.stderr.splitlines()]
                self.assertEqual(len(errors), 1, proc.stderr)
                self.assertEqual(errors[0]['error']['code'], 'SERVER_UNREACHABLE')
                self.assertEqual(errors[0]['error']['server'], self.host2)
                self.assertIn(f'“{self.host2}”', errors[0]['error']['message'])
                self.assertIn(why, errors[0]['error']['message'])

                proc, _ = self.cli(*argv)
                self.assertEqual(proc.returncode, 20, proc.stderr)
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                self.assertIn('SERVER_UNREACHABLE', proc.stderr)
                self.assertIn(f'“{self.host2}”', proc.stderr)
                rows = proc.stdout.splitlines()[1:]
                self.assertEqual([row.split()[-1] for row in rows], [self.host] * 6)

        # Back: the next list lists both, exit 0.
        os.unlink(os.path.join(self.tmp, f'down.{self.port2}'))
        proc, _ = self.cli('--json', *argv)
        items = self.listed(proc)
        self.assertEqual(proc.stderr, '')
        self.assertEqual({(i['server'], i['name']) for i in items},
                         {(host, name) for host in (self.host, self.host2) for name in DEMO_LINKS})

        # Neither answering: nothing listed, one error each.
        self.stop_sshd2()
        env = dict(self.env, PLUGBOARD_SSH_BRIDGE='false')
        proc, _ = self.cli('--json', *argv, env=env)
        self.assertEqual(proc.returncode, 20, proc.stderr)
        self.assertEqual(proc.stdout, '')
        self.assertEqual([json.loads(line)['error']['server'] for line in proc.stderr.splitlines()],
                         [self.host2, self.host])

    def test_only_list_takes_several_servers(self):
        '''hangup, port-disconnect and connect act on one server: two are a usage error, and nothing
        is asked of either.'''
        gsm = self.nm.handle(self.demo['links']['gsm'])
        servers = ['--server', self.host, '--server', self.host2]
        for command in (['hangup', gsm], ['port-disconnect', 'cdc-wdm0'], ['connect', 'Spare SIM']):
            for argv in (servers + command, command + servers):
                with self.subTest(argv=argv):
                    status, reply = self.cli_json(*argv)
                    self.assertEqual(status, 2, reply)
                    self.assertEqual(reply['error']['code'], 'USAGE')
                    self.assertIn('“list”', reply['error']['message'])
                    proc, _ = self.cli(*argv)
                    self.assertEqual(proc.returncode, 2, proc.stderr)
                    self.assertIn('Only “list” takes --server more than once', proc.stderr)
        self.assertEqual(len(self.active_paths()), len(self.demo['links']))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'bridge.log')), 'a server was asked')

        # One --server is still theirs.
        status, reply = self.cli_json('--server', self.host2, 'hangup', gsm)
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply['server'], self.host2)


if __name__ == '__main__':
    unittest.main(verbosity=2)
