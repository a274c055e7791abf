// The vDSO (arch/vdso/README.md): the architecture's image mapped read-execute at VDSO_BASE, and
// the vvar page below it, where the virtual clock lives while the process runs, so that the C
// library's clock_gettime, gettimeofday and time read it without a trap (as on Linux, where
// they never reach the kernel). Each read advances the clock by CLOCK_READ_NS in the page, as
// a clock system call advances it, so the values are the ones the system call would give.
// The kernel's clockNs is the clock between runs; the page is while the guest runs: the kernel
// copies the clock in before each run and after each trap, and back at each trap and after each
// run (kernel.ts), so every slice and system call still moves it exactly as before.
import type { ArchDescriptor } from '../arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type CpuEngine } from '../emu/engine.js';
import { VDSO_BASE } from './exec/load.js';
import type { AddressSpace } from './task.js';

const CLOCK = 0, STEP = 8, EPOCH = 16;
const TWO32 = 0x1_0000_0000;

function u64(v: number, littleEndian: boolean): Uint8Array {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint32(littleEndian ? 0 : 4, v >>> 0, littleEndian);
  dv.setUint32(littleEndian ? 4 : 0, Math.floor(v / TWO32), littleEndian);
  return b;
}

/**
 * Map the vvar page and the vDSO image of `arch` into a new address space; returns the vvar
 * page's address, or 0 when the architecture has no vDSO. The vvar page is the page just below
 * the image (the images address it as their own address minus one page of the arch: 4 KiB, or
 * 64 KiB on PPC64).
 */
export function mapVdso(engine: CpuEngine, arch: ArchDescriptor, readNs: number, epochSec: number): number {
  const image = arch.vdso;
  if (!image) return 0;
  const page = arch.pageSize, vvar = VDSO_BASE - page;
  const le = arch.endian === 'little';
  engine.map(vvar, page, PROT_READ | PROT_WRITE);
  engine.load(vvar + STEP, u64(readNs, le));
  // CLOCK_REALTIME at boot (the kernel's bootRealtimeSec: a fixed date, or the host's with --time host).
  engine.load(vvar + EPOCH, u64(epochSec, le));
  engine.map(VDSO_BASE, Math.ceil(image.length / page) * page, PROT_READ | PROT_EXEC);
  engine.load(VDSO_BASE, image);
  return vvar;
}

/**
 * The vvar page's clock word of `mm`, in place: the kernel syncs the clock at every trap, so it
 * uses the engine's own view of the page (kept until the engine's layout changes) when the
 * engine has one, instead of a copy in and out. Null: read and write through the engine.
 */
function clockWord(mm: AddressSpace): DataView | null {
  const e = mm.engine;
  if (!e.hostBytes) return null;
  if (mm.vvarLayout !== e.layoutVersion) {
    const b = e.hostBytes(mm.vvar + CLOCK, 8);
    mm.vvarWord = b ? new DataView(b.buffer, b.byteOffset, 8) : null;
    mm.vvarLayout = e.layoutVersion ?? 0;
  }
  return mm.vvarWord;
}

/** The clock in `mm`'s vvar page; `fallback` when the guest made the page unusable. */
export function clockFromVvar(mm: AddressSpace, fallback: number): number {
  const le = mm.engine.arch.endian === 'little';
  const dv = clockWord(mm) ?? bytesView(mm.engine.read(mm.vvar + CLOCK, 8));
  if (!dv) return fallback;
  const v = dv.getUint32(le ? 4 : 0, le) * TWO32 + dv.getUint32(le ? 0 : 4, le);
  // A guest that wrote its own value there moves the clock forward only, never back.
  return Number.isSafeInteger(v) && v >= fallback ? v : fallback;
}

/** Put the clock into `mm`'s vvar page (if the guest left it there, writable). */
export function clockToVvar(mm: AddressSpace, ns: number): void {
  const le = mm.engine.arch.endian === 'little';
  const dv = clockWord(mm);
  if (!dv) {
    mm.engine.write(mm.vvar + CLOCK, u64(ns, le));
    return;
  }
  dv.setUint32(le ? 0 : 4, ns >>> 0, le);
  dv.setUint32(le ? 4 : 0, Math.floor(ns / TWO32), le);
}

function bytesView(b: Uint8Array | null): DataView | null {
  return b ? new DataView(b.buffer, b.byteOffset, 8) : null;
}
