// Binds the cached libunicorn.so.2's references to its own symbols ahead of time (scripts/setup.sh
// runs this after the build): every dynamic relocation that names a symbol the library itself
// defines becomes a relative one (the library's load address plus the symbol's offset), as a
// -Bsymbolic link would have made it. Debian's build exports every QEMU function of every target
// and refers to them through ~37,000 symbol relocations, each a hash lookup at every dlopen;
// tricorn opens the library with RTLD_DEEPBIND (emu/unicorn/binding.ts), under which each lookup
// finds that very definition in the library itself, so the bound copy resolves to the same
// addresses. Loading it took 15.6 -> 9.5 ms of CPU (min of 10, x86_64 host).
//
// Only x86_64 and aarch64 hosts' libraries are rewritten (the relocation numbers are theirs);
// ifunc and TLS symbols and references to other libraries stay as they are. The file is replaced
// by rename, and a library with nothing left to bind is left alone, so running this again is a
// no-op. Usage: node dist/scripts/unicorn-prebind.js [FILE] (default: tricorn's cached library).
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cachedUnicornPath } from '../emu/unicorn/binding.js';

/** Relocation types by e_machine: a 64-bit absolute (S + A), GOT and PLT slots, relative. */
const RELOCS: Record<number, { abs64: number; globDat: number; jumpSlot: number; relative: number; slotAddend: boolean }> = {
  62: { abs64: 1, globDat: 6, jumpSlot: 7, relative: 8, slotAddend: false }, // x86_64: GLOB_DAT/JUMP_SLOT are S
  183: { abs64: 257, globDat: 1025, jumpSlot: 1026, relative: 1027, slotAddend: true }, // aarch64: S + A
};

const DT_PLTRELSZ = 2, DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_JMPREL = 23;
const PT_LOAD = 1, PT_DYNAMIC = 2;
const STT_TLS = 6, STT_GNU_IFUNC = 10, SHN_LORESERVE = 0xff00;

/** A shared object's loaded segments and dynamic section, as prebind and prelink read them. */
export interface DynamicView {
  v: DataView;
  /** e_machine. */
  machine: number;
  /** PT_LOAD segments: address, file offset, bytes in the file, bytes in memory. */
  loads: { vaddr: number; offset: number; filesz: number; memsz: number }[];
  /** Each dynamic tag's value and the file offset of its entry (the first of a tag). */
  dyn: Map<number, number>;
  dynAt: Map<number, number>;
  /** The file offset of a loaded address (throws when no segment holds it). */
  fileOffset(addr: number): number;
}

/** ELF64 little-endian shared object with a dynamic section, else null. */
export function dynamicView(elf: Uint8Array): DynamicView | null {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const ELF_MAGIC = 0x7f454c46;
  // ELF64, little-endian, a shared object.
  if (elf.length < 64 || v.getUint32(0) !== ELF_MAGIC || elf[4] !== 2 || elf[5] !== 1 || v.getUint16(16, true) !== 3) return null;
  const phoff = Number(v.getBigUint64(32, true)), phentsize = v.getUint16(54, true), phnum = v.getUint16(56, true);
  const loads: DynamicView['loads'] = [];
  let dynamic = -1, dynsize = 0;
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    const type = v.getUint32(p, true);
    const offset = Number(v.getBigUint64(p + 8, true)), vaddr = Number(v.getBigUint64(p + 16, true));
    const filesz = Number(v.getBigUint64(p + 32, true)), memsz = Number(v.getBigUint64(p + 40, true));
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz, memsz });
    if (type === PT_DYNAMIC) { dynamic = offset; dynsize = filesz; }
  }
  if (dynamic < 0) return null;
  const fileOffset = (addr: number): number => {
    const l = loads.find((x) => addr >= x.vaddr && addr < x.vaddr + x.filesz);
    if (!l) throw new Error(`address 0x${addr.toString(16)} is in no loaded segment`);
    return addr - l.vaddr + l.offset;
  };
  const dyn = new Map<number, number>();
  const dynAt = new Map<number, number>();
  for (let p = dynamic; p + 16 <= dynamic + dynsize; p += 16) {
    const tag = Number(v.getBigInt64(p, true));
    if (tag === 0) break;
    if (dyn.has(tag)) continue;
    dyn.set(tag, Number(v.getBigUint64(p + 8, true)));
    dynAt.set(tag, p);
  }
  return { v, machine: v.getUint16(18, true), loads, dyn, dynAt, fileOffset };
}

/** Rewrites `elf` in place; returns how many relocations were bound (0: none left, or not ours to do). */
export function prebind(elf: Uint8Array): number {
  const view = dynamicView(elf);
  if (!view) return 0;
  const { v, dyn, fileOffset } = view;
  const r = RELOCS[view.machine];
  if (!r) return 0;
  const symtab = dyn.get(DT_SYMTAB);
  if (symtab === undefined) return 0;
  const symOff = fileOffset(symtab);
  const tables: [number | undefined, number | undefined][] = [[dyn.get(DT_RELA), dyn.get(DT_RELASZ)], [dyn.get(DT_JMPREL), dyn.get(DT_PLTRELSZ)]];
  let bound = 0;
  for (const [addr, size] of tables) {
    if (addr === undefined || !size) continue;
    const start = fileOffset(addr);
    for (let p = start; p + 24 <= start + size; p += 24) {
      const info = v.getBigUint64(p + 8, true);
      const type = Number(info & 0xffffffffn), sym = Number(info >> 32n);
      if (sym === 0 || (type !== r.abs64 && type !== r.globDat && type !== r.jumpSlot)) continue;
      const s = symOff + sym * 24;
      const kind = elf[s + 4] & 0xf, shndx = v.getUint16(s + 6, true);
      // Not defined here (0), absolute or common (reserved indices), or not a plain address.
      if (shndx === 0 || shndx >= SHN_LORESERVE || kind === STT_TLS || kind === STT_GNU_IFUNC) continue;
      const value = v.getBigUint64(s + 8, true);
      const addend = type === r.abs64 || r.slotAddend ? v.getBigInt64(p + 16, true) : 0n;
      v.setBigUint64(p + 8, BigInt(r.relative), true);
      v.setBigInt64(p + 16, BigInt.asIntN(64, value + addend), true);
      bound++;
    }
  }
  return bound;
}

/**
 * Puts `bytes` at `file` by rename, then drops the new file's pages from the page cache (written
 * back, then dropped; coreutils' sync and dd), so the next load reads them in afresh: loads from
 * the pages as written took 18-20 ms instead of 9.5-10 (mean of 10), slower than the unbound
 * library's 15-17. Best effort: without these tools the pages go when the kernel reclaims them.
 */
export function replaceFile(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.prebind-new`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  spawnSync('sync', [file], { stdio: 'ignore' });
  spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
}

/** Binds `file` in place (by rename); returns the number of relocations bound. */
export function prebindFile(file: string): number {
  const elf = readFileSync(file);
  const n = prebind(elf);
  if (n > 0) replaceFile(file, elf);
  return n;
}

if (process.argv[1]?.endsWith('unicorn-prebind.js')) {
  const file = process.argv[2] ?? cachedUnicornPath();
  try {
    const n = prebindFile(file);
    if (n > 0) process.stderr.write(`setup: ${file}: ${n} references to its own symbols bound ahead of time\n`);
  } catch (e) {
    // Best effort, like the fetch: a library left as it was loads as before.
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ENOENT') process.stderr.write(`setup: ${file} not pre-bound (${err.message})\n`);
  }
}
