#!/usr/bin/python3
# tests/drives/test_drives_profile.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# SEMANTICS §3 D5–D8 and the Secret Service: remembered drives, forget vs
# keep, restore, cancel by remote name leaving the profile alone, malformed
# and unreadable profiles, passwords in GVfs's keyring schema, a wrong
# password, and no Secret Service at all.

import json
import os
import unittest

from drivescase import (ACCESS_DENIED, BAD_PROFILE, CANNOT_OPEN_PROFILE, EXTENDED, NOT_CONNECTED,
                        DrivesCase)


class RememberedTest(DrivesCase):
    keyring = True

    def test_D5_remember_keeps_the_password_in_gvfs_schema_never_in_the_file(self):
        self.map_private("P", "--remember")
        self.assertNotIn(self.fx.smb_password.encode(), self.read_profile())
        self.assertEqual(self.stored_password(), self.fx.smb_password)
        # GVfs itself finds it: gio mount asks nothing.
        self.cli_ok("drive-cancel", "P")
        self.fx.mount(self.fx.smb_private_uri.replace("smb://", f"smb://{self.fx.smb_user}@"), input="")
        self.assertEqual(self.drives()["P"]["state"], "connected")

    def test_save_password_keeps_only_the_password_of_a_session_drive(self):
        '''--save-password without --remember: the password goes to the Secret Service,
        where GVfs finds it, and the drive stays out of the profile. Without either, nothing
        is stored.'''
        self.map_private("S")
        self.assertIsNone(self.stored_password())
        self.cli_ok("drive-cancel", "S")
        self.map_private("S", "--save-password")
        self.assertEqual(self.stored_password(), self.fx.smb_password)
        self.assertFalse(self.drives()["S"]["remembered"])
        self.assertFalse(os.path.exists(self.profile_path) and b"[S]" in self.read_profile())
        self.cli_ok("drive-cancel", "S")
        self.fx.mount(self.fx.smb_private_uri.replace("smb://", f"smb://{self.fx.smb_user}@"), input="")

    def test_D5_forget_removes_the_drive_and_its_secret(self):
        self.map_private("P", "--remember")
        self.map_guest("G", "--remember")
        self.cli_ok("drive-cancel", "P", "--forget")
        self.assertEqual(self.fx.mounts(), [self.fx.smb_guest_uri + "/"])
        self.assertNotIn(b"[P]", self.read_profile())
        self.assertIn(b"[G]", self.read_profile())
        self.assertIsNone(self.stored_password())
        self.assertNotIn("P", self.drives())
        self.assertEqual(json.loads(self.cli_ok("--json", "restore").stdout)["drives"],
                         [{"local_name": "G", "restored": True}])

    def test_D5_without_forget_it_is_restored(self):
        self.map_private("P", "--remember")
        self.map_guest("G", "--remember")
        profile = self.read_profile()
        self.cli_ok("drive-cancel", "P")
        self.cli_ok("drive-cancel", "G")
        self.assertEqual(self.fx.mounts(), [])
        self.assertEqual(self.read_profile(), profile)
        drives = self.drives()
        self.assertEqual({n: (d["state"], d["remembered"]) for n, d in drives.items()},
                         {"P": ("remembered", True), "G": ("remembered", True)})

        # In the profile's order (P was remembered first), as every front end lists them.
        restored = json.loads(self.cli_ok("--json", "restore").stdout)["drives"]
        self.assertEqual(restored, [{"local_name": "P", "restored": True}, {"local_name": "G", "restored": True}])
        self.assertEqual({n: (d["state"], d["remembered"]) for n, d in self.drives().items()},
                         {"P": ("connected", True), "G": ("connected", True)})

    def test_D5_forget_is_ignored_for_a_drive_not_remembered(self):
        self.map_guest("G", "--remember")
        self.map_private("session")
        self.cli_ok("drive-cancel", "session", "--forget")
        self.assertEqual(self.fx.mounts(), [self.fx.smb_guest_uri + "/"])
        self.assertIn(b"[G]", self.read_profile())

    def test_restore_reports_each_drive_and_one_failure_stops_no_other(self):
        self.map_guest("G", "--remember")
        self.map_private("P", "--remember")
        self.cli_ok("drive-cancel", "G")
        self.cli_ok("drive-cancel", "P")
        with open(self.profile_path, "a") as f:
            f.write(f"\n[broken]\nRemoteName=smb://127.0.0.1:{self.fx.smb_port}/no-such-share\n")

        result = self.cli("--json", "restore")
        self.assertEqual(result.returncode, EXTENDED, result.stderr)
        restored = {d["local_name"]: d for d in json.loads(result.stdout)["drives"]}
        self.assertTrue(restored["G"]["restored"])
        self.assertTrue(restored["P"]["restored"])
        self.assertFalse(restored["broken"]["restored"])
        self.assertEqual(restored["broken"]["error"]["code"], "EXTENDED")
        self.assertEqual(len(self.fx.mounts()), 2)

    def test_D6_remote_name_never_changes_the_profile(self):
        self.map_guest("G", "--remember")
        profile = self.read_profile()
        self.cli_ok("drive-cancel", self.fx.smb_guest_uri, "--forget")
        self.assertEqual(self.fx.mounts(), [])
        self.assertEqual(self.read_profile(), profile)
        self.assertEqual(self.drives()["G"]["state"], "remembered")

    def test_D7_remembered_but_not_connected(self):
        self.map_guest("G", "--remember")
        self.cli_ok("drive-cancel", "G")
        error = self.cli_error(NOT_CONNECTED, "drive-cancel", "G")
        self.assertIn("G", error["message"])
        self.assertIn(b"[G]", self.read_profile())

        self.cli_ok("drive-cancel", "G", "--forget")
        self.assertNotIn(b"[G]", self.read_profile())
        self.assertEqual(self.drives(), {})

    def test_D8_malformed_profile_is_bad_profile_and_left_as_it_was(self):
        self.map_guest("mounted")
        garbage = "[G\nRemoteName=smb://nowhere/x\n\x00binary"
        self.write_profile(garbage)
        before = self.read_profile()
        for args in (("restore",), ("drive-map", self.fx.smb_guest_uri, "--name", "N", "--remember"),
                     ("drive-cancel", "mounted", "--forget")):
            error = self.cli_error(BAD_PROFILE, *args)
            self.assertEqual(error["win32_code"], 1206)
            self.assertIn(self.profile_path, error["message"])
        self.assertEqual(self.read_profile(), before)
        # The drives that are mounted still list, with the reason on stderr.
        listed = self.cli("--json", "list", "drives")
        self.assertEqual(listed.returncode, 0)
        self.assertIn("mounted", [d["local_name"] for d in json.loads(listed.stdout)])
        self.assertIn(self.profile_path, listed.stderr)

    def test_D8_unreadable_profile_is_cannot_open_profile(self):
        # Root reads any file whatever its mode: a directory is what it cannot read.
        os.makedirs(self.profile_path)
        for args in (("restore",), ("drive-map", self.fx.smb_guest_uri, "--name", "N", "--remember")):
            self.assertEqual(self.cli_error(CANNOT_OPEN_PROFILE, *args)["win32_code"], 1205)
        self.assertTrue(os.path.isdir(self.profile_path))
        self.assertEqual(self.fx.mounts(), [])

    def test_D8_profile_writes_replace_the_file_atomically(self):
        self.map_guest("G", "--remember")
        first = os.stat(self.profile_path)
        self.map_private("P", "--remember")
        second = os.stat(self.profile_path)
        # A new file renamed over the old one, not the old one rewritten in place.
        self.assertNotEqual(first.st_ino, second.st_ino)
        self.assertEqual(second.st_mode & 0o777, 0o600)
        # No temporary file left; the lock every Plugboard process edits under stays.
        self.assertEqual(sorted(os.listdir(os.path.dirname(self.profile_path))), ["drives.ini", "drives.ini.lock"])
        self.assertIn(b"[G]", self.read_profile())

    def test_wrong_password_is_an_error_not_a_loop(self):
        error = self.cli_error(ACCESS_DENIED, "drive-map", self.fx.smb_private_uri, "--name", "P",
                               "--user", self.fx.smb_user, "--password-stdin", "--remember",
                               input="not-the-password\n")
        self.assertIn("refused the password", error["message"])
        self.assertEqual(self.fx.mounts(), [])
        self.assertFalse(os.path.exists(self.profile_path))
        self.assertIsNone(self.stored_password())


class NoSecretServiceTest(DrivesCase):
    keyring = False

    def test_mapping_with_a_password_works_and_remembering_says_it_could_not_store_it(self):
        result = self.map_private("P", "--remember")
        self.assertIn("could not be stored", result.stderr)
        self.assertIn("org.freedesktop.secrets", result.stderr)
        self.assertEqual(self.drives()["P"]["state"], "connected")
        self.assertIn(b"[P]", self.read_profile())
        self.assertNotIn(self.fx.smb_password.encode(), self.read_profile())

        # Restoring it later needs the password that could not be kept.
        self.cli_ok("drive-cancel", "P")
        result = self.cli("--json", "restore")
        self.assertEqual(result.returncode, ACCESS_DENIED, result.stdout + result.stderr)
        self.assertFalse(json.loads(result.stdout)["drives"][0]["restored"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
