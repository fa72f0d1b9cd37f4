#!/usr/bin/python3
# bench-nm.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Links and ports benchmark (issue 3), on demand:

    /usr/bin/python3 tests/bench/bench-nm.py BUILDDIR [--runs N] [--hangups N]

Against the test NetworkManager (tests/nm/nmfixture.py) holding 300 links, 300
ports and 1,000 saved connections, it prints side by side, from the same run:

- wall time and peak RSS (the child's ru_maxrss) of
  `plugboard-cli --json list links` and `nmcli -t -f NAME,TYPE,DEVICE connection show --active`,
  median over N interleaved runs after one warm-up run each, and their ratios
  (ours / nmcli);
- signal-to-completion latency of a hang-up, two ways:
  (a) tests/nm/pb-nm-harness: a plain GDBus connection in the same process
      timestamps the DEACTIVATED StateChanged signal as it comes off its socket
      (a GDBus filter, in GDBus's worker thread); the latency is from there to
      PbTeardown's completion callback. The service's own emission time is not
      observable, so this is "the moment this process could first know" to
      "the moment the caller is told";
  (b) plugboard-cli with G_MESSAGES_DEBUG=all: from PbTeardown seeing the final
      state to the CLI's callback, from the CLI's own debug timestamps
      (CLOCK_MONOTONIC, in µs).
Never fails on a time: it only reports.
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
from nmfixture import NMFixture  # noqa: E402


def measure(argv, env):
    '''(wall seconds, peak RSS in KiB, stdout) of one run.'''
    started = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: SIM115
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f'{argv[0]} failed ({proc.returncode}): {err.decode()}')
    return wall, usage.ru_maxrss, out


def bench_lists(commands, env, runs):
    '''Runs the commands in turn, runs times, so that they share the machine's noise alike.
    Returns per command (median wall, median peak RSS, min wall).'''
    for argv, check in commands:
        check(measure(argv, env)[2])
    samples = [([], []) for _ in commands]
    for _ in range(runs):
        for (argv, check), (walls, rss) in zip(commands, samples):
            wall, peak, out = measure(argv, env)
            check(out)
            walls.append(wall)
            rss.append(peak)
    return [(statistics.median(w), statistics.median(r), min(w)) for w, r in samples]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('builddir')
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--hangups', type=int, default=20)
    args = parser.parse_args()
    cli = os.path.join(args.builddir, 'src', 'cli', 'plugboard-cli')
    harness = os.path.join(args.builddir, 'tests', 'nm', 'pb-nm-harness')

    with NMFixture() as nm:
        links, ports, saved = nm.add_many(300, 300, 1000)
        env = dict(nm.env, LC_ALL='C.UTF-8')

        def check_ours(out):
            assert len(json.loads(out)) == 300, 'plugboard-cli did not list 300 links'

        def check_nmcli(out):
            assert len(out.decode().splitlines()) == 300, 'nmcli did not list 300 links'

        ours, theirs = bench_lists([([cli, '--json', 'list', 'links'], check_ours),
                                    (['nmcli', '-t', '-f', 'NAME,TYPE,DEVICE', 'connection', 'show', '--active'],
                                     check_nmcli)], env, args.runs)

        print(f'Test service: {len(links)} links, {len(ports)} ports, {len(saved)} saved connections; '
              f'median of {args.runs} interleaved runs after a warm-up')
        print(f'{"":44} {"wall ms (median/min)":>22} {"peak RSS KiB":>14}')
        print(f'{"plugboard-cli --json list links":44} {ours[0] * 1000:>12.1f} /{ours[2] * 1000:>7.1f} '
              f'{ours[1]:>14.0f}')
        print(f'{"nmcli -t -f NAME,TYPE,DEVICE con show --active":44} {theirs[0] * 1000:>12.1f} /'
              f'{theirs[2] * 1000:>7.1f} {theirs[1]:>14.0f}')
        print(f'{"ratio (ours / nmcli)":44} {ours[0] / theirs[0]:>22.2f} {ours[1] / theirs[1]:>14.2f}')

        # (a) in-process: raw signal arrival -> PbTeardown completion
        latencies = []
        for ac in links[:args.hangups]:
            proc = subprocess.run([harness, 'teardown', ac.rsplit('/', 1)[1]], env=env, capture_output=True,
                                  text=True, timeout=120, check=True)
            events = {e['event']: e for e in map(json.loads, proc.stdout.splitlines())}
            if events['completed']['ok'] and events['released']['signal_us']:
                latencies.append((events['completed']['done_us'] - events['released']['signal_us']) / 1000)
        # (b) CLI: PbTeardown's final state -> the CLI's callback
        cli_latencies = []
        for ac in links[args.hangups:2 * args.hangups]:
            proc = subprocess.run([cli, 'hangup', nm.handle(ac)], capture_output=True, text=True,
                                  env=dict(env, G_MESSAGES_DEBUG='all'), timeout=120, check=True)
            final = re.search(r'saw its (?:final state|object vanish) at (\d+)', proc.stdout + proc.stderr)
            done = re.search(r'reported to the CLI at (\d+)', proc.stdout + proc.stderr)
            if not final or not done:
                raise RuntimeError('plugboard-cli printed no timing: ' + proc.stderr)
            cli_latencies.append((int(done.group(1)) - int(final.group(1))) / 1000)

        print()
        print(f'Hang-up, signal to completion (ms), {len(latencies)} + {len(cli_latencies)} hang-ups:')
        for label, values in (('(a) DEACTIVATED on the wire -> PbTeardown callback', latencies),
                              ('(b) PbTeardown final state -> plugboard-cli callback', cli_latencies)):
            if values:
                print(f'  {label:54} median {statistics.median(values):7.3f}  max {max(values):7.3f}')
            else:
                print(f'  {label:54} no samples')
    return 0


if __name__ == '__main__':
    sys.exit(main())
