#!/usr/bin/python3
# tests/data/check-icons.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renders every icon under data/icons with librsvg, as icon themes and GTK do.

Every icon must be plain SVG 1.1, which every renderer reads (librsvg,
Qt's QtSvg in KDE panels, older GTK 3 trays): a link to another element is
xlink:href with the xlink namespace declared, never SVG 2's bare href, which
QtSvg and older librsvg ignore, drawing the icon with parts missing.
The full-colour app icon must render at the sizes panels and launchers ask
for. Symbolic icons must be 16×16 and made of fills only, since GTK recolours
symbolic icons through their fills and a stroke would keep its hard-coded colour.
Usage: check-icons.py SOURCE_ROOT
"""

import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = 'io.github.plugboard.Plugboard'
PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
SVG_NS = 'http://www.w3.org/2000/svg'
XLINK_NS = 'http://www.w3.org/1999/xlink'


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


def svg11_problems(svg: pathlib.Path) -> list:
    """What an SVG 1.1 renderer would not read in this file."""
    try:
        root = ET.parse(svg).getroot()
    except ET.ParseError as error:
        # An undeclared xlink: prefix lands here ("unbound prefix").
        return [f'{svg.name}: not well-formed XML: {error}']
    problems = []
    if root.tag != f'{{{SVG_NS}}}svg':
        problems.append(f'{svg.name}: the root is {root.tag}, not an SVG <svg>')
    for element in root.iter():
        tag = element.tag.split('}')[-1]
        if 'href' in element.attrib:
            problems.append(f'{svg.name}: <{tag} href="{element.get("href")}"> is SVG 2; '
                            'write xlink:href (xmlns:xlink declared)')
        if tag == 'use' and f'{{{XLINK_NS}}}href' not in element.attrib:
            problems.append(f'{svg.name}: <use> without xlink:href')
    return problems


def symbolic_problems(svg: pathlib.Path) -> list:
    root = ET.parse(svg).getroot()
    problems = []
    if (root.get('width'), root.get('height')) != ('16', '16'):
        problems.append(f'{svg.name}: not a 16×16 canvas')
    for element in root.iter():
        if 'stroke' in element.attrib or 'stroke:' in element.get('style', ''):
            problems.append(f'{svg.name}: <{element.tag.split("}")[-1]}> has a stroke')
    return problems


def main() -> int:
    icons = pathlib.Path(sys.argv[1], 'data', 'icons')
    app = icons / 'hicolor' / 'scalable' / 'apps' / f'{APP_ID}.svg'
    symbolic = icons / 'hicolor' / 'symbolic' / 'apps' / f'{APP_ID}-symbolic.svg'
    every = sorted(icons.rglob('*.svg'))
    problems = [f'{path}: missing' for path in (app, symbolic) if path not in every]
    with tempfile.TemporaryDirectory(prefix='pb-icons-') as tmp:
        for svg in every:
            problems += svg11_problems(svg)
            sizes = (16, 32, 64, 128, 256) if svg == app else (16, 32)
            for size in sizes:
                problems.append(render(svg, size, pathlib.Path(tmp, f'{size}.png')))
            if svg.name.endswith('-symbolic.svg') and not problems[-1]:
                problems += symbolic_problems(svg)
    problems = [p for p in problems if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(every)} icons checked')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
