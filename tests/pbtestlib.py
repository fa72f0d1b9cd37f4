#!/usr/bin/python3
# tests/pbtestlib.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Process plumbing the test fixtures share: start a private dbus-daemon, spawn a
daemon with its output in a log, wait for it to be ready, and stop processes by
PID. A fixture directory puts tests/ on sys.path to import it:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    import pbtestlib
'''

import ctypes
import os
import signal
import subprocess
import time

PR_SET_PDEATHSIG = 1
POLL_S = 0.05


def die_with_parent():
    '''Popen preexec_fn: the child gets SIGTERM if the test dies without cleaning up.
    The "parent" is the thread that started the child: use it from the main thread.'''
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(argv, log_path, env=None, stdin_text=None, stdout=None, new_session=False, pdeathsig=False):
    '''Start argv with stderr (and stdout, unless given) appended to log_path.
    stdin_text, when given, is written to its stdin, which is then closed; otherwise
    stdin is /dev/null. new_session gives it a process group of its own (for daemons
    that signal their whole group); pdeathsig ties it to this process (die_with_parent).'''
    with open(log_path, 'ab') as log:
        proc = subprocess.Popen(  # pylint: disable=consider-using-with
            argv, env=env, stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
            stdout=log if stdout is None else stdout, stderr=log,
            start_new_session=new_session, preexec_fn=die_with_parent if pdeathsig else None)
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
    return proc


def start_dbus_daemon(config, log_path, env=None, new_session=False, pdeathsig=False):
    '''Start dbus-daemon with config and wait until it listens: it prints its address
    then. Returns (Popen, address).'''
    proc = spawn(['dbus-daemon', '--config-file=' + config, '--nofork', '--nopidfile', '--print-address=1'],
                 log_path, env=env, stdout=subprocess.PIPE, new_session=new_session, pdeathsig=pdeathsig)
    with proc.stdout:
        address = proc.stdout.readline().decode().strip()
    if not address:
        stop(proc)
        raise RuntimeError('dbus-daemon did not start: ' + log_tail(log_path))
    return proc, address


def log_tail(log_path, size=2000):
    '''The end of a log file, for an error message.'''
    try:
        with open(log_path, errors='replace') as f:
            return f.read()[-size:]
    except OSError:
        return '(no log)'


def wait_until(what, ready, timeout, proc=None, log=lambda: '', error=RuntimeError):
    '''Poll ready() until it is true; raise error, with log() appended, when proc
    exits first or timeout seconds pass. For daemons that offer no notification of
    being ready (a socket or port that appears, a line in a log).'''
    deadline = time.monotonic() + timeout
    while not ready():
        if proc is not None and proc.poll() is not None:
            raise error(f'{what}: the process exited with {proc.returncode}\n{log()}')
        if time.monotonic() > deadline:
            raise error(f'{what}: not done after {timeout:.0f} s\n{log()}')
        time.sleep(POLL_S)


def listable(path):
    '''Whether path is a folder that can be read now (FUSE folders can answer EIO
    for a moment after another mount went away).'''
    try:
        os.listdir(path)
        return True
    except OSError:
        return False


def proc_table():
    '''Map every live (non-zombie) pid to its parent pid.'''
    table = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if fields[0] not in ('Z', 'X'):
            table[int(entry)] = int(fields[1])
    return table


def pid_alive(pid):
    '''True while pid exists and is not a zombie (zombies hold no namespace, port or mount).'''
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
    except (OSError, IndexError):
        return False


def stop_pids(pids, grace=5.0, reap=()):
    '''SIGTERM pids, SIGKILL whatever outlives grace seconds, and wait up to 5 s more
    for those. reap: our own children (Popen) among them, reaped as they exit so that
    they do not linger as zombies.'''
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        pids = {p for p in pids if pid_alive(p)}
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for proc in reap:
                proc.poll()
            pids = {p for p in pids if pid_alive(p)}
            if not pids:
                break
            time.sleep(POLL_S)


def stop(proc, grace=5.0):
    '''Stop a process we started, by PID, and reap it.'''
    if proc is None or proc.poll() is not None:
        return
    stop_pids([proc.pid], grace, reap=[proc])
    proc.wait()


class Fixture:
    '''Base of a fixture with start() and stop() methods, making it a context manager:
    a start that fails part way stops what it had started before the error goes on.'''

    def __enter__(self):
        try:
            self.start()  # pylint: disable=no-member
        except BaseException:
            self.stop()  # pylint: disable=no-member
            raise
        return self

    def __exit__(self, *exc):
        self.stop()  # pylint: disable=no-member


# Crockford's base32, lowercased, as in src/core/pb-nm.c.
HANDLE_TAG_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'


def handle_tag(bus_id, name_owner):
    '''The tag of a link handle, computed as pb_nm_handle_tag() does.'''
    import hashlib  # pylint: disable=import-outside-toplevel
    digest = hashlib.sha256(f'{bus_id}\n{name_owner}'.encode()).digest()
    bits = int.from_bytes(digest[:4], 'big')
    return ''.join(HANDLE_TAG_ALPHABET[(bits >> (5 * i)) & 31] for i in range(5))


def link_handle(env, path):
    '''The handle Plugboard gives the active connection at object path PATH of the
    NetworkManager now on the bus of ENV (a dict with DBUS_SYSTEM_BUS_ADDRESS, or the
    address itself): the path's number, a dot, and the tag of the bus's id and the
    daemon's unique name. Ask it after the daemon has the activation, not before a restart.'''
    import gi  # pylint: disable=import-outside-toplevel
    gi.require_version('Gio', '2.0')
    from gi.repository import Gio, GLib  # pylint: disable=import-outside-toplevel
    address = env if isinstance(env, str) else env['DBUS_SYSTEM_BUS_ADDRESS']
    conn = Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    try:
        def bus(method, params=None):
            return conn.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', method,
                                  params, None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
        tag = handle_tag(bus('GetId'), bus('GetNameOwner', GLib.Variant('(s)', ('org.freedesktop.NetworkManager',))))
    finally:
        conn.close_sync(None)
    return f'{path.rsplit("/", 1)[1]}.{tag}'
