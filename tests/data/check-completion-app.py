#!/usr/bin/python3
# tests/data/check-completion-app.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""`plugboard -<TAB>` in bash offers exactly the long options of `plugboard --help-all`,
--version among them, and the zsh file lists the same.

  check-completion-app.py BASH_FILE ZSH_FILE PLUGBOARD
"""

import os
import re
import subprocess
import sys

ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
ENV.pop('DISPLAY', None)
ENV.pop('WAYLAND_DISPLAY', None)


def main():
    bash_file, zsh_file, program = sys.argv[1:4]
    help_all = subprocess.run([program, '--help-all'], env=ENV, capture_output=True, text=True, timeout=60,
                              check=True).stdout
    wanted = set(re.findall(r'^\s+(?:-\w, )?(--[\w-]+)', help_all, re.M))
    script = f'source {bash_file}; COMP_WORDS=(plugboard -); COMP_CWORD=1; _plugboard; printf "%s\\n" "${{COMPREPLY[@]}}"'
    offered = set(subprocess.run(['bash', '-c', script], env=ENV, capture_output=True, text=True, timeout=60,
                                 check=True).stdout.split())
    with open(zsh_file, encoding='utf-8') as f:
        zsh = set(re.findall(r'(--[\w-]+)', f.read()))
    problems = []
    if '--version' not in wanted:
        problems.append(f'{program} --help-all lists no --version')
    if offered != wanted:
        problems.append(f'bash offers {sorted(offered)}, {program} has {sorted(wanted)}')
    if zsh != wanted:
        problems.append(f'zsh offers {sorted(zsh)}, {program} has {sorted(wanted)}')
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(wanted)} options checked')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
