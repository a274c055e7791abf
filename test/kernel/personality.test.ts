// personality(2) in process: uname under UNAME26 and PER_LINUX32, what fork and exec keep, and
// READ_IMPLIES_EXEC's mappings. misc-glibc checks the same against Linux on every arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { structLayout } from '../../kernel/abi/structs.js';
import { PER_LINUX32, READ_IMPLIES_EXEC, UNAME26, effectiveProt, personalityAfterExec, unameRelease } from '../../kernel/personality.js';
import { boot } from './harness.js';

test('UNAME26: 2.6., the minor version plus 60, then what follows the dotted version', () => {
  assert.equal(unameRelease('6.1.0-tricorn', UNAME26), '2.6.61-tricorn');
  // The machine the transcripts come from (`setarch --uname-2.6 uname -r` printed it).
  assert.equal(unameRelease('6.18.44-fc-v657', UNAME26), '2.6.78-fc-v657');
  assert.equal(unameRelease('6.1.0-tricorn', 0), '6.1.0-tricorn');
});

test('exec keeps PER_LINUX32 and the flags but READ_IMPLIES_EXEC; other domains go back to PER_LINUX', () => {
  assert.equal(personalityAfterExec(PER_LINUX32 | UNAME26), PER_LINUX32 | UNAME26);
  assert.equal(personalityAfterExec(0x78 | READ_IMPLIES_EXEC | 0x40000), 0x40000);
  assert.equal(effectiveProt(PROT_READ, READ_IMPLIES_EXEC), PROT_READ | PROT_EXEC);
  assert.equal(effectiveProt(PROT_WRITE, READ_IMPLIES_EXEC), PROT_WRITE);
});

test('uname\'s machine under PER_LINUX32 is the arch\'s COMPAT_UTS_MACHINE; fork copies the personality', async () => {
  const h = await boot();
  const L = structLayout('new_utsname', h.arch);
  const buf = h.mem(L.size);
  const machine = () => new TextDecoder().decode(h.peek(buf + L.offsetOf('machine'), 16)).replace(/\0.*$/s, '');
  assert.equal(h.sys('uname', [buf]), 0);
  assert.equal(machine(), 'x86_64');
  assert.equal(h.sys('personality', [PER_LINUX32]), 0);
  assert.equal(h.sys('uname', [buf]), 0);
  assert.equal(machine(), 'i686');
  const pid = h.sys('clone', [17]);
  assert.equal(h.taskByPid(pid).proc.personality, PER_LINUX32);
  assert.equal(h.sys('personality', [0xffffffff]), PER_LINUX32);
});
