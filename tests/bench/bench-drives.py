#!/usr/bin/python3
# bench-drives.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Drives benchmark (issue 4), on demand:

    /usr/bin/python3 tests/bench/bench-drives.py BUILDDIR [--mounts 50] [--remembered 500] [--runs 10]

On the drives fixture (tests/drives/drivesfixture.py: real gvfsd, smbd and a
Secret Service), with MOUNTS GVfs mounts of the guest share (one per user
name: Samba's "map to guest = Bad User" lets any unknown user in as a guest,
and GVfs keeps one mount, one gvfsd-smb, per user) and REMEMBERED drives in
the profile (MOUNTS of them mounted), it prints from the same run:

- the wall time of `plugboard-cli --json list drives` and of `gio mount -l`,
  median over RUNS interleaved runs after one warm-up run each;
- the time to map the MOUNTS drives one by one (`plugboard-cli drive-map`,
  the sum of each call's own elapsed_ms and of their wall times), against the
  time `plugboard-cli restore` takes to map them all again after they were
  disconnected (its elapsed_ms and its wall time).

Never fails on a time: it only reports.
'''

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "drives"))
from drivesfixture import DrivesFixture  # noqa: E402


def timed(argv, env, input=None):
    start = time.monotonic()
    result = subprocess.run(argv, env=env, input=input, text=True, capture_output=True, timeout=600)
    wall = (time.monotonic() - start) * 1000
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr}")
    return wall, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("builddir")
    parser.add_argument("--mounts", type=int, default=50)
    parser.add_argument("--remembered", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cli = os.path.join(os.path.abspath(args.builddir), "src", "cli", "plugboard-cli")

    with DrivesFixture(keyring=True) as fx:
        env = fx.env
        share = fx.smb_guest_uri

        # Map MOUNTS drives one at a time, remembered, each with a password
        # that goes to the Secret Service so that restore needs no one.
        single_ms, single_wall = [], []
        for i in range(args.mounts):
            wall, out = timed([cli, "--json", "drive-map", share, "--name", f"d{i:03}", "--remember",
                               "--user", f"bench{i:03}", "--password-stdin"], env, input="guest\n")
            single_ms.append(json.loads(out)["elapsed_ms"])
            single_wall.append(wall)
        mounted = len(fx.mounts())

        # The rest of the remembered drives: users never mounted.
        profile = os.path.join(env["XDG_CONFIG_HOME"], "plugboard", "drives.ini")
        with open(profile, "a") as f:
            for i in range(args.mounts, args.remembered):
                f.write(f"\n[r{i:03}]\nRemoteName={share}\nUser=idle{i:03}\n")

        list_ms, gio_ms = [], []
        listed = timed([cli, "--json", "list", "drives"], env)[1]
        timed(["/usr/bin/gio", "mount", "-l"], env)
        for _ in range(args.runs):
            list_ms.append(timed([cli, "--json", "list", "drives"], env)[0])
            gio_ms.append(timed(["/usr/bin/gio", "mount", "-l"], env)[0])
        rows = json.loads(listed)

        # Disconnect them all (kept in the profile), keep only the MOUNTS
        # drives in it, and restore.
        for i in range(args.mounts):
            timed([cli, "drive-cancel", f"d{i:03}"], env)
        with open(profile) as f:
            text = f.read()
        with open(profile, "w") as f:
            f.write(text[:text.index("\n[r")] if "\n[r" in text else text)
        wall, out = timed([cli, "--json", "restore"], env)
        restore = json.loads(out)
        restored = sum(d["restored"] for d in restore["drives"])
        remounted = len(fx.mounts())

    print(f"drives fixture: {mounted} GVfs smb mounts, {len(rows)} rows listed "
          f"({sum(r['state'] == 'connected' for r in rows)} connected, "
          f"{sum(r['remembered'] for r in rows)} remembered); {args.runs} runs after one warm-up")
    print(f"  plugboard-cli --json list drives   median {statistics.median(list_ms):8.1f} ms "
          f"(min {min(list_ms):.1f}, max {max(list_ms):.1f})")
    print(f"  gio mount -l                       median {statistics.median(gio_ms):8.1f} ms "
          f"(min {min(gio_ms):.1f}, max {max(gio_ms):.1f})")
    print(f"  ratio list / gio                   {statistics.median(list_ms) / statistics.median(gio_ms):8.2f}")
    print(f"map {args.mounts} drives one by one:     sum of elapsed_ms {sum(single_ms):8.1f} ms, "
          f"sum of wall {sum(single_wall):8.1f} ms")
    print(f"restore {args.mounts} remembered drives:  elapsed_ms {restore['elapsed_ms']:8.1f} ms, "
          f"wall {wall:8.1f} ms; {restored} restored, {remounted} mounted after")
    print(f"  ratio restore / sum of single maps {restore['elapsed_ms'] / sum(single_ms):8.2f}")


if __name__ == "__main__":
    main()
