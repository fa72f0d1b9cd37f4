#!/usr/bin/python3
# tests/data/check-mnemonics.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""No two controls a person sees together share a mnemonic (Alt+letter), in English
or in any translation: the second one could never be reached with its key.

What is seen together: a dialog's template; a page of the window with the window's
own controls (the pages are a stack, only one shows); each menu. The Preferences
dialog's link-type check buttons are made in C from N_() strings and belong to its
template. Usage: check-mnemonics.py SOURCE_ROOT
"""

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

PAGES = ('pb-links-page.ui', 'pb-ports-page.ui', 'pb-drives-page.ui')
# Dialogs whose controls are partly made in C: the C file's N_() strings with a mnemonic.
C_PARTS = {'pb-preferences-dialog.ui': 'src/app/pb-preferences-dialog.c'}


def mnemonic(label):
    '''The key of a label's mnemonic ("_Hang Up" → "h", "連線(_C)" → "c"), or None.'''
    match = re.search(r'(?<!_)_([^_])', label.replace('__', ''))
    return match.group(1).lower() if match else None


def template_labels(root):
    '''Labels with a mnemonic in the template (not in its menus).'''
    labels = []
    for template in root.iter('template'):
        for obj in template.iter('object'):
            props = {p.get('name'): (p.text or '') for p in obj.findall('property')}
            if props.get('use-underline', '').lower() in ('true', '1', 'yes') and props.get('label'):
                labels.append(props['label'])
    return labels


def menus(root):
    '''Each menu's item labels.'''
    found = {}
    for menu in root.iter('menu'):
        found[menu.get('id')] = [a.text or '' for a in menu.iter('attribute') if a.get('name') == 'label']
    return found


def read_po(path):
    '''msgid → msgstr of a .po file (translated entries only).'''
    entries = {}
    msgid = msgstr = None
    current = None
    for line in path.read_text(encoding='utf-8').splitlines() + ['']:
        if line.startswith('msgid '):
            if msgid and msgstr:
                entries[msgid] = msgstr
            msgid, msgstr, current = eval(line[6:]), None, 'id'  # pylint: disable=eval-used
        elif line.startswith('msgstr '):
            msgstr, current = eval(line[7:]), 'str'  # pylint: disable=eval-used
        elif line.startswith('"') and current == 'id':
            msgid += eval(line)  # pylint: disable=eval-used
        elif line.startswith('"') and current == 'str':
            msgstr += eval(line)  # pylint: disable=eval-used
        elif not line.strip():
            if msgid and msgstr:
                entries[msgid] = msgstr
            msgid = msgstr = current = None
    return entries


def clashes(scope, labels, translate, language):
    problems = []
    seen = {}
    for label in labels:
        shown = translate.get(label, label)
        key = mnemonic(shown)
        if key is None:
            continue
        if key in seen and seen[key] != shown:
            problems.append(f'{language}: {scope}: “{seen[key]}” and “{shown}” share the mnemonic {key.upper()}')
        seen.setdefault(key, shown)
    return problems


def main():
    root_dir = pathlib.Path(sys.argv[1])
    ui_dir = root_dir / 'ui'
    scopes = {}
    trees = {path.name: ET.parse(path).getroot() for path in sorted(ui_dir.glob('*.ui'))}
    window = template_labels(trees['pb-window.ui'])
    for name, root in trees.items():
        labels = template_labels(root)
        if name in PAGES:
            labels += window
        if name in C_PARTS:
            source = (root_dir / C_PARTS[name]).read_text(encoding='utf-8')
            labels += [m for m in re.findall(r'N_\("([^"]*)"\)', source) if mnemonic(m)]
        if name != 'pb-window.ui' or not any(n in trees for n in PAGES):
            scopes[name] = labels
        for menu_id, items in menus(root).items():
            scopes[f'{name} menu {menu_id}'] = items

    problems = []
    languages = {'en': {}}
    for po in sorted((root_dir / 'po').glob('*.po')):
        languages[po.stem] = read_po(po)
    for language, translate in languages.items():
        for scope, labels in scopes.items():
            problems += clashes(scope, labels, translate, language)

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(scopes)} windows and menus checked in {len(languages)} languages')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
