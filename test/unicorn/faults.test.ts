// Guest faults on real Unicorn: every kind, with the exact data address and the exact pc of the
// faulting instruction — also when it sits in the middle of a translated block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, guest, pick, CODE, DATA } from './helpers.js';
import { PROT_NONE, PROT_READ, type FaultKind } from '../../emu/engine.js';
import type { ArchDescriptor } from '../../arch/types.js';

const HOLE = 0x500000; // never mapped
const NOACCESS = 0x600000; // mapped PROT_NONE
const READONLY = 0x601000; // mapped PROT_READ

interface Case {
  name: string;
  kind: FaultKind;
  /** Lines; the one starting with '>' faults (its address is the expected pc). */
  lines: string[];
  /** Expected data address; 'pc' for non-memory faults. */
  addr: number | 'pc';
  /** Registers the instructions before the fault have set. */
  done?: [string, bigint];
}

const cases: Record<string, Case[]> = {
  x86_64: [
    { name: 'read of unmapped memory', kind: 'read-unmapped', addr: HOLE + 8, done: ['rax', 3n],
      lines: ['mov rax, 1', `mov rdx, ${HOLE}`, 'add rax, 2', `mov rsi, ${DATA}`, 'mov rbx, qword ptr [rsi]',
        '>mov rcx, qword ptr [rdx + 8]', 'mov rax, 9', 'nop'] },
    { name: 'write to unmapped memory', kind: 'write-unmapped', addr: HOLE + 16, done: ['rax', 3n],
      lines: ['mov rax, 1', `mov rdx, ${HOLE}`, 'add rax, 2', '>mov qword ptr [rdx + 16], rax', 'mov rax, 9'] },
    { name: 'push onto an unmapped stack', kind: 'write-unmapped', addr: HOLE + 0xf8,
      lines: ['mov rax, 1', `mov rsp, ${HOLE + 0x100}`, '>push rax', 'nop'] },
    { name: 'read of PROT_NONE memory', kind: 'read-protected', addr: NOACCESS + 4, done: ['rax', 3n],
      lines: ['mov rax, 1', `mov rdx, ${NOACCESS}`, 'add rax, 2', '>mov ecx, dword ptr [rdx + 4]', 'nop'] },
    { name: 'write to read-only memory', kind: 'write-protected', addr: READONLY + 0x20, done: ['rax', 3n],
      lines: ['mov rax, 1', `mov rdx, ${READONLY}`, 'add rax, 2', 'mov rcx, qword ptr [rdx]',
        '>mov byte ptr [rdx + 0x20], al', 'nop'] },
    { name: 'jump to unmapped memory', kind: 'fetch-unmapped', addr: HOLE,
      lines: [`mov rdx, ${HOLE}`, 'jmp rdx'] },
    { name: 'jump to non-executable memory', kind: 'fetch-protected', addr: DATA,
      lines: [`mov rdx, ${DATA}`, 'jmp rdx'] },
    { name: 'ud2', kind: 'illegal-instruction', addr: 'pc', done: ['rax', 3n],
      lines: ['mov rax, 1', 'add rax, 2', '>ud2', 'nop'] },
    { name: 'int3', kind: 'trap', addr: 'pc', done: ['rax', 3n],
      lines: ['mov rax, 1', 'add rax, 2', '>int3', 'nop'] },
    // The faulting block is entered through a chained jump on the second walk down (Unicorn
    // links translated blocks, so its pc was last written elsewhere): still the exact pc.
    { name: 'read after jumps between chained blocks', kind: 'read-protected', addr: NOACCESS, done: ['rax', 2n],
      lines: ['xor eax, eax', `mov rdx, ${READONLY + 0x1000}`, 'walk:', 'sub rdx, 4096', 'jmp probe', 'probe:', 'add rax, 1',
        '>mov rbx, qword ptr [rdx]', 'jmp walk'] },
  ],
  aarch64: [
    { name: 'read of unmapped memory', kind: 'read-unmapped', addr: HOLE + 8, done: ['x0', 3n],
      lines: ['mov x0, #1', `mov x2, #${HOLE}`, 'add x0, x0, #2', `mov x3, #${DATA}`, 'ldr x4, [x3]',
        '>ldr x1, [x2, #8]', 'mov x0, #9', 'nop'] },
    { name: 'write to unmapped memory', kind: 'write-unmapped', addr: HOLE + 16, done: ['x0', 3n],
      lines: ['mov x0, #1', `mov x2, #${HOLE}`, 'add x0, x0, #2', '>str x0, [x2, #16]', 'mov x0, #9'] },
    { name: 'post-indexed store walking off the end', kind: 'write-unmapped', addr: HOLE, done: ['x0', 3n],
      lines: ['mov x0, #1', `mov x2, #${HOLE}`, 'add x0, x0, #2', '>stp x0, x1, [x2], #16', 'nop'] },
    { name: 'read of PROT_NONE memory', kind: 'read-protected', addr: NOACCESS + 4, done: ['x0', 3n],
      lines: ['mov x0, #1', `mov x2, #${NOACCESS}`, 'add x0, x0, #2', '>ldr w1, [x2, #4]', 'nop'] },
    { name: 'write to read-only memory', kind: 'write-protected', addr: READONLY + 0x20, done: ['x0', 3n],
      lines: ['mov x0, #1', 'movz x2, #0x60, lsl #16', 'movk x2, #0x1000', 'add x0, x0, #2', 'ldr x4, [x2]',
        '>strb w0, [x2, #0x20]', 'nop'] },
    { name: 'branch to unmapped memory', kind: 'fetch-unmapped', addr: HOLE,
      lines: [`mov x2, #${HOLE}`, 'br x2'] },
    { name: 'branch to non-executable memory', kind: 'fetch-protected', addr: DATA,
      lines: [`mov x2, #${DATA}`, 'br x2'] },
    { name: 'udf', kind: 'illegal-instruction', addr: 'pc', done: ['x0', 3n],
      lines: ['mov x0, #1', 'add x0, x0, #2', '>.byte 0, 0, 0, 0', 'nop'] },
    { name: 'brk', kind: 'trap', addr: 'pc', done: ['x0', 3n],
      lines: ['mov x0, #1', 'add x0, x0, #2', '>brk #1', 'nop'] },
    { name: 'unaligned exclusive load', kind: 'alignment', addr: 'pc', done: ['x0', 3n],
      lines: ['mov x0, #1', `mov x2, #${DATA}`, 'add x2, x2, #1', 'add x0, x0, #2', '>ldxr x3, [x2]', 'nop'] },
    { name: 'read after jumps between chained blocks', kind: 'read-protected', addr: NOACCESS, done: ['x0', 2n],
      lines: ['mov x0, #0', 'movz x2, #0x60, lsl #16', 'movk x2, #0x2000', 'walk:', 'sub x2, x2, #4096', 'b probe', 'probe:',
        'add x0, x0, #1', '>ldr x1, [x2]', 'b walk'] },
  ],
};

async function faultPc(arch: ArchDescriptor, c: Case): Promise<number> {
  const i = c.lines.findIndex((l) => l.startsWith('>'));
  if (i <= 0) return i === 0 ? CODE : NaN;
  const prefix = c.lines.slice(0, i).join('\n');
  return CODE + (await assemble(arch, prefix, CODE)).length;
}

for (const arch of arches) {
  for (const c of cases[arch.name]) {
    for (const budget of [0, 1000]) {
      test(`${arch.name}: ${c.name} -> ${c.kind}${budget ? ' (counting instructions)' : ''}`, async () => {
        const src = c.lines.map((l) => l.replace(/^>/, '')).join('\n');
        const g = await guest(arch, src);
        const e = g.engine;
        e.map(NOACCESS, 0x1000, PROT_NONE);
        e.map(READONLY, 0x1000, PROT_READ);
        e.onSyscall = () => true;
        assert.equal(e.run(budget), 'fault');
        const f = e.fault!;
        const expectedPc = c.lines.some((l) => l.startsWith('>')) ? await faultPc(arch, c) : (c.addr as number);
        assert.equal(f.kind, c.kind);
        assert.equal(f.pc.toString(16), expectedPc.toString(16), 'pc of the faulting instruction');
        assert.equal(f.addr.toString(16), (c.addr === 'pc' ? expectedPc : c.addr).toString(16), 'fault address');
        // Linux leaves the pc after a trap instruction (int3), on the instruction otherwise.
        const rest = arch.name === 'x86_64' && c.kind === 'trap' ? f.pc + 1 : f.pc;
        assert.equal(e.getPc(), rest, 'where the engine pc rests');
        if (c.done) assert.equal(e.getReg(c.done[0]), c.done[1], 'earlier instructions completed, later ones did not');
        e.close();
      });
    }
  }
}

for (const arch of arches) {
  test(`${arch.name}: after a fault the next run starts clean`, async () => {
    const g = await guest(arch, pick(arch, `mov rdx, ${HOLE}; mov rax, qword ptr [rdx]; syscall`,
      `mov x2, #${HOLE}; ldr x0, [x2]; svc #0`));
    const e = g.engine;
    assert.equal(e.run(0), 'fault');
    assert.equal(e.fault?.kind, 'read-unmapped');
    e.map(HOLE, 0x1000, PROT_READ);
    e.onSyscall = () => false;
    // The guest may be resumed by a kernel that fixed things (here: mapped the page).
    assert.equal(e.run(5), 'stopped');
    assert.equal(e.fault, null);
    e.close();
  });
}

for (const [insn, budget] of [['hlt', 0], ['hlt', 1000], ['cli', 0], ['wrmsr', 1000]] as const) {
  test(`x86_64: ${insn} is a privileged instruction (#GP at CPL 3, as under Linux), budget ${budget}`, async () => {
    const { x86_64 } = await import('./helpers.js');
    const lines = ['mov rax, 1', 'add rax, 2'];
    const g = await guest(x86_64, [...lines, insn, 'nop'].join('\n'));
    const at = CODE + (await assemble(x86_64, lines.join('\n'))).length;
    assert.equal(g.engine.run(budget), 'fault');
    assert.deepEqual(g.engine.fault, { kind: 'privileged', addr: at, pc: at });
    assert.equal(g.engine.getPc(), at);
    assert.equal(g.engine.getReg('rax'), 3n);
    g.engine.close();
  });
}
