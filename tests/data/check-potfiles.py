#!/usr/bin/python3
# tests/data/check-potfiles.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps po/POTFILES.in in step with the tree (DESIGN.md, house style 14).

Fails when a file with translatable strings is missing from POTFILES.in, or
when POTFILES.in names a file that does not exist: either way a string would
silently stay in English. Usage: check-potfiles.py SOURCE_ROOT
"""

import pathlib
import re
import sys

# gettext calls as the glib preset's xgettext keywords see them.
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2?|ngettext)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')

# Every one of these is translated through po/ by data/meson.build.
DATA_PATTERNS = ('*.desktop.in', '*.metainfo.xml.in', '*.gschema.xml')


def needs_translation(path: pathlib.Path) -> bool:
    text = path.read_text(encoding='utf-8')
    if path.suffix in ('.c', '.h'):
        return bool(C_MARK.search(C_COMMENT.sub('', text)))
    return bool(UI_MARK.search(text))


def required_files(root: pathlib.Path) -> set:
    found = set()
    candidates = [*root.glob('src/**/*.c'), *root.glob('src/**/*.h'),
                  *root.glob('ui/**/*.ui'), *root.glob('src/**/*.ui')]
    for path in candidates:
        if needs_translation(path):
            found.add(path.relative_to(root).as_posix())
    for pattern in DATA_PATTERNS:
        found.update(p.relative_to(root).as_posix() for p in root.glob('data/' + pattern))
    return found


def listed_files(root: pathlib.Path) -> list:
    lines = (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith('#')]


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    listed = listed_files(root)
    problems = []
    for name in sorted(required_files(root) - set(listed)):
        problems.append(f'{name}: has translatable strings but is not in po/POTFILES.in')
    for name in listed:
        if not (root / name).is_file():
            problems.append(f'po/POTFILES.in: lists {name}, which does not exist')
    for name in sorted({n for n in listed if listed.count(n) > 1}):
        problems.append(f'po/POTFILES.in: lists {name} more than once')
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f'po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
