#!/usr/bin/python3
# tests/drives/drives-servers.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The drives fixture's servers, run by root for an ordinary user's test run
# (build-aux/test.sh's non-root pass): smbd and sshd on loopback ports, the
# shares owned by that user, an sftp login as that user by key. Writes what a
# DrivesFixture needs to use them as JSON to --state (give its path to the
# user's tests as $PB_DRIVES_SERVERS), then runs until SIGTERM or SIGINT and
# stops everything it started by PID. See README.md.

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pbtestlib  # noqa: E402
from drivesfixture import DrivesServers  # noqa: E402


def _on_stop_signal(signum, frame):
    # Only the first signal stops; the servers still die on theirs (a Python handler is not inherited).
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, lambda *_: None)
    raise SystemExit(0)


def main():
    parser = argparse.ArgumentParser(description="Root's smbd and sshd for an ordinary user's drives tests.")
    parser.add_argument("--user", required=True, help="the account the tests run as")
    parser.add_argument("--state", required=True, help="where to write the servers' JSON once they listen")
    args = parser.parse_args()
    if os.geteuid() != 0:
        parser.error("runs smbd and sshd as root: run it as root")
    signal.signal(signal.SIGTERM, _on_stop_signal)
    signal.signal(signal.SIGINT, _on_stop_signal)

    directory = tempfile.mkdtemp(prefix="pb-servers-", dir="/tmp")
    # The user reaches its shares and the client key through here, nothing else:
    # Samba's state and the host key stay in folders of mode 0700.
    os.chmod(directory, 0o755)
    servers = DrivesServers(args.user, directory)
    try:
        servers.start()
        tmp = args.state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(servers.state(), f, indent=1)
        os.chmod(tmp, 0o644)
        os.rename(tmp, args.state)
        print(f"drives-servers: smbd on {servers.smb_port}, sshd on {servers.sftp_port}, for {args.user}",
              flush=True)
        while True:
            signal.pause()
    finally:
        servers.stop()
        leftover = {pid for pid in servers.seen_pids if pbtestlib.pid_alive(pid)}
        shutil.rmtree(directory, ignore_errors=True)
        try:
            os.unlink(args.state)
        except FileNotFoundError:
            pass
        if leftover:
            sys.exit(f"drives-servers: processes {sorted(leftover)} outlived their stop")


if __name__ == "__main__":
    main()
