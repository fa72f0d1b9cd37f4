#!/usr/bin/python3
# tests/data/check-icons.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renders the app icons with librsvg, as icon themes and GTK do.

The full-colour icon must render at the sizes panels and launchers ask for;
the symbolic one must be made of fills only, since GTK recolours symbolic
icons through their fills and a stroke would keep its hard-coded colour.
Usage: check-icons.py SOURCE_ROOT
"""

import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = 'io.github.plugboard.Plugboard'
PNG_MAGIC = b'\x89PNG\r\n\x1a\n'


def render(svg: pathlib.Path, size: int, out: pathlib.Path) -> str:
    run = subprocess.run(['rsvg-convert', '-w', str(size), '-h', str(size), '-o', str(out), str(svg)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return f'{svg.name} at {size}px: {run.stderr.strip()}'
    data = out.read_bytes()
    width, height = int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big')
    if not data.startswith(PNG_MAGIC) or (width, height) != (size, size):
        return f'{svg.name} at {size}px: rendered {width}×{height}'
    return ''


def main() -> int:
    icons = pathlib.Path(sys.argv[1], 'data', 'icons', 'hicolor')
    app = icons / 'scalable' / 'apps' / f'{APP_ID}.svg'
    symbolic = icons / 'symbolic' / 'apps' / f'{APP_ID}-symbolic.svg'
    problems = []
    with tempfile.TemporaryDirectory(prefix='pb-icons-') as tmp:
        for svg, sizes in ((app, (16, 32, 64, 128, 256)), (symbolic, (16, 32))):
            for size in sizes:
                problems.append(render(svg, size, pathlib.Path(tmp, f'{size}.png')))
    root = ET.parse(symbolic).getroot()
    if (root.get('width'), root.get('height')) != ('16', '16'):
        problems.append(f'{symbolic.name}: not a 16×16 canvas')
    for element in root.iter():
        if 'stroke' in element.attrib or 'stroke:' in element.get('style', ''):
            problems.append(f'{symbolic.name}: <{element.tag}> has a stroke')
    problems = [p for p in problems if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
