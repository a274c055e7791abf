// Assembly source of the harness: one static, -nostdlib program per byte order that runs every
// case in turn. r1 points at the current case's record; load_state fills every register, the
// special registers and the scratch buffer from it, the case's sequence runs, and save_state
// writes the final state back over the same record. At the end the whole record table goes to
// stdout with write(2) and the program exits 0.
import { SLOT, REC_SIZE, VSLOT, REC_SIZE_VEC } from './layout.mjs';
import { hex64 } from './rng.mjs';

export const TEXT_ADDR = 0x1000000; // low enough for absolute branches (ba/bla reach 32 MiB)
export const BUF_ADDR = 0x3ff0000n; // the scratch buffer: its own section at a fixed address

const off = (slot) => slot * 8;

function loadState(fp, vec) {
  const l = ['load_state:', 'lis r3,scratch@ha', 'addi r3,r3,scratch@l'];
  for (let k = 0; k < 16; k++) l.push(`ld r0,${off(SLOT.mem + k)}(r1)`, `std r0,${k * 8}(r3)`);
  l.push(`ld r0,${off(SLOT.cr)}(r1)`, 'mtcrf 0xff,r0');
  l.push(`ld r0,${off(SLOT.xer)}(r1)`, 'mtxer r0');
  l.push(`ld r0,${off(SLOT.ctr)}(r1)`, 'mtctr r0');
  if (fp) {
    l.push(`lfd f0,${off(SLOT.fpscr)}(r1)`, 'mtfsf 0xff,f0');
    for (let f = 0; f < 32; f++) l.push(`lfd f${f},${off(SLOT.fpr + f)}(r1)`);
  }
  if (vec) {
    l.push(`li r3,${off(VSLOT.vscr)}`, 'lxvd2x vs32,r1,r3', 'mtvscr v0');
    for (let x = 0; x < 64; x++) l.push(`li r3,${off(VSLOT.vsr + 2 * x)}`, `lxvd2x vs${x},r1,r3`);
  }
  for (let r = 2; r < 32; r++) l.push(`ld r${r},${off(SLOT.gpr + r)}(r1)`);
  l.push('blr');
  return l;
}

function saveState(fp, vec) {
  const l = ['save_state:'];
  for (let r = 2; r < 32; r++) l.push(`std r${r},${off(SLOT.gpr + r)}(r1)`);
  l.push('mfcr r0', `std r0,${off(SLOT.cr)}(r1)`);
  l.push('mfxer r0', `std r0,${off(SLOT.xer)}(r1)`);
  l.push('mfctr r0', `std r0,${off(SLOT.ctr)}(r1)`);
  if (vec) {
    // Before any FPR write below: qemu (like POWER9 hardware and ISA 3.1) zeroes doubleword 1
    // of the VSR an FPR instruction writes, and mffs f0 would clobber VSR 0.
    for (let x = 0; x < 64; x++) l.push(`li r3,${off(VSLOT.vsr + 2 * x)}`, `stxvd2x vs${x},r1,r3`);
    l.push('mfvscr v0', `li r3,${off(VSLOT.vscr)}`, 'stxvd2x vs32,r1,r3');
  }
  if (fp) {
    for (let f = 0; f < 32; f++) l.push(`stfd f${f},${off(SLOT.fpr + f)}(r1)`);
    l.push('mffs f0', `stfd f0,${off(SLOT.fpscr)}(r1)`);
  }
  l.push('lis r3,scratch@ha', 'addi r3,r3,scratch@l');
  for (let k = 0; k < 16; k++) l.push(`ld r0,${k * 8}(r3)`, `std r0,${off(SLOT.mem + k)}(r1)`);
  l.push('blr');
  return l;
}

/** The record's initial contents as assembler data lines. */
function recordData(init) {
  const q = [];
  for (let r = 0; r < 32; r++) q.push(init.gpr[r]);
  q.push(BigInt(init.cr), init.xer, init.lr, init.ctr, BigInt(init.fpscr));
  for (let f = 0; f < 32; f++) q.push(init.fpr[f]);
  const l = [];
  for (let i = 0; i < q.length; i += 4) l.push('.quad ' + q.slice(i, i + 4).map((v) => '0x' + hex64(v)).join(','));
  for (let i = 0; i < 128; i += 16) l.push('.byte ' + Array.from(init.mem.subarray(i, i + 16)).join(','));
  if (init.vsr) {
    const v = [0n, BigInt(init.vscr)];
    for (let x = 0; x < 64; x++) v.push(init.vsr[x][0], init.vsr[x][1]);
    for (let i = 0; i < v.length; i += 4) l.push('.quad ' + v.slice(i, i + 4).map((x) => '0x' + hex64(x)).join(','));
  }
  return l;
}

/** `fp: false` leaves FP state out of the glue (an integer-only harness for early engine bring-up). */
export function harnessAsm(cases, { le, fp = true, vec = false }) {
  const recSize = vec ? REC_SIZE_VEC : REC_SIZE;
  const a = [];
  if (le) {
    a.push('.abiversion 2', '.text', '.globl _start', '_start:');
  } else {
    // ELFv1: e_entry names a function descriptor {entry, TOC, environment}.
    a.push('.abiversion 1', '.section .opd,"aw"', '.balign 8', '.globl _start',
      '_start: .quad .L_start,.TOC.@tocbase,0', '.text', '.L_start:');
  }
  a.push('lis r1,records@ha', 'addi r1,r1,records@l', 'bl load_state');
  cases.forEach((c, i) => {
    a.push(`# case ${i} (${c.theme})`);
    a.push(`ld r0,${off(SLOT.lr)}(r1)`, 'mtlr r0', `ld r0,${off(SLOT.gpr)}(r1)`);
    a.push(`seq_${i}:`, ...c.lines, `end_${i}:`);
    a.push(`std r0,${off(SLOT.gpr)}(r1)`, 'mflr r0', `std r0,${off(SLOT.lr)}(r1)`, 'bl save_state');
    if (i < cases.length - 1) a.push(`addi r1,r1,${recSize}`, 'bl load_state');
  });
  const total = cases.length * recSize;
  // write(1, records, total) until everything is out, then exit_group(0); on error exit 99.
  // Pointer and count live in r14/r15: the syscall ABI lets the kernel clobber r4-r12.
  a.push('harness_done:',
    'lis r14,records@ha', 'addi r14,r14,records@l',
    `lis r15,${total >>> 16}`, `ori r15,r15,${total & 0xffff}`,
    '1: li r0,4', 'li r3,1', 'mr r4,r14', 'mr r5,r15', 'sc',
    'bso 2f', 'add r14,r14,r3', 'subf. r15,r3,r15', 'bgt 1b',
    'li r0,234', 'li r3,0', 'sc',
    '2: li r0,234', 'li r3,99', 'sc');
  a.push(...loadState(fp, vec), ...saveState(fp, vec));
  a.push('.data', '.balign 8', 'records:');
  for (const c of cases) a.push(...recordData(c.init));
  a.push('.section .scratch,"aw",@nobits', '.balign 128', 'scratch: .space 128');
  return a.join('\n') + '\n';
}
