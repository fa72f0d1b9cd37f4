#!/usr/bin/python3
# tests/data/check-completion.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Completes plugboard-cli command lines in bash and zsh, as a user's TAB would.

  check-completion.py BASH_FILE ZSH_FILE CLI

bash: the file is loaded after bash-completion's own bash_completion, and the
function it registers for plugboard-cli is called with COMP_WORDS set. zsh: an
interactive zsh on a pseudo-terminal (zsh/zpty) with the file on its fpath and
compinit run gets the line and a TAB, and reports what compadd was given.
What must come back is read from the program: the commands of
`plugboard-cli --help` and the options of each `plugboard-cli COMMAND --help`,
so the completion cannot drift from the CLI. Handles, ports and drive names
come from `plugboard-cli --json list`, played here by a stub that logs its
arguments, so that --server is seen to reach it.
"""

import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
for name in ('DBUS_SESSION_BUS_ADDRESS', 'DBUS_SYSTEM_BUS_ADDRESS', 'BASH_COMPLETION_USER_DIR'):
    ENV.pop(name, None)

STUB = r'''#!/bin/sh
echo "$@" >> "$0.log"
case "$*" in
  *"list links") printf '[\n  {\n    "kind" : "link",\n    "handle" : "1"\n  },\n  {\n    "kind" : "link",\n    "handle" : "12"\n  }\n]\n' ;;
  *"list ports") printf '[{"kind":"port","name":"ttyUSB0"},{"kind":"port","name":"ppp0"}]\n' ;;
  *"list drives") printf '[\n  {\n    "local_name" : "Team Share",\n    "remote_name" : "smb://nas/team"\n  }\n]\n' ;;
  *) exit 2 ;;
esac
'''

# Sourced by the zsh on the pseudo-terminal: compadd is wrapped to print each
# match it is given, and ^X ends the session once the TAB has been handled.
ZSH_INIT = r'''PROMPT='' RPROMPT=''
autoload -Uz compinit
compinit -u -d ${0:h}/zcompdump   # the first run writes it, the others start fast
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' menu no
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return $?
  fi
  local -a __hits
  builtin compadd -A __hits "$@"
  local h
  for h in $__hits; do print -rn -- $'\n'"<<H:$h>>"$'\n'; done
  builtin compadd "$@"
}
_pb_finish() { print -rn -- $'\n<<END>>\n'; exit }
zle -N _pb_finish
bindkey '^X' _pb_finish
'''

ZSH_DRIVER = r'''zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); source ${(q)2}"
zpty -n -w z "$3"$'\t'
zpty -w z $'\C-x'
local line out=""
while zpty -r z line; do out+=$line; [[ $line == *'<<END>>'* ]] && break; done
zpty -d z
print -r -- $out
'''


def run(argv, timeout=60):
    return subprocess.run(argv, env=ENV, capture_output=True, text=True, check=False, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def cli_commands(cli):
    commands, listing = [], False
    for line in run([cli, '--help']).stdout.splitlines():
        if line.startswith('Commands:'):
            listing = True
        elif listing and re.match(r'  [a-z]', line):
            commands.append(line.split()[0])
        elif listing and line and not line.startswith(' '):
            listing = False
    return commands


def command_options(cli, command):
    options = set()
    for line in run([cli, command, '--help']).stdout.splitlines():
        match = re.match(r'\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', line)
        if match:
            options.add(match.group(1))
    return options


def bash_main_script():
    completions = run(['pkg-config', '--variable=completionsdir', 'bash-completion']).stdout.strip()
    base = os.path.dirname(completions) if completions else '/usr/share/bash-completion'
    return os.path.join(base, 'bash_completion')


class Shells:
    def __init__(self, bash_file, zsh_file, tmp):
        self.bash_file = bash_file
        self.zsh_dir = os.path.join(tmp, 'zsh')
        os.makedirs(self.zsh_dir)
        os.symlink(os.path.abspath(zsh_file), os.path.join(self.zsh_dir, '_plugboard-cli'))
        self.zsh_init = os.path.join(tmp, 'init.zsh')
        pathlib.Path(self.zsh_init).write_text(ZSH_INIT, encoding='utf-8')
        self.zsh_driver = os.path.join(tmp, 'driver.zsh')
        pathlib.Path(self.zsh_driver).write_text(ZSH_DRIVER, encoding='utf-8')
        self.bash_main = bash_main_script()

    def bash(self, words):
        """What TAB offers in bash at the end of WORDS (the last one is being typed)."""
        line = ' '.join(shlex.quote(w) if w else '' for w in words)
        script = f'''
source {shlex.quote(self.bash_main)} || exit 3
source {shlex.quote(self.bash_file)} || exit 3
compopt() {{ :; }}   # only valid inside a completion started by readline
COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})
COMP_CWORD={len(words) - 1}
COMP_LINE={shlex.quote(line)}
COMP_POINT=${{#COMP_LINE}}
spec=$(complete -p plugboard-cli) || exit 4
fn=${{spec#*-F }}; fn=${{fn%% *}}
"$fn" plugboard-cli "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
'''
        result = run(['bash', '--norc', '--noprofile', '-c', script])
        if result.returncode != 0:
            raise RuntimeError(f'bash could not complete {words}: exit {result.returncode}: {result.stderr}')
        return set(filter(None, result.stdout.split('\n'))), result.stderr

    def zsh(self, words):
        line = ' '.join(words)
        result = run(['zsh', '-f', self.zsh_driver, self.zsh_dir, self.zsh_init, line])
        if result.returncode != 0 or '<<END>>' not in result.stdout:
            raise RuntimeError(f'zsh could not complete {line!r}: exit {result.returncode}: {result.stderr}')
        return set(re.findall(r'<<H:([^<>\n]*)>>', result.stdout)), ''


def main():
    bash_file, zsh_file, cli = sys.argv[1:4]
    commands = cli_commands(cli)
    if not commands:
        print(f'{cli} --help lists no commands', file=sys.stderr)
        return 1
    problems = []

    def expect(shell, words, wanted, exact=True):
        got, stderr = getattr(shells, shell)(words)
        ok = got == wanted if exact else wanted <= got
        if stderr:
            problems.append(f'{shell}: {" ".join(words)!r}<TAB> wrote to the terminal: {stderr.strip()}')
        if not ok:
            problems.append(f'{shell}: {" ".join(words)!r}<TAB> offers {sorted(got)}, '
                            f'{"not" if exact else "lacking"} {sorted(wanted if exact else wanted - got)}')
        print(f'{shell}: {" ".join(words)!r} -> {sorted(got)}')

    with tempfile.TemporaryDirectory(prefix='pb-completion-') as tmp:
        shells = Shells(bash_file, zsh_file, tmp)
        stub = os.path.join(tmp, 'plugboard-cli')
        pathlib.Path(stub).write_text(STUB, encoding='utf-8')
        os.chmod(stub, 0o755)
        log = pathlib.Path(stub + '.log')

        for shell in ('bash', 'zsh'):
            drive_commands = {c for c in commands if c.startswith('dr')}
            if not {'drive-map', 'drive-cancel'} <= drive_commands:
                problems.append(f'{cli} --help lists no drive-map and drive-cancel')
            expect(shell, ['plugboard-cli', 'dr'], drive_commands)
            expect(shell, ['plugboard-cli', ''], set(commands))
            expect(shell, ['plugboard-cli', '--json', 'h'], {c for c in commands if c.startswith('h')})
            kinds = {'links', 'ports', 'drives', 'all'}
            expect(shell, ['plugboard-cli', 'list', ''], kinds)
            expect(shell, ['plugboard-cli', '--json', 'list', ''], kinds)
            expect(shell, ['plugboard-cli', '--server', 'gw', 'list', 'd'], {'drives'})
            # list asks several servers: --server is offered again, before the command and after it.
            expect(shell, ['plugboard-cli', '--server', 'gw', '--se'], {'--server'})
            expect(shell, ['plugboard-cli', 'list', '--server', 'gw', '--se'], {'--server'})
            expect(shell, ['plugboard-cli', '--server', 'gw', 'list', 'links', '-s', 'gw2', '--se'], {'--server'})
            for command in commands:
                options = command_options(cli, command)
                if shell == 'zsh':  # zsh's _arguments leaves --help out unless asked
                    options.discard('--help')
                expect(shell, ['plugboard-cli', command, '--'], options, exact=(shell == 'bash'))

            expect(shell, [stub, 'hangup', ''], {'1', '12'})
            log.unlink(missing_ok=True)
            expect(shell, [stub, '-s', 'gw', 'port-disconnect', ''], {'ttyUSB0', 'ppp0'})
            if '--json --server gw list ports' not in log.read_text(encoding='utf-8'):
                problems.append(f'{shell}: the server on the line did not reach plugboard-cli: {log.read_text()}')
            expect(shell, [stub, 'drive-cancel', 'Te'], {'Team\\ Share'})
            expect(shell, [stub, 'drive-cancel', 'smb'], {'smb://nas/team'})
            # The real program with no bus to ask: nothing to offer, and not a
            # word of its warnings on the user's terminal.
            expect(shell, [cli, 'hangup', ''], set())

    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
