#!/usr/bin/python3
# realnm.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the real NetworkManager daemon in a private network namespace, on a private
# system bus, with an ethernet port (a veth pair) and an OpenVPN link (static key)
# to an OpenVPN server in a second namespace. Clients run outside the namespaces
# with RealNM.env, which points DBUS_SYSTEM_BUS_ADDRESS at the private bus.
#
#     r = skip_reason()
#     if r: self.skipTest(r)
#     with RealNM() as nm:
#         iface = nm.bring_up_ethernet()
#         vpn = nm.bring_up_vpn()          # Link(id, uuid, path)
#         nm.nmcli("connection", "down", "uuid", vpn.uuid)
#         dial = nm.begin_dialing()        # a Link that stays ACTIVATING
#
# See README.md beside this file for the facts this is built on.

import collections
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid as uuidlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import pbtestlib  # noqa: E402  # pylint: disable=wrong-import-position
from pbtestlib import pid_alive  # noqa: E402,F401  # pylint: disable=wrong-import-position

NM_BIN = "/usr/sbin/NetworkManager"
NM_DISPATCHER = "/usr/lib/NetworkManager/nm-dispatcher"
NM_OPENVPN_NAME = "/usr/lib/NetworkManager/VPN/nm-openvpn-service.name"
TOOLS = (NM_BIN, NM_OPENVPN_NAME, "/usr/sbin/openvpn", "/usr/bin/dbus-daemon",
         "/usr/bin/nmcli", "/usr/bin/nm-online", "/usr/bin/ip")

ETH_IFACE = "veth-pb0"      # NM's side, in namespace A
PEER_IFACE = "veth-pb1"     # the server's side, in namespace B
ETH_ADDR, PEER_ADDR = "10.213.0.1", "10.213.0.2"
TUN_CLIENT, TUN_SERVER = "10.213.1.2", "10.213.1.1"
VPN_PORT = 1194
CIPHER = "AES-256-CBC"      # static-key mode's default (BF-CBC) is gone from OpenSSL 3

ETH_ID, VPN_ID, DIAL_ID = "pb-eth", "pb-vpn", "pb-dial"
PEER_MARK = "Peer Connection Initiated"   # the server's log line for each (re)connection

# Run as "sh -c PRELUDE; exec ..." right after ip netns exec, which has already
# unshared the mount namespace (and made / a slave), so these mounts stay private.
# When the host has no /dev/net/tun, a tmpfs over /dev/net carries a private node.
TUN_PRELUDE = (
    "[ -c /dev/net/tun ] || { mkdir -p /dev/net && "
    "mount -t tmpfs -o mode=755 pb-dev-net /dev/net && "
    "mknod -m 666 /dev/net/tun c 10 200; } || exit 97; ")

# NetworkManager manages devices without udev only when /sys is read-only (it then
# assumes a container). ip netns exec mounts a fresh, writable sysfs, so remount it.
# A private /run (a directory of the fixture's, so that it outlives a killed daemon as
# /run does on a real machine) gives NM its own /run/NetworkManager and lets the bus socket sit
# where the OpenVPN plugin and its helper look (they ignore DBUS_SYSTEM_BUS_ADDRESS);
# a private /var/lib/NetworkManager keeps secret_key, timestamps and leases off the host.
NM_PRELUDE = (
    "mount -o remount,ro /sys && "
    "mount --bind \"$PB_NM_RUN\" /run && "
    "mkdir -p /run/dbus && : > /run/dbus/system_bus_socket && "
    "mount --bind \"$PB_BUS_SOCKET\" /run/dbus/system_bus_socket && "
    "mkdir -p /var/lib/NetworkManager && "
    "mount --bind \"$PB_NM_VARLIB\" /var/lib/NetworkManager || exit 98; ")

# nm-dispatcher reads its scripts from /etc and /usr/lib only: the fixture's own
# directories go over both, so no script of the host runs and ours is the only one.
DISPATCHER_PRELUDE = (
    "mount --bind \"$PB_NM_RUN\" /run && "
    "mount --bind \"$PB_DISPATCHER_DIR\" /etc/NetworkManager/dispatcher.d && "
    "mount --bind \"$PB_DISPATCHER_DIR\" /usr/lib/NetworkManager/dispatcher.d || exit 98; ")

# The pre-down script of hold_teardowns(): it notes each call, then waits until the
# release file exists (a poll: nothing else wakes a shell script for a file without
# a race). Scripts get a scrubbed environment, so the paths are written in.
PRE_DOWN_SCRIPT = """#!/bin/sh
# $1 is the interface, $2 the action (pre-down or vpn-pre-down)
echo "$2 $1 $$" >> '{calls}'
while [ ! -e '{released}' ]; do sleep 0.05; done
"""

Link = collections.namedtuple("Link", "id uuid path")

_serial = itertools.count()


class RealNMError(RuntimeError):
    pass


def _run(*argv, check=True, timeout=60, env=None):
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    if check and proc.returncode != 0:
        raise RealNMError("%s failed (%d): %s" % (" ".join(argv), proc.returncode,
                                                  (proc.stderr or proc.stdout).strip()))
    return proc


def skip_reason():
    """None when this machine can run RealNM, else a sentence saying why not."""
    if os.geteuid() != 0:
        return "the real NetworkManager needs root (network namespaces, mounts)"
    for tool in TOOLS:
        if not os.path.exists(tool):
            return "%s is not installed (build-aux/install-deps.sh installs it)" % tool
    probe = "pb-nmprobe-%d-%d" % (os.getpid(), next(_serial))
    try:
        proc = _run("ip", "netns", "add", probe, check=False)
        if proc.returncode != 0:
            return "cannot create a network namespace: %s" % proc.stderr.strip()
        proc = _run("ip", "netns", "exec", probe, "sh", "-c",
                    TUN_PRELUDE + "mount -o remount,ro /sys && "
                    "ip tuntap add dev pbprobe0 mode tun && "
                    "ip link add pbprobe1 type veth peer name pbprobe2", check=False)
        if proc.returncode != 0:
            return ("cannot set up a namespace like the real NetworkManager needs "
                    "(tun device, veth pair, read-only /sys): %s" % proc.stderr.strip())
    finally:
        _run("ip", "netns", "del", probe, check=False)
    return None


def _ns_pids(ns):
    proc = _run("ip", "netns", "pids", ns, check=False)
    return [int(p) for p in proc.stdout.split()] if proc.returncode == 0 else []


STOP_GRACE = 10.0


class RealNM(pbtestlib.Fixture):
    """The real NetworkManager in namespace A; an OpenVPN server in namespace B."""

    def __init__(self):
        tag = "%d-%d" % (os.getpid(), next(_serial))
        self.ns = "pb-nm-" + tag
        self.server_ns = "pb-nmsrv-" + tag
        self.eth_iface = ETH_IFACE
        self.eth_id, self.vpn_id, self.dial_id = ETH_ID, VPN_ID, DIAL_ID
        self.eth_uuid, self.vpn_uuid, self.dial_uuid = (str(uuidlib.uuid4()) for _ in range(3))
        self.timings = {}
        self._dir = None
        self._procs = {}        # name -> Popen started by us
        self._held = False
        self._namespaces = []
        self.env = None

    # -- lifecycle -------------------------------------------------------------

    def start(self):
        self._dir = tempfile.mkdtemp(prefix="pb-realnm-")
        # nm-openvpn drops to its own user; it must reach the bus socket.
        os.chmod(self._dir, 0o755)
        self.bus_socket = self._path("bus", "system_bus_socket")
        self.bus_address = "unix:path=" + self.bus_socket
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bus_address)
        self._start_bus()
        self._make_topology()
        self._start_vpn_server()
        self._start_nm()

    def stop(self):
        """Stop everything by PID, delete both namespaces and the temp dir."""
        t0 = time.monotonic()
        # A quitting NM hangs its VPNs up and waits for their pre-down scripts.
        self.release_teardowns()
        pbtestlib.stop(self._procs.pop("nm", None), STOP_GRACE)
        # What NM spawned (VPN plugin, openvpn client) and the server live in the
        # namespaces: stop every process that is still in one of them.
        for ns in self._namespaces:
            pbtestlib.stop_pids(_ns_pids(ns), STOP_GRACE, reap=self._procs.values())
        for name, proc in list(self._procs.items()):
            pbtestlib.stop(proc, STOP_GRACE)
            del self._procs[name]
        for ns in self._namespaces:
            _run("ip", "netns", "del", ns, check=False)
        self._namespaces = []
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        self.timings["teardown"] = time.monotonic() - t0

    # -- helpers for tests ------------------------------------------------------

    def restart_daemon(self):
        """Start NetworkManager again, after it died or was killed: same namespace,
        config, state file and /run (so it finds what the dead one left, as after
        a crash on a real machine). What the old one spawned (VPN plugin, openvpn)
        lives on unless it went with it. Returns once startup is complete."""
        old = self._procs.get("nm")
        if old is not None and old.poll() is None:
            raise RealNMError("NetworkManager (pid %d) is still running" % old.pid)
        self._run_nm("nm_restart")

    def hold_teardowns(self):
        """Make every teardown from now on wait in DEACTIVATING, as behind a slow
        pre-down dispatcher script, until release_teardowns(): starts the real
        nm-dispatcher with such a script. NM calls it when a link (vpn-pre-down)
        or a device (pre-down) starts to go down, and goes on only once it
        answered. teardown_calls() says which teardowns reached it."""
        if self._held:
            return
        ddir = self._mkdir("dispatcher", "scripts")
        for sub in ("pre-up.d", "no-wait.d"):
            self._mkdir("dispatcher", "scripts", sub)
        self._dispatcher_calls = self._path("dispatcher", "calls")
        self._dispatcher_released = self._path("dispatcher", "released")
        if os.path.exists(self._dispatcher_released):
            os.unlink(self._dispatcher_released)
        script = PRE_DOWN_SCRIPT.format(calls=self._dispatcher_calls,
                                        released=self._dispatcher_released)
        # nm-dispatcher runs only root's scripts that nobody else may write.
        self._write("dispatcher/scripts/pre-down.d/50-pb-hold", script, 0o700)
        if "dispatcher" not in self._procs or self._procs["dispatcher"].poll() is not None:
            proc = self._spawn("dispatcher", [
                "ip", "netns", "exec", self.ns, "sh", "-c", DISPATCHER_PRELUDE + 'exec "$@"',
                "sh", NM_DISPATCHER, "--persist", "--debug"],
                env=dict(self.env, PB_NM_RUN=self._nm_env["PB_NM_RUN"], PB_DISPATCHER_DIR=ddir))
            self._wait_for("nm-dispatcher on the bus", lambda: self._bus_has_name(
                "org.freedesktop.nm_dispatcher"), 20, proc, "dispatcher")
        self._held = True

    def teardown_calls(self):
        """The held teardowns so far: [(action, iface)], e.g. ("vpn-pre-down", "tun0")."""
        try:
            with open(self._dispatcher_calls) as f:
                return [tuple(line.split()[:2]) for line in f if line.strip()]
        except (AttributeError, OSError):
            return []

    def release_teardowns(self):
        """Let held teardowns go on, and the ones after them pass."""
        if not self._held:
            return
        self._held = False
        with open(self._dispatcher_released, "w"):
            pass

    def _bus_has_name(self, name):
        proc = _run("dbus-send", "--system", "--print-reply", "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                    "string:" + name, check=False, env=self.env)
        return "boolean true" in proc.stdout

    def nmcli(self, *args, check=False, timeout=120):
        """Run nmcli on the private bus; returns the CompletedProcess."""
        return _run("nmcli", *args, check=check, timeout=timeout, env=self.env)

    def log(self, name="nm"):
        """The log of one daemon we started: nm, vpn-server or bus."""
        if not self._dir:
            return ""
        try:
            with open(os.path.join(self._dir, "log", name + ".log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def pids(self):
        """Every live process this fixture is responsible for."""
        pids = {p.pid for p in self._procs.values() if pid_alive(p.pid)}
        for ns in self._namespaces:
            pids.update(_ns_pids(ns))
        return sorted(pids)

    def device_state(self, iface):
        """nmcli's GENERAL.STATE for iface, e.g. '100 (connected)'."""
        return self.nmcli("-g", "GENERAL.STATE", "device", "show", iface).stdout.strip()

    def active_link(self, uuid):
        """Link for the active connection of the given profile uuid, or None."""
        proc = self.nmcli("-t", "-f", "NAME,UUID,ACTIVE-PATH", "connection", "show",
                          "--active")
        for line in proc.stdout.splitlines():
            name, con_uuid, path = split_terse(line)
            if con_uuid == uuid:
                return Link(name, con_uuid, path)
        return None

    def bring_up_ethernet(self):
        """Activate the ethernet profile on the veth; returns its interface name."""
        self._up("ethernet", self.eth_uuid)
        return self.eth_iface

    def bring_up_vpn(self):
        """Activate the OpenVPN profile over the ethernet; returns its Link."""
        t0 = time.monotonic()
        peers = self.log("vpn-server").count(PEER_MARK)
        self._up("vpn", self.vpn_uuid)
        link = self.active_link(self.vpn_uuid)
        if link is None:
            raise RealNMError("the VPN reported success but is not active\n" + self.log())
        # NM calls the link activated once the client's up script ran; the client's
        # first packet reaching the server proves the tunnel is real.
        self._wait_for("the OpenVPN server hearing from NM's client",
                       lambda: self.log("vpn-server").count(PEER_MARK) > peers,
                       20, log="vpn-server")
        self.timings["vpn_peer"] = time.monotonic() - t0
        return link

    def begin_dialing(self):
        """Start a link on the veth that stays ACTIVATING (DHCP, no server): its Link."""
        proc = self.nmcli("--wait", "0", "connection", "up", "uuid", self.dial_uuid)
        link = self.active_link(self.dial_uuid)
        if proc.returncode != 0 or link is None:
            raise RealNMError("starting the dialling profile failed: %s\n%s"
                              % ((proc.stderr or proc.stdout).strip(), self.log()))
        return link

    # -- internals ------------------------------------------------------------

    def _path(self, *parts):
        """A path in the temp dir, its parent dir created."""
        path = os.path.join(self._dir, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def _mkdir(self, *parts):
        """A directory in the temp dir, created."""
        path = os.path.join(self._dir, *parts)
        os.makedirs(path, exist_ok=True)
        return path

    def _write(self, rel, text, mode=0o600):
        path = self._path(*rel.split("/"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return path

    def _template(self, name, **values):
        with open(os.path.join(HERE, name)) as f:
            return f.read().format(**values)

    def _spawn(self, name, argv, env=None):
        proc = pbtestlib.spawn(argv, self._path("log", name + ".log"), env=env)
        self._procs[name] = proc
        return proc

    def _wait_for(self, what, predicate, timeout, proc=None, log="nm"):
        pbtestlib.wait_until(what, predicate, timeout, proc, lambda: self.log(log), RealNMError)

    def _start_bus(self):
        t0 = time.monotonic()
        conf = self._write("bus/bus.conf", self._template(
            "bus.conf.in", socket=self.bus_socket), 0o644)
        self._procs["bus"], _ = pbtestlib.start_dbus_daemon(conf, self._path("log", "bus.log"))
        self.timings["bus_start"] = time.monotonic() - t0

    def _make_topology(self):
        for ns in (self.ns, self.server_ns):
            _run("ip", "netns", "add", ns)
            self._namespaces.append(ns)
            _run("ip", "-n", ns, "link", "set", "lo", "up")
        # Created inside the namespaces directly, so no name ever exists on the host.
        _run("ip", "-n", self.ns, "link", "add", ETH_IFACE, "type", "veth", "peer", "name",
             PEER_IFACE, "netns", self.server_ns)
        _run("ip", "-n", self.server_ns, "addr", "add", PEER_ADDR + "/24", "dev", PEER_IFACE)
        _run("ip", "-n", self.server_ns, "link", "set", PEER_IFACE, "up")

    def _start_vpn_server(self):
        t0 = time.monotonic()
        self.static_key = self._path("vpn", "static.key")
        _run("openvpn", "--genkey", "secret", self.static_key)
        proc = self._spawn("vpn-server", [
            "ip", "netns", "exec", self.server_ns, "sh", "-c", TUN_PRELUDE + 'exec "$@"', "sh",
            "openvpn", "--dev", "tun", "--proto", "udp", "--local", PEER_ADDR,
            "--lport", str(VPN_PORT), "--ifconfig", TUN_SERVER, TUN_CLIENT,
            "--secret", self.static_key, "0", "--cipher", CIPHER,
            "--float",          # each new client run comes from a new source port
            "--verb", "3"])
        # A UDP server without --remote completes its start only when a peer talks.
        self._wait_for("OpenVPN server", lambda: "link local (bound)"
                       in self.log("vpn-server"), 20, proc, "vpn-server")
        self.timings["vpn_server_start"] = time.monotonic() - t0

    def _start_nm(self):
        empty = self._mkdir("nm", "empty")
        varlib = self._mkdir("nm", "varlib")
        conf = self._write("nm/NetworkManager.conf", self._template(
            "NetworkManager.conf.in", keyfile_dir=self._mkdir("nm", "connections")), 0o644)
        # NM ignores keyfiles that are not root's and 0600.
        profiles = (
            (ETH_ID, "ethernet.nmconnection.in", dict(
                uuid=self.eth_uuid, iface=ETH_IFACE, address=ETH_ADDR, gateway=PEER_ADDR)),
            (VPN_ID, "openvpn.nmconnection.in", dict(
                uuid=self.vpn_uuid, remote=PEER_ADDR, port=VPN_PORT, key=self.static_key,
                local_ip=TUN_CLIENT, remote_ip=TUN_SERVER, cipher=CIPHER)),
            (DIAL_ID, "dhcp.nmconnection.in", dict(uuid=self.dial_uuid, iface=ETH_IFACE)))
        for con_id, template, values in profiles:
            self._write("nm/connections/%s.nmconnection" % con_id,
                        self._template(template, id=con_id, **values))
        self._nm_argv = [
            "ip", "netns", "exec", self.ns, "sh", "-c",
            TUN_PRELUDE + NM_PRELUDE + 'exec "$@"', "sh",
            NM_BIN, "--debug",          # logs to stderr: there is no syslog to catch it
            "--config=" + conf,
            "--config-dir=" + empty,
            "--system-config-dir=" + empty,
            "--intern-config=" + os.path.join(varlib, "NetworkManager-intern.conf"),
            "--state-file=" + os.path.join(varlib, "NetworkManager.state"),
            "--pid-file=" + os.path.join(varlib, "NetworkManager.pid")]
        self._nm_env = dict(self.env, PB_BUS_SOCKET=self.bus_socket, PB_NM_VARLIB=varlib,
                            PB_NM_RUN=self._mkdir("nm", "run"))
        self._run_nm("nm_startup")
        self._wait_for("NetworkManager managing " + ETH_IFACE,
                       lambda: self.device_state(ETH_IFACE).startswith("30 "), 30,
                       self._procs["nm"])
        self.timings["nm_managed"] = time.monotonic() - self._nm_t0

    def _run_nm(self, timing):
        """Spawn NM (its log goes on after any earlier run's) and wait for its startup."""
        self._nm_t0 = t0 = time.monotonic()
        proc = self._spawn("nm", self._nm_argv, env=self._nm_env)
        # nm-online -s returns once NM signals that startup is complete.
        online = subprocess.Popen(["nm-online", "-s", "-q", "-t", "60"], env=self.env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            self._wait_for("NetworkManager startup", lambda: online.poll() is not None,
                           70, proc)
        finally:
            if online.poll() is None:
                online.kill()
            online.wait()
        if online.returncode != 0:
            raise RealNMError("NetworkManager did not finish starting (nm-online: %d)\n%s"
                              % (online.returncode, self.log()))
        self.timings[timing] = time.monotonic() - t0
        return proc

    def _up(self, what, uuid):
        t0 = time.monotonic()
        proc = self.nmcli("--wait", "90", "connection", "up", "uuid", uuid)
        if proc.returncode != 0:
            raise RealNMError("activating the %s profile failed: %s\n%s"
                              % (what, (proc.stderr or proc.stdout).strip(), self.log()))
        self.timings[what + "_up"] = time.monotonic() - t0


def split_terse(line):
    """Split one line of nmcli -t output on unescaped colons."""
    fields, cur, chars = [], [], iter(line)
    for ch in chars:
        if ch == "\\":
            cur.append(next(chars, ""))
        elif ch == ":":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields
