#!/usr/bin/python3
# test_realnm_selfcheck.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Proves the RealNM fixture: the real NetworkManager manages the veth, activates
# the ethernet port and the OpenVPN link over it, hangs up that link and one still
# dialling, disconnects the port, all on request from nmcli outside the namespace,
# and teardown leaves nothing.

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnm import RealNM, pid_alive, skip_reason, split_terse  # noqa: E402

SKIP = skip_reason()


def _namespaces():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


class RealNMSelfCheck(unittest.TestCase):

    def setUp(self):
        if SKIP:
            self.skipTest(SKIP)
        self.nm = self.enterContext(RealNM())

    def nmcli_ok(self, *args):
        proc = self.nm.nmcli(*args)
        self.assertEqual(proc.returncode, 0, "nmcli %s: %s\n--- NetworkManager log ---\n%s"
                         % (" ".join(args), proc.stderr, self.nm.log()[-4000:]))
        return proc

    def devices(self):
        out = self.nmcli_ok("-t", "-f", "DEVICE,STATE", "device").stdout
        return dict(split_terse(line) for line in out.splitlines())

    def test_veth_is_managed(self):
        self.assertEqual(self.devices().get(self.nm.eth_iface), "disconnected")

    def test_vpn_hang_up(self):
        self.assertEqual(self.nm.bring_up_ethernet(), self.nm.eth_iface)
        vpn = self.nm.bring_up_vpn()
        self.assertEqual(vpn.uuid, self.nm.vpn_uuid)
        self.assertTrue(vpn.path.startswith("/org/freedesktop/NetworkManager/ActiveConnection/"))
        self.assertEqual(self.nmcli_ok("-g", "GENERAL.STATE", "connection", "show",
                                       "uuid", vpn.uuid).stdout.strip(), "activated")
        # The tunnel really reached the server in the other namespace.
        self.assertIn("Peer Connection Initiated with [AF_INET]10.213.0.1",
                      self.nm.log("vpn-server"))

        self.nmcli_ok("connection", "down", "uuid", vpn.uuid)
        self.assertIsNone(self.nm.active_link(self.nm.vpn_uuid))
        # Hanging up the link leaves its port up.
        self.assertIsNotNone(self.nm.active_link(self.nm.eth_uuid))

    def test_hang_up_while_dialling(self):
        link = self.nm.begin_dialing()
        self.assertEqual(self.nmcli_ok("-g", "GENERAL.STATE", "connection", "show",
                                       "uuid", link.uuid).stdout.strip(), "activating")
        self.nmcli_ok("connection", "down", "uuid", link.uuid)
        self.assertIsNone(self.nm.active_link(self.nm.dial_uuid))
        self.assertEqual(self.devices()[self.nm.eth_iface], "disconnected")

    def test_port_disconnect(self):
        iface = self.nm.bring_up_ethernet()
        self.assertEqual(self.devices()[iface], "connected")
        self.nmcli_ok("device", "disconnect", iface)
        self.assertEqual(self.devices()[iface], "disconnected")
        self.assertIsNone(self.nm.active_link(self.nm.eth_uuid))


class RealNMTeardown(unittest.TestCase):

    def test_nothing_remains(self):
        if SKIP:
            self.skipTest(SKIP)
        with RealNM() as nm:
            nm.bring_up_ethernet()
            nm.bring_up_vpn()
            pids = nm.pids()
            names = {nm.ns, nm.server_ns}
            tmp = os.path.dirname(os.path.dirname(nm.bus_socket))
            # dbus-daemon, NetworkManager, its OpenVPN plugin, openvpn client, server
            self.assertGreaterEqual(len(pids), 5, pids)
            self.assertTrue(names <= _namespaces())
        self.assertEqual([p for p in pids if pid_alive(p)], [])
        self.assertEqual(names & _namespaces(), set())
        self.assertFalse(os.path.exists(tmp))


if __name__ == "__main__":
    unittest.main(verbosity=2)
