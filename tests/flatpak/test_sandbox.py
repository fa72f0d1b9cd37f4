#!/usr/bin/python3
# tests/flatpak/test_sandbox.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The Flatpak, installed and run in its sandbox (issue #11).

build-aux/flatpak-local.py builds the manifest against a stand-in GNOME
runtime made from Debian's packages and installs it in a private --user
installation (cached: seconds when nothing changed). Each test runs the
installed app with `flatpak run --user`: bubblewrap makes the sandbox and
flatpak's D-Bus proxy filters the buses by the manifest's finish-args. The
system bus is a private one with the test NetworkManager on it
(tests/nm/nmfixture.py); flatpak proxies whatever DBUS_SYSTEM_BUS_ADDRESS
names. The session bus is a private one too, with nothing on it that could be
started on demand.
'''

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
sys.path.insert(0, os.path.join(HERE, '..', 'nm'))
import pbtestlib  # noqa: E402
from nmfixture import NMFixture  # noqa: E402

APP_ID = 'io.github.plugboard.Plugboard'
NM_NAME = 'org.freedesktop.NetworkManager'
SOURCE_ROOT = os.environ.get('PB_SOURCE_ROOT', os.path.join(HERE, '..', '..'))
SCRIPT = os.path.join(SOURCE_ROOT, 'build-aux', 'flatpak-local.py')
CLI = os.environ.get('PB_CLI')
TOOLS = ('flatpak', 'flatpak-builder', 'ostree', 'bwrap', 'eu-strip', 'dbus-daemon')
TIMING_RUNS = 7

# A session bus that starts nothing on demand: the host's session services
# (gvfsd, portals) must not turn up inside the test unless a test starts them.
SESSION_BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
'''


def sandbox_skip_reason():
    '''Why bubblewrap cannot make a sandbox here, when the kernel is the reason
    (unprivileged user namespaces turned off); None when it can.'''
    if shutil.which('bwrap') is None:
        return None     # a missing tool fails in setUpClass, it is no reason to skip
    proc = subprocess.run(['bwrap', '--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', 'true'],
                          capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return None
    for path in ('/proc/sys/kernel/unprivileged_userns_clone', '/proc/sys/user/max_user_namespaces'):
        try:
            with open(path, encoding='utf-8') as f:
                if f.read().strip() == '0':
                    return f'the kernel forbids user namespaces ({path} is 0): bwrap says {proc.stderr.strip()}'
        except OSError:
            pass
    if 'namespace' in proc.stderr.lower():
        return f'the kernel forbids user namespaces here: bwrap says {proc.stderr.strip()}'
    return None


SKIP = sandbox_skip_reason()


@unittest.skipIf(SKIP, SKIP)
class SandboxTestCase(unittest.TestCase):
    '''The installed app in its sandbox, against the test NetworkManager.'''

    @classmethod
    def setUpClass(cls):
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing:
            raise AssertionError('missing ' + ', '.join(missing) + ': see the README, "Flatpak"')
        started = time.monotonic()
        built = subprocess.run([SCRIPT, '--print-env'], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
                               check=False)
        if built.returncode != 0:
            raise AssertionError(f'{SCRIPT} failed ({built.returncode}); its output is above')
        print(f'flatpak-local.py took {time.monotonic() - started:.1f} s', file=sys.stderr)
        flatpak_env = dict(line.split('=', 1) for line in built.stdout.splitlines() if '=' in line)

        cls.tmpdir = tempfile.mkdtemp(prefix='pbflatpak-')
        cls.session_bus = None
        cls.nm = None
        try:
            runtime_dir = os.path.join(cls.tmpdir, 'run')
            home = os.path.join(cls.tmpdir, 'home')
            os.makedirs(runtime_dir, mode=0o700)
            os.makedirs(home)
            config = os.path.join(cls.tmpdir, 'session.conf')
            with open(config, 'w', encoding='utf-8') as f:
                f.write(SESSION_BUS_CONFIG.format(socket=os.path.join(runtime_dir, 'bus')))
            cls.session_bus, session_address = pbtestlib.start_dbus_daemon(
                config, os.path.join(cls.tmpdir, 'session-bus.log'), pdeathsig=True)
            cls.nm = NMFixture()
            cls.nm.start()
        except BaseException:
            cls.tearDownClass()
            raise
        env = {k: v for k, v in os.environ.items()
               if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR')}
        env.update(flatpak_env, HOME=home, XDG_RUNTIME_DIR=runtime_dir,
                   DBUS_SESSION_BUS_ADDRESS=session_address, DBUS_SYSTEM_BUS_ADDRESS=cls.nm.address)
        cls.env = env

    @classmethod
    def tearDownClass(cls):
        if cls.nm is not None:
            cls.nm.stop()
            cls.nm = None
        pbtestlib.stop(cls.session_bus)
        cls.session_bus = None
        shutil.rmtree(cls.tmpdir, ignore_errors=True)

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.nm.populate_demo()

    def sandboxed(self, *args, run_options=(), timeout=60):
        '''plugboard-cli ARGS inside the sandbox; run_options go to flatpak run.'''
        return subprocess.run(['flatpak', 'run', '--user', *run_options, '--command=plugboard-cli', APP_ID, *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout, check=False)

    def host(self, *args, timeout=60):
        '''The build tree's plugboard-cli ARGS on the host, same buses.'''
        return subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)

    def test_version(self):
        proc = self.sandboxed('--version')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r'^plugboard-cli \d+\.\d+\.\d+\n$')
        if CLI:
            self.assertEqual(proc.stdout, self.host('--version').stdout)

    def test_list_links_through_the_proxy(self):
        '''--system-talk-name=org.freedesktop.NetworkManager lets libnm reach the
        test NetworkManager through flatpak's filtering proxy.'''
        proc = self.sandboxed('--json', 'list', 'links')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        links = json.loads(proc.stdout)
        names = sorted(link['name'] for link in links)
        self.assertIn('Office VPN', names)
        self.assertIn('Mobile Broadband', names)
        self.assertTrue(all(link['kind'] == 'link' for link in links), links)
        if CLI:
            outside = self.host('--json', 'list', 'links')
            self.assertEqual(outside.returncode, 0, outside.stderr)
            self.assertEqual(names, sorted(link['name'] for link in json.loads(outside.stdout)))

    def test_without_the_networkmanager_permission(self):
        '''Without --system-talk-name=org.freedesktop.NetworkManager the proxy
        hides NetworkManager: no links or ports, a message that names it, and
        the rest of the CLI still works.'''
        closed = ('--system-no-talk-name=' + NM_NAME,)
        proc = self.sandboxed('--json', 'list', 'links', run_options=closed)
        self.assertEqual(json.loads(proc.stdout or '[]'), [], proc.stdout)
        self.assertIn('NetworkManager', proc.stderr)
        ports = self.sandboxed('--json', 'list', 'ports', run_options=closed)
        self.assertEqual(json.loads(ports.stdout or '[]'), [], ports.stdout)
        version = self.sandboxed('--version', run_options=closed)
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertTrue(version.stdout.startswith('plugboard-cli '), version.stdout)
        # and the same bus, with the permission, does list them: the proxy made the difference
        self.assertNotEqual(json.loads(self.sandboxed('--json', 'list', 'links').stdout), [])

    def test_list_all_wall_time(self):
        '''Prints the wall time of `plugboard-cli list all` inside the sandbox
        (flatpak run included) and outside it, in the same run. No limit on
        either: the figures go in the README, the check is that both agree.'''
        if not CLI:
            self.skipTest('PB_CLI is not set: run through meson test')

        def timed(run):
            times = []
            out = None
            for _ in range(TIMING_RUNS):
                start = time.monotonic()
                proc = run()
                times.append((time.monotonic() - start) * 1000)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                out = proc.stdout
            return times, out

        inside, inside_out = timed(lambda: self.sandboxed('list', 'all'))
        outside, outside_out = timed(lambda: self.host('list', 'all'))
        self.assertEqual(inside_out, outside_out)
        for label, times in (('inside the sandbox (flatpak run)', inside), ('outside (build tree)', outside)):
            print(f'plugboard-cli list all, {label}: median {statistics.median(times):.0f} ms '
                  f'(min {min(times):.0f}, max {max(times):.0f}, {TIMING_RUNS} runs)', file=sys.stderr)

    def test_installed_size(self):
        '''Prints the installed size of the app, of its translations (the Locale extension) and
        of the runtime it runs on, as `flatpak info --show-size` reports them. No limit: the
        figures go in the README.'''
        sizes = {}
        for ref in (APP_ID, APP_ID + '.Locale', 'org.gnome.Platform//debian12'):
            proc = subprocess.run(['flatpak', 'info', '--user', '--show-size', ref], env=self.env,
                                  capture_output=True, text=True, check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            sizes[ref] = int(proc.stdout)
            self.assertGreater(sizes[ref], 0, ref)
        print('installed: ' + ', '.join(f'{ref} {size / 1e6:.2f} MB ({size} bytes)' for ref, size in sizes.items()),
              file=sys.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
