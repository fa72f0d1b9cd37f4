#!/usr/bin/python3
# tests/drives/test_fixture_selfcheck.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that DrivesFixture gives the drives suite what it promises: real smb and
# sftp mounts through a private gvfsd with FUSE paths, a working Secret Service,
# and a teardown that leaves no process, mount or file behind.

import os
import shlex
import signal
import subprocess
import sys
import unittest

import dbus.bus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drivesfixture import DrivesFixture  # noqa: E402


class MountsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fx = DrivesFixture(keyring=True).__enter__()
        cls.addClassCleanup(cls.fx.stop)

    def tearDown(self):
        for uri in self.fx.mounts():
            result = self.fx.gio("mount", "--unmount", uri)
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.fx.mounts(), [])

    def write_server_file(self, share, name, text):
        with open(os.path.join(self.fx.share_dirs[share], name), "w") as f:
            f.write(text)
        return self.fx.share_uri(share, name)

    def read_fuse(self, uri):
        with open(self.fx.fuse_path(uri)) as f:
            return f.read()

    def test_smb_guest_share_mounts_anonymously_and_is_writable(self):
        uri = self.write_server_file("public", "hello.txt", "hello guest\n")
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        self.assertIn(self.fx.smb_guest_uri + "/", self.fx.mounts())
        self.assertEqual(self.read_fuse(uri), "hello guest\n")
        with open(os.path.join(self.fx.fuse_path(self.fx.smb_guest_uri), "from-client.txt"), "w") as f:
            f.write("written over smb\n")
        with open(os.path.join(self.fx.share_dirs["public"], "from-client.txt")) as f:
            self.assertEqual(f.read(), "written over smb\n")

    def test_smb_private_share_needs_the_password(self):
        uri = self.write_server_file("private", "secret.txt", "for root only\n")
        self.assertNotEqual(self.fx.gio("mount", "--anonymous", self.fx.smb_private_uri).returncode, 0)
        wrong = f"{self.fx.smb_user}\nWORKGROUP\nnot-the-password\n"
        self.assertNotEqual(self.fx.gio("mount", self.fx.smb_private_uri, input=wrong).returncode, 0)
        self.assertEqual(self.fx.mounts(), [])
        self.fx.mount(self.fx.smb_private_uri, input=self.fx.smb_private_input)
        self.assertEqual(self.read_fuse(uri), "for root only\n")

    def test_sftp_mounts_with_the_agent_key(self):
        uri = self.write_server_file("sftp", "over-ssh.txt", "hello sftp\n")
        self.fx.mount(self.fx.sftp_uri)
        # GVfs mounts the whole host: the mount's root is "/", not the directory asked for.
        self.assertIn(f"sftp://{self.fx.user}@127.0.0.1:{self.fx.sftp_port}/", self.fx.mounts())
        self.assertEqual(self.read_fuse(uri), "hello sftp\n")

    def test_list_and_unmount_all_three(self):
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        self.fx.mount(self.fx.smb_private_uri, input=self.fx.smb_private_input)
        self.fx.mount(self.fx.sftp_uri)
        listed = self.fx.gio("mount", "--list").stdout
        for uri in (self.fx.smb_guest_uri, self.fx.smb_private_uri, f"sftp://{self.fx.user}@127.0.0.1"):
            self.assertIn(uri, listed)
        self.assertEqual(len(os.listdir(self.fx.fuse_root)), 3)
        for uri in self.fx.mounts():
            result = self.fx.gio("mount", "--unmount", uri)
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.fx.mounts(), [])
        self.assertEqual(os.listdir(self.fx.fuse_root), [])

    def test_big_file_is_sparse_and_readable_through_fuse(self):
        size = 4 << 30
        uri = self.fx.make_big_file("public", "big.bin", size)
        self.assertLess(os.stat(os.path.join(self.fx.share_dirs["public"], "big.bin")).st_blocks, 8)
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        with open(self.fx.fuse_path(uri), "rb") as f:
            self.assertEqual(os.fstat(f.fileno()).st_size, size)
            f.seek(size // 2)
            self.assertEqual(f.read(1 << 20), bytes(1 << 20))

    def test_keyring_stores_without_prompt_and_survives_a_restart(self):
        stored = self.fx.secret_tool("store", "--label=Plugboard selfcheck", "pb-test", "one", input="s3cret")
        self.assertEqual(stored.returncode, 0, stored.stderr)
        self.assertEqual(self.fx.secret_tool("lookup", "pb-test", "one").stdout, "s3cret")
        self.fx.stop_keyring()
        gone = self.fx.secret_tool("lookup", "pb-test", "one")
        self.assertNotEqual(gone.returncode, 0)
        self.assertIn("org.freedesktop.secrets", gone.stderr)
        self.fx.start_keyring()
        self.assertEqual(self.fx.secret_tool("lookup", "pb-test", "one").stdout, "s3cret")


class LifecycleTest(unittest.TestCase):
    def test_teardown_leaves_nothing(self):
        with DrivesFixture(keyring=True) as fx:
            fx.mount(fx.smb_guest_uri, anonymous=True)
            fx.mount(fx.smb_private_uri, input=fx.smb_private_input)
            fx.mount(fx.sftp_uri)
            uri = fx.make_big_file("public", "held.bin", 1 << 20)
            # A client of the fixture still holding a file open and its cwd on the share is stopped too.
            with open(fx.fuse_path(uri), "rb") as held:
                reader = subprocess.Popen(["/usr/bin/sleep", "600"], env=fx.env, stdin=held,
                                          cwd=fx.fuse_path(fx.smb_guest_uri))
            # Being a peer on the bus must not make this test process a target of teardown.
            own_connection = dbus.bus.BusConnection(fx.bus_address)
            self.assertGreater(len(fx._fixture_pids()), 10)
        own_connection.close()
        self.assertIsNotNone(reader.wait(timeout=10))
        self.assertEqual(fx.leftovers(), (set(), []))
        # As an ordinary user smbd and sshd are root's (drives-servers.py): the fixture stops
        # its session only (bus, gvfsd, gvfsd-fuse, agent, keyring, the reader).
        self.assertGreater(len(fx._seen_pids), 10 if os.geteuid() == 0 else 5)
        self.assertFalse(os.path.exists(fx.tmpdir))
        with open("/proc/self/mountinfo") as f:
            self.assertNotIn(fx.tmpdir, f.read())

    def test_without_keyring_there_is_no_secret_service(self):
        with DrivesFixture(keyring=False) as fx:
            lookup = fx.secret_tool("lookup", "pb-test", "one")
            self.assertNotEqual(lookup.returncode, 0)
            self.assertIn("not provided by any .service files", lookup.stderr)
            activatable = subprocess.run(
                ["/usr/bin/gdbus", "call", "--address", fx.bus_address, "--dest", "org.freedesktop.DBus",
                 "--object-path", "/org/freedesktop/DBus",
                 "--method", "org.freedesktop.DBus.ListActivatableNames"],
                capture_output=True, text=True, check=True).stdout
            self.assertEqual(activatable.strip(), "(['org.freedesktop.DBus', 'org.gtk.vfs.Daemon'],)")
        self.assertEqual(fx.leftovers(), (set(), []))

    def test_demo_mode_exports_a_working_environment(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drivesfixture.py")
        demo = subprocess.Popen(["/usr/bin/python3", script, "--demo"], stdout=subprocess.PIPE, text=True)
        try:
            env, unset = dict(os.environ), []
            for line in demo.stdout:
                if line.startswith("# drivesfixture ready"):
                    break
                words = shlex.split(line)
                if words[0] == "export":
                    key, value = words[1].split("=", 1)
                    env[key] = value
                else:
                    unset.append(words[1])
            for key in unset:
                env.pop(key, None)
            listed = subprocess.run(["/usr/bin/gio", "mount", "--list"], env=env, capture_output=True,
                                    text=True, timeout=30).stdout
            self.assertIn(env["PB_SMB_GUEST_URI"] + "/", listed)
            tmpdir = env["PLUGBOARD_DRIVES_FIXTURE"]
        finally:
            demo.send_signal(signal.SIGTERM)
            self.assertEqual(demo.wait(timeout=60), 0)
            demo.stdout.close()
        self.assertFalse(os.path.exists(tmpdir))


if __name__ == "__main__":
    unittest.main(verbosity=2)
