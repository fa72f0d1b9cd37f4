#!/usr/bin/python3
# tests/drives/drivescase.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the drives tests share: one DrivesFixture per test class, plugboard-cli
# run in its environment, and a clean slate (no mount, no profile, no secret,
# no helper process) after every test.

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pbtestlib  # noqa: E402
from drivesfixture import DrivesFixture  # noqa: E402

CLI = os.environ.get("PB_CLI") or os.path.join(os.environ.get("PB_BUILD_ROOT", "_build"), "src/cli/plugboard-cli")

# Exit statuses of plugboard-cli (pb-error.c): the contract with scripts.
NOT_CONNECTED, OPEN_FILES, DEVICE_IN_USE, BAD_PROFILE, CANNOT_OPEN_PROFILE, EXTENDED, ACCESS_DENIED = \
    13, 14, 15, 16, 17, 18, 19


class DrivesCase(unittest.TestCase):
    keyring = False

    @classmethod
    def setUpClass(cls):
        cls.fx = DrivesFixture(keyring=cls.keyring).__enter__()
        cls.addClassCleanup(cls._stop_fixture)
        cls.profile_path = os.path.join(cls.fx.env["XDG_CONFIG_HOME"], "plugboard", "drives.ini")

    @classmethod
    def _stop_fixture(cls):
        cls.fx.stop()
        leftovers = cls.fx.leftovers()
        if leftovers != (set(), []):
            raise AssertionError(f"the drives fixture left {leftovers} behind")

    def setUp(self):
        self.procs = []

    def tearDown(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
        for uri in self.fx.mounts():
            self.fx.gio("mount", "--unmount", "--force", uri)
        self.assertEqual(self.fx.mounts(), [])
        for path in (self.profile_path, os.path.join(self.fx.runtime_dir, "plugboard", "mapped.ini")):
            if os.path.isdir(path):
                os.rmdir(path)
            elif os.path.exists(path):
                os.unlink(path)
        if self.keyring:
            self.fx.clear_passwords()

    # --- running things ------------------------------------------------------

    def cli(self, *args, input=None, timeout=60):
        return subprocess.run([CLI, *args], env=self.fx.env, input=input, text=True,
                              capture_output=True, timeout=timeout)

    def cli_ok(self, *args, input=None):
        result = self.cli(*args, input=input)
        self.assertEqual(result.returncode, 0, f"plugboard-cli {' '.join(args)}: {result.stderr}")
        return result

    def cli_error(self, expected_status, *args, input=None):
        """Run with --json and return the error object, checking the exit status."""
        result = self.cli("--json", *args, input=input)
        self.assertEqual(result.returncode, expected_status, result.stderr)
        return json.loads(result.stderr.strip().splitlines()[-1])["error"]

    def drives(self):
        result = self.cli_ok("--json", "list", "drives")
        return {d["local_name"]: d for d in json.loads(result.stdout)}

    def spawn(self, argv, **kwargs):
        proc = subprocess.Popen(argv, env=self.fx.env, stdout=subprocess.DEVNULL, **kwargs)
        self.procs.append(proc)
        return proc

    def wait_holding(self, proc, path):
        """Wait until proc has path open: a process that has not opened its file yet holds nothing."""
        fd_dir = f"/proc/{proc.pid}/fd"

        def holding():
            try:
                return any(os.readlink(os.path.join(fd_dir, fd)) == path for fd in os.listdir(fd_dir))
            except FileNotFoundError:
                return False
        pbtestlib.wait_until(f"pid {proc.pid} opening {path}", holding, 30, proc=proc)

    # --- mapping -------------------------------------------------------------

    def map_guest(self, name, *extra):
        return self.cli_ok("drive-map", self.fx.smb_guest_uri, "--name", name, *extra)

    def map_private(self, name, *extra, password=None, uri=None):
        return self.cli_ok("drive-map", uri or self.fx.smb_private_uri, "--name", name, "--user", self.fx.smb_user,
                           "--password-stdin", *extra, input=(password or self.fx.smb_password) + "\n")

    def read_profile(self):
        with open(self.profile_path, "rb") as f:
            return f.read()

    def write_profile(self, text):
        os.makedirs(os.path.dirname(self.profile_path), exist_ok=True)
        with open(self.profile_path, "w") as f:
            f.write(text)

    def stored_password(self, user=None):
        return self.fx.stored_password(user)
