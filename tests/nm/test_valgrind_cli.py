#!/usr/bin/python3
# tests/nm/test_valgrind_cli.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli's NetworkManager paths under valgrind: no definite leak and no
invalid read or write in listing, hang-up (SEMANTICS L3, L6) and port
disconnect (P2, P3), success and error paths alike, against the test
NetworkManager with populate_demo().'''

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import nmfixture  # noqa: E402
from nmfixture import NMFixture  # noqa: E402
from valgrindcase import ValgrindMixin  # noqa: E402

USAGE, INVALID_HANDLE, PORT_NOT_IN_USE, SERVER_UNREACHABLE = 2, 10, 12, 20


class ValgrindNMTest(ValgrindMixin, unittest.TestCase):
    '''One private bus for the class; a fresh demo NetworkManager for each test.'''

    @classmethod
    def setUpClass(cls):
        cls.nm = NMFixture()
        cls.nm.start()
        cls.addClassCleanup(cls.nm.stop)

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.demo = self.nm.populate_demo()

    def device_state(self, iface):
        return self.nm.get(self.demo['ports'][iface], 'org.freedesktop.NetworkManager.Device', 'State')

    def test_list_all_json(self):
        proc = self.valgrind_cli(self.nm.env, '--json', 'list', 'all')
        names = {item['name'] for item in json.loads(proc.stdout)}
        self.assertLessEqual({'Mobile Broadband', 'DSL', 'ttyACM0'}, names)

    def test_list_several_servers_one_unreachable(self):
        '''Two servers, this computer and one that cannot be reached: this computer's rows, one error, exit 20;
        each server's session freed as soon as the list is printed (issue #12).'''
        env = dict(self.nm.env, PLUGBOARD_SSH='-o ProxyCommand=false')
        proc = self.valgrind_cli(env, '--json', 'list', 'all', '--server', 'local', '--server', 'elsewhere.invalid',
                                 status=SERVER_UNREACHABLE)
        self.assertEqual({item['server'] for item in json.loads(proc.stdout)}, {'local'})
        # Beside warnings in words (no GVfs here), one JSON error on a line of its own.
        errors = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith('{')]
        self.assertEqual([e['error']['server'] for e in errors], ['elsewhere.invalid'])

    def test_hangup_two_servers_is_a_usage_error(self):
        proc = self.valgrind_cli(self.nm.env, '--json', 'hangup', '1', '-s', 'a', '-s', 'b', status=USAGE)
        self.assertEqual(json.loads(proc.stderr)['error']['code'], 'USAGE')

    def test_L3_L6_hangup(self):
        link = self.demo['links']['gsm']
        self.valgrind_cli(self.nm.env, 'hangup', self.nm.handle(link))
        active = [str(p) for p in self.nm.get(nmfixture.NM_PATH, nmfixture.NM_IFACE, 'ActiveConnections')]
        self.assertNotIn(link, active)

    def test_L3_hangup_bad_handle(self):
        proc = self.valgrind_cli(self.nm.env, '--json', 'hangup', '999', status=INVALID_HANDLE)
        self.assertEqual(json.loads(proc.stderr)['error']['code'], 'INVALID_HANDLE')

    def test_P3_port_disconnect(self):
        self.valgrind_cli(self.nm.env, 'port-disconnect', 'cdc-wdm0')
        self.assertEqual(self.device_state('cdc-wdm0'), nmfixture.NM_DEVICE_STATE_DISCONNECTED)

    def test_P2_port_disconnect_idle_port(self):
        proc = self.valgrind_cli(self.nm.env, '--json', 'port-disconnect', 'ttyACM0', status=PORT_NOT_IN_USE)
        self.assertEqual(json.loads(proc.stderr)['error']['code'], 'PORT_NOT_IN_USE')


if __name__ == '__main__':
    unittest.main(verbosity=2)
