#!/usr/bin/python3
# tests/data/check-man.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the manual pages as man renders them, and against the programs.

  check-man.py PB_ERROR_H PAGE PROGRAM [PAGE PROGRAM]...

Each page must render through groff with every warning on (-ww) and through
`man -l` without a word on standard error. Each page must document every
option its PROGRAM's --help-all lists, and no option the program lacks.
plugboard-cli's page must also have a section for each command of
`plugboard-cli --help` (and none for a command that does not exist), every
option of each command, and each PB_ERROR code with its exit status.
"""

import os
import pathlib
import re
import subprocess
import sys

ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C', MANWIDTH='80', MAN_DISABLE_SECCOMP='1')
ENV.pop('MANPAGER', None)
ENV.pop('PAGER', None)
# An option in running text: --word, not a dash inside a word or a path.
OPTION = re.compile(r'(?<![\w/-])(--[a-z][a-z0-9-]*)')
# PB_ERROR_<NAME> = 1 in the enum, the rest in order: exit status 9 + value.
EXIT_BASE = 9


def run(argv):
    return subprocess.run(argv, env=ENV, capture_output=True, text=True, check=False)


def render_problems(page: pathlib.Path) -> list:
    problems = []
    groff = run(['groff', '-man', '-Tutf8', '-ww', '-z', str(page)])
    if groff.returncode != 0 or groff.stderr:
        problems.append(f'{page.name}: groff -man -ww: exit {groff.returncode}\n{groff.stderr}')
    man = run(['man', '--warnings=w', '-l', str(page)])
    if man.returncode != 0 or man.stderr or 'NAME' not in man.stdout:
        problems.append(f'{page.name}: man -l: exit {man.returncode}\n{man.stderr}')
    return problems


def plain_text(page: pathlib.Path) -> str:
    """The page as a reader sees it, on lines long enough never to break an option."""
    text = run(['groff', '-man', '-Tascii', '-rLL=300n', '-P-c', '-P-b', '-P-u', str(page)]).stdout
    return text


def options_of(program: str, *args: str) -> set:
    """The long options that PROGRAM [ARGS] --help-all (a command's --help) lists."""
    help_run = run([program, *args, '--help' if args else '--help-all'])
    if help_run.returncode != 0:
        raise SystemExit(f'{program} {" ".join(args)} --help: exit {help_run.returncode}\n{help_run.stderr}')
    found = set()
    for line in help_run.stdout.splitlines():
        match = re.match(r'\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', line)
        if match:
            found.add(match.group(1))
    return found


def cli_commands(cli: str) -> list:
    usage = run([cli, '--help']).stdout
    commands = []
    in_commands = False
    for line in usage.splitlines():
        if line.startswith('Commands:'):
            in_commands = True
        elif in_commands and re.match(r'  [a-z]', line):
            commands.append(line.split()[0])
        elif in_commands and line and not line.startswith(' '):
            in_commands = False
    return commands


def check_options(page: pathlib.Path, documented: set, actual: set) -> list:
    problems = [f'{page.name}: does not document {o}' for o in sorted(actual - documented)]
    problems += [f'{page.name}: documents {o}, which the program does not have' for o in sorted(documented - actual)]
    return problems


def check_cli(page: pathlib.Path, cli: str, error_h: pathlib.Path) -> list:
    source = page.read_text(encoding='utf-8')
    text = plain_text(page)
    problems = []

    commands = cli_commands(cli)
    if not commands:
        return [f'{cli} --help lists no commands']
    sections = re.findall(r'^\.SS "?([a-z][a-z-]*)', source.replace('\\-', '-'), re.M)
    problems += [f'{page.name}: no section for the command {c}' for c in commands if c not in sections]
    problems += [f'{page.name}: a section for {s}, which plugboard-cli does not have' for s in sections
                 if s not in commands]

    # The global options are in every command's --help; these two stand alone.
    actual = {'--help', '--version'}
    for command in commands:
        actual |= options_of(cli, command)
    problems += check_options(page, set(OPTION.findall(text)), actual)

    names = re.findall(r'^\s*PB_ERROR_([A-Z_]+)(?:\s*=\s*(\d+))?,', error_h.read_text(encoding='utf-8'), re.M)
    if not names:
        problems.append(f'{error_h}: no PB_ERROR codes found')
    value = 0
    for name, number in names:
        value = int(number) if number else value + 1
        if not re.search(rf'^\s*{name} \(exit {EXIT_BASE + value}\)$', text, re.M):
            problems.append(f'{page.name}: ERRORS lacks “{name} (exit {EXIT_BASE + value})”')
    return problems


def check_version(page: pathlib.Path, program: str) -> list:
    """PROGRAM --version prints the version the page's header gives, if it has the option."""
    if '--version' not in options_of(program):
        return []
    header = re.search(r'^\.TH \S+ \S+ "[^"]*" "\S+ ([^"]+)"', page.read_text(encoding='utf-8'), re.M)
    version = run([program, '--version'])
    name = pathlib.Path(program).name
    if version.returncode != 0 or header is None or version.stdout.strip() != f'{name} {header.group(1)}':
        return [f'{page.name}: {name} --version printed “{version.stdout.strip()}” (exit {version.returncode}), '
                f'the page says {header.group(1) if header else "no version"}']
    return []


def main() -> int:
    error_h = pathlib.Path(sys.argv[1])
    problems = []
    pairs = sys.argv[2:]
    for page_name, program in zip(pairs[::2], pairs[1::2]):
        page = pathlib.Path(page_name)
        problems += render_problems(page)
        if page.name == 'plugboard-cli.1':
            problems += check_cli(page, program, error_h)
        else:
            text = plain_text(page)
            options_section = text.split('OPTIONS', 1)[-1]
            options_section = re.split(r'^[A-Z][A-Z ]+$', options_section, maxsplit=1, flags=re.M)[0]
            problems += check_options(page, set(OPTION.findall(options_section)), options_of(program))
            problems += check_version(page, program)
        print(f'{page.name}: checked against {program}')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
