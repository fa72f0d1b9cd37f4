#!/usr/bin/python3
# tests/drives/test_drives_cli.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# plugboard-cli on drives where issue #10 changed it: the handle each row of
# `list --json` prints is the name drive-cancel takes, and a drive operation
# in flight holds SIGINT, SIGTERM and SIGHUP (L4) like a hang-up does. Real
# gvfsd and smbd (drivesfixture.py).

import json
import os
import signal
import subprocess
import time
import unittest

from drivescase import CLI, DrivesCase
import pbtestlib  # noqa: E402  (drivescase puts tests/ on the path)
from drivesfixture import _free_port, _port_open


class DrivesCliTest(DrivesCase):
    def test_list_handles_are_what_drive_cancel_takes(self):
        self.map_guest("Mapped")
        self.write_profile(f"[Later]\nRemoteName={self.fx.smb_private_uri}\n")
        rows = json.loads(self.cli_ok("--json", "list", "drives").stdout)
        self.assertEqual({r["local_name"]: r["handle"] for r in rows}, {"Mapped": "Mapped", "Later": "Later"})

        by_handle = {r["handle"]: r for r in rows}
        self.cli_ok("drive-cancel", by_handle["Mapped"]["handle"])
        self.assertEqual(self.fx.mounts(), [])
        # D7: a remembered drive that is not connected is forgotten by its handle.
        self.cli_ok("drive-cancel", by_handle["Later"]["handle"], "--forget")
        self.assertNotIn(b"[Later]", self.read_profile())
        self.assertEqual(json.loads(self.cli_ok("--json", "list", "drives").stdout), [])

    def test_password_stdin_without_a_line_changes_nothing(self):
        """--password-stdin with an empty standard input fails before anything is mounted or remembered."""
        for args in (("drive-map", self.fx.smb_private_uri, "--name", "P", "--user", self.fx.smb_user),
                     ("drive-remember", self.fx.smb_private_uri, "--name", "P", "--user", self.fx.smb_user)):
            with self.subTest(command=args[0]):
                result = self.cli(*args, "--password-stdin", input="")
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("No password on standard input", result.stderr)
                self.assertEqual(self.fx.mounts(), [])
                self.assertFalse(os.path.exists(self.profile_path))

    def stallable_guest_share(self):
        """A process whose SIGSTOP leaves the guest share answering nothing, and the share's URI
        through it: smbd as root; as an ordinary user, who may not stop root's smbd, a socat of
        theirs in front of it (stopped, it accepts no connection, as a stopped smbd answers none)."""
        if os.geteuid() == 0:
            return self.fx._servers.procs["smbd"], self.fx.smb_guest_uri  # pylint: disable=protected-access
        port = _free_port()
        forwarder = self.spawn(["/usr/bin/socat", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork",
                                f"TCP:127.0.0.1:{self.fx.smb_port}"])
        pbtestlib.wait_until(f"socat on port {port}", lambda: _port_open(port), 20, proc=forwarder)
        return forwarder, f"smb://127.0.0.1:{port}/public"

    def test_L4_quit_signals_wait_for_a_drive_map(self):
        """A drive-map in flight is not abandoned on SIGINT, SIGTERM or SIGHUP: the CLI waits, then
        exits with the map's status and the drive is mapped."""
        smbd, uri = self.stallable_guest_share()
        for number, signum in enumerate((signal.SIGINT, signal.SIGTERM, signal.SIGHUP)):
            with self.subTest(signal=signum.name):
                name = f"Held{number}"
                # A stopped smbd answers nothing: the mount waits until it goes on.
                os.kill(smbd.pid, signal.SIGSTOP)
                try:
                    proc = subprocess.Popen([CLI, "--json", "drive-map", uri, "--name", name],
                                            env=dict(self.fx.env, G_MESSAGES_DEBUG="all"), text=True,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    self.procs.append(proc)
                    # GLib prints debug messages on standard output.
                    started = False
                    while not started:
                        line = proc.stdout.readline()
                        self.assertTrue(line, "plugboard-cli ended before it started the map")
                        started = "quit signals are held" in line
                    proc.send_signal(signum)
                    time.sleep(1)
                    self.assertIsNone(proc.poll(), f"{signum.name} ended the CLI with a map in flight")
                finally:
                    os.kill(smbd.pid, signal.SIGCONT)
                out, err = proc.communicate(timeout=120)
                self.assertEqual(proc.returncode, 0, err)
                self.assertIn("waiting for it to end", err)
                reply = json.loads(out[out.index("\n{") + 1:])
                self.assertEqual(reply["local_name"], name)
                self.cli_ok("drive-cancel", name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
