#!/usr/bin/python3
# tests/gui/guisession.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''A desktop of one's own for the window: Xvfb, a session bus (a bare one, or the
drives fixture's with gvfsd on it), the AT-SPI bus, and `plugboard` itself,
read and driven through AT-SPI as a screen reader would.

    with NMFixture() as nm, GuiSession(nm=nm) as gui:
        app = gui.start_app()
        row = gui.wait_for(lambda: gui.find(app, 'table cell', 'Office VPN'))

Everything it starts is stopped by PID on exit. The test process itself must
talk to this session's AT-SPI bus, so the environment is set before Atspi is
first used (gui_atspi()), and one process uses one session: libatspi keeps its
first bus. Apps come and go within it (start_app(nm=...), stop_apps()).
'''

import os
import shutil
import subprocess
import tempfile
import time
import warnings

# libatspi's Python names for its interfaces (get_component_iface()...) are marked
# deprecated in favour of ones Debian 12's version lacks.
warnings.filterwarnings('ignore', category=DeprecationWarning, module=__name__)
warnings.filterwarnings('ignore', category=DeprecationWarning, message='Atspi')

XVFB = '/usr/bin/Xvfb'
DBUS_DAEMON = '/usr/bin/dbus-daemon'
ATSPI_LAUNCHER = '/usr/libexec/at-spi-bus-launcher'
START_TIMEOUT_S = 20
MARKER = 'PLUGBOARD_GUI_SESSION'

BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
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

_atspi = None

# X keysyms of the keys the tests press (X11/keysymdef.h); printable ASCII is itself.
KEYSYMS = {'Home': 0xff50, 'End': 0xff57, 'Tab': 0xff09, 'Return': 0xff0d, 'Escape': 0xff1b, 'Delete': 0xffff, 'Menu': 0xff67,
           'Down': 0xff54, 'Up': 0xff52, 'F10': 0xffc7, 'space': 0x20,
           'comma': 0x2c}
# X modifier masks (ShiftMask, ControlMask, Mod1Mask)
MODIFIER_MASKS = {'Shift': 1 << 0, 'Control': 1 << 2, 'Alt': 1 << 3}


def _keysym(name):
    return KEYSYMS[name] if name in KEYSYMS else ord(name)


def gui_atspi():
    '''The Atspi module, imported once this process's environment names the session.'''
    global _atspi  # pylint: disable=global-statement
    if _atspi is None:
        import gi  # pylint: disable=import-outside-toplevel
        gi.require_version('Atspi', '2.0')
        from gi.repository import Atspi  # pylint: disable=import-outside-toplevel
        Atspi.init()
        _atspi = Atspi
    return _atspi


def app_binary():
    return os.path.join(os.environ.get('PB_BUILD_ROOT', os.path.join(os.path.dirname(__file__), '..', '..', '_build')),
                        'src', 'app', 'plugboard')


def _stop(proc, timeout=5):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _marked_pids(needle):
    pids = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/environ', 'rb') as f:
                if needle in f.read().split(b'\0'):
                    pids.append(int(entry))
        except OSError:
            pass
    return pids


class GuiSession:
    '''Xvfb + session bus + AT-SPI bus, and the plugboard processes started in them.'''

    def __init__(self, nm=None, drives=None, size='1024x640'):
        self.nm = nm
        self.drives = drives
        self.size = size
        self.tmpdir = None
        self.procs = []
        self.env = None
        self.apps = []

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ lifecycle

    def _spawn(self, argv, env, stdout=None, name=None):
        log = open(os.path.join(self.tmpdir, (name or os.path.basename(argv[0])) + '.log'), 'ab')
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                stdout=stdout or log, stderr=log)
        log.close()
        self.procs.append(proc)
        return proc

    def start(self):
        self.tmpdir = tempfile.mkdtemp(prefix='pb-gui-', dir='/tmp')
        env = dict(self.drives.env if self.drives else os.environ)
        for key in ('NO_AT_BRIDGE', 'GTK_A11Y', 'WAYLAND_DISPLAY', 'DISPLAY', 'AT_SPI_BUS_ADDRESS'):
            env.pop(key, None)
        env[MARKER] = self.tmpdir
        if self.nm is not None:
            env['DBUS_SYSTEM_BUS_ADDRESS'] = self.nm.address
        else:
            # No NetworkManager at all: a system bus address where nothing listens.
            env['DBUS_SYSTEM_BUS_ADDRESS'] = 'unix:path=' + os.path.join(self.tmpdir, 'no-system-bus')
        if self.drives is None:
            env['HOME'] = os.path.join(self.tmpdir, 'home')
            env['XDG_RUNTIME_DIR'] = os.path.join(self.tmpdir, 'run')
            env['XDG_CONFIG_HOME'] = os.path.join(env['HOME'], '.config')
            env['XDG_DATA_HOME'] = os.path.join(env['HOME'], '.local', 'share')
            env['XDG_CACHE_HOME'] = os.path.join(env['HOME'], '.cache')
            for key in ('HOME', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'):
                os.makedirs(env[key], mode=0o700, exist_ok=True)
            # GIO asks no remote volume monitor: only GVfs itself can be missing here.
            env['GVFS_REMOTE_VOLUME_MONITOR_IGNORE'] = '1'

        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen([XVFB, '-displayfd', str(write_fd), '-screen', '0', self.size + 'x24',  # pylint: disable=consider-using-with
                                 '-nolisten', 'tcp', '-noreset'],
                                pass_fds=(write_fd,), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        self.procs.append(xvfb)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            display = f.readline().strip()
        if not display:
            raise RuntimeError('Xvfb did not start')
        env['DISPLAY'] = ':' + display
        env['GSK_RENDERER'] = 'cairo'
        env['GDK_BACKEND'] = 'x11'

        if self.drives is None:
            config = os.path.join(self.tmpdir, 'session.conf')
            with open(config, 'w', encoding='utf-8') as f:
                f.write(BUS_CONFIG.format(socket=os.path.join(self.tmpdir, 'bus')))
            bus = self._spawn([DBUS_DAEMON, '--config-file', config, '--nofork', '--print-address=1'],
                              env, stdout=subprocess.PIPE)
            address = bus.stdout.readline().decode().strip()
            bus.stdout.close()
            if not address:
                raise RuntimeError('the session dbus-daemon did not start')
            env['DBUS_SESSION_BUS_ADDRESS'] = address

        self.env = env
        self._spawn([ATSPI_LAUNCHER, '--launch-immediately'], env)
        # This process reads the accessibility tree: it joins the same session.
        for key in ('DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'):
            os.environ[key] = env[key]
        os.environ.pop('AT_SPI_BUS_ADDRESS', None)
        self.wait_for(self._atspi_bus_up, what='the AT-SPI bus')

    def _atspi_bus_up(self):
        result = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.a11y.Bus', '--object-path',
                                 '/org/a11y/bus', '--method', 'org.a11y.Bus.GetAddress'],
                                env=self.env, capture_output=True, text=True, timeout=10, check=False)
        return result.returncode == 0 and 'unix:' in result.stdout

    def stop(self):
        for proc in reversed(self.procs):
            _stop(proc)
        self.procs = []
        if self.tmpdir is not None:
            # The AT-SPI bus and its registry are children of the launcher; anything left
            # carries our marker.
            needle = f'{MARKER}={self.tmpdir}'.encode()
            for pid in _marked_pids(needle):
                try:
                    os.kill(pid, 15)
                except ProcessLookupError:
                    pass
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    # ------------------------------------------------------------ the app

    def start_app(self, *args, nm=None, env=None, name='plugboard'):
        '''Start plugboard (on nm's system bus if given); return its AT-SPI application
        once its window is there.'''
        app_env = dict(self.env, **(env or {}))
        if nm is not None:
            app_env['DBUS_SYSTEM_BUS_ADDRESS'] = nm.address
        proc = self._spawn([app_binary(), *args], app_env, name=name)
        self.apps.append(proc)
        app = self.wait_for(lambda: self.find_app(proc.pid), what='plugboard on the AT-SPI bus')
        self.wait_for(lambda: self.find(app, 'frame') or self.find(app, 'window'), what='the window')
        return app

    def stop_apps(self):
        '''Stop every plugboard this session started, by PID.'''
        for proc in self.apps:
            _stop(proc)
            if proc in self.procs:
                self.procs.remove(proc)
        self.apps = []

    def find_app(self, pid):
        atspi = gui_atspi()
        desktop = atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:  # pylint: disable=broad-except
                continue
        return None

    # ------------------------------------------------------------ tree

    @staticmethod
    def walk(node, depth=0, max_depth=40):
        if node is None or depth > max_depth:
            return
        yield node
        try:
            n = node.get_child_count()
        except Exception:  # pylint: disable=broad-except
            return
        for i in range(n):
            try:
                child = node.get_child_at_index(i)
            except Exception:  # pylint: disable=broad-except
                continue
            yield from GuiSession.walk(child, depth + 1, max_depth)

    @staticmethod
    def showing(node):
        '''Visible and given room on screen (GTK 4.8 reports SHOWING on windows only).'''
        atspi = gui_atspi()
        try:
            if not node.get_state_set().contains(atspi.StateType.VISIBLE):
                return False
            component = node.get_component_iface()
            if component is None:
                return True
            extents = component.get_extents(atspi.CoordType.WINDOW)
            return extents.width > 0 and extents.height > 0
        except Exception:  # pylint: disable=broad-except
            return False

    def find_all(self, root, role=None, name=None, showing=True, contains=False):
        found = []
        for node in self.walk(root):
            try:
                if role is not None and node.get_role_name() != role:
                    continue
                node_name = node.get_name() or ''
                if name is not None and (name not in node_name if contains else node_name != name):
                    continue
                if showing and not self.showing(node):
                    continue
            except Exception:  # pylint: disable=broad-except
                continue
            found.append(node)
        return found

    def find(self, root, role=None, name=None, showing=True, contains=False):
        found = self.find_all(root, role, name, showing, contains)
        return found[0] if found else None

    @staticmethod
    def wait_for(predicate, timeout=START_TIMEOUT_S, what='a condition'):
        '''Poll predicate until it returns something true (tests only: the UI has no
        notification for "a person would now see this").'''
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f'timed out after {timeout} s waiting for {what}')
            time.sleep(0.1)

    # ------------------------------------------------------------ input

    @staticmethod
    def press(node, action_names=('click', 'activate', 'press', 'toggle')):
        '''Run a node's default action (a button's click), as assistive technology does;
        a composite control (a menu button) is pressed through its inner button.'''
        for candidate in GuiSession.walk(node, max_depth=3):
            action = candidate.get_action_iface()
            n = action.get_n_actions() if action is not None else 0
            names = [action.get_action_name(i) for i in range(n)]
            for i, name in enumerate(names):
                if name in action_names:
                    return action.do_action(i)
        raise AssertionError(f'{node.get_role_name()} “{node.get_name()}” has no action')

    @staticmethod
    def key(name):
        '''Press and release one key, through the X server (XTest): the keyboard a person uses.'''
        atspi = gui_atspi()
        atspi.generate_keyboard_event(_keysym(name), None, atspi.KeySynthType.SYM)

    @staticmethod
    def key_combo(modifier, name):
        '''A key with a modifier held, e.g. key_combo('Alt', '2').'''
        atspi = gui_atspi()
        mask = MODIFIER_MASKS[modifier]
        atspi.generate_keyboard_event(mask, None, atspi.KeySynthType.LOCKMODIFIERS)
        atspi.generate_keyboard_event(_keysym(name), None, atspi.KeySynthType.SYM)
        atspi.generate_keyboard_event(mask, None, atspi.KeySynthType.UNLOCKMODIFIERS)

    @staticmethod
    def click(node, button=1):
        '''Click the middle of node with a mouse button, through the X server (XTest).
        GTK 4.8 gives extents in window coordinates; the session has no window manager, so
        its windows sit at the origin of the screen and those are screen coordinates too.'''
        atspi = gui_atspi()
        extents = node.get_component_iface().get_extents(atspi.CoordType.WINDOW)
        atspi.generate_mouse_event(extents.x + extents.width // 2, extents.y + extents.height // 2,
                                   f'b{button}c')

    @staticmethod
    def states(node):
        return {s.value_nick for s in node.get_state_set().get_states()}

    def focused_row(self, table):
        '''The row of table that has the keyboard focus, or None.'''
        return next((r for r in self.find_all(table, 'table row', showing=False)
                     if 'focused' in self.states(r)), None)

    def focus_list(self, table):
        '''Reach the list with Tab, as a keyboard user does.'''
        for _ in range(8):
            if self.focused_row(table) is not None:
                return
            self.key('Tab')
            time.sleep(0.15)
        raise AssertionError('Tab never reached the list')

    def select_row(self, table, row_of):
        '''Reach the list with Tab, then the row with Home and Down, as a keyboard user
        does; row_of() finds the wanted row. Returns it, focused and selected.'''
        self.focus_list(table)
        self.key('Home')
        for _ in range(64):
            row = self.wait_for(row_of, what='the row')
            if 'selected' in self.states(row) and 'focused' in self.states(row):
                return row
            self.key('Down')
            time.sleep(0.1)
        raise AssertionError('Down never reached the row')
