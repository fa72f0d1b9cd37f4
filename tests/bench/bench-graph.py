#!/usr/bin/python3
# tests/bench/bench-graph.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''What the graph (what rides on what, PbGraph) costs at 300 links, 300 ports and 200 drives: the
test NetworkManager with 300 dialled-up links, each with its own route (10.N.0.0/16), and 200
remembered drives whose servers are addresses on those routes (no name to resolve). The figure is
PbGraph's own debug line (one whole computation, from the sources to the edges), read from
`plugboard-cli list` (--json keeps standard error for its JSON), and the wall time of that command. Figures are printed, never judged.

    PB_BUILD_ROOT=_build /usr/bin/python3 tests/bench/bench-graph.py [--runs N]   (gvfsd + Samba)
'''

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

N_LINKS, N_PORTS, N_SAVED, N_DRIVES = 300, 300, 300, 200
LINE = re.compile(r'Graph of (\d+) links, (\d+) ports, (\d+) drives \((\d+) routes\) computed in ([0-9.]+) ms')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=9)
    args = parser.parse_args()
    cli = os.path.join(os.environ.get('PB_BUILD_ROOT', '_build'), 'src', 'cli', 'plugboard-cli')

    with NMFixture() as nm, DrivesFixture() as fx:
        _links, ports, _saved = nm.add_many(N_LINKS, N_PORTS, N_SAVED)
        for i, port in enumerate(ports[:N_LINKS]):
            nm.call('SetIp4Config', 'osua(suu)', (port, f'10.{i % 250}.{i // 250}.2', 24,
                                                  [(f'10.{i % 250}.0.0', 16, 50)]))
        config = os.path.join(fx.env['XDG_CONFIG_HOME'], 'plugboard')
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, 'drives.ini'), 'w', encoding='utf-8') as f:
            for i in range(N_DRIVES):
                f.write(f'[Drive {i:03d}]\nRemoteName=smb://10.{i % 250}.1.1/share{i:03d}\n\n')
        env = dict(fx.env, DBUS_SYSTEM_BUS_ADDRESS=nm.address, G_MESSAGES_DEBUG='Plugboard')

        graph_ms, with_edges, carried = [], [], 0
        for _ in range(args.runs):
            t0 = time.monotonic()
            result = subprocess.run([cli, 'list'], env=env, capture_output=True, text=True, check=True,
                                    stdin=subprocess.DEVNULL)
            with_edges.append((time.monotonic() - t0) * 1000)
            # GLib writes debug messages to standard output.
            figures = [m for m in LINE.findall(result.stdout) if int(m[0]) == N_LINKS and int(m[2]) == N_DRIVES]
            graph_ms.append(float(figures[-1][4]))
            carried = figures[-1]
        print(f'graph of {carried[0]} links, {carried[1]} ports, {carried[2]} drives, {carried[3]} routes; '
              f'{args.runs} runs, {os.cpu_count()} cores')
        print(f'  one computation: median {statistics.median(graph_ms):.2f} ms '
              f'(min {min(graph_ms):.2f}, max {max(graph_ms):.2f})')
        quiet = {k: v for k, v in env.items() if k != 'G_MESSAGES_DEBUG'}
        rows = json.loads(subprocess.run([cli, '--json', 'list'], env=quiet, capture_output=True, text=True,
                                         check=True, stdin=subprocess.DEVNULL).stdout)
        riding = sum(1 for r in rows if r['kind'] == 'drive' and r['via'])
        print(f'  drives riding on a link: {riding} of {N_DRIVES}')
        print(f'  plugboard-cli list, spawn to exit: median {statistics.median(with_edges):.0f} ms')


if __name__ == '__main__':
    main()
