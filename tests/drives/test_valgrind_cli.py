#!/usr/bin/python3
# tests/drives/test_valgrind_cli.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''plugboard-cli's drive paths under valgrind: no definite leak and no invalid
read or write in listing, mapping and cancelling drives (SEMANTICS D1, D4),
against real gvfsd and Samba (drivesfixture.py).'''

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from drivescase import DrivesCase, NOT_CONNECTED  # noqa: E402
from valgrindcase import ValgrindMixin  # noqa: E402


class ValgrindDrivesTest(ValgrindMixin, DrivesCase):

    def test_list_drives_json(self):
        self.fx.mount(self.fx.smb_guest_uri, anonymous=True)
        proc = self.valgrind_cli(self.fx.env, '--json', 'list', 'drives')
        remote = [d['remote_name'] for d in json.loads(proc.stdout)]
        self.assertEqual(remote, [self.fx.smb_guest_uri])

    def test_drive_map_guest_share(self):
        self.valgrind_cli(self.fx.env, 'drive-map', self.fx.smb_guest_uri, '--name', 'G')
        self.assertEqual(self.drives()['G']['state'], 'connected')

    def test_D1_drive_cancel_by_local_name(self):
        self.map_guest('G')
        self.valgrind_cli(self.fx.env, 'drive-cancel', 'G')
        self.assertEqual(self.fx.mounts(), [])

    def test_D4_drive_cancel_unknown_name(self):
        proc = self.valgrind_cli(self.fx.env, '--json', 'drive-cancel', 'nosuch', status=NOT_CONNECTED)
        self.assertEqual(json.loads(proc.stderr.strip().splitlines()[-1])['error']['code'], 'NOT_CONNECTED')


if __name__ == '__main__':
    unittest.main(verbosity=2)
