#!/usr/bin/env node
// Development check for guest-asm/<arch>/*.s (run by scripts/build-guests.sh; not a test):
// assembles each file with Keystone exactly as tricorn will (one flat blob, entered at its
// first byte, which must be `_start`), disassembles it with Capstone, wraps the bytes into a
// minimal static ELF (one RWX PT_LOAD; on ppc64 big-endian an ELFv1 function descriptor as
// e_entry) and runs that under qemu-user, comparing stdout and exit status with the manifest.
//
//   node test/guests/tools/asm-check.mjs [--list] [--write-expected]
//
// --list prints the disassembly; --write-expected stores the outputs in
// test/guests/expected/<arch>/<id>.out/.status. Exits 1 on any mismatch.
import { readFileSync, writeFileSync, mkdtempSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const list = process.argv.includes('--list');
const writeExpected = process.argv.includes('--write-expected');
const ks = await (await import('@alexaltea/keystone-js')).default();
const cs = await (await import('@alexaltea/capstone-js')).default();

const arches = {
  x86_64: { ks: [ks.ARCH_X86, ks.MODE_64], cs: [cs.ARCH_X86, cs.MODE_64], machine: 62, be: false, base: 0x400000, qemu: 'qemu-x86_64-static' },
  aarch64: { ks: [ks.ARCH_ARM64, ks.MODE_LITTLE_ENDIAN], cs: [cs.ARCH_ARM64, cs.MODE_ARM], machine: 183, be: false, base: 0x400000, qemu: 'qemu-aarch64-static' },
  ppc64: { ks: [ks.ARCH_PPC, ks.MODE_PPC64 | ks.MODE_BIG_ENDIAN], cs: [cs.ARCH_PPC, cs.MODE_64 | cs.MODE_BIG_ENDIAN], machine: 21, be: true, base: 0x10000000, qemu: 'qemu-ppc64-static', flags: 1 },
  ppc64le: { ks: [ks.ARCH_PPC, ks.MODE_PPC64 | ks.MODE_LITTLE_ENDIAN], cs: [cs.ARCH_PPC, cs.MODE_64 | cs.MODE_LITTLE_ENDIAN], machine: 21, be: false, base: 0x10000000, qemu: 'qemu-ppc64le-static', flags: 2 },
};

function assemble(arch, source) {
  const a = new ks.Keystone(...arches[arch].ks);
  try {
    const r = a.asm(source);
    if (r.failed || !r.mc || r.mc.length === 0) throw new Error(`Keystone failed on ${arch}`);
    return Uint8Array.from(r.mc);
  } finally { a.close(); }
}

// Headers, then the code at HDR; on ELFv1 a descriptor {entry, TOC, env} after the code.
const HDR = 64 + 56;
function wrapElf(arch, code) {
  const A = arches[arch];
  const descOff = A.flags === 1 ? (HDR + code.length + 7) & ~7 : 0;
  const size = descOff ? descOff + 24 : HDR + code.length;
  const buf = Buffer.alloc(size);
  const u16 = (o, v) => (A.be ? buf.writeUInt16BE(v, o) : buf.writeUInt16LE(v, o));
  const u32 = (o, v) => (A.be ? buf.writeUInt32BE(v, o) : buf.writeUInt32LE(v, o));
  const u64 = (o, v) => (A.be ? buf.writeBigUInt64BE(BigInt(v), o) : buf.writeBigUInt64LE(BigInt(v), o));
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, A.be ? 2 : 1, 1, 0], 0);
  u16(16, 2); u16(18, A.machine); u32(20, 1);
  u64(24, A.base + (descOff || HDR)); u64(32, 64); u64(40, 0);
  u32(48, A.flags ?? 0); u16(52, 64); u16(54, 56); u16(56, 1); u16(58, 64); u16(60, 0); u16(62, 0);
  u32(64, 1); u32(68, 7); u64(72, 0); u64(80, A.base); u64(88, A.base);
  u64(96, size); u64(104, size); u64(112, 0x10000);
  buf.set(code, HDR);
  if (descOff) { u64(descOff, A.base + HDR); u64(descOff + 8, 0); u64(descOff + 16, 0); }
  return buf;
}

const manifest = JSON.parse(readFileSync(join(root, 'test/guests/manifest.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'tricorn-asm-'));
let bad = 0;
try {
  for (const run of manifest.asm) {
    for (const arch of run.arches) {
      const file = run.source.replace('{arch}', arch);
      const source = readFileSync(join(root, file), 'utf8');
      const firstLine = source.split('\n').find((l) => l.trim() && !/^\s*(#|\/\/)/.test(l));
      if (firstLine?.trim() !== '_start:') throw new Error(`${file}: _start: must be the first line of code`);
      const code = assemble(arch, source);
      if (list) {
        const d = new cs.Capstone(...arches[arch].cs);
        console.log(`--- ${file} (${code.length} bytes)`);
        for (const i of d.disasm(Array.from(code), 0)) {
          const hex = i.bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
          console.log(`  ${i.address.toString(16).padStart(4, '0')}  ${hex.padEnd(20)} ${i.mnemonic} ${i.op_str}`);
        }
        d.close();
      }
      const elf = join(tmp, `${arch}-${run.id}`);
      writeFileSync(elf, wrapElf(arch, code));
      chmodSync(elf, 0o755);
      const r = spawnSync(arches[arch].qemu, [elf, ...run.args], { input: run.stdin ?? '', encoding: 'latin1' });
      const status = r.status ?? 128 + (r.signal === 'SIGSEGV' ? 11 : 0);
      const ok = r.stdout === run.stdout && status === run.status;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${arch} ${file}: ${code.length} bytes, status ${status}, stdout ${JSON.stringify(r.stdout)}`);
      if (!ok) bad++;
      if (writeExpected) {
        const dir = join(root, 'test/guests/expected', arch);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${run.id}.out`), r.stdout, 'latin1');
        writeFileSync(join(dir, `${run.id}.status`), `${status}\n`);
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(bad ? 1 : 0);
