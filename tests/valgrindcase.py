#!/usr/bin/python3
# tests/valgrindcase.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli under valgrind's memcheck, shared by tests/nm and tests/drives.

    class MyTest(ValgrindMixin, unittest.TestCase):
        def test_x(self):
            proc = self.valgrind_cli(env, '--json', 'list', 'all', status=0)

A definite leak or an invalid read/write makes valgrind exit with ERROR_EXIT,
and the test fails with valgrind's report. The build must not be sanitized:
valgrind cannot run an ASan binary: tests/*/meson.build leave the valgrind-only
tests out of such builds, and valgrind_cli skips the test where a suite mixes
them with others (the sanitizers check that build instead).
'''

import os
import subprocess
import tempfile
import unittest

CLI = os.environ.get('PB_CLI')
ERROR_EXIT = 99
VALGRIND = [
    '/usr/bin/valgrind', '--leak-check=full', '--errors-for-leak-kinds=definite',
    f'--error-exitcode={ERROR_EXIT}', '--num-callers=40',
    # GLib's worker threads are still alive at exit: their TLS shows up as
    # "possibly lost", which is not an error here and would bury the report.
    '--show-possibly-lost=no',
    '--suppressions=/usr/share/glib-2.0/valgrind/glib.supp',
]
# Plain malloc so that memcheck sees every block; gc-friendly so that freed
# GLib containers do not keep stale pointers that would hide a leak.
# fatal-criticals stays, as in every other test.
VALGRIND_ENV = {'G_SLICE': 'always-malloc', 'G_DEBUG': 'gc-friendly,fatal-criticals'}


class ValgrindMixin:
    '''For unittest.TestCase classes that run plugboard-cli under memcheck.'''

    def valgrind_cli(self, env, *args, status=0, input=None, timeout=180):
        '''Runs plugboard-cli ARGS under memcheck in ENV and returns the CompletedProcess.

        Fails the test with valgrind's report when memcheck found an error,
        and when the exit status is not STATUS.'''
        self.assertTrue(CLI, 'PB_CLI is not set: run through meson test')
        sanitize = os.environ.get('PB_B_SANITIZE', 'none')
        if sanitize != 'none':
            raise unittest.SkipTest(f'plugboard-cli is built with -Db_sanitize={sanitize}, which valgrind cannot run')
        with tempfile.NamedTemporaryFile('r', prefix='pb-valgrind-', suffix='.log') as log:
            proc = subprocess.run([*VALGRIND, f'--log-file={log.name}', CLI, *args],
                                  env=dict(env, **VALGRIND_ENV), input=input, text=True,
                                  capture_output=True, timeout=timeout)
            report = log.read()
        command = ' '.join(['plugboard-cli', *args])
        if proc.returncode == ERROR_EXIT:
            self.fail(f'valgrind found memory errors in `{command}`:\n{report}')
        self.assertEqual(proc.returncode, status,
                         f'`{command}` under valgrind: stdout {proc.stdout!r}\nstderr {proc.stderr!r}\n{report}')
        return proc
