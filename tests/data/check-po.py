#!/usr/bin/python3
# tests/data/check-po.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks one translation: it compiles with msgfmt --check (format strings,
plural forms, header) and leaves no message untranslated or fuzzy, so a user
of that language never meets an English sentence.  After new strings land,
`meson compile -C BUILDDIR plugboard-update-po` brings them into the .po
files, and this test fails until they are translated.
Usage: check-po.py PO_FILE
"""

import re
import subprocess
import sys


def main() -> int:
    run = subprocess.run(['msgfmt', '--check', '--statistics', '-o', '/dev/null', sys.argv[1]],
                         capture_output=True, text=True, env={'LC_ALL': 'C'})
    print(run.stderr, end='')
    if run.returncode != 0:
        return 1
    missing = re.findall(r'(\d+) (fuzzy|untranslated) translation', run.stderr)
    missing += re.findall(r'(\d+) (fuzzy|untranslated) message', run.stderr)
    if missing:
        print(f'{sys.argv[1]}: ' + ', '.join(f'{n} {kind}' for n, kind in missing), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
