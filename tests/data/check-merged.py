#!/usr/bin/python3
# tests/data/check-merged.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the built desktop entries and metainfo carry every language of
po/LINGUAS: a launcher or software centre shows Plugboard's name and summary
in the user's language only if the merge put them there.
Usage: check-merged.py LINGUAS METAINFO DESKTOP_FILE...
"""

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'


def main() -> int:
    languages = pathlib.Path(sys.argv[1]).read_text(encoding='utf-8').split()
    metainfo = ET.parse(sys.argv[2]).getroot()
    problems = []
    for desktop in sys.argv[3:]:
        text = pathlib.Path(desktop).read_text(encoding='utf-8')
        english = re.search(r'^Comment=(.*)$', text, re.M).group(1)
        for lang in languages:
            found = re.search(rf'^Comment\[{re.escape(lang)}\]=(.*)$', text, re.M)
            if not found or found.group(1) == english:
                problems.append(f'{pathlib.Path(desktop).name}: no {lang} Comment')
    summaries = {s.get(XML_LANG): s.text for s in metainfo.findall('summary')}
    for lang in languages:
        if summaries.get(lang) in (None, summaries.get(None)):
            problems.append(f'{pathlib.Path(sys.argv[2]).name}: no {lang} summary')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
