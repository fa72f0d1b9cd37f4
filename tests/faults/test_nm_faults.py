#!/usr/bin/python3
# tests/faults/test_nm_faults.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''NetworkManager dies in the middle of the CLI's work. The name leaving the bus
is not the link leaving it: a teardown in flight ends with SERVER_UNREACHABLE,
never with success, and after a restart the new daemon's objects (whose paths,
and so handles, count from 1 again) are left alone. The same on the real daemon,
and its restart empties and refills the in-process models. A handle kept across
the restart names no link of the new daemon even where its number does: the
handle's tag names the daemon's run
(test_real_nm_handle_from_before_a_restart_that_names_a_new_link).'''

import json
import os
import select
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


def handle(path, env):
    return pbtestlib.link_handle(env, path)


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
            'hang-up': (lambda d: ['hangup', handle(d['links']['gsm'], self.nm.env)],
                        lambda d: d['links']['gsm'], AC_IFACE, nmfixture.NM_ACTIVE_CONNECTION_STATE_DEACTIVATING),
            'device hang-up': (lambda d: ['hangup', handle(d['links']['pppoe'], self.nm.env), '--device', 'eth1'],
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
                                 {handle(p, self.nm.env) for kind, p in fresh['links'].items() if kind != 'ethernet'})

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


HARNESS = os.path.join(os.environ.get('PB_BUILD_ROOT', '_build'), 'tests', 'nm', 'pb-nm-harness')
NM_ETH = 'veth-pb0'


class Watch:
    '''pb-nm-harness watch on a RealNM: its models mirrored from the items-changed lines.'''

    def __init__(self, case, nm):
        self.case, self.nm = case, nm
        self.proc = subprocess.Popen([HARNESS, 'watch'], env=nm.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        case.addCleanup(pbtestlib.stop, self.proc)
        case.addCleanup(self.proc.stdin.close)
        case.addCleanup(self.proc.stdout.close)
        self.buf = b''
        self.models = {'links': [], 'ports': [], 'profiles': []}
        self.emptied = set()    # models that an items-changed removing every row emptied
        self.ready = False
        self.read_until('the harness ready', lambda: self.ready)

    def rows(self, model):
        return list(self.models[model])

    def _line(self, deadline):
        while b'\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return json.loads(line)

    def read_until(self, what, done, timeout=30):
        deadline = time.monotonic() + timeout
        while not done():
            event = self._line(deadline)
            self.case.assertIsNotNone(event, f'{what}: the harness said nothing more; models {self.models}\n'
                                             f'{self.nm.log()[-3000:]}')
            if event['event'] == 'ready':
                self.ready = True
            if event['event'] != 'items-changed':
                continue
            rows = self.models[event['model']]
            if event['removed'] and event['removed'] == len(rows) and not event['added']:
                self.emptied.add(event['model'])
            del rows[event['position']:event['position'] + event['removed']]
            rows[event['position']:event['position']] = [(r['handle'], r['name']) for r in event['added_rows']]
            self.case.assertEqual(len(rows), event['n_items'], event)


class RealNMDiesTest(unittest.TestCase):
    '''The same on the real NetworkManager (tests/nm/realnm), where root allows. A teardown
    is caught under way by holding it in NetworkManager's own pre-down dispatcher call
    (RealNM.hold_teardowns), and the killed daemon is started again in its place.'''

    def setUp(self):
        import realnm  # pylint: disable=import-outside-toplevel
        reason = realnm.skip_reason()
        if reason:
            self.skipTest(reason)
        self.realnm = realnm

    def start_nm(self):
        nm = self.enterContext(self.realnm.RealNM())
        nm.bring_up_ethernet()
        return nm

    def kill_nm(self, nm):
        proc = nm._procs['nm']  # pylint: disable=protected-access
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def actives(self, nm):
        '''The daemon's own view: {handle: (name, type, state)} of every active connection.'''
        out = nm.nmcli('-t', '-f', 'NAME,TYPE,STATE,ACTIVE-PATH', 'connection', 'show', '--active').stdout
        rows = [self.realnm.split_terse(line) for line in out.splitlines() if line]
        return {handle(path, nm.env): (name, kind, state) for name, kind, state, path in rows}

    def cli_json(self, nm, *args):
        return json_answer(self, faultslib.cli(['--json', *args], nm.env))

    def restart_after_kill(self, nm, vpn):
        nm.release_teardowns()
        nm.restart_daemon()
        # The VPN died with the old daemon's plugin; the port's link did not.
        pbtestlib.wait_until('the old VPN gone from the new daemon', lambda: nm.active_link(vpn.uuid) is None, 30)

    def test_real_nm_killed_mid_list_says_it_is_not_running(self):
        with self.realnm.RealNM() as nm:
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

    def test_real_nm_killed_mid_teardown_is_server_unreachable_never_success(self):
        '''The VPN hung up, or the ethernet port under it disconnected, by the CLI; the real
        daemon SIGKILLed while it holds that teardown in DEACTIVATING. The CLI ends at once
        with SERVER_UNREACHABLE, never 0. Restarted, the daemon keeps what it finds: the
        port's link stays up, the VPN (gone with the old daemon's plugin) is not listed, and
        the CLI lists what the new daemon has, under the new daemon's handles.'''
        nm = self.start_nm()
        cases = {
            # what: (command, the dispatcher call that holds it, the state it is held in)
            'hang-up': (lambda vpn: ['hangup', handle(vpn.path, nm.env)], ('vpn-pre-down', 'tun0'),
                        lambda vpn: nm.nmcli('-g', 'GENERAL.STATE', 'connection', 'show', 'uuid',
                                             vpn.uuid).stdout.strip() == 'deactivating'),
            'port disconnect': (lambda vpn: ['port-disconnect', NM_ETH], ('pre-down', NM_ETH),
                                lambda vpn: nm.device_state(NM_ETH).startswith('110 ')),
        }
        for what, (command, held_call, held_state) in cases.items():
            with self.subTest(what):
                if nm._procs['nm'].poll() is not None:  # pylint: disable=protected-access
                    nm.release_teardowns()  # the case before failed after its kill
                    nm.restart_daemon()
                vpn = nm.bring_up_vpn()
                nm.hold_teardowns()
                # A timeout far away: what ends the command must be the daemon's death.
                proc = subprocess.Popen([faultslib.CLI, '--json', *command(vpn), '--timeout', '120'], env=nm.env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                self.addCleanup(pbtestlib.stop, proc)
                pbtestlib.wait_until(f'{what} held in its pre-down call', lambda: held_call in nm.teardown_calls(),
                                     30, proc=proc, log=lambda: nm.log()[-3000:])
                self.assertTrue(held_state(vpn), f'{what} is not under way:\n{nm.nmcli("device").stdout}')
                self.assertIsNone(proc.poll(), f'{what} ended while NetworkManager still held it')
                t0 = time.monotonic()
                self.kill_nm(nm)
                out, err = proc.communicate(timeout=60)
                waited = time.monotonic() - t0
                result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
                self.assertNotEqual(proc.returncode, 0, f'{what} reported success after NetworkManager died')
                error = json_error(self, result, 'SERVER_UNREACHABLE')
                print(f'\n  {what}, the real NetworkManager killed: exit {proc.returncode} after {waited:.2f} s: '
                      f'{error["message"]}')
                self.assertIn('NetworkManager went away', error['message'])
                self.assertLess(waited, 10)

                self.restart_after_kill(nm, vpn)
                actives = self.actives(nm)
                self.assertIn(('pb-eth', '802-3-ethernet', 'activated'), actives.values(), actives)
                self.assertTrue(nm.device_state(NM_ETH).startswith('100 '), nm.device_state(NM_ETH))
                # What the CLI lists is what the new daemon has: every vpn link, under its handle.
                status, links = self.cli_json(nm, 'list', 'links')
                self.assertEqual(status, 0, links)
                self.assertEqual({link['handle'] for link in links},
                                 {h for h, (_, kind, _) in self.actives(nm).items() if kind == 'vpn'})
                # Up again under the new daemon, the VPN is listed under the handle it now has.
                again = nm.bring_up_vpn()
                status, items = self.cli_json(nm, 'list', 'all')
                self.assertEqual(status, 0, items)
                self.assertEqual([(i['handle'], i['name']) for i in items if i['kind'] == 'link'],
                                 [(handle(again.path, nm.env), 'pb-vpn')])
                self.assertEqual([(i['name'], i['link']) for i in items if i['kind'] == 'port'],
                                 [(NM_ETH, handle(again.path, nm.env))])
                nm.nmcli('connection', 'down', 'uuid', again.uuid, check=True)

    def test_real_nm_restart_empties_and_refills_the_models(self):
        '''In process (pb-nm-harness watch): the links and ports models lose every row when the
        real daemon is killed, and take the new daemon's rows once it is back.'''
        nm = self.start_nm()
        vpn = nm.bring_up_vpn()
        watch = Watch(self, nm)
        self.assertEqual(watch.rows('links'), [(handle(vpn.path, nm.env), 'pb-vpn')])
        self.assertEqual(watch.rows('ports'), [(NM_ETH, NM_ETH)])

        self.kill_nm(nm)
        watch.read_until('the models emptied', lambda: {'links', 'ports'} <= watch.emptied)
        self.assertEqual((watch.rows('links'), watch.rows('ports')), ([], []))

        self.restart_after_kill(nm, vpn)
        again = nm.bring_up_vpn()
        expected = {'links': [(handle(again.path, nm.env), 'pb-vpn')], 'ports': [(NM_ETH, NM_ETH)]}
        watch.read_until('the models refilled', lambda: all(watch.rows(m) == rows for m, rows in expected.items()))

    def test_real_nm_handle_from_before_a_restart_names_no_link(self):
        '''The VPN's handle, kept across a restart (README: list again first): the new
        daemon numbers its activations from 1 again, so the old number may now name
        another activation; the handle's tag is the old daemon's. INVALID_HANDLE, and
        nothing goes down.'''
        nm = self.start_nm()
        vpn = nm.bring_up_vpn()
        old = handle(vpn.path, nm.env)
        self.kill_nm(nm)
        self.restart_after_kill(nm, vpn)
        before = self.actives(nm)
        status, reply = self.cli_json(nm, 'hangup', old)
        self.assertEqual(status, faultslib.EXIT['INVALID_HANDLE'], f'{reply}; the new daemon has {before}')
        self.assertEqual(reply['error']['code'], 'INVALID_HANDLE', reply)
        self.assertIn(old, reply['error']['message'])
        after = self.actives(nm)
        self.assertEqual({h: a for h, a in after.items() if a[1] != 'tun'},
                         {h: a for h, a in before.items() if a[1] != 'tun'})

    def test_real_nm_handle_from_before_a_restart_that_names_a_new_link(self):
        '''Issue #13: the new daemon numbers its activations from 1 again, so the old VPN's
        number may now be another activation's, one of a link type (the ethernet connection
        here, made a link type with --link-types, as a user may). A handle carries the tag of
        the daemon's run: "hangup OLD" is INVALID_HANDLE, saying that the handle is from an
        earlier run, and nothing goes down. The bare number, which is no handle, neither.'''
        nm = self.start_nm()
        vpn = nm.bring_up_vpn()
        old = handle(vpn.path, nm.env)
        self.kill_nm(nm)
        self.restart_after_kill(nm, vpn)
        same_number = handle(vpn.path, nm.env)
        self.assertNotEqual(same_number, old, 'the restarted daemon has the old handles')
        self.assertEqual(same_number.split('.')[0], old.split('.')[0])
        now = self.actives(nm).get(same_number)
        if now is None or now[1] == 'tun':
            self.skipTest(f'the new daemon gave number {old} to no lasting activation: {self.actives(nm)}')
        for given, says in ((old, 'earlier run of NetworkManager'), (old.split('.')[0], 'a dot and a tag')):
            with self.subTest(given):
                status, reply = self.cli_json(nm, '--link-types', f'vpn,{now[1]}', 'hangup', given)
                self.assertEqual(reply.get('error', {}).get('code'), 'INVALID_HANDLE',
                                 f'hangup {given}, the old VPN, acted on {now} of the new daemon: exit {status}, '
                                 f'{reply}')
                self.assertEqual(status, faultslib.EXIT['INVALID_HANDLE'], reply)
                self.assertIn(given, reply['error']['message'])
                self.assertIn(says, reply['error']['message'])
                self.assertEqual(self.actives(nm).get(same_number), now)
        # The new daemon's own handle for it still works.
        status, reply = self.cli_json(nm, '--link-types', f'vpn,{now[1]}', 'hangup', same_number)
        self.assertEqual(status, 0, reply)


if __name__ == '__main__':
    unittest.main(verbosity=2)
