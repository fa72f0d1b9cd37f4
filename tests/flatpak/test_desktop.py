#!/usr/bin/python3
# tests/flatpak/test_desktop.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''The Flatpak in its sandbox on a whole test desktop (issue #11).

One desktop for the class: the test NetworkManager on a private system bus;
the drives fixture's session bus with a real gvfsd, Samba and an unlocked
gnome-keyring (tests/drives/drivesfixture.py); Xvfb with an AT-SPI bus
(tests/gui/guisession.py); and Debian 12's real portal stack on that session
bus: xdg-desktop-portal 1.16 with xdg-desktop-portal-gtk (Notification) and
xdg-desktop-portal-gnome (Background), xdg-permission-store, and gnome-keyring
as the Secret portal's backend, all chosen by XDG_CURRENT_DESKTOP=GNOME as on a
GNOME desktop. The test process plays the panel (a StatusNotifierWatcher) and
the notification server the portal forwards to.

Every app run is `flatpak run --user` of the build-aux/flatpak-local.py
install: bubblewrap and flatpak's xdg-dbus-proxy filter both buses by the
manifest's finish-args. As root, the desktop's XDG_RUNTIME_DIR is
/run/user/UID, as on a real desktop, in a mount namespace of the test's own
(private_run_user()): only there does GIO in the sandbox find gvfsd's sockets
where flatpak shows them. The tests named test_without_* take one finish-arg
away with `flatpak run --no-talk-name=...`, `--nofilesystem=...`,
`--nosocket=...` or `--env=...` and check that the one feature needing it says
so while the rest still works.
'''

import configparser
import ctypes
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
sys.path.insert(0, os.path.join(HERE, '..', 'drives'))
sys.path.insert(0, os.path.join(HERE, '..', 'gui'))
# pylint: disable=wrong-import-position
import pbtestlib  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402
from nmfixture import NMFixture  # noqa: E402
from drivesfixture import DrivesFixture  # noqa: E402
import guisession  # noqa: E402
from guisession import GuiSession  # noqa: E402
from test_indicator import MENU_IFACE, NOTIFICATIONS_XML, WATCHER, WATCHER_XML, Peer, shown_label  # noqa: E402
from test_sandbox import APP_ID, SCRIPT, SKIP, TOOLS  # noqa: E402

PORTALS = {
    # name on the bus: the program that owns it
    'org.freedesktop.impl.portal.PermissionStore': '/usr/libexec/xdg-permission-store',
    'org.freedesktop.impl.portal.desktop.gtk': '/usr/libexec/xdg-desktop-portal-gtk',
    'org.freedesktop.impl.portal.desktop.gnome': '/usr/libexec/xdg-desktop-portal-gnome',
    'org.freedesktop.portal.Desktop': '/usr/libexec/xdg-desktop-portal',
}
PORTAL_GTK = 'org.freedesktop.impl.portal.desktop.gtk'
NOTIFY_PATH = '/org/freedesktop/Notifications'
TIMEOUT = 30
WINDOW_RUNS = 3
GVFSD_WARNING = 'missing --filesystem=xdg-run/gvfsd'
CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE, MNT_DETACH = 0x1000, 0x4000, 0x40000, 2


def private_run_user(folder):
    '''/run/user/UID in a mount namespace of this process's own, where FOLDER/run-user is
    bound over /run/user: the host's /run/user is neither read nor changed. None when this
    process may not make a mount namespace (not root).

    Why: GVfs's client (gvfs 1.50, client/gvfsdaemondbus.c) opens a backend's direct socket
    only if $XDG_RUNTIME_DIR/gvfsd is a folder it may write to, and then connects to the
    path gvfsd gives, which is in gvfsd's own $XDG_RUNTIME_DIR/gvfsd. In a sandbox that
    variable is always /run/user/UID (flatpak run sets it), while --filesystem=xdg-run/gvfsd
    shows the host's realpath($XDG_RUNTIME_DIR)/gvfsd at that same path (flatpak 1.14,
    common/flatpak-context.c: flatpak_context_export() and get_xdg_user_dir_from_string()).
    The two meet only where the host's XDG_RUNTIME_DIR is /run/user/UID, as on a desktop.

    Called before any thread starts: a mount namespace is the calling thread's, and the
    processes it starts.'''
    if os.geteuid() != 0:
        return None
    if len(os.listdir('/proc/self/task')) != 1:
        raise RuntimeError('private_run_user() must run before this process starts a thread')
    libc = ctypes.CDLL(None, use_errno=True)

    def check(result, what):
        if result != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f'{what}: {os.strerror(errno)}')
    check(libc.unshare(CLONE_NEWNS), 'unshare(CLONE_NEWNS)')
    # Private from / down: nothing mounted here reaches the host's namespace, or back.
    check(libc.mount(b'none', b'/', None, MS_REC | MS_PRIVATE, None), 'making / private')
    run_user = os.path.join(folder, 'run-user')
    runtime_dir = os.path.join(run_user, str(os.getuid()))
    os.makedirs(runtime_dir, mode=0o700)
    os.chmod(run_user, 0o755)
    os.makedirs('/run/user', mode=0o755, exist_ok=True)
    check(libc.mount(run_user.encode(), b'/run/user', None, MS_BIND, None), 'binding /run/user')
    return f'/run/user/{os.getuid()}'


def release_run_user():
    '''Undo private_run_user()'s bind in this process's namespace.'''
    ctypes.CDLL(None, use_errno=True).umount2(b'/run/user', MNT_DETACH)


class GVfsCalls:
    '''The calls to GVfs's backends that cross the session bus, seen by a monitor
    (org.freedesktop.DBus.Monitoring): a backend's GetConnection, which a GIO client asks
    for before it opens the backend's direct socket, and org.gtk.vfs.Mount's methods,
    which go over the bus only when there is no direct socket.'''

    MARKER = 'io.github.plugboard.Test'

    def __init__(self, address):
        self.seen = []
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        # Filters run in GDBus's own thread: calls are recorded while the test waits on a
        # subprocess. A monitor may not reply, so the calls and signals it sees are dropped
        # here; replies (BecomeMonitor's own) go on.
        self.connection.add_filter(self.on_message)
        rules = ["type='method_call',interface='org.gtk.vfs.Daemon',member='GetConnection'",
                 "type='method_call',interface='org.gtk.vfs.Mount'",
                 f"type='signal',interface='{self.MARKER}'"]
        self.connection.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.Monitoring',
                                  'BecomeMonitor', GLib.Variant('(asu)', (rules, 0)), None,
                                  Gio.DBusCallFlags.NONE, -1, None)

    def on_message(self, _connection, message, incoming):
        if not incoming or message.get_message_type() not in (Gio.DBusMessageType.METHOD_CALL,
                                                              Gio.DBusMessageType.SIGNAL):
            return message
        interface = message.get_interface() or ''
        if interface == self.MARKER or interface.startswith('org.gtk.vfs.'):   # not the bus's NameLost
            self.seen.append((interface, message.get_member(), message.get_body()))
        return None

    def calls(self, bus):
        '''Every call seen up to now, as "Interface.Member" strings. A signal this process
        sends on bus marks now: the bus daemon hands a monitor what it routes in the order it
        routes it, so what came before the marker is all there.'''
        token = f'{os.getpid()}-{time.monotonic_ns()}'
        bus.emit_signal(None, '/' + self.MARKER.replace('.', '/'), self.MARKER, 'Now', GLib.Variant('(s)', (token,)))
        bus.flush_sync(None)
        marker = (self.MARKER, 'Now')
        pbtestlib.wait_until('the marker on the bus monitor', lambda: any(
            (interface, member) == marker and body.unpack() == (token,)
            for interface, member, body in list(self.seen)), TIMEOUT)
        return [f'{interface}.{member}' for interface, member, _ in self.seen if interface != self.MARKER]

    def close(self):
        self.connection.close_sync(None)


def spin_until(predicate, what, timeout=TIMEOUT):
    '''predicate's first true value, running this process's main context meanwhile (the
    panel and the notification server are served from it).'''
    context = GLib.MainContext.default()
    expired = []
    source = GLib.timeout_add(int(timeout * 1000), lambda: expired.append(True) or False)
    wake = GLib.timeout_add(50, lambda: True)   # predicates that read files have no event to wake on
    try:
        while True:
            value = predicate()
            if value:
                return value
            if expired:
                raise AssertionError(f'timed out after {timeout} s waiting for {what}')
            context.iteration(True)
    finally:
        GLib.source_remove(wake)
        if not expired:
            GLib.source_remove(source)


@unittest.skipIf(SKIP, SKIP)
class DesktopSandboxTestCase(unittest.TestCase):
    '''The installed app in its sandbox, with GVfs, a keyring, a display, a panel and portals.'''

    @classmethod
    def setUpClass(cls):
        missing = [tool for tool in TOOLS + tuple(PORTALS.values()) if shutil.which(tool) is None]
        if missing:
            raise AssertionError('missing ' + ', '.join(missing) + ': run build-aux/install-deps.sh --tests')
        built = subprocess.run([SCRIPT, '--print-env'], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               text=True, check=False)
        if built.returncode != 0:
            raise AssertionError(f'{SCRIPT} failed ({built.returncode}); its output is above')
        flatpak_env = dict(line.split('=', 1) for line in built.stdout.splitlines() if '=' in line)
        cls.procs = []
        cls.nm = cls.drives = cls.gui = cls.bus = None
        cls.tmpdir = tempfile.mkdtemp(prefix='pbflatpak-desktop-', dir='/tmp')
        try:
            # The desktop's XDG_RUNTIME_DIR is /run/user/UID, as on a real one (see
            # private_run_user()); where it cannot be, the fixture's own folder.
            cls.run_user = private_run_user(cls.tmpdir)
            cls.nm = NMFixture()
            cls.nm.start()
            cls.drives = DrivesFixture(keyring=True, runtime_dir=cls.run_user)
            cls.drives.start()
            cls.gui = GuiSession(nm=cls.nm, drives=cls.drives)
            cls.gui.start()
            cls.env = dict(cls.gui.env, **flatpak_env)
            cls.bus = Gio.DBusConnection.new_for_address_sync(
                cls.env['DBUS_SESSION_BUS_ADDRESS'],
                Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
                None, None)
            cls.start_portals()
            cls.notifications = Peer(cls.bus, 'org.freedesktop.Notifications', NOTIFY_PATH, NOTIFICATIONS_XML,
                                     lambda method, args: GLib.Variant('(u)', (len(cls.notifications.calls),))
                                     if method == 'Notify' else GLib.Variant('(as)', (['body'],)))
            spin_until(lambda: cls.notifications.owned, 'the notification server\'s name')
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_portals(cls):
        '''The portal stack, as a GNOME session starts it (UseIn=gnome picks the backends).'''
        env = dict(cls.env, XDG_CURRENT_DESKTOP='GNOME')
        for name, program in PORTALS.items():
            log = open(os.path.join(cls.tmpdir, os.path.basename(program) + '.log'), 'wb')  # noqa: SIM115
            cls.procs.append(subprocess.Popen([program], env=env, stdin=subprocess.DEVNULL,  # noqa: SIM115
                                              stdout=log, stderr=log))
            log.close()
            spin_until(lambda name=name: cls.has_owner(name), f'{name} on the session bus')

    @classmethod
    def has_owner(cls, name):
        return cls.bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                                 'NameHasOwner', GLib.Variant('(s)', (name,)), None, Gio.DBusCallFlags.NONE,
                                 -1, None).unpack()[0]

    @classmethod
    def owner(cls, name):
        return cls.bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                                 'GetNameOwner', GLib.Variant('(s)', (name,)), None, Gio.DBusCallFlags.NONE,
                                 -1, None).unpack()[0]

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, 'notifications', None) is not None:
            cls.notifications.close()
        for proc in reversed(cls.procs):
            pbtestlib.stop(proc)
        cls.procs = []
        if cls.bus is not None:
            cls.bus.close_sync(None)
        for fixture in (cls.gui, cls.drives, cls.nm):
            if fixture is not None:
                fixture.stop()
        if getattr(cls, 'run_user', None):
            release_run_user()
        shutil.rmtree(cls.tmpdir, ignore_errors=True)

    def setUp(self):
        self.nm.stop_service()
        self.nm.start_service()
        self.demo = self.nm.populate_demo()
        self.drives.clear_passwords()

    # ------------------------------------------------------------------ helpers

    def sandboxed(self, *args, run_options=(), command='plugboard-cli', stdin_text=None, timeout=60):
        '''COMMAND ARGS inside the sandbox; run_options go to flatpak run.'''
        return subprocess.run(['flatpak', 'run', '--user', *run_options, f'--command={command}', APP_ID, *args],
                              env=self.env, input=stdin_text if stdin_text is not None else '',
                              capture_output=True, text=True, timeout=timeout, check=False)

    def start_sandboxed(self, command, *args, run_options=(), stdout_path=None):
        '''A long-running COMMAND inside the sandbox; its stderr goes to a file, and its
        stdout to stdout_path if given. Stopped by PID at the test's end (stop_sandboxed).'''
        stderr_path = os.path.join(self.tmpdir, f'{command}-{self.id().rsplit(".", 1)[-1]}.stderr')
        with open(stderr_path, 'wb') as stderr, open(stdout_path or os.devnull, 'wb') as stdout:
            proc = subprocess.Popen(['flatpak', 'run', '--user', *run_options,  # noqa: SIM115
                                     f'--command={command}', APP_ID, *args],
                                    env=self.env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.addCleanup(self.stop_sandboxed, proc)
        return proc, stderr_path

    def stop_sandboxed(self, proc):
        '''Stop what start_sandboxed() started. SIGTERM to flatpak run (bubblewrap) does not reach
        the app, so the app itself is signalled: `flatpak ps` maps the wrapper's PID to the
        sandboxed process's PID on the host.'''
        if proc.poll() is not None:
            return
        table = subprocess.run(['flatpak', 'ps', '--columns=pid,child-pid'], env=self.env, capture_output=True,
                               text=True, check=False).stdout
        for line in table.splitlines():
            fields = line.split()
            if len(fields) == 2 and fields[0] == str(proc.pid):
                pbtestlib.stop_pids({int(fields[1])}, grace=10)
        pbtestlib.stop(proc, 10)

    @staticmethod
    def read(path):
        with open(path, encoding='utf-8', errors='replace') as f:
            return f.read()

    def json_list(self, what, run_options=()):
        proc = self.sandboxed('--json', 'list', what, run_options=run_options)
        return json.loads(proc.stdout or '[]'), proc

    def active_connections(self):
        return self.nm.get('/org/freedesktop/NetworkManager', 'org.freedesktop.NetworkManager',
                           'ActiveConnections')

    def map_private(self, name, run_options=()):
        '''drive-map of the Samba private share, remembered, its password on stdin, saved.'''
        return self.sandboxed('drive-map', self.drives.smb_private_uri, '--name', name, '--remember', '--user',
                              self.drives.smb_user, '--password-stdin', '--save-password',
                              run_options=run_options, stdin_text=self.drives.smb_password + '\n')

    def start_panel(self):
        '''Become the StatusNotifierWatcher on the host's session bus.'''
        registered = []

        def on_call(method, args):
            if method == 'RegisterStatusNotifierItem':
                registered.append(args[0])
        panel = Peer(self.bus, WATCHER, '/StatusNotifierWatcher', WATCHER_XML, on_call, {
            'RegisteredStatusNotifierItems': lambda: GLib.Variant('as', registered),
            'IsStatusNotifierHostRegistered': lambda: GLib.Variant('b', True),
            'ProtocolVersion': lambda: GLib.Variant('i', 0),
        })
        self.addCleanup(panel.close)
        spin_until(lambda: panel.owned, 'the panel\'s name')
        return registered

    def menu(self, service):
        reply = self.bus.call_sync(service, '/MenuBar', MENU_IFACE, 'GetLayout',
                                   GLib.Variant('(iias)', (0, -1, [])), None, Gio.DBusCallFlags.NONE, 10000, None)
        _revision, (_root, _props, children) = reply.unpack()
        return {shown_label(props['label']): cid for cid, props, _ in children if 'label' in props}

    def click(self, service, label):
        self.bus.call_sync(service, '/MenuBar', MENU_IFACE, 'Event',
                           GLib.Variant('(isvu)', (self.menu(service)[label], 'clicked', GLib.Variant('s', ''), 0)),
                           None, Gio.DBusCallFlags.NONE, 10000, None)

    # ------------------------------------------------------------------ features

    def test_lists_links_ports_and_drives(self):
        '''Links and ports from NetworkManager through the system bus proxy, drives from the
        host's gvfsd through the session bus proxy.'''
        self.drives.mount(self.drives.smb_guest_uri, anonymous=True)
        self.addCleanup(self.drives.gio, 'mount', '--unmount', self.drives.smb_guest_uri)
        links, proc = self.json_list('links')
        self.assertIn('Office VPN', [link['name'] for link in links], proc.stderr)
        ports, proc = self.json_list('ports')
        self.assertIn('ttyUSB0', [port['name'] for port in ports], proc.stderr)
        drives, proc = self.json_list('drives')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(any('public' in json.dumps(drive) for drive in drives), (drives, proc.stderr))
        # What the sandbox hides from the drives is said once, with the drives only.
        self.assertEqual(proc.stderr.count('cannot see kernel network mounts'), 1, proc.stderr)
        _links, proc = self.json_list('links')
        self.assertNotIn('kernel network mounts', proc.stderr)

    def test_hang_up_a_link(self):
        gsm = self.demo['links']['gsm']
        links, _ = self.json_list('links')
        handle = next(link['handle'] for link in links if link['name'] == 'Mobile Broadband')
        proc = self.sandboxed('hangup', str(handle))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn(gsm, self.active_connections())

    def test_map_with_saved_password_shared_with_gvfs(self):
        '''The password a sandboxed drive-map saves is in the host's Secret Service under GVfs's
        attributes (secret-tool, outside the sandbox, finds it); cancel --forget takes the drive
        and the password away.'''
        proc = self.map_private('Private')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn('Secret Service', proc.stderr)
        self.assertTrue(any('private' in uri for uri in self.drives.mounts()), self.drives.mounts())
        self.assertEqual(self.drives.stored_password(), self.drives.smb_password)
        proc = self.sandboxed('drive-cancel', 'Private', '--forget')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn('Private', json.dumps(self.json_list('drives')[0]))
        self.assertFalse(any('private' in uri for uri in self.drives.mounts()), self.drives.mounts())
        self.assertIsNone(self.drives.stored_password())

    def test_indicator_menu_and_notification_through_the_portal(self):
        '''The sandboxed indicator registers with the host's panel, its menu hangs up a link, and
        a failed hang-up's notification reaches the notification server from the portal's
        backend, not from the app.'''
        self.nm.set_teardown(self.demo['links']['cdma'], 'fail', 0, 'the line is stuck')
        registered = self.start_panel()
        before = len(self.notifications.calls)
        _proc, stderr = self.start_sandboxed('plugboard-indicator')
        service = spin_until(lambda: registered and registered[0], 'the indicator to register with the panel')
        spin_until(lambda: 'Hang Up Mobile Broadband' in self.menu(service), 'the links in the menu')

        self.click(service, 'Hang Up Mobile Broadband')
        spin_until(lambda: self.demo['links']['gsm'] not in self.active_connections(), 'the hang-up')

        self.click(service, 'Hang Up CDMA Dial-up')
        spin_until(lambda: len(self.notifications.calls) > before, 'a notification')
        sender, method, args = self.notifications.calls[before]
        self.assertEqual(method, 'Notify')
        self.assertEqual(sender, self.owner(PORTAL_GTK), 'the notification did not come from the portal')
        _app, _replaces, _icon, summary, body, _actions, _hints, _timeout = args
        self.assertEqual(summary, 'Could not hang up CDMA Dial-up')
        self.assertIn('the line is stuck', body)
        self.assertNotIn('Could not hang up', self.read(stderr))

    def test_autostart_through_the_background_portal(self):
        '''The sandboxed indicator asks the Background portal to start it at login; the portal's
        backend writes the host's autostart entry, which runs it in the sandbox.'''
        # The user's answer, given before (the portal asks once, in a dialog).
        self.bus.call_sync('org.freedesktop.impl.portal.PermissionStore', '/org/freedesktop/impl/portal/PermissionStore',
                           'org.freedesktop.impl.portal.PermissionStore', 'SetPermission',
                           GLib.Variant('(sbssas)', ('background', True, 'background', APP_ID, ['yes'])),
                           None, Gio.DBusCallFlags.NONE, -1, None)
        entry = os.path.join(self.drives.env['XDG_CONFIG_HOME'], 'autostart', APP_ID + '.desktop')
        if os.path.exists(entry):
            os.unlink(entry)
        self.start_panel()
        _proc, stderr = self.start_sandboxed('plugboard-indicator')
        spin_until(lambda: os.path.exists(entry), f'the portal to write {entry}')
        desktop = configparser.ConfigParser(interpolation=None, strict=False)
        desktop.read(entry)
        section = desktop['Desktop Entry']
        self.assertEqual(section.get('X-Flatpak'), APP_ID)
        self.assertIn('--command=plugboard-indicator', section['Exec'])
        self.assertIn('--restore-drives', section['Exec'])
        self.assertIn(APP_ID, section['Exec'])
        self.assertNotIn('Background portal', self.read(stderr))

    def wait_window(self, proc, stderr):
        '''Wait for the window named Plugboard to be mapped on the X server; returns when.'''
        def mapped():
            if proc.poll() is not None:
                raise AssertionError(f'plugboard ended ({proc.returncode}): {self.read(stderr)}')
            return self.window_shown()
        pbtestlib.wait_until('the Plugboard window', mapped, TIMEOUT)
        return time.monotonic()

    def window_shown(self):
        tree = subprocess.run(['xwininfo', '-root', '-tree'], env=self.env, capture_output=True, text=True,
                              check=False).stdout
        return '"Plugboard"' in tree

    def screenshot(self, name):
        '''A screenshot of the whole X screen (saved in $PB_FLATPAK_SHOTS if set), and how
        much its pixels vary: 0 for a blank screen.'''
        path = os.path.join(os.environ.get('PB_FLATPAK_SHOTS') or self.tmpdir, name)
        subprocess.run(['import', '-window', 'root', path], env=self.env, check=True, capture_output=True)
        spread = subprocess.run(['identify', '-format', '%[fx:standard_deviation]', path], env=self.env,
                                capture_output=True, text=True, check=True).stdout
        return path, float(spread)

    @staticmethod
    def accessible_apps():
        atspi = guisession.gui_atspi()
        desktop = atspi.get_desktop(0)
        return [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]

    def test_window_appears(self):
        '''flatpak run io.github.plugboard.Plugboard shows the window on the X server (the
        manifest's fallback-x11: there is no Wayland here), drawn (a screenshot that is not
        blank; set PB_FLATPAK_SHOTS=DIR to keep it), with neither --device=dri nor --share=ipc,
        and on the accessibility bus.'''
        proc, stderr = self.start_sandboxed('plugboard')
        self.wait_window(proc, stderr)
        shot = []
        pbtestlib.wait_until('a screenshot with the window drawn', lambda: shot.append(
            self.screenshot('flatpak-window.png')) or shot[-1][1] > 0.05, TIMEOUT)
        # the accessibility bus reaches into the sandbox through flatpak's a11y proxy: the
        # table's rows are there as a screen reader reads them, and the Drives page says what
        # the sandbox hides from it.
        app = next(app for app in self.accessible_apps() if app and app.get_name() == 'plugboard')
        labels = []
        pbtestlib.wait_until('the Office VPN row through AT-SPI', lambda: labels.clear() or labels.extend(
            node.get_name() or '' for node in guisession.GuiSession.walk(app)
            if node.get_role_name() == 'label') or 'Office VPN' in labels, TIMEOUT)
        unnamed = [node for node in guisession.GuiSession.walk(app) if node.get_role_name() == 'label'
                   and node.get_name() == 'GtkLabel' and guisession.GuiSession.showing(node)]
        self.assertEqual(unnamed, [], 'every label on screen has words for a screen reader')
        self.gui.key_combo('Alt', '3')
        pbtestlib.wait_until('the Drives page saying what the sandbox hides', lambda: any(
            'cannot see kernel network mounts' in (node.get_name() or '')
            for node in guisession.GuiSession.walk(app) if node.get_role_name() == 'label'), TIMEOUT)

    def frames(self, started, proc, stderr, stdout):
        '''The window's first frame, its first frame with the lists filled (links, ports and a
        drive) and its first mapping on the X server, in seconds since started. The frames are
        the app's own clock (PB_TRACE_FIRST_FRAME: "plugboard: WHAT MICROSECONDS" lines on
        stdout, CLOCK_MONOTONIC, which a Flatpak sandbox shares with the host, as
        tests/bench/bench-startup.py reads it); the mapping is xwininfo's, polled.'''
        marks = {}

        def done():
            if proc.poll() is not None:
                raise AssertionError(f'plugboard ended ({proc.returncode}): {self.read(stderr)}')
            if 'mapped' not in marks and self.window_shown():
                marks['mapped'] = time.monotonic() - started
            for line in self.read(stdout).split('\n')[:-1]:      # whole lines only
                what, _, usec = line.removeprefix('plugboard: ').rpartition(' ')
                marks.setdefault(what, int(usec) / 1e6 - started)
            return 'mapped' in marks and 'first-populated-frame' in marks
        pbtestlib.wait_until('the window mapped and its first populated frame', done, TIMEOUT)
        return marks['first-frame'], marks['first-populated-frame'], marks['mapped']

    def test_window_first_frame_time(self):
        '''Prints the time from starting plugboard to its window's first frame, first frame with
        the lists filled and first mapping, inside the sandbox (flatpak run included) and
        outside it (the build tree's), in the same run. No limit on either: the figures go in
        the README (a time limit in a test is a flaky test).'''
        build_root = os.environ.get('PB_BUILD_ROOT')
        if not build_root:
            self.skipTest('PB_BUILD_ROOT is not set: run through meson test')
        self.drives.mount(self.drives.smb_guest_uri, anonymous=True)
        self.addCleanup(self.drives.gio, 'mount', '--unmount', self.drives.smb_guest_uri)
        traced = ('--env=PB_TRACE_FIRST_FRAME=1',)
        times = {'inside': [], 'outside': []}
        for run in range(WINDOW_RUNS):
            stdout = os.path.join(self.tmpdir, f'plugboard-frames-{run}.stdout')
            started = time.monotonic()
            proc, stderr = self.start_sandboxed('plugboard', run_options=traced, stdout_path=stdout)
            times['inside'].append(self.frames(started, proc, stderr, stdout))
            self.stop_sandboxed(proc)
            pbtestlib.wait_until('the window to go', lambda: not self.window_shown(), 20)

            stderr = os.path.join(self.tmpdir, f'plugboard-host-{run}.stderr')
            with open(stdout, 'wb') as out, open(stderr, 'wb') as err:
                started = time.monotonic()
                host = subprocess.Popen([os.path.join(build_root, 'src', 'app', 'plugboard')],  # noqa: SIM115
                                        env=dict(self.env, PB_TRACE_FIRST_FRAME='1'), stdin=subprocess.DEVNULL,
                                        stdout=out, stderr=err)
            self.addCleanup(pbtestlib.stop, host, 10)
            times['outside'].append(self.frames(started, host, stderr, stdout))
            pbtestlib.stop(host, 10)
            pbtestlib.wait_until('the window to go', lambda: not self.window_shown(), 20)

        def figure(values):
            values = [v * 1000 for v in values]
            return f'{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})'
        print(f'\nplugboard window, from spawn, median (min-max) of {WINDOW_RUNS} runs:', file=sys.stderr)
        for where, label in (('inside', 'inside the sandbox (flatpak run)'), ('outside', 'outside (build tree)')):
            first, populated, mapped = zip(*times[where])
            print(f'  {label}: first frame {figure(first)}, first populated frame {figure(populated)}, '
                  f'first mapped {figure(mapped)}', file=sys.stderr)

    # ------------------------------------------------------------------ each permission

    def test_without_gvfs(self):
        '''Without --talk-name=org.gtk.vfs.* there are no drives and a message says why;
        links are still listed.'''
        self.drives.mount(self.drives.smb_guest_uri, anonymous=True)
        self.addCleanup(self.drives.gio, 'mount', '--unmount', self.drives.smb_guest_uri)
        closed = ('--no-talk-name=org.gtk.vfs.*',)
        drives, proc = self.json_list('drives', run_options=closed)
        self.assertFalse(any('public' in json.dumps(drive) for drive in drives), drives)
        self.assertIn('GVfs', proc.stderr)
        links, proc = self.json_list('links', run_options=closed)
        self.assertIn('Office VPN', [link['name'] for link in links], proc.stderr)

    def map_list_cancel(self, run_options=()):
        '''Map the private share, list it, cancel it, all inside the sandbox with run_options;
        returns the three runs' stderr and the GVfs calls the cancel made on the session bus.'''
        mapped = self.map_private('Private', run_options=run_options)
        self.addCleanup(self.sandboxed, 'drive-cancel', 'Private', '--forget')
        self.assertEqual(mapped.returncode, 0, mapped.stderr)
        self.assertTrue(any('private' in uri for uri in self.drives.mounts()), self.drives.mounts())
        drives, listed = self.json_list('drives', run_options=run_options)
        self.assertIn(('Private', 'connected'), [(drive['name'], drive['state']) for drive in drives], listed.stderr)
        monitor = GVfsCalls(self.env['DBUS_SESSION_BUS_ADDRESS'])
        self.addCleanup(monitor.close)
        cancelled = self.sandboxed('drive-cancel', 'Private', '--forget', run_options=run_options)
        self.assertEqual(cancelled.returncode, 0, cancelled.stderr)
        self.assertFalse(any('private' in uri for uri in self.drives.mounts()), self.drives.mounts())
        self.assertNotIn('Private', json.dumps(self.json_list('drives')[0]))
        return mapped.stderr, listed.stderr, cancelled.stderr, monitor.calls(self.bus)

    def test_gvfsd_sockets(self):
        '''With --filesystem=xdg-run/gvfsd GIO talks to the GVfs backend over its direct
        socket: mapping, listing and cancelling a drive give no warning, and the cancel's
        Unmount does not cross the session bus (only the GetConnection that asks the backend
        for the socket does). The desktop's XDG_RUNTIME_DIR is /run/user/UID here, as on a real
        one (private_run_user()), since that is where both flatpak and GIO look.'''
        if not self.run_user:
            self.skipTest('no mount namespace of our own (not root): gvfsd\'s sockets are not under '
                          '/run/user/UID, where the sandbox looks for them')
        *stderrs, calls = self.map_list_cancel()
        for stderr in stderrs:
            self.assertNotIn(GVFSD_WARNING, stderr)
        self.assertIn('org.gtk.vfs.Daemon.GetConnection', calls)
        self.assertNotIn('org.gtk.vfs.Mount.Unmount', calls, 'the Unmount went over the session bus')

    def test_without_gvfsd_sockets(self):
        '''Without --filesystem=xdg-run/gvfsd GIO cannot open its direct socket to the GVfs
        backend: it says so on stderr and falls back to the session bus, where the cancel's
        Unmount is seen; mapping, listing and cancelling still work.'''
        *stderrs, calls = self.map_list_cancel(run_options=('--nofilesystem=xdg-run/gvfsd',))
        self.assertIn(GVFSD_WARNING, stderrs[-1])
        self.assertIn('org.gtk.vfs.Mount.Unmount', calls)

    def test_without_secrets(self):
        '''Without --talk-name=org.freedesktop.secrets the drive is mapped and remembered, a
        warning says its password could not be stored, and nothing is stored.'''
        proc = self.map_private('Private', run_options=('--no-talk-name=org.freedesktop.secrets',))
        self.addCleanup(self.sandboxed, 'drive-cancel', 'Private', '--forget')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('Secret Service', proc.stderr)
        self.assertTrue(any('private' in uri for uri in self.drives.mounts()), self.drives.mounts())
        self.assertIsNone(self.drives.stored_password())

    def test_without_status_notifier_watcher(self):
        '''Without --talk-name=org.kde.StatusNotifierWatcher the indicator says there is no
        tray; its actions still work from the host's bus.'''
        registered = self.start_panel()
        _proc, stderr = self.start_sandboxed('plugboard-indicator',
                                             run_options=('--no-talk-name=org.kde.StatusNotifierWatcher',))
        spin_until(lambda: 'StatusNotifierWatcher' in self.read(stderr), 'the indicator\'s message')
        self.assertEqual(registered, [])
        links, _ = self.json_list('links')
        handle = next(link['handle'] for link in links if link['name'] == 'Mobile Broadband')
        indicator = APP_ID + '.Indicator'
        spin_until(lambda: self.has_owner(indicator), 'the indicator\'s name')
        self.bus.call_sync(indicator, '/' + indicator.replace('.', '/'), 'org.gtk.Actions', 'Activate',
                           GLib.Variant('(sava{sv})', ('hang-up', [GLib.Variant('(ss)', (str(handle), ''))], {})),
                           None, Gio.DBusCallFlags.NONE, -1, None)
        spin_until(lambda: self.demo['links']['gsm'] not in self.active_connections(), 'the hang-up')

    def start_weston(self):
        '''A headless Wayland compositor (weston, software rendering) on a socket in the test's
        XDG_RUNTIME_DIR, where flatpak looks for $WAYLAND_DISPLAY; stopped by PID.'''
        if not shutil.which('weston'):
            self.skipTest('weston is not installed: run build-aux/install-deps.sh --tests')
        name = f'wayland-pb-{os.getpid()}'
        socket = os.path.join(self.env['XDG_RUNTIME_DIR'], name)
        log = open(os.path.join(self.tmpdir, 'weston.log'), 'wb')  # noqa: SIM115 pylint: disable=consider-using-with
        self.addCleanup(log.close)
        weston = subprocess.Popen(['weston', '--backend=headless-backend.so', '--use-pixman', f'--socket={name}',  # noqa: SIM115
                                   '--idle-time=0', '--no-config'], env=self.env, stdin=subprocess.DEVNULL,
                                  stdout=log, stderr=log)
        self.addCleanup(pbtestlib.stop, weston, 10)
        pbtestlib.wait_until('weston\'s socket', lambda: os.path.exists(socket), TIMEOUT, proc=weston)
        env = {k: v for k, v in self.env.items() if k not in ('DISPLAY', 'GDK_BACKEND')}
        env['WAYLAND_DISPLAY'] = name
        return env

    def test_window_on_wayland(self):
        '''With a Wayland compositor and no X server, --socket=wayland shows the window (it is on
        the accessibility bus with its Links table); without it (--nosocket=wayland), and with
        fallback-x11 finding no X server, the window cannot open and says so.'''
        env = self.start_weston()
        saved, self.env = self.env, env
        try:
            proc, stderr = self.start_sandboxed('plugboard')

            def frame():
                if proc.poll() is not None:
                    raise AssertionError(f'plugboard ended ({proc.returncode}): {self.read(stderr)}')
                app = next((a for a in self.accessible_apps() if a and a.get_name() == 'plugboard'), None)
                return app is not None and any(
                    node.get_role_name() == 'label' and node.get_name() == 'Office VPN'
                    for node in guisession.GuiSession.walk(app))
            pbtestlib.wait_until('the window on Wayland, with its Links table', frame, TIMEOUT)
            self.assertNotIn('cannot open display', self.read(stderr))
            self.stop_sandboxed(proc)

            closed = self.sandboxed(command='plugboard', run_options=('--nosocket=wayland',))
            self.assertNotEqual(closed.returncode, 0)
            self.assertIn('cannot open display', closed.stderr)
        finally:
            self.env = saved

    def test_without_x11(self):
        '''Without --socket=fallback-x11 (and no Wayland here) the window cannot open and says
        so; plugboard-cli works.'''
        closed = ('--nosocket=fallback-x11',)
        proc = self.sandboxed(command='plugboard', run_options=closed)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('cannot open display', proc.stderr)
        links, proc = self.json_list('links', run_options=closed)
        self.assertIn('Office VPN', [link['name'] for link in links], proc.stderr)

    # ------------------------------------------------------------------ what a sandbox cannot do

    def test_no_ssh_for_remote_servers(self):
        '''The runtime has no ssh, so --server HOST fails at once with SERVER_UNREACHABLE and a
        message that names ssh; the local links are still listed.'''
        proc = self.sandboxed('--server', '127.0.0.1', 'list', 'links')
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('SERVER_UNREACHABLE', proc.stderr)
        self.assertIn('ssh could not be started', proc.stderr)
        links, proc = self.json_list('links')
        self.assertIn('Office VPN', [link['name'] for link in links], proc.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
