#!/usr/bin/python3
# tests/data/check-glossary.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The zh_TW translation keeps its glossary (the header of po/zh_TW.po): one word for
each of link, port, drive, connect, disconnect, hang up and server, so the Links page
and the Connect button never read the same. Usage: check-glossary.py ZH_TW_PO"""

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from importlib import import_module  # noqa: E402

read_po = import_module('check-mnemonics').read_po

# Words the glossary replaced, never to come back.
BANNED = {'連結': 'link is 連線', '通訊埠': 'port is 連接埠', '連接(?!埠)': 'connect is 接通'}
# Source words and the word their translation must use.
REQUIRED = {'Links': '連線', 'Ports': '連接埠', 'Drives': '磁碟機', 'Connect': '接通', 'Disconnect': '中斷連線',
            'Hang Up': '掛斷', 'Server': '伺服器', 'Reconnect': '重新接通'}


def main():
    entries = read_po(pathlib.Path(sys.argv[1]))
    problems = []
    for msgid, msgstr in entries.items():
        for pattern, why in BANNED.items():
            if re.search(pattern, msgstr):
                problems.append(f'“{msgid}” → “{msgstr}”: {why}')
    for msgid, word in REQUIRED.items():
        if word not in entries.get(msgid, ''):
            problems.append(f'“{msgid}” → “{entries.get(msgid)}”: should say {word}')
    if entries.get('Links') == entries.get('Connect'):
        problems.append('the Links page and the Connect button read the same')
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(entries)} entries checked')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
