#!/usr/bin/python3
# tests/drives/test_drives_shared_profile.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue #10: the remembered-drives profile is the truth every process shares.
# A fresh account with no ~/.config; a map that needs the profile does both
# or neither (D8); a password another remembered drive still uses is kept on
# forget (D5); BAD_PROFILE for a name only the profile could know (D8);
# drive-remember; and many processes editing the profile at once lose
# nothing.

import configparser
import json
import os
import shutil
import subprocess
import tempfile
import time

from drivescase import BAD_PROFILE, CANNOT_OPEN_PROFILE, CLI, NOT_CONNECTED, DrivesCase


def parse_profile(path):
    """The profile as Python's own INI reader sees it: proof that it parses."""
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    with open(path) as f:
        parser.read_file(f)
    return parser


class FreshHomeCase(DrivesCase):
    """Each test gets a new, empty home folder: no ~/.config at all."""

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="pb-home-")
        self.addCleanup(shutil.rmtree, self.home, ignore_errors=True)
        self.env = dict(self.fx.env, HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, ".config"))
        self.home_profile = os.path.join(self.home, ".config", "plugboard", "drives.ini")

    def run_cli(self, *args, input=None, env=None):
        return subprocess.run([CLI, *args], env=env or self.env, input=input, text=True,
                              capture_output=True, timeout=120)

    def start_cli(self, *args):
        return subprocess.Popen([CLI, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)


class FreshAccountTest(FreshHomeCase):
    def test_map_remember_on_an_account_without_config(self):
        '''Issue #10: drive-map --remember used to mount and then fail with
        CANNOT_OPEN_PROFILE when ~/.config did not exist yet.'''
        self.assertFalse(os.path.exists(os.path.join(self.home, ".config")))
        result = self.run_cli("drive-map", self.fx.smb_guest_uri, "--name", "N", "--remember")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.fx.mounts(), [self.fx.smb_guest_uri + "/"])
        self.assertIn("N", parse_profile(self.home_profile).sections())
        self.assertEqual(os.stat(os.path.dirname(self.home_profile)).st_mode & 0o777, 0o700)

    def test_drive_remember_needs_no_gvfs(self):
        '''drive-remember only edits the profile: it works with no session bus at all,
        on an account without ~/.config, and mounts nothing.'''
        env = dict(self.env, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
        result = self.run_cli("--json", "drive-remember", self.fx.smb_guest_uri, "--name", "Later", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["local_name"], "Later")
        self.assertEqual(self.fx.mounts(), [])
        profile = parse_profile(self.home_profile)
        self.assertEqual(profile["Later"]["RemoteName"], self.fx.smb_guest_uri)
        self.assertNotIn("User", profile["Later"])

        # Restored like any remembered drive.
        restored = json.loads(self.run_cli("--json", "restore").stdout)["drives"]
        self.assertEqual(restored, [{"local_name": "Later", "restored": True}])
        self.assertEqual(self.fx.mounts(), [self.fx.smb_guest_uri + "/"])

    def test_drive_remember_usage_errors(self):
        for args in (("drive-remember", self.fx.smb_guest_uri),
                     ("drive-remember", self.fx.smb_guest_uri, "--name", "a/b"),
                     ("drive-remember", "not a uri", "--name", "N"),
                     ("drive-remember", self.fx.smb_guest_uri, "--name", "N", "--password-stdin")):
            self.assertEqual(self.run_cli(*args, input="x\n").returncode, 2, args)
        self.assertFalse(os.path.exists(self.home_profile))


class MapDoesBothOrNeitherTest(FreshHomeCase):
    def test_D8_a_profile_that_cannot_be_written_undoes_the_mount(self):
        '''The profile checks out (it parses, its folder is writable), the mount is made,
        then writing the name fails: the mount is undone and the error says which step
        failed. The lock file being a folder is a write that fails even for root.'''
        os.makedirs(self.home_profile + ".lock")
        result = self.run_cli("--json", "drive-map", self.fx.smb_guest_uri, "--name", "N", "--remember")
        self.assertEqual(result.returncode, CANNOT_OPEN_PROFILE, result.stdout + result.stderr)
        error = json.loads(result.stderr.strip().splitlines()[-1])["error"]
        self.assertIn("disconnected again", error["message"])
        self.assertIn(self.home_profile, error["message"])
        self.assertEqual(self.fx.mounts(), [])
        self.assertFalse(os.path.exists(self.home_profile))

    def test_D8_a_session_name_that_cannot_be_written_undoes_the_mount(self):
        session_lock = os.path.join(self.fx.runtime_dir, "plugboard", "mapped.ini.lock")
        os.makedirs(session_lock)
        self.addCleanup(os.rmdir, session_lock)
        result = self.run_cli("--json", "drive-map", self.fx.smb_guest_uri, "--name", "S")
        self.assertEqual(result.returncode, CANNOT_OPEN_PROFILE, result.stdout + result.stderr)
        self.assertEqual(self.fx.mounts(), [])

    def test_D8_a_malformed_profile_stops_the_map_before_mounting(self):
        os.makedirs(os.path.dirname(self.home_profile))
        with open(self.home_profile, "w") as f:
            f.write("[broken\n")
        result = self.run_cli("--json", "drive-map", self.fx.smb_guest_uri, "--name", "N", "--remember")
        self.assertEqual(result.returncode, BAD_PROFILE, result.stderr)
        self.assertEqual(self.fx.mounts(), [])
        with open(self.home_profile) as f:
            self.assertEqual(f.read(), "[broken\n")

    def test_D8_forget_a_name_only_the_profile_knows_with_a_malformed_profile(self):
        '''Issue #10: this answered NOT_CONNECTED, as if the profile had been read.'''
        os.makedirs(os.path.dirname(self.home_profile))
        with open(self.home_profile, "w") as f:
            f.write("[Gone]\nRemoteName=smb://nowhere/x\n[broken\n")
        result = self.run_cli("--json", "drive-cancel", "Gone", "--forget")
        self.assertEqual(result.returncode, BAD_PROFILE, result.stderr)
        self.assertIn(self.home_profile, json.loads(result.stderr.strip().splitlines()[-1])["error"]["message"])
        # Without --forget the profile is not needed: a name not connected is just that (D7).
        self.assertEqual(self.run_cli("drive-cancel", "Gone").returncode, NOT_CONNECTED)


class SharedCredentialTest(DrivesCase):
    keyring = True

    def test_D5_forget_keeps_a_password_another_remembered_drive_needs(self):
        '''GVfs keeps one password per protocol, server, port, user and domain: two
        remembered drives on one server as one user share it. Forgetting one must
        leave it for the other, which still restores; forgetting the last clears it.'''
        self.map_private("P1", "--remember")
        self.map_private("P2", "--remember", uri=self.fx.smb_guest_uri)
        self.assertEqual(self.stored_password(), self.fx.smb_password)

        self.cli_ok("drive-cancel", "P1", "--forget")
        self.assertEqual(self.stored_password(), self.fx.smb_password)
        self.cli_ok("drive-cancel", "P2")
        self.assertEqual(self.fx.mounts(), [])
        restored = json.loads(self.cli_ok("--json", "restore").stdout)["drives"]
        self.assertEqual(restored, [{"local_name": "P2", "restored": True}])
        self.assertEqual(self.fx.mounts(), [self.fx.smb_guest_uri.replace("smb://", f"smb://{self.fx.smb_user}@") + "/"])

        self.cli_ok("drive-cancel", "P2", "--forget")
        self.assertIsNone(self.stored_password())

    def test_drive_remember_keeps_the_password_for_restore(self):
        result = self.cli_ok("drive-remember", self.fx.smb_private_uri, "--name", "P",
                             "--user", self.fx.smb_user, "--password-stdin", input=self.fx.smb_password + "\n")
        self.assertNotIn("could not be stored", result.stderr)
        self.assertEqual(self.fx.mounts(), [])
        self.assertEqual(self.stored_password(), self.fx.smb_password)
        self.assertNotIn(self.fx.smb_password.encode(), self.read_profile())
        restored = json.loads(self.cli_ok("--json", "restore").stdout)["drives"]
        self.assertEqual(restored, [{"local_name": "P", "restored": True}])


class ConcurrentWritersTest(FreshHomeCase):
    def names_in_profile(self):
        return set(parse_profile(self.home_profile).sections())

    def assert_no_debris(self):
        self.assertEqual(sorted(os.listdir(os.path.dirname(self.home_profile))), ["drives.ini", "drives.ini.lock"])

    def run_all(self, procs):
        failures = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                failures.append((proc.args[1:], proc.returncode, err))
        self.assertEqual(failures, [])

    def test_two_batches_of_fifty_writers_lose_nothing(self):
        '''Issue #10's "Done when": 2 × 50 plugboard-cli processes remembering at once,
        then 50 forgets racing 50 new remembers, against one fresh profile.'''
        uri = self.fx.smb_guest_uri
        started = time.monotonic()
        first = [self.start_cli("drive-remember", f"{uri}/a{i}", "--name", f"A{i:02d}") for i in range(50)]
        second = [self.start_cli("drive-remember", f"{uri}/b{i}", "--name", f"B{i:02d}") for i in range(50)]
        self.run_all(first + second)
        elapsed = time.monotonic() - started
        print(f"\n100 concurrent drive-remember processes: {elapsed:.2f} s", flush=True)

        expected = {f"A{i:02d}" for i in range(50)} | {f"B{i:02d}" for i in range(50)}
        self.assertEqual(self.names_in_profile(), expected)
        self.assertEqual(parse_profile(self.home_profile)["B07"]["RemoteName"], f"{uri}/b7")
        self.assert_no_debris()

        started = time.monotonic()
        forgets = [self.start_cli("drive-cancel", f"A{i:02d}", "--forget") for i in range(50)]
        remembers = [self.start_cli("drive-remember", f"{uri}/c{i}", "--name", f"C{i:02d}") for i in range(50)]
        self.run_all(forgets + remembers)
        elapsed = time.monotonic() - started
        print(f"50 forgets racing 50 remembers: {elapsed:.2f} s", flush=True)

        expected = {f"B{i:02d}" for i in range(50)} | {f"C{i:02d}" for i in range(50)}
        self.assertEqual(self.names_in_profile(), expected)
        self.assert_no_debris()

    def test_a_hand_edit_between_two_cli_edits_is_kept(self):
        uri = self.fx.smb_guest_uri
        self.assertEqual(self.run_cli("drive-remember", uri, "--name", "First").returncode, 0)
        with open(self.home_profile, "a") as f:
            f.write("\n# added by hand\n[Hand]\nRemoteName=smb://nas/hand\nUser=ann\n")
        self.assertEqual(self.run_cli("drive-remember", uri, "--name", "Second").returncode, 0)
        profile = parse_profile(self.home_profile)
        self.assertEqual(profile.sections(), ["First", "Hand", "Second"])
        self.assertEqual(profile["Hand"]["User"], "ann")
        with open(self.home_profile) as f:
            self.assertIn("# added by hand", f.read())
        listed = {d["local_name"]: d for d in json.loads(self.run_cli("--json", "list", "drives").stdout)}
        self.assertEqual(set(listed), {"First", "Hand", "Second"})


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)
