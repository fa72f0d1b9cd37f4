#!/usr/bin/python3
# test_links_ports.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Hang-up (SEMANTICS §1, L1-L6) and port disconnect (§2, P1-P3) through
plugboard-cli and libplugboard, against the dbusmock NetworkManager.'''

import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nmfixture  # noqa: E402
from nmfixture import NMFixture  # noqa: E402
from gi.repository import GLib  # noqa: E402

CLI = os.environ.get('PB_CLI')
HARNESS = os.path.join(os.environ.get('PB_BUILD_ROOT', ''), 'tests', 'nm', 'pb-nm-harness')
NM_IFACE = nmfixture.NM_IFACE
NM_PATH = nmfixture.NM_PATH
AC_IFACE = 'org.freedesktop.NetworkManager.Connection.Active'
DEV_IFACE = 'org.freedesktop.NetworkManager.Device'
ACTIVATING = nmfixture.NM_ACTIVE_CONNECTION_STATE_ACTIVATING
DEACTIVATING = nmfixture.NM_ACTIVE_CONNECTION_STATE_DEACTIVATING
DEACTIVATED = nmfixture.NM_ACTIVE_CONNECTION_STATE_DEACTIVATED
EXIT = {'INVALID_HANDLE': 10, 'INVALID_PORT': 11, 'PORT_NOT_IN_USE': 12, 'EXTENDED': 18, 'TIMEOUT': 21}


def handle(path):
    '''The link handle of PATH on the running fixture (NMFixture.handle()).'''
    return NMTestCase.current.handle(path)


class NMTestCase(unittest.TestCase):
    '''One private bus for the class; a fresh fake NetworkManager for each test.'''

    @classmethod
    def setUpClass(cls):
        if not CLI:
            raise unittest.SkipTest('PB_CLI is not set: run through meson test')
        cls.nm = NMFixture()
        cls.nm.start()
        NMTestCase.current = cls.nm

    @classmethod
    def tearDownClass(cls):
        cls.nm.stop()

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.demo = self.nm.populate_demo()

    def cli(self, *args, timeout=60):
        return subprocess.run([CLI, *args], env=self.nm.env, capture_output=True, text=True, timeout=timeout)

    def cli_json(self, *args, timeout=60):
        '''Runs with --json; returns (exit status, the object on stdout or the error on stderr).'''
        proc = self.cli('--json', *args, timeout=timeout)
        text = proc.stdout if proc.returncode == 0 else proc.stderr
        try:
            return proc.returncode, json.loads(text)
        except ValueError:
            self.fail(f'not JSON (exit {proc.returncode}): {proc.stdout!r} {proc.stderr!r}')

    def assert_error(self, args, code, *in_message, timeout=60):
        status, reply = self.cli_json(*args, timeout=timeout)
        self.assertEqual(status, EXIT[code], reply)
        self.assertEqual(reply['error']['code'], code, reply)
        for text in in_message:
            self.assertIn(text, reply['error']['message'])
        return reply['error']

    def active_paths(self):
        return [str(p) for p in self.nm.get(NM_PATH, NM_IFACE, 'ActiveConnections')]

    def links(self, *extra):
        status, items = self.cli_json('list', 'links', *extra)
        self.assertEqual(status, 0, items)
        return {item['handle']: item for item in items}

    def ports(self):
        status, items = self.cli_json('list', 'ports')
        self.assertEqual(status, 0, items)
        return {item['name']: item for item in items}

    def dial(self, saved, device):
        '''Starts an activation that never completes: a link that keeps dialling.'''
        self.nm.set_activation(saved, nmfixture.ACTIVATION_NEVER)
        return str(self.nm.call('ActivateConnection', 'ooo', (saved, device, '/'), iface=NM_IFACE)[0])

    def emit(self, path, iface, name, signature, args):
        self.nm.call('EmitSignal', 'sssav', (iface, name, signature, args), path=path)


class TestHangUp(NMTestCase):

    def test_L1_hangup_mid_dial(self):
        '''A link still ACTIVATING is cancelled at once, not waited for.'''
        saved = self.nm.add_saved('Slow dial', nmfixture.demo_uuid('Slow dial'), 'gsm')
        ac = self.dial(saved, self.demo['ports']['ttyACM0'])
        self.assertEqual(self.links()[handle(ac)]['state'], 'activating')

        status, reply = self.cli_json('hangup', handle(ac), '--timeout', '10')
        self.assertEqual(status, 0, reply)
        self.assertNotIn(ac, self.active_paths())
        self.assertLess(reply['elapsed_ms'], 5000)
        self.assertEqual(self.ports()['ttyACM0']['state'], 'disconnected')

    def test_L2_completes_only_after_deactivated(self):
        '''The call returns when the link is DEACTIVATED and gone, not when NM accepted the request.'''
        ac = self.demo['links']['gsm']
        self.nm.set_teardown(ac, 'normal', 1500)
        started = time.monotonic()
        status, reply = self.cli_json('hangup', handle(ac))
        wall = time.monotonic() - started
        self.assertEqual(status, 0, reply)
        # The service's delay shows in the elapsed time...
        self.assertGreaterEqual(reply['elapsed_ms'], 1500)
        self.assertGreaterEqual(wall, 1.5)
        # ...and by the time the CLI exits the state machine is over.
        self.assertNotIn(ac, self.active_paths())
        self.assertEqual(reply['handle'], handle(ac))
        self.assertEqual(reply['name'], 'Mobile Broadband')

    def test_L2_repeated_notifications_are_harmless(self):
        '''Duplicate DEACTIVATING notifications neither end the wait early nor break it.'''
        ac = self.demo['links']['cdma']
        self.nm.set_teardown(ac, 'normal', 2000)
        signals = self.nm.record_signals()
        proc = subprocess.Popen([CLI, '--json', 'hangup', handle(ac)], env=self.nm.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.nm.wait(lambda: any(s[0] == ac and s[2] == 'StateChanged' and s[3][0] == DEACTIVATING
                                     for s in signals))
            for _ in range(5):
                self.emit(ac, AC_IFACE, 'StateChanged', 'uu',
                          [GLib.Variant('u', DEACTIVATING), GLib.Variant('u', 2)])
                self.emit(ac, 'org.freedesktop.DBus.Properties', 'PropertiesChanged', 'sa{sv}as',
                          [GLib.Variant('s', AC_IFACE),
                           GLib.Variant('a{sv}', {'State': GLib.Variant('u', DEACTIVATING)}),
                           GLib.Variant('as', [])])
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err)
        reply = json.loads(out)
        self.assertGreaterEqual(reply['elapsed_ms'], 2000)
        self.assertNotIn(ac, self.active_paths())

    def test_L2_teardown_that_never_finishes_times_out(self):
        ac = self.demo['links']['pppoe']
        self.nm.set_teardown(ac, 'hang')
        started = time.monotonic()
        error = self.assert_error(['hangup', handle(ac), '--timeout', '1'], 'TIMEOUT', handle(ac), '1 seconds')
        self.assertEqual(error['win32'], 'WAIT_TIMEOUT')
        self.assertGreaterEqual(time.monotonic() - started, 1.0)
        # The link is left where NetworkManager has it: still going down.
        self.assertEqual(self.nm.get(ac, AC_IFACE, 'State'), DEACTIVATING)

    def test_L2_refused_teardown_is_extended_with_nm_message(self):
        ac = self.demo['links']['vpn']
        self.nm.set_teardown(ac, 'fail', 0, 'VPN plugin is busy, try again later')
        self.assert_error(['hangup', handle(ac)], 'EXTENDED', 'VPN plugin is busy, try again later', handle(ac))
        self.assertIn(ac, self.active_paths())

    def test_L3_dead_handle_after_hangup(self):
        ac = self.demo['links']['bluetooth']
        status, reply = self.cli_json('hangup', handle(ac))
        self.assertEqual(status, 0, reply)
        self.assert_error(['hangup', handle(ac)], 'INVALID_HANDLE', f'“{handle(ac)}”')
        self.assertNotIn(handle(ac), self.links())

    def test_L3_unknown_and_malformed_handles(self):
        before = self.active_paths()
        for bad in ('999', 'abc', '12/34', '0x1F', '12345678901'):
            with self.subTest(handle=bad):
                error = self.assert_error(['hangup', bad], 'INVALID_HANDLE', f'“{bad}”')
                self.assertEqual(error['win32_code'], 6)
        self.assertEqual(self.active_paths(), before)

    def test_L4_cli_does_not_exit_before_the_teardown_ends(self):
        '''SIGINT and SIGTERM during a hang-up do not stop the CLI before the link is down.'''
        ac = self.demo['links']['wireguard']
        self.nm.set_teardown(ac, 'normal', 2500)
        signals = self.nm.record_signals()
        proc = subprocess.Popen([CLI, '--json', 'hangup', handle(ac)], env=self.nm.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.nm.wait(lambda: any(s[0] == ac and s[2] == 'StateChanged' for s in signals))
            proc.send_signal(signal.SIGINT)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn('waiting for it to end', err)
        self.assertGreaterEqual(json.loads(out)['elapsed_ms'], 2500)
        self.assertNotIn(ac, self.active_paths())

    def hang_up_in_flight(self, ac, *args):
        '''Starts a hang-up of ac and returns its process once NetworkManager took the link down.'''
        signals = self.nm.record_signals()
        proc = subprocess.Popen([CLI, '--json', 'hangup', handle(ac), *args], env=self.nm.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and (proc.kill(), proc.wait()))
        self.nm.wait(lambda: any(s[0] == ac and s[2] == 'StateChanged' and s[3][0] == DEACTIVATING
                                 for s in signals))
        return proc

    def test_L4_each_quit_signal_is_held_and_exit_is_the_teardowns(self):
        '''SIGINT, SIGTERM and SIGHUP alike: the CLI stays until the teardown ends and exits with its status.'''
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(signal=signum.name):
                self.nm.stop_service()
                self.nm.start_service()
                demo = self.nm.populate_demo()
                ac = demo['links']['pppoe']
                # A teardown that never finishes: the timeout ends it, with its own status.
                self.nm.set_teardown(ac, 'hang')
                started = time.monotonic()
                proc = self.hang_up_in_flight(ac, '--timeout', '2')
                proc.send_signal(signum)
                time.sleep(0.5)
                self.assertIsNone(proc.poll(), f'{signum.name} ended the CLI with a teardown in flight')
                out, err = proc.communicate(timeout=60)
                self.assertEqual(proc.returncode, EXIT['TIMEOUT'], out + err)
                self.assertGreaterEqual(time.monotonic() - started, 2.0)
                self.assertIn('waiting for it to end', err)
                self.assertEqual(json.loads(err.strip().splitlines()[-1])['error']['code'], 'TIMEOUT', err)

    def test_L4_held_signal_then_success_exits_zero(self):
        ac = self.demo['links']['gsm']
        self.nm.set_teardown(ac, 'normal', 2000)
        proc = self.hang_up_in_flight(ac)
        proc.send_signal(signal.SIGHUP)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn('waiting for it to end', err)
        self.assertGreaterEqual(json.loads(out)['elapsed_ms'], 2000)
        self.assertNotIn(ac, self.active_paths())

    def test_timeout_must_be_1_to_600(self):
        '''--timeout 0 or below (or above 600) is a usage error that changes nothing.'''
        before = self.active_paths()
        for command in (['hangup', handle(self.demo['links']['gsm'])], ['port-disconnect', 'ttyUSB0']):
            for bad in ('0', '-1', '-30', '601'):
                with self.subTest(command=command[0], timeout=bad):
                    proc = self.cli(*command, '--timeout', bad)
                    self.assertEqual(proc.returncode, 2, proc.stderr)
                    self.assertIn('1 to 600', proc.stderr)
        self.assertEqual(self.active_paths(), before)
        status, reply = self.cli_json('hangup', handle(self.demo['links']['gsm']), '--timeout', '600')
        self.assertEqual(status, 0, reply)

    def test_L5_one_device_of_a_two_device_link(self):
        '''--device takes one device off the link; the link stays up on the other.'''
        ac = self.demo['links']['pppoe']
        eth1 = self.demo['ports']['eth1']
        self.nm.set_teardown(eth1, 'normal', 1000)
        status, reply = self.cli_json('hangup', handle(ac), '--device', 'eth1')
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply['device'], 'eth1')
        # Judged by the device's state: it took the device's delay.
        self.assertGreaterEqual(reply['elapsed_ms'], 1000)
        self.assertEqual(self.nm.get(eth1, DEV_IFACE, 'State'), nmfixture.NM_DEVICE_STATE_DISCONNECTED)
        link = self.links()[handle(ac)]
        self.assertEqual(link['state'], 'activated')
        self.assertEqual(link['devices'], ['ppp0'])

    def test_L5_device_not_in_the_link(self):
        ac = self.demo['links']['pppoe']
        self.assert_error(['hangup', handle(ac), '--device', 'ttyUSB0'], 'INVALID_PORT', 'ttyUSB0')
        self.assertEqual(self.links()[handle(ac)]['devices'], ['ppp0', 'eth1'])

    def run_harness(self, *args):
        proc = subprocess.run([HARNESS, 'teardown', *args], env=self.nm.env, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return {e['event']: e for e in map(json.loads, proc.stdout.splitlines())}

    def test_L6_everything_released_after_success(self):
        events = self.run_harness(handle(self.demo['links']['gsm']))
        self.assertTrue(events['completed']['ok'])
        self.assertEqual(events['completed']['handlers_left'], 0)
        self.assertFalse(events['completed']['source_left'])
        self.assertTrue(events['released']['finalized'])

    def test_L6_everything_released_after_timeout_and_refusal(self):
        hang, fail = self.demo['links']['cdma'], self.demo['links']['vpn']
        self.nm.set_teardown(hang, 'hang')
        self.nm.set_teardown(fail, 'fail', 0, 'no')
        for ac, code in ((hang, 'TIMEOUT'), (fail, 'EXTENDED')):
            with self.subTest(code=code):
                events = self.run_harness(handle(ac), '', '1')
                self.assertFalse(events['completed']['ok'])
                self.assertEqual(events['completed']['error'], code)
                self.assertEqual(events['completed']['handlers_left'], 0)
                self.assertFalse(events['completed']['source_left'])
                self.assertTrue(events['released']['finalized'])

    def test_session_marks_the_row_busy_while_its_hang_up_runs(self):
        '''PbSession's registry: the row is busy and the operation found from it while it runs (L4's
        n-running is 1); when ::finished arrives, neither is left.'''
        ac = self.demo['links']['gsm']
        self.nm.set_teardown(ac, 'normal', 500)
        proc = subprocess.run([HARNESS, 'session', handle(ac)], env=self.nm.env, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        events = {e['event']: e for e in map(json.loads, proc.stdout.splitlines())}
        self.assertEqual(events['started']['target'], 'Mobile Broadband')
        self.assertTrue(events['started']['busy'])
        self.assertTrue(events['started']['found'])
        self.assertTrue(events['started']['same_item'])
        self.assertEqual(events['started']['n_running'], 1)
        self.assertEqual(events['finished']['state'], 1)     # PB_OPERATION_SUCCEEDED
        self.assertFalse(events['finished']['busy'])
        self.assertFalse(events['finished']['found'])
        self.assertEqual(events['finished']['n_running'], 0)
        self.assertGreaterEqual(events['finished']['elapsed_ms'], 500)
        self.assertNotIn(ac, self.active_paths())

    def test_L6_everything_released_after_one_device(self):
        events = self.run_harness(handle(self.demo['links']['pppoe']), 'eth1')
        self.assertTrue(events['completed']['ok'])
        self.assertEqual(events['completed']['handlers_left'], 0)
        self.assertTrue(events['released']['finalized'])


class TestPortDisconnect(NMTestCase):

    def test_P1_port_named_by_interface(self):
        ac = self.demo['links']['gsm']
        status, reply = self.cli_json('port-disconnect', 'ttyUSB0')
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply['port'], 'ttyUSB0')
        self.assertEqual(reply['link'], handle(ac))
        self.assertNotIn(ac, self.active_paths())

    def test_P2_unknown_port_changes_nothing(self):
        before = (self.active_paths(), self.ports())
        self.assert_error(['port-disconnect', 'ttyUSB9'], 'INVALID_PORT', 'ttyUSB9')
        self.assertEqual((self.active_paths(), self.ports()), before)

    def test_P2_idle_port_is_not_in_use(self):
        before = (self.active_paths(), self.ports())
        error = self.assert_error(['port-disconnect', 'ttyACM0'], 'PORT_NOT_IN_USE', 'ttyACM0')
        self.assertEqual(error['win32'], 'NERR_UserNotFound')
        self.assertEqual((self.active_paths(), self.ports()), before)

    def test_P3_busy_port_completes_when_disconnected(self):
        ppp0 = self.demo['ports']['ppp0']
        self.nm.set_teardown(ppp0, 'normal', 1200)
        status, reply = self.cli_json('port-disconnect', 'ppp0')
        self.assertEqual(status, 0, reply)
        self.assertGreaterEqual(reply['elapsed_ms'], 1200)
        self.assertEqual(self.nm.get(ppp0, DEV_IFACE, 'State'), nmfixture.NM_DEVICE_STATE_DISCONNECTED)
        self.assertEqual(self.ports()['ppp0']['state'], 'disconnected')

    def test_P3_port_teardown_that_never_finishes_times_out(self):
        self.nm.set_teardown(self.demo['ports']['wg0'], 'hang')
        self.assert_error(['port-disconnect', 'wg0', '--timeout', '1'], 'TIMEOUT', 'wg0')

    def test_P3_refused_port_disconnect_is_extended(self):
        self.nm.set_teardown(self.demo['ports']['cdc-wdm0'], 'fail', 0, 'Modem firmware is updating')
        self.assert_error(['port-disconnect', 'cdc-wdm0'], 'EXTENDED', 'Modem firmware is updating')


class TestModels(NMTestCase):

    def test_list_all_json_has_every_link_and_port_type(self):
        status, items = self.cli_json('list', 'all')
        self.assertEqual(status, 0, items)
        link_types = {i['type'] for i in items if i['kind'] == 'link'}
        port_types = {i['type'] for i in items if i['kind'] == 'port'}
        self.assertEqual(link_types, {'gsm', 'cdma', 'pppoe', 'bluetooth', 'vpn', 'wireguard'})
        self.assertTrue({'modem', 'ppp', 'ethernet', 'bluetooth'} <= port_types, port_types)
        for item in items:
            if item['kind'] == 'link':
                self.assertEqual(item['state'], 'activated')
                self.assertRegex(item['handle'], r'^[0-9]+\.[0-9a-hjkmnp-tv-z]{5}$')

    def test_list_handles_are_what_the_commands_take(self):
        '''Every row of list --json has a handle, and its command accepts it.'''
        status, items = self.cli_json('list', 'all')
        self.assertEqual(status, 0, items)
        links = [i for i in items if i['kind'] == 'link']
        ports = [i for i in items if i['kind'] == 'port']
        self.assertTrue(all(i['handle'] for i in links + ports), items)
        for port in ports:
            self.assertEqual(port['handle'], port['name'])
        gsm = next(i for i in links if i['name'] == 'Mobile Broadband')
        status, reply = self.cli_json('hangup', gsm['handle'])
        self.assertEqual(status, 0, reply)
        busy = next(i for i in ports if i['name'] == 'cdc-wdm0')
        status, reply = self.cli_json('port-disconnect', busy['handle'])
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply['port'], 'cdc-wdm0')

    def test_server_names_for_this_computer_never_use_ssh(self):
        '''localhost, ".", \\\\localhost and this host's own name ask this computer, not ssh.'''
        env = dict(self.nm.env, PLUGBOARD_SSH='-o ProxyCommand=false', PLUGBOARD_SSH_BRIDGE='false')
        for name in ('localhost', '.', '\\\\localhost', socket.gethostname(), 'LOCALHOST'):
            with self.subTest(server=name):
                proc = subprocess.run([CLI, '--json', '--server', name, 'list', 'links'], env=env,
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                items = json.loads(proc.stdout)
                self.assertIn('Mobile Broadband', {i['name'] for i in items})
                self.assertEqual({i['server'] for i in items}, {'local'})
        # Any other name goes through ssh, which fails here.
        proc = subprocess.run([CLI, '--json', '--server', 'elsewhere.invalid', 'list', 'links'], env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(json.loads(proc.stderr)['error']['code'], 'SERVER_UNREACHABLE', proc.stderr)

    def test_connect_by_name_and_uuid(self):
        '''connect NAME|UUID dials a saved link, as rasdial does; its handle is what hangup takes.'''
        status, reply = self.cli_json('connect', 'Spare SIM')
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply['name'], 'Spare SIM')
        self.assertIn(reply['handle'], self.links())
        self.assertEqual(self.links()[reply['handle']]['name'], 'Spare SIM')
        status, hung = self.cli_json('hangup', reply['handle'])
        self.assertEqual(status, 0, hung)

        status, reply = self.cli_json('connect', nmfixture.demo_uuid('Spare SIM'))
        self.assertEqual(status, 0, reply)
        self.assertEqual(self.links()[reply['handle']]['name'], 'Spare SIM')

        error = self.assert_error(['connect', 'No Such Connection'], 'INVALID_HANDLE', 'No Such Connection')
        self.assertEqual(error['win32_code'], 6)

    def test_link_types_option(self):
        links = self.links('--link-types', '802-3-ethernet,gsm')
        self.assertEqual({i['type'] for i in links.values()}, {'802-3-ethernet', 'gsm'})
        # Hang-up follows the same setting: the ethernet link is a link now.
        status, reply = self.cli_json('--link-types', '802-3-ethernet', 'hangup',
                                      handle(self.demo['links']['ethernet']))
        self.assertEqual(status, 0, reply)

    def test_link_types_from_gsettings(self):
        '''The link-types key is honoured when the schema is installed.'''
        schema = os.path.join(os.environ.get('PB_SOURCE_ROOT', ''), 'data', 'io.github.plugboard.Plugboard.gschema.xml')
        if not os.path.exists(schema):
            self.skipTest('no GSettings schema in data/')
        tmp = self.nm.tmpdir
        schemas = os.path.join(tmp, 'schemas')
        os.makedirs(schemas, exist_ok=True)
        subprocess.run(['glib-compile-schemas', '--strict', f'--schema-file={schema}', f'--targetdir={schemas}'],
                       check=True)
        config = os.path.join(tmp, 'config', 'glib-2.0', 'settings')
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, 'keyfile'), 'w', encoding='utf-8') as f:
            f.write("[io/github/plugboard/Plugboard]\nlink-types=['802-3-ethernet']\n")
        env = dict(self.nm.env, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND='keyfile',
                   XDG_CONFIG_HOME=os.path.join(tmp, 'config'))
        proc = subprocess.run([CLI, '--json', 'list', 'links'], env=env, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([i['name'] for i in json.loads(proc.stdout)], ['Wired'])

    def watch(self):
        proc = subprocess.Popen([HARNESS, 'watch'], env=self.nm.env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (proc.stdin.close(), proc.wait(timeout=30), proc.stdout.close()))
        events = []
        while True:
            events.append(json.loads(proc.stdout.readline()))
            if events[-1]['event'] == 'ready':
                return proc, events

    def read_until(self, proc, predicate):
        events = []
        while not events or not predicate(events[-1]):
            line = proc.stdout.readline()
            self.assertTrue(line, 'harness ended early')
            events.append(json.loads(line))
        return events

    def test_models_change_exactly_one_row(self):
        '''A link that appears, changes state or goes away changes its own row only.'''
        proc, initial = self.watch()
        n_links = [e for e in initial if e.get('model') == 'links'][0]['added']
        saved = self.nm.add_saved('Late dial', nmfixture.demo_uuid('Late dial'), 'gsm')
        profiles = self.read_until(proc, lambda e: e['model'] == 'profiles' and e['event'] == 'items-changed')
        self.assertEqual(profiles[-1]['added'], 1)

        ac = self.dial(saved, self.demo['ports']['ttyACM0'])
        events = self.read_until(proc, lambda e: e['model'] == 'links' and e['event'] == 'items-changed')
        self.assertEqual((events[-1]['position'], events[-1]['removed'], events[-1]['added']), (n_links, 0, 1))

        self.nm.set_teardown(ac, 'normal', 300)
        self.nm.call('DeactivateConnection', 'o', (ac,), iface=NM_IFACE)
        events = self.read_until(proc, lambda e: e['model'] == 'links' and e['event'] == 'items-changed')
        notifies = [e for e in events if e['event'] == 'notify' and e['model'] == 'links']
        self.assertTrue(notifies and all(e['name'] == 'Late dial' for e in notifies), notifies)
        self.assertIn(('state', 'deactivating'), [(e['property'], e['value']) for e in notifies])
        changes = [e for e in events if e['event'] == 'items-changed' and e['model'] == 'links']
        self.assertEqual([(e['position'], e['removed'], e['added']) for e in changes], [(n_links, 1, 0)])


class TestNoNetworkManager(unittest.TestCase):
    '''Issue 2's check: without NetworkManager the list is empty, with one warning, and succeeds.'''

    def check(self, env):
        proc = subprocess.run([CLI, '--json', 'list', 'all'], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        items = json.loads(proc.stdout)
        self.assertEqual([i for i in items if i['kind'] in ('link', 'port')], [])
        # One warning for links and ports (drives may add their own line).
        warnings = [line for line in proc.stderr.splitlines() if 'warning' in line and 'links and ports' in line]
        self.assertEqual(len(warnings), 1, proc.stderr)

    @unittest.skipUnless(CLI, 'PB_CLI is not set')
    def test_no_nm_on_the_bus(self):
        with NMFixture() as nm:
            nm.stop_service()
            self.check(nm.env)

    @unittest.skipUnless(CLI, 'PB_CLI is not set')
    def test_no_system_bus(self):
        self.check(dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent/pb-no-bus'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
