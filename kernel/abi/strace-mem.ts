// strace's mremap decoder (its mem.c): the address, both lengths, the flags, and new_address only
// when MREMAP_MAYMOVE and MREMAP_FIXED are both set; the result in hex. Checked against strace
// 6.1 on the x86_64 build of test/guests/files/mremap-glibc.c (test/e2e/strace-mremap.test.ts).
import { ptrStr, u64dec, type Call, type Decoded } from './strace-decode.js';
import { hexAddr } from './quote.js';
import { printFlags, xlat } from './xlat.js';

const mremapFlags = xlat([['MREMAP_MAYMOVE', 1], ['MREMAP_FIXED', 2], ['MREMAP_DONTUNMAP', 4]]);

export function decodeMremap(c: Call): Decoded {
  const flags = c.lo(3);
  const both = (flags & 3) === 3 && c.hi(3) === 0;
  return {
    enter: `${ptrStr(c.lo(0), c.hi(0))}, ${u64dec(c.lo(1), c.hi(1))}, ${u64dec(c.lo(2), c.hi(2))}, `
      + `${printFlags(mremapFlags, c.lo(3), c.hi(3), 'MREMAP_???')}${both ? `, ${ptrStr(c.lo(4), c.hi(4))}` : ''}`,
    exit: null,
    ret: (cc) => (cc.result ? hexAddr(cc.result) : '0'),
  };
}
