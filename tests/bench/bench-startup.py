#!/usr/bin/python3
# tests/bench/bench-startup.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Startup benchmark of the window (issue 5, item 7): process start to the first frame
that shows the populated lists, with 300 links, 300 ports (the test NetworkManager,
which also holds 1000 saved connections) and 200 remembered drives; and the resident
memory once settled. nm-connection-editor is measured beside it in the same run.

Two clocks: plugboard prints the monotonic time of its first populated frame
(PB_TRACE_FIRST_FRAME, a GdkFrameClock after-paint handler); both programs are also
timed the same outside way, from spawn until AT-SPI shows their populated list.
Figures are printed, never judged: a time limit in a test is a flaky test.

    build-aux: PB_BUILD_ROOT=_build tests/bench/bench-startup.py [--runs N]   (root: gvfsd + Samba)
'''

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'gui'))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))

from drivesfixture import DrivesFixture  # noqa: E402
from guisession import GuiSession, app_binary, gui_atspi  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

N_LINKS, N_PORTS, N_SAVED, N_DRIVES = 300, 300, 1000, 200
SETTLE_S = 3
NCE = '/usr/bin/nm-connection-editor'


def write_profile(config_home):
    os.makedirs(os.path.join(config_home, 'plugboard'), exist_ok=True)
    with open(os.path.join(config_home, 'plugboard', 'drives.ini'), 'w', encoding='utf-8') as f:
        for i in range(N_DRIVES):
            f.write(f'[Drive {i:03d}]\nRemoteName=smb://fileserver{i % 7}.example/share{i:03d}\n\n')


def rss_mib(pid):
    with open(f'/proc/{pid}/status', encoding='utf-8') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return float('nan')


def atspi_populated(gui, pid, populated, timeout=60):
    '''Seconds until populated(app) holds for the AT-SPI application of pid (polled every
    10 ms: an outside observer's clock, the same for both programs).'''
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        app = gui.find_app(pid)
        if app is not None:
            try:
                if populated(app):
                    return time.monotonic()
            except Exception:  # pylint: disable=broad-except
                pass
        time.sleep(0.01)
    raise TimeoutError(f'pid {pid} never showed a populated list')


def find_table(app, roles):
    '''The first node with one of roles, breadth first, never descending into lists
    and tables: a whole-tree walk over D-Bus would cost more than what it measures.'''
    queue = [app]
    while queue:
        node = queue.pop(0)
        role = node.get_role_name()
        if role in roles:
            return node
        if role in ('table', 'tree table', 'list', 'tree', 'table row'):
            continue
        queue.extend(node.get_child_at_index(i) for i in range(node.get_child_count()))
    return None


def plugboard_populated(app):
    '''The Links table's list has rows in it.'''
    table = find_table(app, ('tree table',))
    if table is None:
        return False
    for i in range(table.get_child_count()):
        child = table.get_child_at_index(i)
        if child.get_role_name() == 'list' and child.get_child_count() > 2:
            return True
    return False


def nce_populated(app):
    '''The connection list's table has rows in it.'''
    atspi = gui_atspi()
    table = find_table(app, ('tree table', 'table'))
    return table is not None and atspi.Table.get_n_rows(table) >= 10


def cli_floor(env):
    '''How long plugboard-cli takes to get the same links from NetworkManager: the data
    floor under both windows (the test NetworkManager is a Python program).'''
    cli = os.path.join(os.path.dirname(os.path.dirname(app_binary())), 'cli', 'plugboard-cli')
    t0 = time.monotonic()
    subprocess.run([cli, 'list', 'links'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.monotonic() - t0


def anon_mib(pid):
    with open(f'/proc/{pid}/smaps_rollup', encoding='utf-8') as f:
        for line in f:
            if line.startswith('Pss_Anon:'):
                return int(line.split()[1]) / 1024
    return float('nan')


def run_once(gui, argv, env, populated, trace):
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                            stdout=subprocess.PIPE if trace else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        frame_s = None
        if trace:
            line = proc.stdout.readline()
            if 'first-populated-frame' not in line:
                raise RuntimeError(f'{argv[0]} printed no first frame: {line!r}')
            frame_s = int(line.split()[-1]) / 1e6 - t0
        seen_s = atspi_populated(gui, proc.pid, populated) - t0
        time.sleep(SETTLE_S)
        return frame_s, seen_s, rss_mib(proc.pid), anon_mib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def fmt(values, unit, scale=1):
    if not values or values[0] is None:
        return '—'
    return f'{statistics.median(values) * scale:7.0f} {unit} (min {min(values) * scale:.0f}, max {max(values) * scale:.0f})'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()

    with NMFixture() as nm, DrivesFixture() as fx, GuiSession(drives=fx, size='1280x800') as gui:  # noqa: SIM117
        nm.add_many(N_LINKS, N_PORTS, N_SAVED)
        write_profile(fx.env['XDG_CONFIG_HOME'])
        env = dict(gui.env, DBUS_SYSTEM_BUS_ADDRESS=nm.address)
        results = {'plugboard': [], 'nm-connection-editor': []}
        floor = []
        for _ in range(args.runs):
            floor.append(cli_floor(env))
            results['plugboard'].append(run_once(gui, [app_binary()], dict(env, PB_TRACE_FIRST_FRAME='1'),
                                                 plugboard_populated, True))
            if os.path.exists(NCE):
                results['nm-connection-editor'].append(run_once(gui, [NCE], env, nce_populated, False))

    print(f'startup with {N_LINKS} links, {N_PORTS} ports, {N_SAVED} saved connections, {N_DRIVES} drives; '
          f'{args.runs} runs, median (min, max); Xvfb, GSK_RENDERER=cairo, {os.cpu_count()} cores')
    print(f'{"program":22} {"first populated frame":32} {"populated, seen by AT-SPI":32} '
          f'{"RSS after " + str(SETTLE_S) + " s":30} private (Pss_Anon)')
    for name, runs in results.items():
        if not runs:
            print(f'{name:22} not installed')
            continue
        frames, seen, rss, anon = zip(*runs)
        print(f'{name:22} {fmt(frames, "ms", 1000):32} {fmt(seen, "ms", 1000):32} {fmt(rss, "MiB"):30} '
              f'{fmt(anon, "MiB")}')
    print(f'{"plugboard-cli list":22} {fmt(floor, "ms", 1000):32} (the data floor: libnm loading from the test NM)')
    print('targets: first populated frame < 400 ms, RSS < 80 MiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
