// System V IPC through the CLI with programs nobody here wrote: util-linux's ipcmk, ipcs and
// ipcrm (the host's dynamically linked builds, run with --root /) making a segment, a semaphore
// set and a queue, listing them, the limits and the usage, then removing them all: what they
// print is Linux's (the same script run natively in a fresh IPC namespace,
// scripts/build-files-glibc.sh). Skipped where the host has no util-linux of the recorded version.
// sysv-glibc's own walk, on every arch, is in the conform suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, tricorn } from './cli.js';

const files = resolve(root, 'test/guests/files');
const recorded = readFileSync(resolve(files, 'expected/ipcs-util-linux.version'), 'utf8').trim();
let host = '';
try { host = existsSync('/usr/bin/ipcs') ? execFileSync('/usr/bin/ipcs', ['--version'], { encoding: 'utf8' }).trim() : ''; } catch { host = ''; }

test('util-linux ipcmk/ipcs/ipcrm: objects, limits, usage and removal as Linux prints them',
  { skip: host === recorded ? false : `host ipcs is "${host || 'absent'}", the transcript's is "${recorded}"` }, () => {
    const r = tricorn(['run', '--root', '/', '/bin/sh', resolve(files, 'ipcs-util-linux.sh')], { timeoutMs: 120_000 });
    assert.equal(r.stdout, readFileSync(resolve(files, 'expected/ipcs-util-linux.out'), 'utf8'));
    assert.equal(r.status, 0, r.stderr);
  });
