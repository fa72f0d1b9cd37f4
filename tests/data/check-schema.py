#!/usr/bin/python3
# tests/data/check-schema.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the schema compiled into BUILD_ROOT/data through GSettings itself.

Checks the keys, their types, defaults and the teardown-timeout range (the
L2 timeout, default 30 s): the code relies on these, so a typo in the XML
must fail here.  Usage: check-schema.py BUILD_ROOT
"""

import os
import subprocess
import sys

SCHEMA = 'io.github.plugboard.Plugboard'

DEFAULTS = {
    'link-types': "['gsm', 'cdma', 'pppoe', 'bluetooth', 'vpn', 'wireguard']",
    'teardown-timeout': 'uint32 30',
    'restore-at-login': 'true',
    'servers': '@as []',
    'window-width': '1000',
    'window-height': '560',
    'window-maximized': 'false',
}
RANGES = {
    'link-types': 'type as',
    'teardown-timeout': 'range u 1 600',
    'restore-at-login': 'type b',
    'servers': 'type as',
    'window-width': 'type i',
    'window-height': 'type i',
    'window-maximized': 'type b',
}


def main() -> int:
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(sys.argv[1], 'data'),
               GSETTINGS_BACKEND='memory')

    def gsettings(*args, check=True):
        run = subprocess.run(['gsettings', *args], env=env, capture_output=True, text=True)
        if check and run.returncode != 0:
            raise SystemExit(f'gsettings {" ".join(args)}: {run.stderr}')
        return run

    problems = []
    keys = sorted(gsettings('list-keys', SCHEMA).stdout.split())
    if keys != sorted(DEFAULTS):
        problems.append(f'keys {keys}, expected {sorted(DEFAULTS)}')
    for key, default in DEFAULTS.items():
        if key not in keys:
            continue
        got = gsettings('get', SCHEMA, key).stdout.strip()
        if got != default:
            problems.append(f'{key}: default {got}, expected {default}')
        got = gsettings('range', SCHEMA, key).stdout.strip()
        if got != RANGES[key]:
            problems.append(f'{key}: range {got!r}, expected {RANGES[key]!r}')
    for bad in ('0', '601'):
        if gsettings('set', SCHEMA, 'teardown-timeout', bad, check=False).returncode == 0:
            problems.append(f'teardown-timeout accepted {bad}, outside 1–600')
    if gsettings('set', SCHEMA, 'teardown-timeout', '600', check=False).returncode != 0:
        problems.append('teardown-timeout refused 600')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
