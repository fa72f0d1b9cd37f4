#!/usr/bin/python3
# tests/faults/faultslib.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''What the faults tests share: plugboard-cli run as bytes, and the checks that
every answer is honest and safe to print: valid UTF-8, no terminal control
character, JSON when --json was given.'''

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, TESTS)
sys.path.insert(0, os.path.join(TESTS, 'nm'))
sys.path.insert(0, os.path.join(TESTS, 'nm', 'realnm'))
sys.path.insert(0, os.path.join(TESTS, 'drives'))
sys.path.insert(0, os.path.join(TESTS, 'nm'))

CLI = os.environ.get('PB_CLI') or os.path.join(os.environ.get('PB_BUILD_ROOT', '_build'), 'src/cli/plugboard-cli')

# Exit statuses of plugboard-cli (README, "Errors").
EXIT = {'USAGE': 2, 'INVALID_HANDLE': 10, 'INVALID_PORT': 11, 'PORT_NOT_IN_USE': 12, 'NOT_CONNECTED': 13,
        'BAD_PROFILE': 16, 'CANNOT_OPEN_PROFILE': 17, 'EXTENDED': 18, 'ACCESS_DENIED': 19,
        'SERVER_UNREACHABLE': 20, 'TIMEOUT': 21}

# C0 controls but newline and tab, DEL, and the C1 controls (U+0080-U+009F,
# CSI among them): what would reach a terminal as a command.
CONTROLS = {chr(c) for c in range(0x20) if c not in (0x0a, 0x09)} | {chr(c) for c in range(0x7f, 0xa0)}


def cli(args, env, input=None, timeout=60):
    '''plugboard-cli ARGS with its output as bytes; stdin is /dev/null unless input is given.'''
    return subprocess.run([CLI, *args], env=env, input=input,
                          stdin=None if input is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


def safe_text(case, data, what):
    '''data decodes as UTF-8 and holds no control character; returns the text.'''
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        case.fail(f'{what} is not UTF-8 ({e}): {data[:300]!r}')
    bad = sorted({c for c in text if c in CONTROLS})
    case.assertEqual(bad, [], f'{what} holds raw control characters: {data[:300]!r}')
    return text


def json_answer(case, result):
    '''The answer of a --json run: (exit status, stdout's document when it succeeded,
    else stderr's last line parsed as the error object).'''
    out = safe_text(case, result.stdout, 'stdout')
    err = safe_text(case, result.stderr, 'stderr')
    # A failure is on stderr's last line, but restore reports each drive on stdout.
    for text in (out, (err.strip().splitlines() or [''])[-1]):
        try:
            return result.returncode, json.loads(text)
        except ValueError:
            continue
    case.fail(f'not JSON (exit {result.returncode}): {result.stdout[:300]!r} {result.stderr[:300]!r}')


def json_error(case, result, code):
    '''The error object of a failed --json run, checked against code and its exit status.'''
    status, reply = json_answer(case, result)
    case.assertIn('error', reply, reply)
    case.assertEqual(reply['error']['code'], code, reply)
    case.assertEqual(status, EXIT[code], reply)
    return reply['error']
