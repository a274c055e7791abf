// ELF64 parsing: only what loading a static executable needs. Pure (no I/O): the CLI reads
// the file, this checks it and describes it, kernel/exec/load.ts maps it.

export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfImage {
  bytes: Uint8Array;
  endian: 'little' | 'big';
  type: 'exec' | 'dyn';
  machine: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  phdrs: ProgramHeader[];
  /** PT_INTERP: the dynamic loader's path, or null for a static executable. */
  interp: string | null;
}

/** A malformed or unsupported file: the CLI prints the message on one line and exits 2. */
export class ElfError extends Error {}

const ET_EXEC = 2;
const ET_DYN = 3;

/** Largest value a JS number holds exactly; ELF fields above it cannot be user addresses. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/**
 * The end of user address space (Linux's TASK_SIZE with 4-level page tables: 128 TiB on every
 * architecture tricorn runs). No segment, mapping or break goes above it.
 */
export const TASK_SIZE = 0x800000000000;
/** Linux's load_elf_phdrs refuses a program header table larger than this. */
const MAX_PHDRS_BYTES = 65536;

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

export function parseElf(bytes: Uint8Array): ElfImage {
  if (!isElf(bytes)) throw new ElfError('not an ELF file (bad magic)');
  if (bytes.length < 64) throw new ElfError('truncated ELF header');
  if (bytes[4] !== 2) throw new ElfError(`not a 64-bit ELF file (EI_CLASS ${bytes[4]}); tricorn runs 64-bit guests only`);
  const data = bytes[5];
  if (data !== 1 && data !== 2) throw new ElfError(`bad ELF byte order (EI_DATA ${data})`);
  const little = data === 1;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, little);
  const u32 = (o: number) => dv.getUint32(o, little);
  const u64 = (o: number, what: string) => {
    const lo = dv.getUint32(o + (little ? 0 : 4), little);
    const hi = dv.getUint32(o + (little ? 4 : 0), little);
    const v = hi * 0x100000000 + lo;
    if (v > MAX_SAFE) throw new ElfError(`${what} 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is out of range`);
    return v;
  };

  const etype = u16(16);
  if (etype !== ET_EXEC && etype !== ET_DYN) {
    throw new ElfError(`unsupported ELF type ${etype} (need an executable: ET_EXEC or static-PIE ET_DYN)`);
  }
  const machine = u16(18);
  const entry = u64(24, 'e_entry');
  const phoff = u64(32, 'e_phoff');
  const phentsize = u16(54);
  const phnum = u16(56);
  if (phnum === 0) throw new ElfError('ELF file has no program headers');
  if (phentsize < 56) throw new ElfError(`bad e_phentsize ${phentsize}`);
  if (phnum * phentsize > MAX_PHDRS_BYTES) throw new ElfError(`program header table too large (${phnum} entries of ${phentsize} bytes)`);
  if (phoff + phnum * phentsize > bytes.length) throw new ElfError('program headers lie outside the file');

  const phdrs: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const ph: ProgramHeader = {
      type: u32(o),
      flags: u32(o + 4),
      offset: u64(o + 8, 'p_offset'),
      vaddr: u64(o + 16, 'p_vaddr'),
      filesz: u64(o + 32, 'p_filesz'),
      memsz: u64(o + 40, 'p_memsz'),
      align: u64(o + 48, 'p_align'),
    };
    if (ph.type === PT_LOAD) {
      if (ph.filesz > ph.memsz) throw new ElfError(`segment ${i}: p_filesz exceeds p_memsz`);
      if (ph.filesz > 0 && ph.offset + ph.filesz > bytes.length) throw new ElfError(`segment ${i} lies outside the file (truncated?)`);
      if (ph.vaddr + ph.memsz > TASK_SIZE) throw new ElfError(`segment ${i} (0x${ph.vaddr.toString(16)}+0x${ph.memsz.toString(16)}) lies beyond the user address space`);
    }
    phdrs.push(ph);
  }
  let interp: string | null = null;
  const ip = phdrs.find((p) => p.type === PT_INTERP);
  if (ip) {
    if (ip.offset + ip.filesz > bytes.length || ip.filesz < 2 || ip.filesz > 4096) throw new ElfError('bad PT_INTERP segment');
    const raw = bytes.subarray(ip.offset, ip.offset + ip.filesz);
    const end = raw.indexOf(0);
    interp = new TextDecoder().decode(raw.subarray(0, end < 0 ? raw.length : end));
  }
  const loads = phdrs.filter((p) => p.type === PT_LOAD && p.memsz > 0).sort((a, b) => a.vaddr - b.vaddr);
  if (loads.length === 0) throw new ElfError('ELF file has no loadable segment');
  for (let i = 1; i < loads.length; i++) {
    const a = loads[i - 1], b = loads[i];
    if (a.vaddr + a.memsz > b.vaddr) {
      throw new ElfError(`overlapping segments: 0x${a.vaddr.toString(16)}+0x${a.memsz.toString(16)} and 0x${b.vaddr.toString(16)}`);
    }
  }
  if (!loads.some((p) => entry >= p.vaddr && entry < p.vaddr + p.memsz)) {
    throw new ElfError(`entry point 0x${entry.toString(16)} is outside every loadable segment`);
  }
  return {
    bytes, endian: little ? 'little' : 'big', type: etype === ET_EXEC ? 'exec' : 'dyn',
    machine, entry, phoff, phentsize, phnum, phdrs, interp,
  };
}
