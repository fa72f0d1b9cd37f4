#!/usr/bin/python3
# build-aux/flatpak-local.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Build and install Plugboard's Flatpak offline, in a private installation.

    build-aux/flatpak-local.py [--cache DIR] [--print-env] [--rebuild]

Flathub cannot be reached from CI or from a test machine, so the GNOME runtime
the manifest names is replaced by a stand-in made from this machine's own
Debian packages: org.gnome.Platform and org.gnome.Sdk, branch "debian12",
holding GLib, GTK 4, libnm, libsecret, json-glib, the GVfs client module and
everything they depend on; the SDK adds the compiler, meson and the -dev
packages. Both are exported to a local OSTree repository and installed in a
private --user installation under the cache folder; then flatpak-builder builds
flatpak/io.github.plugboard.Plugboard.json against them, and the app is
installed there too. Only two things of the manifest are changed, in a copy:
the runtime branch, and the sources (this checkout, copied; the libnm module,
which downloads NetworkManager, is left out because the stand-in runtime
already has Debian's libnm; see the README's Flatpak section).

Nothing is downloaded and the machine's own Flatpak installations are never
read or written: FLATPAK_USER_DIR, FLATPAK_SYSTEM_DIR and FLATPAK_CONFIG_DIR
all point into the cache folder. Each step is keyed by a hash of its inputs
(the packages' versions, this script, the manifest, the checkout's files), so
a second run with nothing changed only hashes and returns.

--print-env prints those three variables as NAME=VALUE lines on standard
output once the app is installed, for `env $(... --print-env) flatpak run
--user ...`. The cache is $PB_FLATPAK_CACHE, or ~/.cache/plugboard-flatpak.

Needs, besides the packages the runtime is made of (Debian 12; the script
names any that is missing):
  flatpak flatpak-builder ostree elfutils (eu-strip, which flatpak-builder
  runs on the host) appstream-util (appstream-compose, which it runs in the
  SDK) libxml2-utils (xmllint, for the GResource's xml-stripblanks)
'''

import argparse
import fcntl
import hashlib
import inspect
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time

APP_ID = 'io.github.plugboard.Plugboard'
BRANCH = 'debian12'
REMOTE = 'plugboard-local'
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANIFEST = os.path.join(SOURCE_ROOT, 'flatpak', APP_ID + '.json')

# What the app links or loads at run time, as Debian names it. The GNOME
# runtime has all of these except libnm, which the manifest builds itself.
PLATFORM_PACKAGES = [
    'libglib2.0-0', 'libgtk-4-1', 'libnm0', 'libsecret-1-0', 'libjson-glib-1.0-0',
    'gvfs', 'gvfs-libs', 'dconf-gsettings-backend', 'gsettings-desktop-schemas',
    'adwaita-icon-theme', 'hicolor-icon-theme', 'shared-mime-info',
    'fonts-dejavu-core', 'fontconfig-config', 'librsvg2-common',
    'libc-bin',
]
# Taken without what they depend on: Debian's gvfs package is the GIO module
# (the GNOME runtime's gvfs-client) but depends on the daemons, which run on
# the host, outside any sandbox.
SHALLOW = {'gvfs'}
# Left out with what only they pull in: a real runtime gets its GL and Vulkan
# drivers from the org.freedesktop.Platform.GL extension, matched to the host's
# GPU, not from the runtime (Mesa and its LLVM would be half of the SDK here).
EXCLUDED = {'libgl1-mesa-dri', 'mesa-vulkan-drivers'}

# The SDK: the platform, a shell and the base tools every build script
# assumes (Debian's Essential packages, which nothing declares a dependency
# on), and what meson needs to build Plugboard.
SDK_PACKAGES = PLATFORM_PACKAGES + [
    'gcc', 'libc6-dev', 'binutils', 'make', 'meson', 'ninja-build', 'pkgconf',
    'gettext', 'libglib2.0-dev', 'libglib2.0-dev-bin', 'libglib2.0-bin',
    'libgtk-4-dev', 'libnm-dev', 'libsecret-1-dev', 'libjson-glib-dev',
    'desktop-file-utils', 'gtk-update-icon-cache', 'libxml2-utils',
    'appstream-util',  # appstream-compose, which flatpak-builder runs at the end
]

# Documentation and translations of the packages themselves: a test runtime
# needs none of them.
SKIPPED = ('/usr/share/doc/', '/usr/share/man/', '/usr/share/info/', '/usr/share/lintian/',
           '/usr/share/bug/', '/usr/share/locale/', '/usr/share/gtk-doc/', '/usr/share/help/')
MERGED = ('/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32')

STEP_T0 = time.monotonic()


def log(message):
    print(f'flatpak-local: [{time.monotonic() - STEP_T0:6.1f} s] {message}', file=sys.stderr, flush=True)


# No child reads our standard input: meson inside flatpak-builder runs
# "cc -E -v -", which would otherwise preprocess whatever the caller's stdin
# holds (under a CI harness, binary data that meson then fails to decode).
def run(argv, env=None, **kwargs):
    kwargs.setdefault('stdin', subprocess.DEVNULL)
    return subprocess.run(argv, env=env, check=True, **kwargs)


def output(argv, env=None):
    return subprocess.run(argv, env=env, check=True, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL).stdout


# ------------------------------------------------------------------ packages

class Packages:
    '''The installed Debian packages, their versions, dependencies and provides.'''

    def __init__(self):
        native = output(['dpkg', '--print-architecture']).strip()
        fmt = '${db:Status-Abbrev}\t${Package}\t${Architecture}\t${Version}\t${Essential}\t' \
              '${Provides}\t${Pre-Depends}, ${Depends}\n'
        self.version = {}
        self.depends = {}
        self.essential = set()
        self.provided = {}
        for line in output(['dpkg-query', '-W', '-f', fmt]).splitlines():
            status, name, arch, version, essential, provides, depends = line.split('\t')
            if not status.startswith('ii') or arch not in (native, 'all'):
                continue
            self.version[name] = version
            self.depends[name] = [[self._name(alt) for alt in dep.split('|')]
                                  for dep in depends.split(',') if dep.strip()]
            if essential == 'yes':
                self.essential.add(name)
            for virtual in provides.split(','):
                if virtual.strip():
                    self.provided.setdefault(self._name(virtual), []).append(name)

    @staticmethod
    def _name(dep):
        # "libfoo (>= 1.2)", "python3:any", "perl:any (>= 5)"
        return re.split(r'[\s:(]', dep.strip(), maxsplit=1)[0]

    def resolve(self, name):
        '''The installed package that satisfies name, or None.'''
        if name in self.version:
            return name
        for candidate in self.provided.get(name, []):
            if candidate in self.version:
                return candidate
        return None

    def closure(self, roots):
        '''roots and everything they need, as installed here. Raises with the
        packages to install when a root is missing.'''
        missing = [root for root in roots if self.resolve(root) is None]
        if missing:
            raise SystemExit('flatpak-local: install these Debian packages first: ' + ' '.join(missing))
        seen = set()
        todo = [self.resolve(root) for root in roots]
        while todo:
            name = todo.pop()
            if name in seen or name in EXCLUDED:
                continue
            seen.add(name)
            if name in SHALLOW:
                continue
            for alternatives in self.depends[name]:
                found = [self.resolve(alt) for alt in alternatives]
                found = [f for f in found if f is not None]
                if found:
                    todo.append(found[0])
                # an unmet alternative is a Recommends-like hole dpkg allowed (or a
                # virtual package only removed software provided): nothing to copy
        return sorted(seen)

    def versions(self, names):
        return [f'{name}={self.version[name]}' for name in names]


def package_files(names):
    '''Every path the packages installed, in the order dpkg lists them.'''
    paths = []
    for line in output(['dpkg-query', '-L'] + names).splitlines():
        if line.startswith('/') and line != '/.':
            paths.append(line)
    return paths


def tree_path(path):
    '''Where a package's file goes in the runtime's files/ folder (which is /usr
    in the sandbox), or None for what a runtime does not carry.'''
    for top in MERGED:
        if path == top or path.startswith(top + '/'):
            path = '/usr' + path
            break
    if path.startswith(SKIPPED) or path + '/' in SKIPPED:
        return None
    if path == '/usr' or path.startswith('/usr/'):
        return path[len('/usr/'):]
    if path == '/etc' or path.startswith('/etc/'):
        return path[1:]
    return None


def assemble(files_dir, paths):
    '''Copy the packages' files from this machine into files_dir.'''
    count = 0
    for path in paths:
        rel = tree_path(path)
        if not rel:
            continue
        dest = os.path.join(files_dir, rel)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue    # removed by the admin (a conffile) or by a diversion
        if stat.S_ISLNK(info.st_mode) and path in MERGED:
            info = os.stat(path)    # /lib -> usr/lib on a merged-/usr host: a folder here
        if os.path.lexists(dest) and not stat.S_ISDIR(info.st_mode):
            continue
        if stat.S_ISDIR(info.st_mode):
            os.makedirs(dest, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(path), dest)
        elif stat.S_ISREG(info.st_mode):
            shutil.copy2(path, dest)
            count += 1
    return count


def flatpak_layout(files_dir):
    '''What flatpak expects of a runtime beyond the packages' files: it runs
    /usr/bin/ldconfig to cache /app/lib beside the runtime's libraries, and
    Debian has it in /sbin.'''
    if os.path.exists(os.path.join(files_dir, 'sbin/ldconfig')) and \
            not os.path.lexists(os.path.join(files_dir, 'bin/ldconfig')):
        os.symlink('../sbin/ldconfig', os.path.join(files_dir, 'bin/ldconfig'))


def generate_caches(files_dir):
    '''The caches Debian's packages build in their triggers, not listed by dpkg.
    Host tools write them; the paths inside match, since files/ is /usr.'''
    multiarch = output(['dpkg-architecture', '-qDEB_HOST_MULTIARCH']).strip() \
        if shutil.which('dpkg-architecture') else 'x86_64-linux-gnu'
    schemas = os.path.join(files_dir, 'share/glib-2.0/schemas')
    if os.path.isdir(schemas):
        run(['glib-compile-schemas', schemas])
    modules = os.path.join(files_dir, 'lib', multiarch, 'gio/modules')
    querymodules = f'/usr/lib/{multiarch}/glib-2.0/gio-querymodules'
    if os.path.isdir(modules) and os.path.exists(querymodules):
        run([querymodules, modules])
    mime = os.path.join(files_dir, 'share/mime')
    if os.path.isdir(os.path.join(mime, 'packages')) and shutil.which('update-mime-database'):
        run(['update-mime-database', mime], stdout=subprocess.DEVNULL)
    pixbuf = os.path.join(files_dir, 'lib', multiarch, 'gdk-pixbuf-2.0/2.10.0')
    query = f'/usr/lib/{multiarch}/gdk-pixbuf-2.0/gdk-pixbuf-query-loaders'
    if os.path.isdir(os.path.join(pixbuf, 'loaders')) and os.path.exists(query):
        loaders = sorted(f'/usr/lib/{multiarch}/gdk-pixbuf-2.0/2.10.0/loaders/{name}'
                         for name in os.listdir(os.path.join(pixbuf, 'loaders')))
        with open(os.path.join(pixbuf, 'loaders.cache'), 'w', encoding='utf-8') as cache:
            run([query] + loaders, stdout=cache, stderr=subprocess.DEVNULL)
    icon_cache = shutil.which('gtk-update-icon-cache')
    for theme in ('hicolor', 'Adwaita'):
        theme_dir = os.path.join(files_dir, 'share/icons', theme)
        if icon_cache and os.path.exists(os.path.join(theme_dir, 'index.theme')):
            run([icon_cache, '--quiet', '--force', theme_dir])


# ------------------------------------------------------------------ flatpak

class Cache:
    '''The cache folder: a private Flatpak installation, a local repository and
    the build folders, with a stamp of the inputs each step was made from.'''

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.repo = os.path.join(self.root, 'repo')
        self.env = dict(os.environ,
                        FLATPAK_USER_DIR=os.path.join(self.root, 'user'),
                        FLATPAK_SYSTEM_DIR=os.path.join(self.root, 'system'),
                        FLATPAK_CONFIG_DIR=os.path.join(self.root, 'config'))
        for name in ('FLATPAK_USER_DIR', 'FLATPAK_SYSTEM_DIR', 'FLATPAK_CONFIG_DIR'):
            os.makedirs(self.env[name], exist_ok=True)

    def stamp(self, step):
        try:
            with open(os.path.join(self.root, step + '.key'), encoding='utf-8') as f:
                return f.read().strip()
        except FileNotFoundError:
            return None

    def set_stamp(self, step, key):
        with open(os.path.join(self.root, step + '.key'), 'w', encoding='utf-8') as f:
            f.write(key + '\n')

    def flatpak(self, *args, **kwargs):
        return run(['flatpak', '--user'] + list(args), env=self.env, **kwargs)

    def installed(self, ref):
        return subprocess.run(['flatpak', '--user', 'info', ref], env=self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, check=False).returncode == 0

    def ensure_repo(self):
        if not os.path.isdir(os.path.join(self.repo, 'objects')):
            # not archive-z2: compressing the SDK took most of a cold run, and
            # flatpak installs from a local bare-user-only repository as well
            run(['ostree', 'init', '--mode=bare-user-only', '--repo=' + self.repo])

    def install(self, *refs):
        # added once the repository has a summary: build-export writes it
        self.flatpak('remote-add', '--if-not-exists', '--no-gpg-verify', REMOTE, self.repo)
        self.flatpak('install', '--noninteractive', '-y', '--or-update', REMOTE, *refs,
                     stdout=subprocess.DEVNULL)


def digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b'\0')
    return h.hexdigest()


def file_digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def build_runtime(cache, packages, arch):
    '''org.gnome.Platform and org.gnome.Sdk//debian12 from the installed packages.'''
    platform = packages.closure(PLATFORM_PACKAGES)
    sdk = packages.closure(SDK_PACKAGES + sorted(packages.essential))
    # the code that makes the trees is an input too; the rest of this script is not
    code = [inspect.getsource(f) for f in (tree_path, assemble, flatpak_layout, generate_caches,
                                              build_runtime)]
    key = digest(*code, repr(SKIPPED), repr(sorted(EXCLUDED)), arch,
                 *packages.versions(platform), '--', *packages.versions(sdk))
    refs = [f'runtime/org.gnome.Platform/{arch}/{BRANCH}', f'runtime/org.gnome.Sdk/{arch}/{BRANCH}']
    if cache.stamp('runtime') == key and all(cache.installed(ref) for ref in refs):
        log(f'runtime: up to date ({len(platform)} packages, SDK {len(sdk)})')
        return key
    cache.ensure_repo()
    for name, closure in (('org.gnome.Platform', platform), ('org.gnome.Sdk', sdk)):
        work = os.path.join(cache.root, 'runtime', name)
        shutil.rmtree(work, ignore_errors=True)
        files_dir = os.path.join(work, 'files')
        os.makedirs(files_dir)
        count = assemble(files_dir, package_files(closure))
        flatpak_layout(files_dir)
        generate_caches(files_dir)
        with open(os.path.join(work, 'metadata'), 'w', encoding='utf-8') as f:
            f.write('[Runtime]\n'
                    f'name={name}\n'
                    f'runtime=org.gnome.Platform/{arch}/{BRANCH}\n'
                    f'sdk=org.gnome.Sdk/{arch}/{BRANCH}\n')
        with open(os.path.join(files_dir, 'debian-packages.txt'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(packages.versions(closure)) + '\n')
        log(f'{name}: {len(closure)} packages, {count} files; exporting')
        run(['flatpak', 'build-export', '--runtime', '--files=files', '--disable-fsync',
             '--subject', f'{name} stand-in from Debian packages',
             cache.repo, work, BRANCH], env=cache.env, stdout=subprocess.DEVNULL)
        shutil.rmtree(work)
    log('runtime: installing')
    cache.install(*refs)
    cache.set_stamp('runtime', key)
    return key


def source_files():
    '''The checkout as git sees it: tracked and new files, not ignored ones
    (build folders), with their working-tree contents.'''
    listed = output(['git', '-C', SOURCE_ROOT, 'ls-files', '-z', '--cached', '--others',
                     '--exclude-standard']).split('\0')
    return sorted({p for p in listed if p and os.path.isfile(os.path.join(SOURCE_ROOT, p))})


def local_manifest(source_dir):
    '''The manifest as flatpak-builder reads it, with the stand-in runtime's
    branch and local sources.'''
    manifest = json.loads(output(['flatpak-builder', '--show-manifest', MANIFEST]))
    manifest['runtime-version'] = BRANCH
    # libnm: the manifest builds it from NetworkManager's git (the GNOME
    # runtime has no libnm); the stand-in runtime has Debian's libnm0.
    manifest['modules'] = [m for m in manifest['modules'] if m.get('name') != 'libnm']
    app = manifest['modules'][-1]
    if app.get('name') != 'plugboard':
        raise SystemExit('flatpak-local: the manifest\'s last module is not plugboard')
    app['sources'] = [{'type': 'dir', 'path': source_dir}]
    return manifest


def export_sources(source_dir, ref):
    """Copy the checkout into source_dir: the working tree as git sees it
    (tracked and new files, not ignored ones such as build folders), or the
    tree of commit ref. Returns a hash of what was copied."""
    shutil.rmtree(source_dir, ignore_errors=True)
    os.makedirs(source_dir)
    if ref:
        tree = output(['git', '-C', SOURCE_ROOT, 'rev-parse', ref + '^{tree}']).strip()
        archive = subprocess.Popen(['git', '-C', SOURCE_ROOT, 'archive', '--format=tar', tree],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        run(['tar', '-x', '-C', source_dir], stdin=archive.stdout)
        if archive.wait() != 0:
            raise SystemExit(f'flatpak-local: git archive {ref} failed')
        return digest('tree', tree)
    h = hashlib.sha256()
    for rel in source_files():
        path = os.path.join(SOURCE_ROOT, rel)
        h.update(rel.encode() + b'\0' + file_digest(path).encode() + b'\0')
        dest = os.path.join(source_dir, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(path, dest)
    return h.hexdigest()


def build_app(cache, runtime_key, arch, ref):
    source_dir = os.path.join(cache.root, 'app', 'source')
    sources_key = export_sources(source_dir, ref)
    manifest = local_manifest(source_dir)
    text = json.dumps(manifest, indent=2, sort_keys=True)
    key = digest(runtime_key, text, sources_key)
    app_ref = f'app/{APP_ID}/{arch}/master'
    if cache.stamp('app') == key and cache.installed(app_ref):
        log('app: up to date')
        return
    manifest_path = os.path.join(cache.root, 'app', APP_ID + '.json')
    with open(manifest_path, 'w', encoding='utf-8') as f:
        f.write(text + '\n')
    log_path = os.path.join(cache.root, 'app', 'build.log')
    log(f'app: building from {"the working tree" if not ref else ref}; log in {log_path}')
    with open(log_path, 'w', encoding='utf-8') as build_log:
        built = subprocess.run(
            ['flatpak-builder', '--disable-rofiles-fuse', '--disable-updates', '--disable-download',
             '--force-clean', '--state-dir=' + os.path.join(cache.root, 'app', 'state'),
             '--repo=' + cache.repo, os.path.join(cache.root, 'app', 'build'), manifest_path],
            env=cache.env, stdin=subprocess.DEVNULL, stdout=build_log, stderr=subprocess.STDOUT, check=False)
    if built.returncode != 0:
        with open(log_path, encoding='utf-8', errors='replace') as f:
            sys.stderr.write(''.join(f.readlines()[-40:]))
        raise SystemExit(f'flatpak-local: flatpak-builder failed ({built.returncode}); log: {log_path}')
    log('app: installing')
    cache.install(app_ref)
    cache.set_stamp('app', key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--cache', default=os.environ.get('PB_FLATPAK_CACHE') or os.path.join(
        os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'plugboard-flatpak'),
        help='cache folder (default: $PB_FLATPAK_CACHE or ~/.cache/plugboard-flatpak)')
    parser.add_argument('--print-env', action='store_true',
                        help='print FLATPAK_USER_DIR and friends for flatpak run --user')
    parser.add_argument('--source', metavar='REF', default=os.environ.get('PB_FLATPAK_REF') or None,
                        help='build this git commit instead of the working tree (default: $PB_FLATPAK_REF)')
    parser.add_argument('--rebuild', action='store_true', help='forget the stamps and build everything')
    args = parser.parse_args()

    for tool in ('flatpak', 'flatpak-builder', 'ostree', 'git', 'dpkg-query'):
        if shutil.which(tool) is None:
            raise SystemExit(f'flatpak-local: {tool} is missing (see the README\'s Flatpak section)')
    os.makedirs(args.cache, exist_ok=True)
    cache = Cache(args.cache)
    with open(os.path.join(cache.root, 'lock'), 'w', encoding='utf-8') as lock:
        # one build at a time: tests that run in parallel all call this script
        fcntl.flock(lock, fcntl.LOCK_EX)
        if args.rebuild:
            for step in ('runtime', 'app'):
                cache.set_stamp(step, '')
        arch = output(['flatpak', '--default-arch']).strip()
        runtime_key = build_runtime(cache, Packages(), arch)
        build_app(cache, runtime_key, arch, args.source)
    log('done')
    if args.print_env:
        for name in ('FLATPAK_USER_DIR', 'FLATPAK_SYSTEM_DIR', 'FLATPAK_CONFIG_DIR'):
            print(f'{name}={cache.env[name]}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
