// Makes the cached libunicorn.so.2's prelinked copy (scripts/setup.sh runs this after
// unicorn-prebind, every run; a copy newer than the library is left alone): the same library
// relocated ahead of time to load at PRELINKED_BASE, its relative relocations applied in the
// file and dropped. Loading libunicorn was ~11 ms of tricorn's start-up, most of it page faults:
// ld.so writes ~82,000 relative relocations (every pointer in QEMU's tables of every target)
// into ~390 pages of the library's data, each written page a fault of ~15-20 us on the VM this
// was measured on; the copy loads with ~35 faults in ~2-3 ms. Debian 12's glibc (2.36) applies
// every relative relocation wherever a library lands, so the relocations must be gone from the
// file, not just already applied. The engine (emu/unicorn/binding.ts) loads the copy only after
// checking that its address is free, and the library itself otherwise.
//
// Every address in the file moves by PRELINKED_BASE: program headers, dynamic entries that are
// addresses, defined symbols (not TLS ones, which are offsets), relocation offsets, ifunc
// resolvers (IRELATIVE's addend) and the lazy PLT slots' initial values; sections' addresses too,
// for tools. The other relocations (GLOB_DAT, JUMP_SLOT and 64-bit references to libc and libm,
// TLS ones) stay: ld.so still applies them. x86_64 hosts only (the relocation numbers are
// theirs); a library with any other relocation type is left without a copy.
// Usage: node dist/scripts/unicorn-prelink.js [FILE] (default: tricorn's cached library).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cachedUnicornPath, PRELINKED_BASE, PRELINKED_SPAN, prelinkedPath } from '../emu/unicorn/binding.js';
import { dynamicView, replaceFile } from './unicorn-prebind.js';

const EM_X86_64 = 62;
const R_X86_64_64 = 1, R_X86_64_GLOB_DAT = 6, R_X86_64_JUMP_SLOT = 7, R_X86_64_RELATIVE = 8;
const R_X86_64_DTPMOD64 = 16, R_X86_64_DTPOFF64 = 17, R_X86_64_TPOFF64 = 18, R_X86_64_IRELATIVE = 37;
/** Relocations ld.so still applies in the copy, unchanged but for their offset. */
const KEPT = new Set([R_X86_64_64, R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT, R_X86_64_DTPMOD64, R_X86_64_DTPOFF64, R_X86_64_TPOFF64, R_X86_64_IRELATIVE]);

const PT_GNU_STACK = 0x6474e551;
const DT_PLTRELSZ = 2, DT_STRTAB = 5, DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_JMPREL = 23, DT_RELACOUNT = 0x6ffffff9;
/** Dynamic tags whose value is an address. */
const ADDRESS_TAGS = new Set([3, 4, 5, 6, 7, 12, 13, 17, 23, 25, 26, 32, 36, 0x6ffffef5, 0x6ffffff0, 0x6ffffffc, 0x6ffffffe]);
const SHN_LORESERVE = 0xff00, STT_TLS = 6, SHF_ALLOC = 2n;

/**
 * The prelinked copy of `elf` (a new buffer), or null when it is not a library this can relocate:
 * not x86_64, already based elsewhere than 0, larger than PRELINKED_SPAN, or holding a relocation
 * type it does not know.
 */
export function prelink(elf: Uint8Array, base = PRELINKED_BASE): Uint8Array | null {
  const out = new Uint8Array(elf);
  const view = dynamicView(out);
  if (!view || view.machine !== EM_X86_64 || view.loads.length === 0 || view.loads[0].vaddr !== 0) return null;
  const { v, dyn, dynAt, fileOffset } = view;
  if (Math.max(...view.loads.map((l) => l.vaddr + l.memsz)) > PRELINKED_SPAN) return null;
  const B = BigInt(base);
  const get = (o: number) => v.getBigUint64(o, true);
  const set = (o: number, x: bigint) => v.setBigUint64(o, BigInt.asUintN(64, x), true);

  // Relocations first (they read the segments as they were): relative ones applied and dropped,
  // the rest kept, packed at the table's start.
  for (const [at, size] of [[DT_RELA, DT_RELASZ], [DT_JMPREL, DT_PLTRELSZ]]) {
    if (!dyn.has(at)) continue;
    const start = fileOffset(dyn.get(at)!), end = start + (dyn.get(size) ?? 0);
    const kept: [bigint, bigint, bigint][] = [];
    for (let p = start; p + 24 <= end; p += 24) {
      const offset = get(p), info = get(p + 8), addend = v.getBigInt64(p + 16, true);
      const type = Number(info & 0xffffffffn);
      if (type === R_X86_64_RELATIVE) {
        set(fileOffset(Number(offset)), B + addend);
        continue;
      }
      if (!KEPT.has(type)) return null;
      // A lazily bound slot first jumps back into the PLT, at its link-time address.
      if (type === R_X86_64_JUMP_SLOT) set(fileOffset(Number(offset)), get(fileOffset(Number(offset))) + B);
      kept.push([offset + B, info, type === R_X86_64_IRELATIVE ? addend + B : addend]);
    }
    kept.forEach(([o, i, a], k) => {
      set(start + k * 24, o);
      set(start + k * 24 + 8, i);
      v.setBigInt64(start + k * 24 + 16, a, true);
    });
    out.fill(0, start + kept.length * 24, end);
    set(dynAt.get(size)! + 8, BigInt(kept.length * 24));
  }
  if (dynAt.has(DT_RELACOUNT)) set(dynAt.get(DT_RELACOUNT)! + 8, 0n);

  // Defined symbols (the table ends where the string table starts, as ld lays them out).
  const symtab = fileOffset(dyn.get(DT_SYMTAB)!), strtab = fileOffset(dyn.get(DT_STRTAB)!);
  if (strtab <= symtab) return null;
  for (let s = symtab; s + 24 <= strtab; s += 24) {
    const shndx = v.getUint16(s + 6, true);
    if (shndx === 0 || shndx >= SHN_LORESERVE || (out[s + 4] & 0xf) === STT_TLS) continue;
    set(s + 8, get(s + 8) + B);
  }
  for (const [tag, at] of dynAt) if (ADDRESS_TAGS.has(tag)) set(at + 8, get(at + 8) + B);

  // Program headers (all but the stack's, which has no address), then sections.
  const phoff = Number(get(32)), phentsize = v.getUint16(54, true), phnum = v.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (v.getUint32(p, true) === PT_GNU_STACK) continue;
    set(p + 16, get(p + 16) + B);
    set(p + 24, get(p + 24) + B);
  }
  const shoff = Number(get(40)), shentsize = v.getUint16(58, true), shnum = v.getUint16(60, true);
  for (let i = 0; i < shnum && shoff + (i + 1) * shentsize <= out.length; i++) {
    const s = shoff + i * shentsize;
    if (get(s + 8) & SHF_ALLOC) set(s + 16, get(s + 16) + B);
  }
  return out;
}

/**
 * Writes `file`'s prelinked copy beside it (prelinkedPath) unless one at least as new is there;
 * returns whether a copy was written.
 */
export function prelinkFile(file: string): boolean {
  const dest = prelinkedPath(file);
  if (existsSync(dest) && statSync(dest).ctimeMs >= statSync(file).ctimeMs) return false;
  const copy = prelink(readFileSync(file));
  if (!copy) return false;
  replaceFile(dest, copy);
  return true;
}

if (process.argv[1]?.endsWith('unicorn-prelink.js')) {
  const file = process.argv[2] ?? cachedUnicornPath();
  try {
    if (prelinkFile(file)) process.stderr.write(`setup: ${file}: relocated ahead of time to load at 0x${PRELINKED_BASE.toString(16)} (${prelinkedPath(file)})\n`);
  } catch (e) {
    // Best effort: without the copy the library itself is loaded.
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ENOENT') process.stderr.write(`setup: ${file} not prelinked (${err.message})\n`);
  }
}
