#!/usr/bin/python3
# tests/gui/screenshots.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Screenshots of the window for the README: the three pages and the open-files
dialog, over the demo scene, under Xvfb. Usage: screenshots.py OUTDIR'''

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from demoscene import DemoScene, HELD_FILE  # noqa: E402
from guisession import GuiSession  # noqa: E402


def shoot(gui, frame, path):
    '''The window only: the frame's extents cut out of the screen.'''
    atspi = __import__('guisession').gui_atspi()
    ext = frame.get_component_iface().get_extents(atspi.CoordType.SCREEN)
    subprocess.run(['import', '-window', 'root', '-crop', f'{ext.width}x{ext.height}+{ext.x}+{ext.y}',
                    '+repage', path], env=gui.env, check=True)
    print(path)


def main():
    outdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'screenshots')
    os.makedirs(outdir, exist_ok=True)
    with DemoScene() as scene, GuiSession(drives=scene.fx, size='1100x700') as gui:
        app = gui.start_app(nm=scene.nm)
        frame = gui.find(app, 'frame', 'Plugboard')
        for key, page, wait_text in (('1', 'Links', 'Office VPN'), ('2', 'Ports', 'ttyUSB0'),
                                     ('3', 'Drives', scene.fx.smb_guest_uri)):
            gui.key_combo('Alt', key)
            panel = gui.wait_for(lambda p=page: gui.find(app, 'panel', p), what=page)
            gui.wait_for(lambda p=panel, t=wait_text: gui.find(p, 'label', t), what=wait_text)
            shoot(gui, frame, os.path.join(outdir, page.lower() + '.png'))

        table = gui.find(panel, 'tree table')

        def share_row():
            for row in gui.find_all(table, 'table row', showing=False):
                if gui.find(row, 'label', scene.fx.smb_guest_uri, showing=False):
                    return row
            return None

        gui.select_row(table, share_row)
        gui.key('Delete')
        gui.wait_for(lambda: gui.find(app, None, 'Open Files', showing=False), what='the open-files dialog')
        gui.wait_for(lambda: gui.find(app, 'label', str(scene.holder.pid), showing=False, contains=True),
                     what=f'the process holding {HELD_FILE}')
        shoot(gui, frame, os.path.join(outdir, 'open-files.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
