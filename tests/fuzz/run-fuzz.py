#!/usr/bin/python3
# tests/fuzz/run-fuzz.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The fuzz suite's short run of one target: every seed (the crashes found so
# far among them) first, then a few seconds of fuzzing. New inputs go to a
# temporary directory, so that the seeds in the source tree stay as they are;
# a crash is kept beside the target as crash-<sha1>, to be replayed with
# `TARGET FILE` and added to the seeds once fixed.
#
# Usage: run-fuzz.py TARGET SEEDS SECONDS

import os
import subprocess
import sys
import tempfile


def main():
    target, seeds, seconds = sys.argv[1:4]
    artifacts = os.path.dirname(os.path.abspath(target)) + os.sep
    with tempfile.TemporaryDirectory(prefix='pb-fuzz-') as scratch:
        # libFuzzer's own exit code for a crash is 77, which meson takes for
        # a skipped test: a crash or a timeout must fail it.
        argv = [target, '-max_total_time=' + seconds, '-timeout=10', '-rss_limit_mb=2048',
                '-error_exitcode=1', '-timeout_exitcode=1',
                '-print_final_stats=1', '-artifact_prefix=' + artifacts, scratch, seeds]
        print(' '.join(argv), flush=True)
        return subprocess.call(argv)


if __name__ == '__main__':
    sys.exit(main())
