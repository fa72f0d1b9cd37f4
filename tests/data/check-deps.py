#!/usr/bin/python3
# tests/data/check-deps.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every program, Python module and typelib the tests and scripts use comes
from a package that build-aux/install-deps.sh installs.

  check-deps.py SOURCE_ROOT

CI runs on a fresh Debian 12 machine, where a tool that only happens to be
installed here is missing. What is read: absolute paths (/usr/bin/…,
/usr/libexec/…) and the first word of subprocess argv lists in tests/ and the
scripts tests and CI run, find_program() in meson files, Python imports,
gi.require_version(), and the Debian package lists (*_PACKAGES) of
flatpak-local.py, which the flatpak suite runs. Each is found on this machine
and traced to its Debian package with dpkg -S. That package must be in one of
the script's tiers, or be something one of those depends on, or be part of
every Debian system (Essential or Priority required). The demo's own files (demoscene.py and the fixtures
it starts) must be covered by the default and --demo tiers alone, since
demo.sh asks for no more. build-aux's other scripts (screenshots) are tools
for developers that check for their own needs.
"""

import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys

# demoscene.py takes two constants from guisession.py, whose Xvfb and AT-SPI
# client parts run only in the gui suite.
DEMO_FILES = ('tests/gui/demoscene.py', 'tests/nm/nmfixture.py', 'tests/nm/pbnm_template.py',
              'tests/drives/drivesfixture.py', 'tests/pbtestlib.py')
SCRIPTS = ('build-aux/test.sh', 'build-aux/test-summary.py', 'build-aux/run.sh', 'build-aux/demo.sh',
           'build-aux/flatpak-local.py')
# A Python list named *_PACKAGES in these files names Debian packages that must
# be installed (flatpak-local.py copies them into its stand-in runtime).
PACKAGE_LIST = re.compile(r'^\w+_PACKAGES = (?:\w+ \+ )?\[(.*?)\]', re.M | re.S)
ABSOLUTE = re.compile(r'''["'](/usr/(?:s?bin|libexec|lib)/[\w.+/-]+)["']''')
ARGV0 = re.compile(r'''\b(?:run|Popen|check_output|check_call|output)\(\s*\[\s*["']([a-z][\w.+-]*)["']''')
FIND_PROGRAM = re.compile(r'''find_program\(\s*'([^']+)''')
IMPORT = re.compile(r'^\s*(?:import\s+([a-zA-Z_]\w*)|from\s+([a-zA-Z_]\w*)[\w.]*\s+import\b)', re.M)
GI = re.compile(r'''require_version\(\s*['"](\w+)['"]\s*,\s*['"]([\d.]+)['"]''')
TYPELIB_DIRS = ('/usr/lib/x86_64-linux-gnu/girepository-1.0', '/usr/lib/girepository-1.0',
                '/usr/lib/aarch64-linux-gnu/girepository-1.0')


def tiers(script: str) -> dict:
    found = {}
    for name in ('RUN', 'DEMO', 'TEST'):
        match = re.search(rf'^{name}_PACKAGES="([^"]*)"', script, re.M)
        found[name] = set(match.group(1).split()) if match else set()
    return found


def owners(paths) -> dict:
    """{path: the Debian package that installed it}, through /usr-merge's aliases, in one dpkg -S."""
    aliases = {}
    for path in paths:
        for candidate in (path, os.path.realpath(path), re.sub(r'^/usr/(s?bin|lib)/', r'/\1/', path)):
            aliases.setdefault(candidate, path)
    run = subprocess.run(['dpkg', '-S', *aliases], capture_output=True, text=True)
    found = {}
    for line in run.stdout.splitlines():
        packages, _, listed = line.partition(': ')
        if listed in aliases:
            found.setdefault(aliases[listed], packages.split(',')[0].split(':')[0].strip())
    return found


def closure(packages: set) -> set:
    """PACKAGES and everything they depend on, as apt resolves it here."""
    run = subprocess.run(['apt-cache', 'depends', '--recurse', '--no-recommends', '--no-suggests',
                          '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', *sorted(packages)],
                         capture_output=True, text=True)
    found = set(packages)
    for line in run.stdout.splitlines():
        line = line.strip()
        if line and not line.startswith('<'):
            found.add(line.split(':', 1)[-1].strip().split(':')[0] if ':' in line else line)
    return found


def everywhere(package: str) -> bool:
    fields = subprocess.run(['dpkg-query', '-W', '-f=${Essential} ${Priority}', package],
                            capture_output=True, text=True).stdout.split()
    return 'yes' in fields or 'required' in fields


def needs(root: pathlib.Path, files: list) -> dict:
    """{what: path on this machine} for everything FILES use."""
    wanted = {}
    local_modules = {p.stem for p in root.joinpath('tests').rglob('*.py')}
    for file in files:
        text = file.read_text(encoding='utf-8', errors='replace')
        for path in ABSOLUTE.findall(text):
            if not path.endswith('/'):
                wanted[path] = path if os.path.isfile(path) or not os.path.exists(path) else None
        programs = ARGV0.findall(text) + FIND_PROGRAM.findall(text)
        for program in programs:
            if program.startswith('/'):
                wanted[program] = program
            else:
                wanted[program] = shutil.which(program) or ''
        for listed in PACKAGE_LIST.findall(text):
            for package in re.findall(r"'([a-z0-9][\w.+-]*)'", listed):
                wanted[f'package {package}'] = f'package:{package}'
        if file.suffix == '.py':
            modules = {a or b for a, b in IMPORT.findall(text)}
            for module in modules - local_modules - set(sys.builtin_module_names):
                spec = importlib.util.find_spec(module)
                origin = spec.origin if spec else ''
                if origin and origin.startswith('/usr/lib/python3/dist-packages/'):
                    wanted[f'python module {module}'] = origin
                elif not origin:
                    wanted[f'python module {module}'] = ''
            for namespace, version in GI.findall(text):
                typelib = next((os.path.join(d, f'{namespace}-{version}.typelib') for d in TYPELIB_DIRS
                                if os.path.exists(os.path.join(d, f'{namespace}-{version}.typelib'))), '')
                wanted[f'typelib {namespace}-{version}'] = typelib
    return wanted


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    lists = tiers((root / 'build-aux' / 'install-deps.sh').read_text(encoding='utf-8'))
    if not all(lists.values()):
        print(f'install-deps.sh: cannot read its tiers: {lists}', file=sys.stderr)
        return 1
    files = [p for p in sorted(root.joinpath('tests').rglob('*'))
             if p.is_file() and p.suffix in ('.py', '.sh', '.build', '')]
    files += [root / f for f in SCRIPTS]
    files += [root / 'meson.build'] + sorted(root.rglob('*/meson.build'))
    files = [f for f in files if not any(part.startswith('_build') for part in f.parts)]

    problems = []
    checks = [('every tier', files, closure(lists['RUN'] | lists['DEMO'] | lists['TEST'])),
              ('the default and --demo tiers', [root / f for f in DEMO_FILES], closure(lists['RUN'] | lists['DEMO']))]
    for label, scope, allowed in checks:
        wanted = {what: path for what, path in needs(root, scope).items() if path is not None}
        packages = owners(path for path in wanted.values() if path and not path.startswith('package:'))
        packages.update({path: path[len('package:'):] for path in wanted.values() if path.startswith('package:')})
        for what, path in sorted(wanted.items()):
            if not path:
                problems.append(f'{what}: not found on this machine, so its package is unknown')
                continue
            package = packages.get(path)
            if not package:
                continue  # not from a package: a file the tests make, or a pip module
            if package not in allowed and not everywhere(package):
                problems.append(f'{what} ({path}) comes from {package}, which {label} of install-deps.sh lacks')
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'checked {len(files)} files against {sum(map(len, lists.values()))} packages')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
