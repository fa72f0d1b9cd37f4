#!/usr/bin/python3
# tests/gui/screenshots.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Screenshots of the window for the README: the three pages, the open-files dialog,
Preferences, and the Drives page marking the drives that ride on the selected link, over
the demo scene, under Xvfb, in the language LANGUAGE names
(the build tree's catalogues). Each is one window cut out by its own extents: the
session has no window manager, so a dialog opens at the screen's corner, over the
main window, and a shot of the screen would show both.
Usage: [LANGUAGE=fr] screenshots.py OUTDIR'''

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from demoscene import DemoScene, HELD_FILE  # noqa: E402
from guisession import GuiSession, gui_atspi  # noqa: E402


def shoot(gui, window, path, margin=(0, 0)):
    '''One window cut out of the screen. GTK 4.8 gives a window's extents without the
    border its surface draws around them (margin: the extra width and height).'''
    ext = window.get_component_iface().get_extents(gui_atspi().CoordType.SCREEN)
    subprocess.run(['import', '-window', 'root', '-crop',
                    f'{ext.width + margin[0]}x{ext.height + margin[1]}+{ext.x}+{ext.y}', '+repage', path],
                   env=gui.env, check=True)
    print(path)


def surface_margin(gui, window):
    '''How much bigger the main window's surface is than its extents: the screen is black
    around the one window at its corner, so -trim finds the surface.'''
    ext = window.get_component_iface().get_extents(gui_atspi().CoordType.SCREEN)
    size = subprocess.run(['import', '-window', 'root', '-trim', '-format', '%w %h', 'info:-'],
                          env=gui.env, check=True, capture_output=True, text=True).stdout.split()
    return max(0, int(size[0]) - ext.width), max(0, int(size[1]) - ext.height)


def toplevels(gui, app):
    '''The application's windows on screen, the main one first.'''
    found = []
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        if child is not None and child.get_role_name() in ('frame', 'dialog', 'window') and gui.showing(child):
            found.append(child)
    return found


def main():
    outdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'screenshots')
    os.makedirs(outdir, exist_ok=True)
    language = {'LANGUAGE': os.environ['LANGUAGE']} if os.environ.get('LANGUAGE') else {}
    with DemoScene() as scene, GuiSession(drives=scene.fx, size='1100x700') as gui:
        app = gui.start_app(nm=scene.nm, env=dict(language, **{k: scene.env[k] for k in (
            'PB_LOCALEDIR', 'GSETTINGS_SCHEMA_DIR', 'GSETTINGS_BACKEND')}))
        frame = gui.wait_for(lambda: (toplevels(gui, app) or [None])[0], what='the window')
        time.sleep(1)
        margin = surface_margin(gui, frame)
        for key, page, wait_text in (('1', 'links', 'Office VPN'), ('2', 'ports', 'ttyUSB0'),
                                     ('3', 'drives', scene.fx.smb_guest_uri)):
            gui.key_combo('Alt', key)
            # Page names are translated: wait for a row only that page shows.
            gui.wait_for(lambda t=wait_text: gui.find(app, 'label', t), what=wait_text)
            time.sleep(0.5)
            shoot(gui, frame, os.path.join(outdir, page + '.png'), margin)

        def share_row():
            for row in gui.find_all(app, 'table row', showing=False):
                if gui.find(row, 'label', scene.fx.smb_guest_uri, showing=False):
                    return row
            return None

        # What rides on what, marked: the VPN gets the route to the shares' server, so both
        # drives ride on it; with the VPN selected on the Links page, the Drives page marks them.
        scene.nm.call('SetIp4Config', 'osua(suu)', (scene.demo['links']['vpn'], '10.8.0.2', 24,
                                                    [('127.0.0.0', 8, 50)]))
        gui.key_combo('Alt', '1')

        def vpn_row():
            for row in gui.find_all(app, 'table row', showing=False):
                if gui.find(row, 'label', 'Office VPN', showing=False):
                    return row
            return None

        gui.click(gui.find(gui.wait_for(vpn_row, what='the VPN’s row'), 'label', 'Office VPN', showing=False))
        gui.wait_for(lambda: 'selected' in gui.states(vpn_row()), what='the VPN’s row selected')
        gui.key_combo('Alt', '3')
        gui.wait_for(lambda: share_row() is not None and share_row().get_description(),
                     what='the share marked as riding on the VPN')
        time.sleep(0.5)
        shoot(gui, frame, os.path.join(outdir, 'related-rows.png'), margin)

        # A click, as a person does: no window manager gives the window the focus Tab needs.
        gui.click(gui.find(gui.wait_for(share_row, what='the share’s row'), 'label', scene.fx.smb_guest_uri,
                           showing=False))
        gui.wait_for(lambda: 'selected' in gui.states(share_row()), what='the share’s row selected')
        gui.key('Delete')
        gui.wait_for(lambda: gui.find(app, 'label', HELD_FILE, showing=False, contains=True),
                     what=f'the process holding {HELD_FILE}')
        dialog = gui.wait_for(lambda: next((w for w in toplevels(gui, app) if w != frame), None),
                              what='the open-files dialog')
        time.sleep(0.5)
        shoot(gui, dialog, os.path.join(outdir, 'open-files.png'), margin)
        gui.key('Escape')
        gui.wait_for(lambda: len(toplevels(gui, app)) == 1, what='the dialog to close')

        gui.key_combo('Control', ',')
        dialog = gui.wait_for(lambda: next((w for w in toplevels(gui, app) if w != frame), None),
                              what='Preferences')
        time.sleep(0.5)
        shoot(gui, dialog, os.path.join(outdir, 'preferences.png'), margin)
    return 0


if __name__ == '__main__':
    sys.exit(main())
