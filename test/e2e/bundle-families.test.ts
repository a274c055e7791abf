// scripts/bundle-families.ts turns the kernel's syscall families into plain objects in the bundle:
// the table it builds must be the very table kernel/syscalls/index.ts builds unbundled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { familiesAsObjects } from '../../scripts/bundle-families.js';
import { syscalls } from '../../kernel/syscalls/index.js';
import { root } from './cli.js';

test('the bundled syscall table has the unbundled one\'s names, order and implementations, without namespace getters', async () => {
  const r = await build({
    entryPoints: [resolve(root, 'dist/kernel/syscalls/index.js')], bundle: true, format: 'esm', platform: 'neutral',
    write: false, logLevel: 'warning', plugins: [familiesAsObjects],
  });
  const text = r.outputFiles[0].text;
  // No family is a namespace object any more (each was `io_exports`, `fs_dir_exports`, ...).
  assert.doesNotMatch(text, /__export\((io|fs_dir|socket|memory)_exports\b/);
  const bundled = (await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`)) as { syscalls: typeof syscalls };
  assert.deepEqual(Object.keys(bundled.syscalls), Object.keys(syscalls));
  assert.ok(Object.keys(syscalls).length > 200);
  // esbuild reprints each function, and renames one whose name two modules use (statfs ->
  // statfs2): its name, less such a suffix, and its arity must agree.
  const base = (f: { name: string }) => f.name.replace(/\d+$/, '');
  for (const [name, impl] of Object.entries(syscalls)) {
    const b = bundled.syscalls[name];
    assert.equal(typeof b, 'function', name);
    assert.deepEqual([base(b), b.length], [base(impl), impl.length], name);
  }
});
