// `tricorn explain`: one system call from the trap into the kernel and back, on every arch side
// by side. The kernel's part comes from its explain channel, so changing the run changes it:
// as uid 1000 the same clone2 call shows the root rule failing and the error going back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tricorn } from './cli.js';

test('explain --example clone2 --arch all: trap, registers, the struct in each byte order, the rules, the way back', () => {
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'all'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const o = r.stdout;
  for (const a of ['x86_64', 'aarch64', 'ppc64', 'ppc64le']) assert.match(o, new RegExp(`^\\[${a}\\]$`, 'm'));
  assert.match(o, /^ {2}trap: svc #0 — number in x8, arguments in x0, x1, x2, x3, x4, x5, result in x0$/m);
  assert.match(o, /^ {2}rax = 1000 \(clone2\)$/m);
  assert.match(o, /^ {2}r3 = 0x[0-9a-f]+ {2}cs: struct clone_struct \*$/m);
  // The same 40 bytes, big-endian on ppc64, little-endian on x86_64.
  assert.match(o, /cs \(struct clone_struct\): 40 bytes at 0x[0-9a-f]+, big-endian\n(.*\n){2} {4}\+16 {2}4 {2}u32 {6}nr_pids {6}00 00 00 01 {14}= 1/);
  assert.match(o, /cs \(struct clone_struct\): 40 bytes at 0x[0-9a-f]+, little-endian\n(.*\n){2} {4}\+16 {2}4 {2}u32 {6}nr_pids {6}01 00 00 00 {14}= 1/);
  assert.match(o, /^ {4}\[0\] 00 00 01 f4 = 500$/m);
  assert.match(o, /^ {2}ok {3}nr_pids ≤ caller's level \+ 1: nr_pids 1 ≤ 0 \+ 1 = 1$/m);
  assert.match(o, /^ {2}ok {3}a pid at every level, youngest first \(alloc_pid\): level 0: 500 \(requested, free\)$/m);
  assert.match(o, /^ {2}new process \(copy of the address space\): pid 500 at level 0$/m);
  assert.match(o, /^ {2}r3 = 500, CR0.SO clear$/m);
  assert.match(o, /^ {2}differs: trap instruction, argument registers, byte order, error convention$/m);
  assert.match(o, /^ {2}same: {4}struct layout, checks, pids and writes, result$/m);
});

test('explain follows the running kernel: as uid 1000 the root rule fails and EPERM goes back by each convention', () => {
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'all', '--uid', '1000'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}FAIL choosing a pid needs root: uid 1000, requested \[500\] -> EPERM$/m);
  assert.doesNotMatch(r.stdout, /alloc_pid/, 'nothing is allocated after the refusal');
  assert.match(r.stdout, /^ {2}x0 = -1 \(-EPERM\): errors are negated errno in the result register$/m);
  assert.match(r.stdout, /^ {2}r3 = 1 \(EPERM\) with CR0.SO set: errors are \+errno with the summary-overflow flag$/m);
});

test('explain --json: the same account as data', () => {
  const r = tricorn(['explain', '--example', 'clone2', '--arch', 'ppc64', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { arches: { arch: string; events: { kind: string; rule?: string; ok?: boolean; bytes?: string }[] }[] };
  assert.equal(j.arches[0].arch, 'ppc64');
  const ev = j.arches[0].events;
  assert.deepEqual(ev.map((e) => e.kind).filter((k, i, all) => all.indexOf(k) === i), ['enter', 'check', 'read', 'task', 'exit']);
  assert.ok(ev.some((e) => e.kind === 'read' && e.bytes === '00 00 00 00 00 00 00 11 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'));
  assert.ok(ev.filter((e) => e.kind === 'check').every((e) => e.ok));
});

test('explain: bad input is one line, status 125 (tricorn misused)', () => {
  for (const [args, msg] of [[['--example', 'nope'], /no example 'nope'/], [['--arch', 'all', 'README.md'], /needs FILE's path to name its arch/], [[], /needs a FILE or --example/]] as [string[], RegExp][]) {
    const r = tricorn(['explain', ...args]);
    assert.equal(r.status, 125, args.join(' '));
    assert.match(r.stderr, msg);
  }
});
