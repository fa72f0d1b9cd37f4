#!/usr/bin/python3
# tests/bench/bench-startup.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Startup benchmark of the window (issue 5, item 7): process start to the first frame
that shows the populated lists, with 300 links, 300 ports (the test NetworkManager,
with the 300 saved connections the links were dialled from) and 200 remembered
drives; and the resident memory once settled. nm-connection-editor is measured beside it in the same run.

Two clocks: plugboard prints the monotonic time of its first populated frame
(PB_TRACE_FIRST_FRAME, a GdkFrameClock after-paint handler) and of the points on the
way there; both programs are also timed the same outside way, from spawn until AT-SPI
shows their populated list. The window builds the first screenful of rows for its
first frame and the rest over the next frames: plugboard also prints when the list
holds every row (all-rows). Memory is read from /proc/PID/smaps_rollup: RSS counts
every shared library page mapped in, PSS shares them out, Private is this process's
alone. plugboard is also run without the accessibility bridge (GTK_A11Y=none) and
with GTK's OpenGL renderer (GSK_RENDERER=gl, on Mesa's software rasteriser here):
neither is how the benchmark's desktop runs, they say what each costs. Under the
cairo renderer plugboard tells GDK to leave OpenGL alone (src/app/main.c).
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

N_LINKS, N_PORTS, N_SAVED, N_DRIVES = 300, 300, 300, 200
SETTLE_S = 3
NCE = '/usr/bin/nm-connection-editor'


def write_profile(config_home):
    os.makedirs(os.path.join(config_home, 'plugboard'), exist_ok=True)
    with open(os.path.join(config_home, 'plugboard', 'drives.ini'), 'w', encoding='utf-8') as f:
        for i in range(N_DRIVES):
            f.write(f'[Drive {i:03d}]\nRemoteName=smb://fileserver{i % 7}.example/share{i:03d}\n\n')


def memory_mib(pid):
    '''(Rss, Pss, Private, Pss_Anon) in MiB.'''
    fields = {}
    with open(f'/proc/{pid}/smaps_rollup', encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == 'kB':
                fields[parts[0].rstrip(':')] = int(parts[1]) / 1024
    return (fields['Rss'], fields['Pss'], fields['Private_Clean'] + fields['Private_Dirty'],
            fields['Pss_Anon'])


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
    '''How long plugboard-cli takes to get the same links from NetworkManager, and its peak
    RSS: the data floor under both windows (the test NetworkManager is a Python program).'''
    cli = os.path.join(os.path.dirname(os.path.dirname(app_binary())), 'cli', 'plugboard-cli')
    t0 = time.monotonic()
    proc = subprocess.Popen([cli, 'list', 'links'], env=env,  # pylint: disable=consider-using-with
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f'plugboard-cli list links failed: {proc.returncode}')
    return time.monotonic() - t0, usage.ru_maxrss / 1024


def read_marks(proc, t0):
    '''plugboard's PB_TRACE_FIRST_FRAME marks, in seconds since spawn, up to its first
    populated frame and the list holding all its rows.'''
    marks = {}
    for line in proc.stdout:
        what, _, usec = line.removeprefix('plugboard: ').rpartition(' ')
        marks.setdefault(what, int(usec) / 1e6 - t0)
        if 'first-populated-frame' in marks and 'all-rows' in marks:
            return marks
    raise RuntimeError(f'plugboard printed no first populated frame or no all-rows: {marks}')


def run_once(gui, argv, env, populated, trace):
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                            stdout=subprocess.PIPE if trace else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        marks = read_marks(proc, t0) if trace else {}
        seen_s = atspi_populated(gui, proc.pid, populated) - t0 if populated else None
        time.sleep(SETTLE_S)
        return (marks.get('first-populated-frame'), seen_s, *memory_mib(proc.pid)), marks
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
    if not values or None in values:
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
        traced = dict(env, PB_TRACE_FIRST_FRAME='1')
        programs = {
            'plugboard': ([app_binary()], traced, plugboard_populated),
            'plugboard, no a11y': ([app_binary()], dict(traced, GTK_A11Y='none'), None),
            'plugboard, GL renderer': ([app_binary()], dict(traced, GSK_RENDERER='gl'), plugboard_populated),
        }
        if os.path.exists(NCE):
            programs['nm-connection-editor'] = ([NCE], env, nce_populated)
        results = {name: [] for name in programs}
        marks = []
        floor = []
        for _ in range(args.runs):
            floor.append(cli_floor(env))
            for name, (argv, program_env, populated) in programs.items():
                figures, run_marks = run_once(gui, argv, program_env, populated, argv[0] != NCE)
                results[name].append(figures)
                if name == 'plugboard':
                    marks.append(run_marks)

    print(f'startup with {N_LINKS} links, {N_PORTS} ports, {N_SAVED} saved connections, {N_DRIVES} drives; '
          f'{args.runs} runs, median (min, max); Xvfb, GSK_RENDERER=cairo, {os.cpu_count()} cores')
    print(f'{"program":22} {"first populated frame":29} {"populated, seen by AT-SPI":29} '
          f'{"RSS after " + str(SETTLE_S) + " s":27} {"PSS":27} {"private":27} anonymous (Pss_Anon)')
    for name, runs in results.items():
        frames, seen, rss, pss, private, anon = zip(*runs)
        print(f'{name:22} {fmt(frames, "ms", 1000):29} {fmt(seen, "ms", 1000):29} {fmt(rss, "MiB"):27} '
              f'{fmt(pss, "MiB"):27} {fmt(private, "MiB"):27} {fmt(anon, "MiB")}')
    if not os.path.exists(NCE):
        print(f'{"nm-connection-editor":22} not installed')
    floor_s, floor_rss = zip(*floor)
    print(f'{"plugboard-cli list":22} {fmt(floor_s, "ms", 1000):29} {"":29} {fmt(floor_rss, "MiB"):27} '
          '(peak; the data floor: libnm loading from the test NM)')
    order = sorted(marks[0], key=lambda what: statistics.median(m[what] for m in marks))
    print('plugboard, where the time goes (median ms since spawn):',
          ', '.join(f'{what} {statistics.median(m[what] for m in marks) * 1000:.0f}' for what in order))
    print('targets: first populated frame < 400 ms, RSS < 80 MiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
