#!/usr/bin/python3
# tests/data/check-install.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks what a user gets.

  check-install.py layout BUILD_ROOT MESON
      every data file lands where desktops, GIO and AppStream look for it;
      under the /usr and /usr/local prefixes, in the very directories the
      session's autostart reads (XDG_CONFIG_DIRS' default, /etc/xdg).
  check-install.py translation LANG BUILD_ROOT MESON CLI
      the installed catalogue for LANG is the one `plugboard-cli --help` loads.

The CLI looks for catalogues in the LOCALEDIR compiled into it, so the
translation check runs it in a private mount namespace where an overlay puts
the DESTDIR tree over that directory: the real system is never touched.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

APP_ID = 'io.github.plugboard.Plugboard'
SKIP = 77
# The prefixes whose files the desktop and the shells find with no setup of
# their own; under any other, the user points them there.
SYSTEM_PREFIXES = ('/usr', '/usr/local')
XDG_CONFIG_DIRS_DEFAULT = '/etc/xdg'
XDG_DATA_DIRS_DEFAULT = ('/usr/local/share', '/usr/share')

# msgid "Commands:" as each catalogue must translate it.
COMMANDS_HEADING = {
    'fr': 'Commandes\u00a0:',
    'zh_TW': '指令：',
}


def install(build_root: str, meson: str, destdir: str, tags: str = None) -> None:
    # A tagged install takes what the test depends on; a full one builds
    # whatever `meson test` did not need, as a user's `meson install` would.
    cmd = [meson, 'install', '-C', build_root, '--quiet', '--destdir', destdir]
    if tags:
        cmd += ['--no-rebuild', '--tags', tags]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f'{" ".join(cmd)} failed:\n{run.stdout}{run.stderr}')


def build_option(build_root: str, name: str) -> str:
    config = pathlib.Path(build_root, 'config.h').read_text(encoding='utf-8')
    return re.search(rf'#define {name} "([^"]*)"', config).group(1)


def check_layout(build_root: str, meson: str) -> int:
    introspect = subprocess.run([meson, 'introspect', '--buildoptions', build_root],
                                check=True, capture_output=True, text=True).stdout
    options = {o['name']: o['value'] for o in json.loads(introspect)}
    prefix = options['prefix']
    datadir = os.path.join(prefix, options['datadir'])
    bindir = os.path.join(prefix, options['bindir'])
    mandir = os.path.join(prefix, options['mandir'])
    # bash-completion's own answer, with its datadir read as ours (as meson does).
    pc_dir = subprocess.run(['pkg-config', f'--define-variable=datadir={datadir}', '--variable=completionsdir',
                             'bash-completion'], capture_output=True, text=True).stdout.strip()
    bash_completion_dir = pc_dir or f'{datadir}/bash-completion/completions'
    gui = os.path.exists(os.path.join(build_root, 'src', 'app', 'plugboard'))
    system_prefix = prefix in SYSTEM_PREFIXES

    if options.get('autostartdir'):
        autostartdir = os.path.join(prefix, options['autostartdir'])
    elif system_prefix:
        # What sessions read (XDG_CONFIG_DIRS defaults to /etc/xdg), whichever
        # of the two prefixes: /usr/local/etc/xdg/autostart is read by nothing.
        autostartdir = f'{XDG_CONFIG_DIRS_DEFAULT}/autostart'
    else:
        autostartdir = os.path.join(prefix, options['sysconfdir'], 'xdg', 'autostart')

    expected = [
        (f'{datadir}/glib-2.0/schemas/{APP_ID}.gschema.xml', True),
        (f'{datadir}/applications/{APP_ID}.desktop', gui),
        (f'{autostartdir}/{APP_ID}.Indicator.desktop', gui),
        (f'{datadir}/metainfo/{APP_ID}.metainfo.xml', gui),
        (f'{datadir}/dbus-1/services/{APP_ID}.service', gui),
        (f'{datadir}/icons/hicolor/scalable/apps/{APP_ID}.svg', gui),
        (f'{datadir}/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg', gui),
        (f'{mandir}/man1/plugboard-cli.1', True),
        (f'{mandir}/man1/plugboard-indicator.1', True),
        (f'{mandir}/man1/plugboard.1', gui),
        (f'{bash_completion_dir}/plugboard-cli', True),
        (f'{datadir}/zsh/site-functions/_plugboard-cli', True),
        (f'{bash_completion_dir}/plugboard', True),
        (f'{datadir}/zsh/site-functions/_plugboard', True),
    ]
    problems = []
    with tempfile.TemporaryDirectory(prefix='pb-install-') as destdir:
        install(build_root, meson, destdir)
        root = pathlib.Path(destdir)
        for path, wanted in expected:
            present = (root / path.lstrip('/')).is_file()
            if present != wanted:
                problems.append(f'{path}: {"missing" if wanted else "installed without the GUI"}')
        autostart = sorted(str(p.relative_to(root)) for p in root.rglob(f'{APP_ID}.Indicator.desktop'))
        if len(autostart) > 1:
            problems.append(f'the autostart entry is installed more than once: {autostart}')
        if system_prefix:
            problems += man_finds_pages(root, mandir)
            problems += shells_find_completion(root, datadir)
        service = root / f'{datadir}/dbus-1/services/{APP_ID}.service'.lstrip('/')
        if gui and service.is_file():
            text = service.read_text(encoding='utf-8')
            if f'Name={APP_ID}\n' not in text or f'Exec={bindir}/plugboard --gapplication-service\n' not in text:
                problems.append(f'{service.name}: wrong Name= or Exec=:\n{text}')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def man_finds_pages(root: pathlib.Path, mandir: str) -> list:
    """man reads MANDIR (its configured search path has it) and finds the page by name there."""
    problems = []
    manpath = subprocess.run(['manpath', '-g'], capture_output=True, text=True).stdout.strip().split(':')
    if mandir not in manpath:
        problems.append(f'{mandir}: not on the search path of man ({":".join(manpath)})')
    found = subprocess.run(['man', '-M', str(root) + mandir, '-w', '1', 'plugboard-cli'],
                           capture_output=True, text=True)
    if found.returncode != 0 or not found.stdout.strip().endswith('/man1/plugboard-cli.1'):
        problems.append(f'man -M {mandir} -w 1 plugboard-cli does not find the page: {found.stderr.strip()}')
    return problems


def shells_find_completion(root: pathlib.Path, datadir: str) -> list:
    """bash-completion's loader finds the file by command name, and zsh's fpath holds its folder."""
    problems = []
    if datadir not in XDG_DATA_DIRS_DEFAULT:
        problems.append(f'{datadir}: not one of the data folders bash-completion searches '
                        f'({":".join(XDG_DATA_DIRS_DEFAULT)})')
    main = subprocess.run(['pkg-config', '--variable=completionsdir', 'bash-completion'],
                          capture_output=True, text=True).stdout.strip()
    script = (f'source {os.path.dirname(main) or "/usr/share/bash-completion"}/bash_completion || exit 3\n'
              '__load_completion plugboard-cli && complete -p plugboard-cli')
    env = dict(os.environ, XDG_DATA_DIRS=str(root) + datadir, BASH_COMPLETION_USER_DIR=str(root / 'nowhere'))
    loaded = subprocess.run(['bash', '--norc', '--noprofile', '-c', script], env=env, capture_output=True,
                            text=True)
    if loaded.returncode != 0 or 'plugboard-cli' not in loaded.stdout:
        problems.append(f'bash-completion does not load plugboard-cli from {datadir}: {loaded.stderr.strip()}')
    fpath = subprocess.run(['zsh', '-fc', 'print -rl -- $fpath'], capture_output=True, text=True).stdout.split()
    if f'{datadir}/zsh/site-functions' not in fpath:
        problems.append(f'{datadir}/zsh/site-functions: not on the fpath of zsh')
    return problems


def deepest_existing(path: str) -> str:
    while not os.path.isdir(path):
        path = os.path.dirname(path)
    return path


def check_translation(lang: str, build_root: str, meson: str, cli: str) -> int:
    localedir = build_option(build_root, 'LOCALEDIR')
    mountpoint = deepest_existing(localedir)
    if mountpoint == '/':
        print(f'{localedir}: no directory of it exists to overlay', file=sys.stderr)
        return SKIP
    with tempfile.TemporaryDirectory(prefix='pb-locale-') as destdir:
        install(build_root, meson, destdir, tags='i18n')
        catalogue = pathlib.Path(destdir + localedir, lang, 'LC_MESSAGES', 'plugboard.mo')
        if not catalogue.is_file():
            print(f'{catalogue}: not installed', file=sys.stderr)
            return 1
        unshare = ['unshare', '--mount'] + ([] if os.geteuid() == 0 else ['--map-root-user'])
        script = ('mount -t overlay overlay -o "lowerdir=$1$2:$2" "$2" || exit 77\n'
                  'shift 2\nexec "$@"')
        env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=lang)
        run = subprocess.run(unshare + ['sh', '-c', script, 'sh', destdir, mountpoint, cli, '--help'],
                             env=env, capture_output=True, text=True)
    if run.returncode == SKIP:
        print(f'cannot mount an overlay in a private namespace here: {run.stderr}', file=sys.stderr)
        return SKIP
    print(run.stdout)
    expected = COMMANDS_HEADING[lang]
    if run.returncode != 0 or expected not in run.stdout or 'Commands:' in run.stdout:
        print(f'LANGUAGE={lang} {cli} --help (exit {run.returncode}) does not show “{expected}”:\n'
              f'{run.stderr}', file=sys.stderr)
        return 1
    return 0


def main() -> int:
    if sys.argv[1] == 'layout':
        return check_layout(*sys.argv[2:4])
    return check_translation(*sys.argv[2:6])


if __name__ == '__main__':
    sys.exit(main())
