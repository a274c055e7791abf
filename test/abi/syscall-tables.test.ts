// Every architecture's syscall numbers are Linux's: each descriptor's table, after the shared
// generic and unified parts are spread in, names exactly the calls its UAPI <asm/unistd.h>
// defines, at the same numbers. The oracle is the headers' own list, dumped (the preprocessor
// evaluating every __NR_ macro) by scripts/gen-syscall-tables.sh into test/abi/fixtures/unistd/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures } from '../../arch/index.js';
import { SYSCALL_NR_LIMIT, tricornSyscalls } from '../../arch/tricorn-syscalls.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The UAPI list an arch's Linux uses (ppc64le's is ppc64's). */
const uapi = (arch: string): Map<number, string> => new Map(
  readFileSync(resolve(root, 'test/abi/fixtures/unistd', `${arch === 'ppc64le' ? 'ppc64' : arch}.txt`), 'utf8')
    .split('\n').filter(Boolean).map((l) => l.split(' ')).map(([nr, name]) => [Number(nr), name]));

// Where a descriptor deliberately names a number otherwise: s390x's 90 is the old one-argument
// mmap (struct mmap_arg_struct *), which its header calls __NR_mmap.
const renamed: Record<string, Record<number, [string, string]>> = { s390x: { 90: ['mmap', 'old_mmap'] } };

for (const arch of architectures) {
  test(`${arch.name}: every syscall number is the UAPI header's`, () => {
    const want = uapi(arch.name);
    assert.ok(want.size > 300, 'the header list is there');
    const got = new Map(Object.entries(arch.syscall.names).map(([nr, name]) => [Number(nr), name]));
    for (const [nr, name] of want) {
      const r = renamed[arch.name]?.[nr];
      assert.equal(got.get(nr), r ? r[1] : name, `${arch.name} ${nr}`);
      if (r) assert.equal(name, r[0]);
    }
    for (const [nr, name] of got) {
      if (!want.has(nr)) assert.equal(tricornSyscalls[nr], name, `${arch.name} ${nr} ${name} is not in the header`);
      // The kernel's dispatch table counts up to the limit (kernel/dispatch.ts).
      assert.ok(Number.isInteger(nr) && nr >= 0 && nr < SYSCALL_NR_LIMIT, `${arch.name} ${nr} ${name} is below ${SYSCALL_NR_LIMIT}`);
    }
  });
}

test('the generic-table arches share their numbers, and calls from 424 on are numbered alike everywhere', () => {
  const [aarch64, riscv64] = ['aarch64', 'riscv64'].map(uapi);
  for (const [nr, name] of aarch64) if (nr !== 38) assert.equal(riscv64.get(nr), name, `${nr}`);
  for (const arch of architectures) {
    const mine = uapi(arch.name);
    for (const [nr, name] of aarch64) if (nr >= 424) assert.ok(mine.get(nr) === name || nr === 447, `${arch.name} ${nr}`);
  }
});
