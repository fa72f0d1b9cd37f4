#!/usr/bin/python3
# test_realnm_cli.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli against the real NetworkManager (tests/nm/realnm): an ethernet port
(veth) carrying an OpenVPN link. Hanging up the VPN leaves the port up (L2, L3);
disconnecting the port takes it down (P1, P3). Skipped, never passed, without root.'''

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'realnm'))
from realnm import RealNM, skip_reason  # noqa: E402

CLI = os.environ.get('PB_CLI')
SKIP = 'PB_CLI is not set: run through meson test' if not CLI else skip_reason()


@unittest.skipIf(SKIP, SKIP)
class TestRealNetworkManager(unittest.TestCase):

    def cli_json(self, nm, *args):
        proc = subprocess.run([CLI, '--json', *args], env=nm.env, capture_output=True, text=True, timeout=120)
        try:
            return proc.returncode, json.loads(proc.stdout if proc.returncode == 0 else proc.stderr)
        except ValueError:
            self.fail(f'{args}: exit {proc.returncode}: {proc.stdout!r} {proc.stderr!r}\n{nm.log()[-3000:]}')

    def test_L2_P3_hang_up_vpn_then_disconnect_ethernet_port(self):
        with RealNM() as nm:
            iface = nm.bring_up_ethernet()
            vpn = nm.bring_up_vpn()
            handle = vpn.path.rsplit('/', 1)[1]

            status, items = self.cli_json(nm, 'list', 'all')
            self.assertEqual(status, 0, items)
            links = {i['handle']: i for i in items if i['kind'] == 'link'}
            ports = {i['name']: i for i in items if i['kind'] == 'port'}
            self.assertEqual(links[handle]['type'], 'vpn')
            self.assertEqual(links[handle]['state'], 'activated')
            self.assertEqual(ports[iface]['link'], handle)

            status, reply = self.cli_json(nm, 'hangup', handle)
            self.assertEqual(status, 0, f'{reply}\n{nm.log()[-3000:]}')
            self.assertEqual(reply['name'], vpn.id)
            # Completed means NetworkManager is done with it: no waiting here.
            self.assertIsNone(nm.active_link(vpn.uuid))
            self.assertIsNotNone(nm.active_link(nm.eth_uuid))

            status, reply = self.cli_json(nm, 'hangup', handle)
            self.assertEqual(status, 10, reply)
            self.assertEqual(reply['error']['code'], 'INVALID_HANDLE')

            status, reply = self.cli_json(nm, 'port-disconnect', iface)
            self.assertEqual(status, 0, f'{reply}\n{nm.log()[-3000:]}')
            self.assertIsNone(nm.active_link(nm.eth_uuid))
            self.assertIn('disconnected', nm.device_state(iface))

            status, reply = self.cli_json(nm, 'port-disconnect', iface)
            self.assertEqual(status, 12, reply)
            self.assertEqual(reply['error']['code'], 'PORT_NOT_IN_USE')


if __name__ == '__main__':
    unittest.main(verbosity=2)
