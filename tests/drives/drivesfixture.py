#!/usr/bin/python3
# tests/drives/drivesfixture.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Real servers and a real gvfsd, private to one test: a session bus whose only
# activatable service is gvfsd (which starts gvfsd-fuse), a Samba smbd and an
# OpenSSH sshd on free loopback ports, an ssh-agent holding the client key and,
# on request, an unlocked gnome-keyring Secret Service. Everything lives in one
# temporary directory and every process is stopped by PID. See README.md.
#
# The servers (DrivesServers) are root's, as a real user meets them. Run as
# root, the fixture starts its own; run as an ordinary user, it uses the ones
# drives-servers.py started for that user and named in $PB_DRIVES_SERVERS, and
# starts only the user's session (bus, gvfsd, agent, keyring, home).

import argparse
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pbtestlib  # noqa: E402  # pylint: disable=wrong-import-position

GIO = "/usr/bin/gio"
SECRET_TOOL = "/usr/bin/secret-tool"
NETWORK_PASSWORD = "org.gnome.keyring.NetworkPassword"
GDBUS = "/usr/bin/gdbus"
GVFSD = "/usr/libexec/gvfsd"
SMBD = "/usr/sbin/smbd"
SSHD = "/usr/sbin/sshd"
KEYRING = "/usr/bin/gnome-keyring-daemon"
REQUIRED = (GIO, GDBUS, GVFSD, "/usr/libexec/gvfsd-fuse", "/usr/libexec/gvfsd-smb",
            "/usr/libexec/gvfsd-sftp", "/usr/bin/fusermount3", "/usr/bin/dbus-daemon",
            SMBD, "/usr/bin/smbpasswd", SSHD, "/usr/bin/ssh", "/usr/bin/ssh-agent",
            "/usr/bin/ssh-add", "/usr/bin/ssh-keygen", "/dev/fuse")
MARKER = "PLUGBOARD_DRIVES_FIXTURE"
# The JSON file of the servers drives-servers.py runs for an ordinary user.
SERVERS_ENV = "PB_DRIVES_SERVERS"
# Variables of the caller's desktop session that would lead our clients to it.
FOREIGN_ENV = ("DBUS_SESSION_BUS_ADDRESS", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE",
               "GIO_USE_VFS", "GIO_USE_VOLUME_MONITOR", "GVFS_DISABLE_FUSE",
               "GVFS_REMOTE_VOLUME_MONITOR_IGNORE", "SSH_AUTH_SOCK", "SSH_AGENT_PID",
               "GNOME_KEYRING_CONTROL", "GSETTINGS_BACKEND")
START_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0

BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

GVFSD_SERVICE = f"""[D-BUS Service]
Name=org.gtk.vfs.Daemon
Exec={GVFSD}
"""

SMB_CONF = """[global]
  workgroup = WORKGROUP
  netbios name = PBTEST
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = {port}
  disable netbios = yes
  state directory = {dir}/state
  cache directory = {dir}/cache
  lock directory = {dir}/lock
  private dir = {dir}/private
  pid directory = {dir}/pid
  ncalrpc dir = {dir}/ncalrpc
  binddns dir = {dir}/binddns
  usershare path = {dir}/usershares
  log file = {dir}/log.%m
  passdb backend = tdbsam:{dir}/private/passdb.tdb
  map to guest = Bad User
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
[public]
  path = {public}
  guest ok = yes
  read only = no
  force user = {user}
[private]
  path = {private}
  valid users = {user}
  read only = no
"""

SSHD_CONF = """Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_key
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
"""


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _environ_has(pid, needle):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return needle in f.read().split(b"\0")
    except OSError:
        return False


def runs_here():
    """Whether DrivesFixture can start here: as root, or given an ordinary user's servers."""
    return os.geteuid() == 0 or bool(os.environ.get(SERVERS_ENV))


NOT_HERE = (f"the drives fixture needs root's smbd and sshd: run as root, or as an ordinary user with "
            f"${SERVERS_ENV} from tests/drives/drives-servers.py (build-aux/test.sh's non-root pass)")


def _process_tree(roots):
    table = pbtestlib.proc_table()
    found, frontier = set(), set(roots) & table.keys()
    while frontier:
        found |= frontier
        frontier = {pid for pid, ppid in table.items() if ppid in frontier} - found
    return found


class DrivesServers:
    """Samba's smbd and OpenSSH's sshd on free loopback ports, run by root for one account:
    shares public (guest, its files the account's), private (the account and a password)
    and sftp (a folder of the account's, reached by key only). All state lives in directory;
    state() is what a fixture needs to use them (drives-servers.py writes it as JSON)."""

    def __init__(self, user, directory):
        self.user = user
        self.dir = directory
        self.procs = {}  # name -> Popen
        self.seen_pids = set()

    def start(self):
        account = pwd.getpwnam(self.user)
        shares = self._mkdir("shares")
        os.chmod(shares, 0o755)
        self.share_dirs = {}
        for name in ("public", "private", "sftp"):
            self.share_dirs[name] = self._mkdir("shares", name)
            os.chown(self.share_dirs[name], account.pw_uid, account.pw_gid)
        self._start_ssh(account)
        self._start_smb()

    def state(self):
        return {"user": self.user, "smb_port": self.smb_port, "smb_user": self.smb_user,
                "smb_password": self.smb_password, "sftp_port": self.sftp_port,
                "client_key": self.client_key, "share_dirs": self.share_dirs, "dir": self.dir}

    def pids(self):
        """The servers' processes: smbd and sshd and every child they forked."""
        return _process_tree(p.pid for p in self.procs.values() if p.poll() is None)

    def stop(self):
        pids = self.pids()
        self.seen_pids |= pids
        pbtestlib.stop_pids(pids, STOP_TIMEOUT, reap=self.procs.values())
        for proc in self.procs.values():
            proc.poll()
        self.procs.clear()

    def _start_ssh(self, account):
        ssh_dir = self._mkdir("ssh")
        # sshd reads authorized_keys as the account: the folder is open to it, the host key is not.
        os.chmod(ssh_dir, 0o755)
        for key in ("host_key", "client_key"):
            subprocess.run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "plugboard-test",
                            "-f", os.path.join(ssh_dir, key)], check=True)
        self.client_key = os.path.join(ssh_dir, "client_key")
        os.chown(self.client_key, account.pw_uid, account.pw_gid)
        shutil.copy(os.path.join(ssh_dir, "client_key.pub"), os.path.join(ssh_dir, "authorized_keys"))
        os.chmod(os.path.join(ssh_dir, "authorized_keys"), 0o644)

        self.sftp_port = _free_port()
        conf = os.path.join(ssh_dir, "sshd_config")
        # Without PAM, sshd refuses every login, by key too, to an account whose password is
        # locked ("!", as useradd --system leaves it); Debian's sshd uses PAM, which lets keys in.
        text = SSHD_CONF.format(port=self.sftp_port, dir=ssh_dir)
        _write(conf, text if account.pw_uid == 0 else text.replace("UsePAM no\n", "UsePAM yes\n"))
        # sshd insists on its compiled-in privilege separation directory.
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self._spawn("sshd", [SSHD, "-D", "-e", "-f", conf])
        self._wait(f"sshd on port {self.sftp_port}", "sshd", lambda: _port_open(self.sftp_port))

    def _start_smb(self):
        smb_dir = self._mkdir("samba")
        for sub in ("state", "cache", "lock", "private", "pid", "ncalrpc", "binddns", "usershares"):
            self._mkdir("samba", sub)
        self.smb_port = _free_port()
        conf = os.path.join(smb_dir, "smb.conf")
        _write(conf, SMB_CONF.format(port=self.smb_port, dir=smb_dir, user=self.user,
                                     public=self.share_dirs["public"], private=self.share_dirs["private"]))
        self.smb_user = self.user
        self.smb_password = secrets.token_hex(8)
        subprocess.run(["/usr/bin/smbpasswd", "-c", conf, "-s", "-a", self.smb_user],
                       input=f"{self.smb_password}\n{self.smb_password}\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        self._spawn("smbd", [SMBD, "-s", conf, "--foreground", "--no-process-group", "--debug-stdout"])
        self._wait(f"smbd on port {self.smb_port}", "smbd", lambda: _port_open(self.smb_port))

    def _mkdir(self, *parts):
        path = os.path.join(self.dir, *parts)
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    def _log_path(self, name):
        return os.path.join(self.dir, name + ".log")

    def _spawn(self, name, argv):
        # A session of its own: smbd signals its whole process group when it stops.
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
        self.procs[name] = pbtestlib.spawn(argv, self._log_path(name), env=env, new_session=True)

    def _wait(self, what, name, ready):
        log = self._log_path(name)
        pbtestlib.wait_until(what, ready, START_TIMEOUT, self.procs[name], lambda: pbtestlib.log_tail(log))


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


class DrivesFixture(pbtestlib.Fixture):
    """Context manager running private GVfs, Samba, sshd and (optionally) keyring.

    keyring: run gnome-keyring's Secret Service on the bus; without it nothing
             owns org.freedesktop.secrets and nothing can activate it.
    runtime_dir: the session's XDG_RUNTIME_DIR (gvfsd's sockets, gvfsd-fuse's mount), an
             empty folder the caller made and removes; by default a folder of the
             fixture's own. The Flatpak tests give /run/user/UID in a mount namespace of
             theirs, where GIO inside a sandbox looks for gvfsd's sockets.
    """

    def __init__(self, keyring=False, runtime_dir=None):
        self.keyring = keyring
        self._given_runtime_dir = runtime_dir
        self.tmpdir = None
        self._procs = {}        # name -> Popen of the daemons we start directly
        self._servers = None    # DrivesServers of our own (as root)
        self._seen_pids = set()  # every pid teardown found, for leftover checks

    # --- lifecycle -----------------------------------------------------------

    def start(self):
        if not runs_here():
            raise RuntimeError("DrivesFixture: " + NOT_HERE)
        missing = [p for p in REQUIRED + ((KEYRING,) if self.keyring else ()) if not os.path.exists(p)]
        if missing:
            raise RuntimeError("DrivesFixture needs " + ", ".join(missing)
                               + ": run build-aux/install-deps.sh")
        # /tmp, not $TMPDIR: unix socket paths (bus, ssh ControlPath) must stay under 108 bytes.
        self.tmpdir = tempfile.mkdtemp(prefix="pb-drives-", dir="/tmp")
        self.user = pwd.getpwuid(os.getuid()).pw_name
        self.home = self._mkdir("home")
        self.runtime_dir = self._given_runtime_dir or self._mkdir("run")
        self.fuse_root = os.path.join(self.runtime_dir, "gvfs")
        self.bus_socket = os.path.join(self.tmpdir, "bus")
        self.bus_address = "unix:path=" + self.bus_socket
        self.ssh_auth_sock = os.path.join(self._mkdir("ssh"), "agent.sock")

        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV and k != SERVERS_ENV}
        env.update({
            MARKER: self.tmpdir,
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "HOME": self.home,
            "XDG_RUNTIME_DIR": self.runtime_dir,
            # An ordinary user's home starts as a new account's: no ~/.config until
            # something writes there (issue #10).
            "XDG_CONFIG_HOME": (self._mkdir if os.geteuid() == 0 else self._path)("home", ".config"),
            "XDG_DATA_HOME": self._mkdir("home", ".local", "share"),
            "XDG_CACHE_HOME": self._mkdir("home", ".cache"),
            "SSH_AUTH_SOCK": self.ssh_auth_sock,
        })
        # GIO would otherwise ask each remote monitor over D-Bus and warn on stderr.
        env["GVFS_REMOTE_VOLUME_MONITOR_IGNORE"] = "1"
        self.env = env

        self._use_servers()
        self._start_agent()
        self._start_bus()
        if self.keyring:
            self.keyring_password = secrets.token_hex(8)
            self.start_keyring()
        self._start_gvfsd()

    def stop(self):
        """Unmount everything, stop every process by PID, remove the temp dir."""
        if self.tmpdir is None or not os.path.isdir(self.tmpdir):
            return
        if self._running("dbus-daemon"):
            try:
                for uri in self._gvfs_mounts():
                    self.gio("mount", "--unmount", "--force", uri, timeout=30)
            except subprocess.TimeoutExpired:
                pass  # a wedged gvfsd: killing it below ends its mounts too
        for mount_point in self._our_mounts():
            subprocess.run(["/usr/bin/fusermount3", "-u", "-z", mount_point],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._kill(self._fixture_pids())
        if self._servers is not None:
            self._servers.stop()
        for mount_point in self._our_mounts():
            # A FUSE mount that outlived its server: never let rmtree walk into it.
            self.unmount_lazily(mount_point, check=True)
        shutil.rmtree(self.tmpdir)

    @staticmethod
    def unmount_lazily(mount_point, check=False):
        """Detach a kernel mount the test made: umount -l as root, fusermount3 as its user
        (umount would refuse an ordinary user), who may only unmount their own FUSE mounts."""
        argv = ["/usr/bin/umount", "-l"] if os.geteuid() == 0 else ["/usr/bin/fusermount3", "-u", "-z"]
        return subprocess.run(argv + [mount_point], check=check, capture_output=not check)

    def leftovers(self):
        """Processes and mounts of this fixture still there (none after stop())."""
        alive = pbtestlib.proc_table().keys()
        return (self._seen_pids & alive) | self._marked_pids(), self._our_mounts()

    # --- what tests use ------------------------------------------------------

    def gio(self, *args, input=None, timeout=60):
        """Run /usr/bin/gio with the fixture's environment."""
        return subprocess.run([GIO, *args], env=self.env, input=input, text=True,
                              capture_output=True, timeout=timeout)

    def secret_tool(self, *args, input=None):
        """Run secret-tool against the fixture's Secret Service."""
        return subprocess.run([SECRET_TOOL, *args], env=self.env, input=input, text=True,
                              capture_output=True, timeout=30)

    def stored_password(self, user=None):
        """The password GVfs's keyring schema holds for the Samba server and user, or None."""
        result = self.secret_tool("lookup", "xdg:schema", NETWORK_PASSWORD, "protocol", "smb",
                                  "server", "127.0.0.1", "user", user or self.smb_user)
        return result.stdout if result.returncode == 0 else None

    def clear_passwords(self):
        """Forget every network password in the fixture's Secret Service."""
        self.secret_tool("clear", "xdg:schema", NETWORK_PASSWORD)

    def mount(self, uri, input=None, anonymous=False):
        """`gio mount` URI, answering its prompts from input; raise if it fails."""
        args = ["mount", "--anonymous", uri] if anonymous else ["mount", uri]
        result = self.gio(*args, input=input or "")
        if result.returncode != 0:
            raise RuntimeError(f"gio mount {uri} failed ({result.returncode}): {result.stderr.strip()}")
        return result

    @property
    def smb_private_input(self):
        """gio mount's answers for the private share: User, Domain, Password."""
        return f"{self.smb_user}\nWORKGROUP\n{self.smb_password}\n"

    def mounts(self):
        """URIs of the current GVfs mounts, as `gio mount -l` shows them."""
        return self._gvfs_mounts()

    def fuse_path(self, uri):
        """Local (gvfsd-fuse) path of a location inside a mounted GVfs mount."""
        result = self.gio("info", "--attributes=standard::name", uri)
        match = re.search(r"^local path: (.*)$", result.stdout, re.MULTILINE)
        if result.returncode != 0 or not match:
            raise RuntimeError(f"no FUSE path for {uri}: {result.stderr.strip() or result.stdout}")
        path = match.group(1)
        # Right after a forced unmount gvfsd-fuse can answer EIO for a new
        # mount's folder for about half a second; wait until it reads.
        folder = os.path.join(self.fuse_root, os.path.relpath(path, self.fuse_root).split(os.sep)[0])
        pbtestlib.wait_until(f"the FUSE folder {folder}", lambda: pbtestlib.listable(folder), 10)
        return path

    def share_uri(self, share, name=""):
        base = {"public": self.smb_guest_uri, "private": self.smb_private_uri, "sftp": self.sftp_uri}[share]
        return f"{base}/{name}" if name else base

    def make_big_file(self, share, name, size):
        """Create a sparse file of size bytes on share ("public", "private" or "sftp"); return its URI."""
        with open(os.path.join(self.share_dirs[share], name), "wb") as f:
            f.truncate(size)
        return self.share_uri(share, name)

    def start_keyring(self):
        """Start gnome-keyring's Secret Service, unlocking the login keyring with its password."""
        self._spawn("gnome-keyring", [KEYRING, "--foreground", "--unlock", "--components=secrets"],
                    stdin=self.keyring_password)
        self._wait("org.freedesktop.secrets on the bus", "gnome-keyring",
                   lambda: self._bus_has_owner("org.freedesktop.secrets"))

    def stop_keyring(self):
        """Stop the Secret Service; its keyrings stay in HOME for start_keyring()."""
        proc = self._procs.pop("gnome-keyring")
        self._kill({proc.pid})
        proc.wait()
        self._wait("org.freedesktop.secrets to leave the bus", None,
                   lambda: not self._bus_has_owner("org.freedesktop.secrets"))

    # --- servers -------------------------------------------------------------

    def _use_servers(self):
        """As root, start servers of our own in tmpdir; as an ordinary user, use the ones
        root runs for us ($PB_DRIVES_SERVERS), their shares emptied for this fixture."""
        if os.geteuid() == 0:
            self._servers = DrivesServers(self.user, self.tmpdir)
            self._servers.start()
            state = self._servers.state()
        else:
            with open(os.environ[SERVERS_ENV]) as f:
                state = json.load(f)
            if state["user"] != self.user:
                raise RuntimeError(f"DrivesFixture: the servers in ${SERVERS_ENV} are for {state['user']}, "
                                   f"not {self.user}")
            for folder in state["share_dirs"].values():
                for entry in os.scandir(folder):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)
        self.share_dirs = state["share_dirs"]
        self.smb_port, self.smb_user, self.smb_password = state["smb_port"], state["smb_user"], state["smb_password"]
        self.sftp_port, self.client_key = state["sftp_port"], state["client_key"]
        self.smb_guest_uri = f"smb://127.0.0.1:{self.smb_port}/public"
        self.smb_private_uri = f"smb://127.0.0.1:{self.smb_port}/private"
        self.sftp_uri = f"sftp://{self.user}@127.0.0.1:{self.sftp_port}{self.share_dirs['sftp']}"

    def _start_agent(self):
        self._spawn("ssh-agent", ["/usr/bin/ssh-agent", "-D", "-a", self.ssh_auth_sock])
        self._wait("the ssh-agent socket", "ssh-agent", lambda: os.path.exists(self.ssh_auth_sock))
        subprocess.run(["/usr/bin/ssh-add", "-q", self.client_key], env=self.env, check=True)

    def _start_bus(self):
        services = self._mkdir("dbus-services")
        self._write(os.path.join(services, "org.gtk.vfs.Daemon.service"), GVFSD_SERVICE)
        conf = os.path.join(self.tmpdir, "bus.conf")
        self._write(conf, BUS_CONF.format(socket=self.bus_socket, services=services))
        self._procs["dbus-daemon"], _ = pbtestlib.start_dbus_daemon(
            conf, self._log_path("dbus-daemon"), env=self.env, new_session=True)

    def _start_gvfsd(self):
        # Any GVfs call activates gvfsd; gvfsd then spawns gvfsd-fuse on $XDG_RUNTIME_DIR/gvfs.
        result = self.gio("mount", "--list")
        if result.returncode != 0:
            raise RuntimeError("gio mount --list failed: " + result.stderr)
        self._wait(f"gvfsd-fuse to mount {self.fuse_root}", "dbus-daemon",
                   lambda: self.fuse_root in self._our_mounts())

    # --- helpers -------------------------------------------------------------

    def _path(self, *parts):
        return os.path.join(self.tmpdir, *parts)

    def _mkdir(self, *parts):
        path = self._path(*parts)
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    @staticmethod
    def _write(path, text):
        _write(path, text)

    def _log_path(self, name):
        return os.path.join(self.tmpdir, name + ".log")

    def _spawn(self, name, argv, stdin=None):
        # A session of its own: smbd signals its whole process group when it stops.
        self._procs[name] = pbtestlib.spawn(argv, self._log_path(name), env=self.env, stdin_text=stdin,
                                            new_session=True)

    def _running(self, name):
        return name in self._procs and self._procs[name].poll() is None

    def _wait(self, what, name, ready):
        # Startup readiness is polled: these daemons offer no notification we could wait on.
        log = self._log_path(name or "dbus-daemon")
        pbtestlib.wait_until(what, ready, START_TIMEOUT, self._procs.get(name), lambda: pbtestlib.log_tail(log))

    def gvfsd_pid(self):
        """The PID of the gvfsd that owns org.gtk.vfs.Daemon on the fixture's bus (to stop it)."""
        match = re.search(r"uint32 (\d+)", self._gdbus("GetConnectionUnixProcessID", "org.gtk.vfs.Daemon"))
        if match is None:
            raise RuntimeError("gvfsd is not on the fixture's bus")
        return int(match.group(1))

    def _gdbus(self, method, *args):
        result = subprocess.run([GDBUS, "call", "--address", self.bus_address, "--dest", "org.freedesktop.DBus",
                                 "--object-path", "/org/freedesktop/DBus",
                                 "--method", "org.freedesktop.DBus." + method, *args],
                                capture_output=True, text=True, timeout=10)
        return result.stdout if result.returncode == 0 else ""

    def _bus_has_owner(self, name):
        return self._gdbus("NameHasOwner", name).startswith("(true")

    def _bus_peer_pids(self):
        pids = set()
        for peer in re.findall(r"'(:[0-9.]+)'", self._gdbus("ListNames")):
            match = re.search(r"uint32 (\d+)", self._gdbus("GetConnectionUnixProcessID", peer))
            if match:
                pids.add(int(match.group(1)))
        return pids

    def _gvfs_mounts(self):
        result = self.gio("mount", "--list", timeout=30)
        return re.findall(r"^Mount\(\d+\): .* -> (\S+)$", result.stdout, re.MULTILINE)

    def _our_mounts(self):
        """Mount points under the temp dir or the runtime folder (gvfsd-fuse's)."""
        with open("/proc/self/mountinfo") as f:
            points = [line.split()[4] for line in f]
        # mountinfo escapes blanks as \040; neither folder has any.
        roots = {self.tmpdir, self.runtime_dir}
        return [p for p in points if any(p == root or p.startswith(root + "/") for root in roots)]

    def _fixture_pids(self):
        """Every process of this fixture: our daemons, the bus's peers (gvfsd, its backends,
        gvfsd-fuse, keyring), anything carrying our environment marker, and their descendants."""
        table = pbtestlib.proc_table()
        roots = {p.pid for p in self._procs.values()}
        if self._servers is not None:
            roots |= {p.pid for p in self._servers.procs.values()}
        if self._running("dbus-daemon"):
            roots |= self._bus_peer_pids()
        roots |= self._marked_pids()
        # Never ourselves or whoever runs us, even when they are peers on the bus (--demo).
        pid = os.getpid()
        while pid in table:
            roots.discard(pid)
            pid = table[pid]
        found, frontier = set(), roots & table.keys()
        while frontier:
            found |= frontier
            frontier = {pid for pid, ppid in table.items() if ppid in frontier} - found
        return found

    def _marked_pids(self):
        needle = f"{MARKER}={self.tmpdir}".encode()
        return {pid for pid in pbtestlib.proc_table() if _environ_has(pid, needle)}

    def _kill(self, pids):
        self._seen_pids |= pids
        servers = list(self._servers.procs.values()) if self._servers is not None else []
        pbtestlib.stop_pids(pids, STOP_TIMEOUT, reap=[*self._procs.values(), *servers])
        for name in [n for n, p in self._procs.items() if p.poll() is not None]:
            del self._procs[name]


def _on_stop_signal(signum, frame):
    # Only the first signal stops; a Python handler (unlike SIG_IGN or a blocked mask)
    # is not inherited by the daemons, which must still die on SIGTERM.
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, lambda *_: None)
    raise SystemExit(0)


def _demo(keyring):
    """Run the fixture with the public share mounted until SIGTERM or SIGINT."""
    signal.signal(signal.SIGTERM, _on_stop_signal)
    signal.signal(signal.SIGINT, _on_stop_signal)
    with DrivesFixture(keyring=keyring) as fx:
        fx.mount(fx.smb_guest_uri, anonymous=True)
        exports = {k: v for k, v in fx.env.items() if os.environ.get(k) != v}
        exports.update(PB_SMB_GUEST_URI=fx.smb_guest_uri, PB_SMB_PRIVATE_URI=fx.smb_private_uri,
                       PB_SMB_USER=fx.smb_user, PB_SMB_PASSWORD=fx.smb_password, PB_SFTP_URI=fx.sftp_uri,
                       PB_FUSE_ROOT=fx.fuse_root)
        lines = [f"export {k}={shlex.quote(v)}" for k, v in sorted(exports.items())]
        lines += [f"unset {k}" for k in FOREIGN_ENV if k in os.environ and k not in fx.env]
        lines.append("# drivesfixture ready")
        print("\n".join(lines), flush=True)
        while True:
            signal.pause()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Private GVfs + Samba + sshd for Plugboard's drives tests.")
    parser.add_argument("--demo", action="store_true", required=True,
                        help="start everything, mount the public share, print exports, run until SIGTERM")
    parser.add_argument("--keyring", action="store_true", help="also run an unlocked Secret Service")
    _demo(parser.parse_args().keyring)
