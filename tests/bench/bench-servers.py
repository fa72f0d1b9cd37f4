#!/usr/bin/python3
# bench-servers.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Several servers in one list (issue #12), on demand, as root:

    /usr/bin/python3 tests/bench/bench-servers.py BUILDDIR [--runs N] [--delay S] [--links N]

Two "remote" hosts, each a private sshd on its own loopback port whose bridge
(PLUGBOARD_SSH_BRIDGE) reaches the test NetworkManager (tests/nm/nmfixture.py,
populate_demo(), or N gsm links and N ports with --links N), as
tests/nm/test_remote.py sets them up. It prints the wall time of
`plugboard-cli --json list links` with one server (each of the two) and with
both in one run, median and min over N interleaved runs after a warm-up, and
the comparison: both servers / one server, and both servers / the two
one-server times added (what one after the other would cost).

Each set is measured twice in the same run: with the bare bridge, and with a
bridge that waits S seconds (default 1.5) before it bridges, which stands for
a host slow to answer. Both hosts are the one test NetworkManager, a single
process that answers their requests in turn: what runs at the same time is
the wait and ssh, not NetworkManager's side. Never fails on a time.
'''

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
from nmfixture import NMFixture  # noqa: E402
from drivesfixture import SSHD, SSHD_CONF, _free_port, _port_open  # noqa: E402

BRIDGE = '''#!/bin/sh
sleep "${{1:-0}}"
exec systemd-stdio-bridge --bus-path=unix:path={socket}
'''


def start_sshd(tmp, port):
    conf = os.path.join(tmp, f'sshd_config.{port}')
    with open(conf, 'w', encoding='utf-8') as f:
        f.write(SSHD_CONF.format(port=port, dir=tmp).replace('/sshd.pid', f'/sshd.{port}.pid'))
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
    sshd = subprocess.Popen([SSHD, '-D', '-e', '-f', conf], stdin=subprocess.DEVNULL,  # noqa: SIM115
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not _port_open(port):
        if sshd.poll() is not None or time.monotonic() > deadline:
            sshd.kill()
            sshd.wait()
            raise RuntimeError(f'sshd did not start on port {port}')
        time.sleep(0.1)
    return sshd


def measure(argv, env, expected):
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, capture_output=True, timeout=300, check=False)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f'{" ".join(argv)} failed ({proc.returncode}): {proc.stderr.decode()}')
    if len(json.loads(proc.stdout)) != expected:
        raise RuntimeError(f'{" ".join(argv)} did not list {expected} links')
    return wall


def bench(commands, env, runs):
    '''Median and min wall seconds of each (argv, expected rows), the commands interleaved.'''
    for argv, expected in commands:
        measure(argv, env, expected)
    walls = [[] for _ in commands]
    for _ in range(runs):
        for (argv, expected), samples in zip(commands, walls):
            samples.append(measure(argv, env, expected))
    return [(statistics.median(w), min(w)) for w in walls]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('builddir')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--delay', type=float, default=1.5, help='seconds the slow bridge waits')
    parser.add_argument('--links', type=int, default=0, help='N gsm links and ports instead of the demo')
    args = parser.parse_args()
    if os.geteuid() != 0:
        print('bench-servers.py: the private sshd logs in as root: run it as root', file=sys.stderr)
        return 2
    cli = os.path.join(args.builddir, 'src', 'cli', 'plugboard-cli')

    tmp = tempfile.mkdtemp(prefix='pb-bench-servers-', dir='/tmp')
    sshds = []
    try:
        with NMFixture() as nm:
            if args.links:
                nm.add_many(args.links, args.links, 0)
                n_links = args.links
            else:
                nm.populate_demo()
                n_links = 6  # its links of the link types; Wired is not one
            for key in ('host_key', 'client_key'):
                subprocess.run(['/usr/bin/ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                                os.path.join(tmp, key)], check=True)
            shutil.copy(os.path.join(tmp, 'client_key.pub'), os.path.join(tmp, 'authorized_keys'))
            ports = [_free_port(), _free_port()]
            while ports[1] == ports[0]:
                ports[1] = _free_port()
            sshds = [start_sshd(tmp, port) for port in ports]
            hosts = [f'127.0.0.1:{port}' for port in ports]
            socket_path = nm.address.split('unix:path=', 1)[1].split(',', 1)[0]
            bridge = os.path.join(tmp, 'bridge.sh')
            with open(bridge, 'w', encoding='utf-8') as f:
                f.write(BRIDGE.format(socket=socket_path))

            print(f'Test NetworkManager: {n_links} links; two hosts, each its own sshd on loopback; '
                  f'median (min) of {args.runs} interleaved runs after a warm-up')
            print(f'{"plugboard-cli --json list links":36} {"bridge":>14} {"wall ms":>18}')
            for delay in (0, args.delay):
                env = dict(nm.env, LC_ALL='C.UTF-8',
                           DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent/pb-no-local-bus',
                           PLUGBOARD_SSH=(f'-i {tmp}/client_key -o IdentitiesOnly=yes -o StrictHostKeyChecking=no '
                                          '-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'),
                           PLUGBOARD_SSH_BRIDGE=f'sh {bridge} {delay}')
                base = [cli, '--json', 'list', 'links']
                one_a, one_b, two = bench([(base + ['--server', hosts[0]], n_links),
                                           (base + ['--server', hosts[1]], n_links),
                                           (base + ['--server', hosts[0], '--server', hosts[1]], 2 * n_links)],
                                          env, args.runs)
                label = f'waits {delay:g} s' if delay else 'bare'
                for name, (median, least) in (('--server A', one_a), ('--server B', one_b),
                                              ('--server A --server B', two)):
                    print(f'  {name:34} {label:>14} {median * 1000:>9.0f} ({least * 1000:.0f})')
                print(f'  {"two servers / one server":34} {label:>14} {two[0] / one_a[0]:>9.2f}')
                print(f'  {"two servers / (A + B, one by one)":34} {label:>14} '
                      f'{two[0] / (one_a[0] + one_b[0]):>9.2f}')
    finally:
        for sshd in sshds:
            sshd.terminate()
            sshd.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
