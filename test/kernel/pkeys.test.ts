// Protection keys on a machine without them (include/linux/pkeys.h, as Linux has it on every
// architecture without key hardware): no key can be allocated, none freed, and pkey_mprotect
// takes only -1 (no key) or the default key 0, as mprotect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EINVAL, ENOSPC } from '../../kernel/abi/errno.js';
import { boot } from './harness.js';

test('pkey_alloc finds no key, pkey_free knows none, pkey_mprotect takes -1 and 0 only', async () => {
  const h = await boot();
  assert.equal(h.sys('pkey_alloc', [0, 0]), -ENOSPC);
  assert.equal(h.sys('pkey_alloc', [1, 0]), -EINVAL);
  assert.equal(h.sys('pkey_alloc', [0, 4]), -EINVAL);
  assert.equal(h.sys('pkey_free', [0]), -EINVAL);
  assert.equal(h.sys('pkey_free', [1]), -EINVAL);
  const page = h.mem(4096);
  assert.equal(h.sys('pkey_mprotect', [page, 4096, 1, -1]), 0);
  assert.equal(h.sys('pkey_mprotect', [page, 4096, 1, 0]), 0);
  assert.equal(h.sys('pkey_mprotect', [page, 4096, 1, 5]), -EINVAL);
  // It is mprotect: the page is read-only now.
  assert.equal(h.sys('pkey_mprotect', [page + 1, 4096, 1, -1]), -EINVAL);
});
