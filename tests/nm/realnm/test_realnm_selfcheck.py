#!/usr/bin/python3
# test_realnm_selfcheck.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Proves the RealNM fixture: the real NetworkManager manages the veth, activates
# the ethernet port and the OpenVPN link over it, hangs up that link and one still
# dialling, disconnects the port, all on request from nmcli outside the namespace,
# and teardown leaves nothing. A teardown can be held in DEACTIVATING (by a pre-down
# dispatcher script), and a killed daemon restarted in the same place.

import os
import signal
import subprocess
import sys
import time
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

    def wait_for(self, what, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                self.fail("%s: not within %s s\n--- NetworkManager log ---\n%s"
                          % (what, timeout, self.nm.log()[-4000:]))
            time.sleep(0.05)

    def active_state(self, uuid):
        return self.nm.nmcli("-g", "GENERAL.STATE", "connection", "show", "uuid", uuid).stdout.strip()

    def test_hold_teardowns(self):
        self.nm.bring_up_ethernet()
        vpn = self.nm.bring_up_vpn()
        self.nm.hold_teardowns()
        self.nmcli_ok("--wait", "0", "connection", "down", "uuid", vpn.uuid)
        self.wait_for("the VPN's pre-down script", lambda: self.nm.teardown_calls())
        self.assertEqual(self.nm.teardown_calls(), [("vpn-pre-down", "tun0")])
        # Held: NM waits for the script before it goes on.
        self.assertEqual(self.active_state(vpn.uuid), "deactivating")
        self.nm.release_teardowns()
        self.wait_for("the VPN going down once released",
                      lambda: self.nm.active_link(vpn.uuid) is None)
        self.assertIsNotNone(self.nm.active_link(self.nm.eth_uuid))
        # Released: the next teardown passes, though the script still runs.
        self.nmcli_ok("device", "disconnect", self.nm.eth_iface)
        self.assertEqual(self.devices()[self.nm.eth_iface], "disconnected")
        self.assertIn(("pre-down", self.nm.eth_iface), self.nm.teardown_calls())

    def test_restart_daemon(self):
        self.nm.bring_up_ethernet()
        vpn = self.nm.bring_up_vpn()
        old = self.nm._procs["nm"]  # pylint: disable=protected-access
        with self.assertRaises(Exception):
            self.nm.restart_daemon()    # only a dead daemon is restarted
        os.kill(old.pid, signal.SIGKILL)
        old.wait()
        self.assertNotEqual(self.nm.nmcli("device").returncode, 0)
        self.nm.restart_daemon()
        self.assertNotEqual(self.nm._procs["nm"].pid, old.pid)  # pylint: disable=protected-access
        # The port's link outlived the daemon, and the state the old one left in
        # /run tells the new one which profile it is (without it NM guesses);
        # the VPN died with the old daemon's plugin.
        self.assertIn("assume matching connection '%s' (%s) (indicated)"
                      % (self.nm.eth_id, self.nm.eth_uuid), self.nm.log())
        eth = self.nm.active_link(self.nm.eth_uuid)
        self.assertIsNotNone(eth)
        self.assertEqual(self.devices()[self.nm.eth_iface], "connected")
        self.wait_for("the old VPN gone", lambda: self.nm.active_link(vpn.uuid) is None)
        self.nm.bring_up_vpn()
        # One log across both runs.
        self.assertEqual(self.nm.log().count("NetworkManager (version"), 2)

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
