// The native system-call entry (emu/unicorn/native/trap.cc, binding.ts nativeEntry): built by
// setup wherever a C++ compiler and Node's headers are; uc_emu_start run through it calls the
// trap function at each trap (the hook Unicorn calls: x86_64's `syscall` here), an exception the
// function throws stops the run and is thrown by start() (no JavaScript runs after it), and the
// next run works again. Guests through it: every other Unicorn and e2e test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findArch } from '../../arch/index.js';
import { loadBinding, nativeEntry, type Ptr } from '../../emu/unicorn/binding.js';
import { UC_HOOK_INSN } from '../../emu/unicorn/consts.js';

/** Whether setup can build the entry here (what scripts/build-native.sh looks for). */
function buildable(): boolean {
  const inc = join(dirname(dirname(realpathSync(process.execPath))), 'include/node/node.h');
  try {
    execFileSync('g++', ['--version'], { stdio: 'ignore' });
  } catch {
    return false;
  }
  return existsSync(inc) && process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');
}

test('the native entry runs Unicorn, calls the trap function at each trap, and throws what it threw', () => {
  let onTrap = (): void => {};
  const entry = nativeEntry(() => onTrap());
  if (!entry) {
    assert.equal(buildable(), false, 'setup builds the native entry on this machine, and it loads');
    return;
  }
  const arch = findArch('x86_64')!;
  if (arch.engine.kind !== 'unicorn') throw new Error('x86_64 runs on Unicorn');
  const { uc, path } = loadBinding(arch.engine.before, arch.name);
  const out: (Ptr | null)[] = [null];
  assert.equal(uc.uc_open(arch.engine.ucArch, arch.engine.ucMode, out), 0);
  const h = out[0] as Ptr;
  try {
    assert.equal(uc.uc_mem_map(h, 0x1000, 0x1000, 7), 0);
    const code = new Uint8Array([0x0f, 0x05, 0x0f, 0x05, 0x0f, 0x05]); // syscall x3
    assert.equal(uc.uc_mem_write(h, 0x1000, code, code.length), 0);
    assert.equal(uc.uc_hook_add(h, [0], UC_HOOK_INSN, entry.trap, null, 1, 0, 'int', arch.engine.trap.id), 0);
    let calls = 0;
    onTrap = () => { calls++; };
    assert.equal(entry.start(path, h, 0x1000, 0x1006n, 0), 0);
    assert.equal(calls, 3, 'one call per trap');
    calls = 0;
    onTrap = () => { if (++calls === 2) throw new Error('from the trap'); };
    assert.throws(() => entry.start(path, h, 0x1000, 0x1006n, 0), /from the trap/);
    assert.equal(calls, 2, 'the run stopped at the trap that threw');
    calls = 0;
    onTrap = () => { calls++; };
    assert.equal(entry.start(path, h, 0x1000, 0x1006n, 0), 0);
    assert.equal(calls, 3, 'the next run calls it again');
  } finally {
    uc.uc_close(h);
  }
});
