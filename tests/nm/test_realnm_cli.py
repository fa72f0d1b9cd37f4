#!/usr/bin/python3
# test_realnm_cli.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli against the real NetworkManager (tests/nm/realnm): an ethernet port
(veth) carrying an OpenVPN link. Hanging up the VPN leaves the port up (L2, L3);
disconnecting the port takes it down (P1, P3); a link's traffic is the daemon's own device counters.
Skipped, never passed, without root.'''

import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'realnm'))
from realnm import RealNM, skip_reason  # noqa: E402
import pbtestlib  # noqa: E402  # pylint: disable=wrong-import-position

CLI = os.environ.get('PB_CLI')
SKIP = 'PB_CLI is not set: run through meson test' if not CLI else skip_reason()
HARNESS = os.path.join(os.environ.get('PB_BUILD_ROOT', ''), 'tests', 'nm', 'pb-nm-harness')
STATISTICS_IFACE = 'org.freedesktop.NetworkManager.Device.Statistics'


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
            handle = pbtestlib.link_handle(nm.env, vpn.path)

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


@unittest.skipIf(SKIP, SKIP)
class TestRealNetworkManagerStatistics(unittest.TestCase):
    '''A link's traffic is the real daemon's device counters: held, the link source makes
    NetworkManager refresh them and follows them as packets cross the veth; let go, it puts
    the rate back.'''

    def rate(self, nm, device):
        out = subprocess.run(['gdbus', 'call', '--system', '--dest', 'org.freedesktop.NetworkManager',
                              '--object-path', device, '--method', 'org.freedesktop.DBus.Properties.Get',
                              STATISTICS_IFACE, 'RefreshRateMs'],
                             env=nm.env, capture_output=True, text=True, check=True, timeout=30).stdout
        return int(out.strip('()<>,\n ').split()[-1])

    def test_traffic_follows_the_real_counters_and_the_rate_is_put_back(self):
        with RealNM() as nm:
            nm.bring_up_ethernet()
            device = subprocess.run(['gdbus', 'call', '--system', '--dest', 'org.freedesktop.NetworkManager',
                                     '--object-path', '/org/freedesktop/NetworkManager', '--method',
                                     'org.freedesktop.NetworkManager.GetDeviceByIpIface', nm.eth_iface],
                                    env=nm.env, capture_output=True, text=True, check=True,
                                    timeout=30).stdout.split("'")[1]
            self.assertEqual(self.rate(nm, device), 0, 'nobody asked for statistics yet')

            harness = subprocess.Popen([HARNESS, 'statistics', '802-3-ethernet'], env=nm.env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.addCleanup(lambda: harness.poll() is None and harness.kill())
            tx = {}

            def follow(until):
                for line in harness.stdout:
                    event = json.loads(line)
                    if event.get('property') in ('rx-bytes', 'tx-bytes'):
                        tx[event['property']] = int(event['value'])
                    if until():
                        return
                self.fail(f'the harness ended: {harness.stderr.read()}')

            follow(lambda: tx.get('tx-bytes', -1) >= 0)
            self.assertEqual(self.rate(nm, device), 1000, 'held, the counters are refreshed each second')
            start = tx['tx-bytes']
            # 20 datagrams of 1000 bytes from NetworkManager's side of the veth to the server's.
            subprocess.run(['ip', 'netns', 'exec', nm.ns, '/usr/bin/python3', '-c',
                            'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n'
                            'for _ in range(20): s.sendto(bytes(1000), ("10.213.0.2", 9))'],
                           check=True, capture_output=True, timeout=60)
            follow(lambda: tx['tx-bytes'] >= start + 20 * 1000)
            print(f'\n  tx-bytes {start} -> {tx["tx-bytes"]} after 20 datagrams of 1000 bytes')

            harness.stdin.close()
            out, err = harness.stdout.read(), harness.stderr.read()
            harness.wait(timeout=30)
            self.assertIn('"released"', out, err)
            self.assertEqual(harness.returncode, 0, err)
            # The Set left before "released"; NetworkManager applies it after its polkit check.
            deadline = time.monotonic() + 10
            while self.rate(nm, device) != 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertEqual(self.rate(nm, device), 0, 'let go, the rate it found is put back')


if __name__ == '__main__':
    unittest.main(verbosity=2)
