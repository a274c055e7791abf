// libunicorn.so.2 loaded through koffi — Unicorn 2.1 from tricorn's cache when
// scripts/get-unicorn.sh put it there, else the system's (Debian bookworm: 2.0.1) — plus the few libc calls the
// engine needs to own guest memory (mmap/munmap). Koffi 3 represents pointers as BigInt; every
// handle here (uc_engine*, uc_context*, native buffers) is such a BigInt, created once and
// passed back as is, so no hot call allocates.

import { Module, createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Koffi from 'koffi';
import type { LibraryHandle, TypeObject } from 'koffi';

// koffi (and through it libunicorn) is loaded on first use, not at import: a PPC64 guest never
// needs it, and requiring koffi costs a tenth of tricorn's start-up.
let koffiModule: typeof Koffi | null = null;
function koffiApi(): typeof Koffi {
  koffiModule ??= loadKoffi();
  return koffiModule;
}

/**
 * koffi's native module itself, loaded by its path when npm put it where koffi's own loader
 * looks first (node_modules/@koromix/koffi-<platform>-<arch>/<platform>_<arch>/koffi.node, the
 * glibc build): koffi's entry point finds the same file through two package lookups and by
 * reading node's ELF header for the C library, which cost two to three times the native
 * module's own load. Its exports are the native module's functions (the entry point adds only
 * deprecated aliases tricorn does not use). Anything else (musl, another layout, a load
 * failure) goes through koffi's entry point as before.
 */
function loadKoffi(): typeof Koffi {
  const { platform, arch } = process;
  const rel = join('node_modules', '@koromix', `koffi-${platform}-${arch}`, `${platform}_${arch}`, 'koffi.node');
  // From this module's directory up: dist/emu/unicorn/ unbundled, dist/cli/ in the bundle.
  // import.meta.dirname (Node 20.11 on; the bundle's __dirname, scripts/bundle.ts): going
  // through import.meta.url's file: URL instead made the process compile ~15 of Node's URL
  // functions, only for this.
  const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    const file = join(dir, rel);
    if (existsSync(file)) {
      try {
        const native = loadAddon(file) as typeof Koffi & { version?: unknown };
        if (typeof native.version === 'string' && typeof native.load === 'function') return native;
      } catch {
        // Not loadable here (a musl system): koffi's entry point picks the right build.
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  // (A directory, given with its trailing slash.)
  return createRequire(`${here}/`)('koffi') as typeof Koffi;
}

/**
 * The native addon `file`, loaded as require() loads it but without require's resolution: a
 * JavaScript realpath that lstats each of the path's ~8 directories, and the module lookups
 * around it, cost about as much as loading koffi itself (~0.6 ms of CPU of ~1.6 on the 2-core VM,
 * min of 8). It goes into require's cache under its real path, as require would put it, so that
 * koffi's own entry point, if something requires it too (a test), gets this instance instead of
 * initialising the addon a second time; one already there is returned.
 */
function loadAddon(file: string): unknown {
  const real = realpathSync.native(file);
  // require.cache, without making a require function to reach it.
  const cache = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache;
  const known = cache[real];
  if (known) return known.exports;
  const m = new Module(real);
  m.filename = real;
  process.dlopen(m, real);
  m.loaded = true;
  cache[real] = m;
  return m.exports;
}

/**
 * dlopen with RTLD_DEEPBIND: the library's references to its own symbols (tens of thousands in
 * libunicorn, which exports every QEMU function of every target and is linked -z now) are looked
 * up in the library itself first, instead of first in node's large symbol table and every other
 * library loaded before it. The same symbols are found either way (node defines none of
 * Unicorn's); loading takes ~20% less CPU. koffi applies the flag where the C library has it
 * (glibc, FreeBSD) and loads as usual elsewhere.
 */
function loadOwnSymbolsFirst(file: string): LibraryHandle {
  return koffiApi().load(file, { deep: true });
}

export type Ptr = bigint;

/** The Unicorn functions tricorn calls, typed. Every function returns a uc_err unless noted. */
export interface UcLib {
  uc_version(major: number[], minor: number[]): number;
  uc_open(arch: number, mode: number, out: (Ptr | null)[]): number;
  uc_close(uc: Ptr): number;
  uc_strerror(err: number): string;
  uc_errno(uc: Ptr): number;
  uc_mem_map(uc: Ptr, addr: number | bigint, size: number, perms: number): number;
  uc_mem_map_ptr(uc: Ptr, addr: number | bigint, size: number, perms: number, host: Ptr): number;
  uc_mem_unmap(uc: Ptr, addr: number | bigint, size: number): number;
  uc_mem_protect(uc: Ptr, addr: number | bigint, size: number, perms: number): number;
  uc_mem_read(uc: Ptr, addr: number | bigint, out: Uint8Array, size: number): number;
  uc_mem_write(uc: Ptr, addr: number | bigint, data: Uint8Array, size: number): number;
  uc_reg_read(uc: Ptr, id: number, value: Ptr): number;
  uc_reg_write(uc: Ptr, id: number, value: Ptr): number;
  uc_reg_read_batch(uc: Ptr, ids: Ptr, vals: Ptr, count: number): number;
  uc_reg_write_batch(uc: Ptr, ids: Ptr, vals: Ptr, count: number): number;
  uc_emu_start(uc: Ptr, begin: number | bigint, until: number | bigint, timeoutUs: number, count: number): number;
  uc_emu_stop(uc: Ptr): number;
  /** Variadic: UC_HOOK_INSN takes ('int', instructionId) after `end`. */
  uc_hook_add(uc: Ptr, out: number[], type: number, cb: Ptr, userData: Ptr | null,
    begin: number | bigint, end: number | bigint, ...extra: unknown[]): number;
  uc_hook_del(uc: Ptr, hook: number): number;
  uc_context_alloc(uc: Ptr, out: (Ptr | null)[]): number;
  uc_context_save(uc: Ptr, ctx: Ptr): number;
  uc_context_restore(uc: Ptr, ctx: Ptr): number;
  uc_context_free(ctx: Ptr): number;
  uc_context_size(uc: Ptr): number;
  uc_context_reg_read(ctx: Ptr, id: number, value: Ptr): number;
  uc_context_reg_write(ctx: Ptr, id: number, value: Ptr): number;
  /** Variadic: arguments after the control code go as (type, value) pairs. */
  uc_ctl(uc: Ptr, control: number, ...args: unknown[]): number;
}

export interface LibC {
  mmap(addr: Ptr | null, length: number, prot: number, flags: number, fd: number, offset: number): Ptr;
  munmap(addr: Ptr, length: number): number;
  mprotect(addr: Ptr, length: number, prot: number): number;
  madvise(addr: Ptr, length: number, advice: number): number;
  mincore(addr: Ptr, length: number, vec: Uint8Array): number;
  getpagesize(): number;
  /** Variadic: MREMAP_FIXED's new address goes as ('void *', address). */
  mremap(old: Ptr, oldSize: number, newSize: number, flags: number, ...args: unknown[]): Ptr;
  /** Bytes usable in a malloc'd block (bounds a look at a uc_struct: see facts.ts). */
  malloc_usable_size(ptr: Ptr): number;
  dlopen(file: string, flags: number): Ptr | null;
  dlsym(handle: Ptr, name: string): Ptr | null;
}

export const LIBUNICORN = 'libunicorn.so.2';
/** One line, printed as is by the CLI when the library cannot be loaded. */
export const MISSING_LIBRARY_MESSAGE =
  `${LIBUNICORN} (Unicorn 2) is not installed: run \`apt-get install libunicorn2\``;

/**
 * Where scripts/get-unicorn.sh keeps Unicorn 2.1 (Debian trixie's build), outside the checkout
 * so a machine fetches it once. The script and this function name the same place.
 */
export function cachedUnicornPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.TRICORN_UNICORN_CACHE
    ?? join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'tricorn', 'unicorn');
  return join(dir, LIBUNICORN);
}

/**
 * The directories the dynamic linker searches, as ld.so.conf lists them (`include` globs
 * followed, `#` comments dropped), then its built-in ones. Read from the host's own
 * configuration, so the multiarch directory (Debian's /usr/lib/<triplet>) comes from the
 * machine, never from a table of host architectures here.
 */
export function linkerDirs(conf = '/etc/ld.so.conf'): string[] {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const read = (file: string, depth: number): void => {
    if (depth > 8 || seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*$/, '').trim();
      const inc = /^include\s+(.+)$/.exec(line);
      if (inc) {
        for (const pattern of inc[1].split(/\s+/)) {
          for (const f of globFiles(isAbsolute(pattern) ? pattern : join(dirname(file), pattern))) read(f, depth + 1);
        }
      } else if (line.startsWith('/')) {
        dirs.push(line);
      }
    }
  };
  read(conf, 0);
  return [...dirs, '/lib64', '/usr/lib64', '/lib', '/usr/lib'];
}

/** The files a `dir/pattern` glob (`*` and `?` in the last component only, as ld.so.conf uses) names, sorted. */
function globFiles(pattern: string): string[] {
  const dir = dirname(pattern);
  const base = basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const body = base.replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp('^' + body + '$');
  try {
    return readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/**
 * The system's libunicorn.so.2 as a path when it is found where the dynamic linker looks (else by
 * name): dlopen by name returns any library already loaded whose soname is libunicorn.so.2 — the
 * cached 2.1, when an engine loaded it first — where a path opens that very file.
 */
function systemUnicorn(env: NodeJS.ProcessEnv): string {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== ''), ...linkerDirs()];
  for (const d of dirs) {
    const p = join(d, LIBUNICORN);
    if (existsSync(p)) return p;
  }
  return LIBUNICORN;
}

/**
 * The libraries to try, in order. TRICORN_UNICORN chooses: `system` loads only the system's
 * libunicorn.so.2 (bookworm's 2.0.1: how the fallback is tested), a path loads only that file,
 * and unset (or `auto`) prefers the cached 2.1 and falls back to the system's.
 */
export function unicornCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...candidates(env)];
}

/**
 * unicornCandidates(), each found only when the one before it did not do: finding the system's
 * library reads ld.so.conf and its includes, which a run that loads the cached one never needs.
 */
function* candidates(env: NodeJS.ProcessEnv = process.env): Generator<string> {
  const choice = env.TRICORN_UNICORN ?? 'auto';
  if (choice === 'auto' || choice === '') {
    const cached = cachedUnicornPath(env);
    if (existsSync(cached)) yield cached;
  } else if (choice !== 'system') {
    yield choice;
    return;
  }
  yield systemUnicorn(env);
}

/**
 * Whether `path` is the cached library and the Debian version scripts/get-unicorn.sh recorded
 * beside it (`version`, e.g. 2.1.1-2+b2) is not older than `before`. Without that file: false
 * (the library is opened to ask it).
 */
export function recordedTooNew(path: string, before: readonly [number, number], env: NodeJS.ProcessEnv = process.env): boolean {
  if (path !== cachedUnicornPath(env)) return false;
  let text: string;
  try {
    text = readFileSync(join(dirname(path), 'version'), 'utf8');
  } catch {
    return false;
  }
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  return m !== null && !olderThan({ major: Number(m[1]), minor: Number(m[2]), patch: 0 }, before);
}

/** Unicorn's version as uc_version gives it: major, minor, patch. */
export interface UnicornVersion { readonly major: number; readonly minor: number; readonly patch: number }

/** One loaded libunicorn: its functions, version and file (its prelinked copy's, when that was loaded), with libc's calls. */
export interface Binding { uc: UcLib; libc: LibC; version: UnicornVersion; path: string }

/** Whether `v` is older than [major, minor]. */
export function olderThan(v: UnicornVersion, [major, minor]: readonly [number, number]): boolean {
  return v.major < major || (v.major === major && v.minor < minor);
}

/** Each candidate library loaded at most once per process (null: it did not load). */
const loaded = new Map<string, Binding | null>();
let libcCalls: LibC | null = null;

/**
 * The first of unicornCandidates() that loads and, when `before` is given, is older than it (an
 * architecture that runs only there: UnicornSpec.before). Two libraries may be loaded in one
 * process: each is its own shared object, opened without exporting its symbols to the other.
 * Throws a one-line Error when none fits.
 */
export function loadBinding(before?: readonly [number, number], who = 'this architecture'): Binding {
  // Every engine asks (a fork's too): the answer is kept per choice and environment, since
  // finding the candidates again looks at the file system each time.
  const e = process.env;
  const key = [before?.join('.'), e.TRICORN_UNICORN, e.TRICORN_UNICORN_CACHE, e.XDG_CACHE_HOME, e.HOME, e.LD_LIBRARY_PATH].join('\0');
  let b = chosen.get(key);
  if (!b) chosen.set(key, b = chooseBinding(before, who));
  return b;
}

/** loadBinding's answers, by its key. */
const chosen = new Map<string, Binding>();

function chooseBinding(before: readonly [number, number] | undefined, who: string): Binding {
  // Opening a library costs ~20 ms of start-up: the cached one is skipped without opening it when
  // the version its fetch recorded is too new for this architecture (s390x with 2.1 in the cache).
  if (before) {
    for (const p of candidates()) {
      if (recordedTooNew(p, before)) continue;
      const b = loadLibrary(p);
      if (b && olderThan(b.version, before)) return b;
    }
  }
  // Otherwise (or to name the refused version in the error) every candidate, opened.
  let refused: Binding | null = null;
  for (const p of candidates()) {
    const b = loadLibrary(p);
    if (!b) continue;
    if (!before || olderThan(b.version, before)) return b;
    refused ??= b;
  }
  if (refused) {
    const v = refused.version;
    throw new Error(`Unicorn ${v.major}.${v.minor}.${v.patch} (${refused.path}) cannot run ${who}: it needs a Unicorn older than ${before!.join('.')} (Debian's libunicorn2)`);
  }
  const choice = process.env.TRICORN_UNICORN ?? 'auto';
  throw new Error(choice === 'auto' || choice === 'system' || choice === '' ? MISSING_LIBRARY_MESSAGE
    : `TRICORN_UNICORN=${choice}: cannot load it as ${LIBUNICORN}`);
}

/**
 * Where scripts/unicorn-prelink.ts puts a library's copy relocated ahead of time to load at
 * PRELINKED_BASE: beside it, `libunicorn-fixed.so.2`.
 */
export function prelinkedPath(path: string): string {
  return join(dirname(path), 'libunicorn-fixed.so.2');
}

/**
 * The address a prelinked copy is made for, and the span its segments must fit in. Above the
 * 64 TiB V8 picks its random reservations under and far below where Linux's mmap puts libraries
 * (top-down from under the stack, near 128 TiB), on an x86_64 host's 47-bit user space.
 */
export const PRELINKED_BASE = 0x600000000000;
export const PRELINKED_SPAN = 64 * 1024 * 1024;

const PROT_NONE = 0, MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000, MAP_FIXED_NOREPLACE = 0x100000;

/**
 * `path`'s prelinked copy, loaded, or null (none, older than the library, or its address is not
 * free). The copy has no relative relocations left: loading it writes none of the ~390 pages
 * ld.so otherwise writes to relocate libunicorn (~9 of its ~11 ms of CPU on the 2-core VM).
 * It must land at PRELINKED_BASE, and nothing can be checked once it is opened (its constructors
 * run inside dlopen), so the span is first claimed with MAP_FIXED_NOREPLACE and given back right
 * before the dlopen, whose mmap asks for that very address: anything already there (or a kernel
 * without MAP_FIXED_NOREPLACE, which takes it as a hint) means the library itself is loaded instead.
 */
function loadPrelinked(path: string): { lib: LibraryHandle; file: string } | null {
  const file = prelinkedPath(path);
  let fresh: boolean;
  try {
    fresh = statSync(file).ctimeMs >= statSync(path).ctimeMs;
  } catch {
    return null;
  }
  if (!fresh) return null;
  const libc = libcApi();
  const want = BigInt(PRELINKED_BASE);
  const got = libc.mmap(want, PRELINKED_SPAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  const failed = got === null || got === 0n || got === 0xffffffffffffffffn;
  if (!failed) libc.munmap(got, PRELINKED_SPAN);
  if (got !== want) return null;
  try {
    return { lib: loadOwnSymbolsFirst(file), file };
  } catch {
    return null;
  }
}

function loadLibrary(path: string): Binding | null {
  const known = loaded.get(path);
  if (known !== undefined) return known;
  let lib: LibraryHandle;
  let file = path;
  const pre = loadPrelinked(path);
  if (pre) ({ lib, file } = pre);
  else {
    try {
      lib = loadOwnSymbolsFirst(path);
    } catch {
      // Not installed, or a cached file that does not load (truncated, another machine's).
      loaded.set(path, null);
      return null;
    }
  }
  const f = (decl: string) => lib.func(decl);
  const uc: UcLib = {
    uc_version: f('uint32_t uc_version(_Out_ uint32_t *major, _Out_ uint32_t *minor)'),
    uc_open: f('int uc_open(int arch, int mode, _Out_ void **uc)'),
    uc_close: f('int uc_close(void *uc)'),
    uc_strerror: f('const char *uc_strerror(int code)'),
    uc_errno: f('int uc_errno(void *uc)'),
    uc_mem_map: f('int uc_mem_map(void *uc, uint64_t address, size_t size, uint32_t perms)'),
    uc_mem_map_ptr: f('int uc_mem_map_ptr(void *uc, uint64_t address, size_t size, uint32_t perms, void *ptr)'),
    uc_mem_unmap: f('int uc_mem_unmap(void *uc, uint64_t address, size_t size)'),
    uc_mem_protect: f('int uc_mem_protect(void *uc, uint64_t address, size_t size, uint32_t perms)'),
    uc_mem_read: f('int uc_mem_read(void *uc, uint64_t address, _Out_ void *bytes, size_t size)'),
    uc_mem_write: f('int uc_mem_write(void *uc, uint64_t address, const void *bytes, size_t size)'),
    uc_reg_read: f('int uc_reg_read(void *uc, int regid, void *value)'),
    uc_reg_write: f('int uc_reg_write(void *uc, int regid, void *value)'),
    uc_reg_read_batch: f('int uc_reg_read_batch(void *uc, void *regs, void *vals, int count)'),
    uc_reg_write_batch: f('int uc_reg_write_batch(void *uc, void *regs, void *vals, int count)'),
    uc_emu_start: f('int uc_emu_start(void *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)'),
    uc_emu_stop: f('int uc_emu_stop(void *uc)'),
    uc_hook_add: f('int uc_hook_add(void *uc, _Out_ size_t *hh, int type, void *callback, void *user_data, uint64_t begin, uint64_t end, ...)'),
    uc_hook_del: f('int uc_hook_del(void *uc, size_t hh)'),
    uc_context_alloc: f('int uc_context_alloc(void *uc, _Out_ void **context)'),
    uc_context_save: f('int uc_context_save(void *uc, void *context)'),
    uc_context_restore: f('int uc_context_restore(void *uc, void *context)'),
    uc_context_free: f('int uc_context_free(void *context)'),
    uc_context_size: f('size_t uc_context_size(void *uc)'),
    uc_context_reg_read: f('int uc_context_reg_read(void *context, int regid, void *value)'),
    uc_context_reg_write: f('int uc_context_reg_write(void *context, int regid, void *value)'),
    uc_ctl: f('int uc_ctl(void *uc, int control, ...)'),
  };
  const v = uc.uc_version([0], [0]) >>> 0;
  const version = { major: v >>> 24, minor: (v >>> 16) & 0xff, patch: (v >>> 8) & 0xff };
  const b = { uc, libc: libcApi(), version, path: file };
  loaded.set(path, b);
  return b;
}

function libcApi(): LibC {
  if (libcCalls) return libcCalls;
  const c = koffiApi().load('libc.so.6');
  libcCalls = {
    mmap: c.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    munmap: c.func('int munmap(void *addr, size_t length)'),
    mprotect: c.func('int mprotect(void *addr, size_t length, int prot)'),
    madvise: c.func('int madvise(void *addr, size_t length, int advice)'),
    mincore: c.func('int mincore(void *addr, size_t length, _Out_ uint8_t *vec)'),
    getpagesize: c.func('int getpagesize(void)'),
    mremap: c.func('void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...)'),
    malloc_usable_size: c.func('size_t malloc_usable_size(void *ptr)'),
    dlopen: c.func('void *dlopen(const char *file, int flags)'),
    dlsym: c.func('void *dlsym(void *handle, const char *name)'),
  };
  return libcCalls;
}

// Callback prototypes. Unicorn calls every hook with (uc, ..., user_data); the engine finds its
// target without either pointer (see engine.ts: one engine runs at a time), so the prototypes
// stop at the last argument they use — harmless under the C calling convention, and it spares
// koffi a BigInt per pointer argument on each call. `uc` is declared uint64_t, not void *, when
// a later argument is needed, for the same reason (a Number instead of a BigInt).
let protos: { trap: TypeObject; cpuid: TypeObject; intr: TypeObject; mem: TypeObject; code: TypeObject; tlb: TypeObject } | null = null;
export function callbackTypes() {
  if (!protos) {
    const koffi = koffiApi();
    protos = {
      trap: koffi.pointer(koffi.proto('void TricornUcTrap(void)')),
      // Returns 1 when the hook answered CPUID itself (Unicorn then skips the instruction).
      cpuid: koffi.pointer(koffi.proto('int TricornUcCpuid(void)')),
      intr: koffi.pointer(koffi.proto('void TricornUcIntr(uint64_t uc, uint32_t intno)')),
      mem: koffi.pointer(koffi.proto('bool TricornUcMem(uint64_t uc, int type, uint64_t address, int size, int64_t value)')),
      code: koffi.pointer(koffi.proto('void TricornUcCode(uint64_t uc, uint64_t address, uint32_t size)')),
      // UC_HOOK_TLB_FILL (2.1, virtual TLB): fills the uc_tlb_entry { paddr; perms } at `entry`.
      tlb: koffi.pointer(koffi.proto('bool TricornUcTlbFill(uint64_t uc, uint64_t address, int type, void *entry)')),
    };
  }
  return protos;
}

/** Native scratch memory that lives as long as the process (register batches, out-params). */
export function allocNative(bytes: number): { ptr: Ptr; buf: ArrayBuffer } {
  const koffi = koffiApi();
  const ptr = koffi.alloc('uint8_t', Math.max(bytes, 8)) as Ptr;
  const buf = koffi.view(ptr, Math.max(bytes, 8));
  new Uint8Array(buf).fill(0);
  return { ptr, buf };
}

export function freeNative(ptr: Ptr): void {
  koffiApi().free(ptr);
}

/**
 * Machine code of the virtual TLB's fill hook, per host: bool fill(uc, vaddr, type, entry, data)
 * stores entry->paddr = vaddr and entry->perms = UC_PROT_ALL (7) and returns true (hooks.ts says
 * why). x86-64 System V: vaddr in rsi, entry in rcx:
 *   endbr64; mov %rsi,(%rcx); movl $7,8(%rcx); mov $1,%eax; ret
 * Other hosts keep the JS hook (an aarch64 stub would also need its instruction cache synced).
 */
const TLB_FILL_CODE: Partial<Record<string, number[]>> = {
  x64: [0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x89, 0x31, 0xc7, 0x41, 0x08, 0x07, 0x00, 0x00, 0x00, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3],
};
let tlbFillStub: Ptr | null | undefined;

/**
 * The fill hook as native code in a page of its own (written, then made read+execute), made
 * once per process; null on a host without its code or if the page cannot be made.
 */
export function nativeTlbFill(): Ptr | null {
  if (tlbFillStub !== undefined) return tlbFillStub;
  tlbFillStub = null;
  const code = TLB_FILL_CODE[process.arch];
  if (!code) return null;
  tlbFillStub = executablePage(code);
  return tlbFillStub;
}

/** `code` in a page of its own, written and then made read+execute; null if a step fails. */
function executablePage(code: readonly number[]): Ptr | null {
  const libc = libcApi();
  const page = libc.getpagesize();
  const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
  const p = libc.mmap(null, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p === 0n || p === -1n || p === 0xffffffffffffffffn) return null;
  new Uint8Array(hostView(p, code.length)).set(code);
  if (libc.mprotect(p, page, PROT_READ | PROT_EXEC) !== 0) { libc.munmap(p, page); return null; }
  return p;
}

/**
 * Machine code of the interrupt hook's dispatch, per host: void hook(uc, intno, data) jumps to
 * the system-call callback (a koffi trampoline taking no arguments) when intno is the trap's
 * number, else to the general interrupt callback with the arguments as Unicorn gave them. A
 * system call through UC_HOOK_INTR (aarch64 `svc`, riscv64 `ecall`, s390x `svc`) then enters
 * JavaScript as x86_64's `syscall` hook does, without koffi making Numbers of `uc` and `intno`
 * or the interrupt handler sorting it out (aarch64 getpid: ~15 ns of the callback's ~180).
 * x86-64 System V (intno in esi); the trap's number at byte 6, the two targets at 14 and 26:
 *   endbr64; cmp $ID,%esi; jne 1f; movabs $TRAP,%rax; jmp *%rax; 1: movabs $INTR,%rax; jmp *%rax
 */
const INTR_DISPATCH_CODE: Partial<Record<string, { code: number[]; id: number; trap: number; intr: number }>> = {
  x64: {
    code: [0xf3, 0x0f, 0x1e, 0xfa, 0x81, 0xfe, 0, 0, 0, 0, 0x75, 0x0c, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xe0,
      0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xe0],
    id: 6, trap: 14, intr: 26,
  },
};
const intrDispatches = new Map<string, Ptr | null>();

/**
 * The interrupt hook that sends interrupt `trapId` to `trap` (called with no arguments) and every
 * other one to `intr`, made once per process and trap number; null on a host without its code
 * or when the page cannot be made (the engine then hooks `intr` and sorts the trap out in JS).
 */
export function nativeIntrDispatch(trapId: number, trap: Ptr, intr: Ptr): Ptr | null {
  const key = `${trapId}/${trap}/${intr}`;
  const known = intrDispatches.get(key);
  if (known !== undefined) return known;
  const spec = INTR_DISPATCH_CODE[process.arch];
  let p: Ptr | null = null;
  if (spec) {
    const code = spec.code.slice();
    const put = (at: number, v: bigint, bytes: number) => {
      for (let i = 0; i < bytes; i++) code[at + i] = Number((v >> BigInt(8 * i)) & 0xffn);
    };
    put(spec.id, BigInt(trapId >>> 0), 4);
    put(spec.trap, BigInt.asUintN(64, BigInt(trap)), 8);
    put(spec.intr, BigInt.asUintN(64, BigInt(intr)), 8);
    p = executablePage(code);
  }
  intrDispatches.set(key, p);
  return p;
}

/**
 * Machine code of the budget's block hook, per host: the JS `onBlock` (engine.ts) at native
 * speed, so that a counted run costs a call per translated block instead of Unicorn's count
 * hook, a call per instruction (on x86 after EFLAGS are computed for it) or a JS call per block.
 * state = { int64 left; int64 unused; int64 stopPc; void *uc_emu_stop; void *uc; int64 calls;
 * int64 pad[2]; void *callers[64] } (STATE_WORDS). Two entries:
 * - at 0, the hook as Unicorn calls it, void hook(uc, address, size, state):
 *     if (left <= 0) { stopPc = address; return uc_emu_stop(uc); }
 *     left -= max(1, size >> 2); callers[calls++ % 64] = return address;
 *   (a run's budget is above 0 when it starts, so it never stops before its first block.)
 *   The callers are the translated blocks that called it, for block-patch.ts to rewrite.
 * - at SLOW_ENTRY, for a block block-patch.ts rewrote to count inline (left -= k, and a call
 *   here only when that went below 0), with the address in rsi, k in dl, the state in rcx:
 *     left += k; if (left <= 0) { stopPc = address; return uc_emu_stop(state.uc); } left -= k;
 *   the same decision at the same block as the first entry makes.
 * x86-64 System V (uc in rdi, address in rsi, size in edx, state in rcx):
 *   endbr64; mov (%rcx),%rax; test %rax,%rax; jg 1f; mov %rsi,16(%rcx); jmp *24(%rcx);
 *   1: shr $2,%edx; mov $1,%eax; cmp %eax,%edx; cmovb %eax,%edx; sub %rdx,(%rcx);
 *   mov 40(%rcx),%rax; mov (%rsp),%rdx; and $63,%eax; mov %rdx,64(%rcx,%rax,8); incq 40(%rcx); ret
 *   (nopl to 0x40) endbr64; movzbl %dl,%edx; mov (%rcx),%rax; add %rdx,%rax; test %rax,%rax;
 *   jg 2f; mov %rax,(%rcx); mov %rsi,16(%rcx); mov 32(%rcx),%rdi; jmp *24(%rcx); 2: ret
 */
const BLOCK_COUNT_CODE: Partial<Record<string, number[]>> = {
  x64: [0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x8b, 0x01, 0x48, 0x85, 0xc0, 0x7f, 0x07, 0x48, 0x89, 0x71, 0x10,
    0xff, 0x61, 0x18, 0xc1, 0xea, 0x02, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x39, 0xc2, 0x0f, 0x42, 0xd0,
    0x48, 0x29, 0x11, 0x48, 0x8b, 0x41, 0x28, 0x48, 0x8b, 0x14, 0x24, 0x83, 0xe0, 0x3f, 0x48, 0x89,
    0x54, 0xc1, 0x40, 0x48, 0xff, 0x41, 0x28, 0xc3, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0xb6, 0xd2, 0x48, 0x8b, 0x01, 0x48, 0x01, 0xd0, 0x48, 0x85, 0xc0,
    0x7f, 0x0e, 0x48, 0x89, 0x01, 0x48, 0x89, 0x71, 0x10, 0x48, 0x8b, 0x79, 0x20, 0xff, 0x61, 0x18,
    0xc3],
};
/** Byte offset of the second entry (above). */
const SLOW_ENTRY = 0x40;
/** The state's words: left, unused, stopPc, uc_emu_stop, uc, calls, 2 spare, 64 callers. */
export const BLOCK_STATE = { left: 0, stopPc: 2, uc: 4, calls: 5, callers: 8, ring: 64 } as const;
/** The block-count hook's two entries and its state (one: one uc_emu_start runs at a time in a process). */
export interface BlockCounter { fn: Ptr; slow: Ptr; state: Ptr; words: BigInt64Array }
const blockCounters = new Map<string, BlockCounter | null>();

/**
 * The block-count hook for the library at `libPath` (its uc_emu_stop goes in the state), made
 * once per library and process; null on a host without its code or when a step fails.
 */
export function nativeBlockCount(libPath: string): BlockCounter | null {
  const known = blockCounters.get(libPath);
  if (known !== undefined) return known;
  blockCounters.set(libPath, null);
  const code = BLOCK_COUNT_CODE[process.arch];
  if (!code) return null;
  const libc = libcApi();
  const RTLD_NOW = 2, RTLD_NOLOAD = 4;
  const lib = libc.dlopen(libPath, RTLD_NOW | RTLD_NOLOAD);
  if (!lib) return null;
  const stop = libc.dlsym(lib, 'uc_emu_stop');
  if (!stop) return null;
  const p = executablePage(code);
  if (!p) return null;
  const n = BLOCK_STATE.callers + BLOCK_STATE.ring;
  const st = allocNative(8 * n);
  const words = new BigInt64Array(st.buf, 0, n);
  words[3] = BigInt(stop as unknown as bigint);
  const got = { fn: p, slow: p + BigInt(SLOW_ENTRY), state: st.ptr, words };
  blockCounters.set(libPath, got);
  return got;
}

export function registerCallback(fn: Function, type: TypeObject): Ptr {
  return koffiApi().register(fn, type);
}

/** An ArrayBuffer over host memory the engine mmapped (no copy). */
export function hostView(ptr: Ptr, bytes: number): ArrayBuffer {
  return koffiApi().view(ptr, bytes);
}

/**
 * The native entry (native/trap.cc, built by scripts/build-native.sh): uc_emu_start called from
 * Node's own stack, and a system-call hook that calls one JavaScript function through V8 without
 * koffi's callback trampoline. `trap` is that hook (Unicorn passes the instance first, as both
 * UC_HOOK_INSN and the interrupt dispatch do); an instance that has it must be run by `start`.
 */
export interface NativeEntry {
  trap: Ptr;
  /** uc_emu_start(uc, begin, until, 0, count) of the library at libPath; throws what the trap function threw. */
  start(libPath: string, uc: Ptr, begin: number, until: bigint, count: number): number;
}
interface TrapAddon {
  setTrap(fn: () => void): bigint | undefined;
  emuStart(start: bigint, stop: bigint, uc: Ptr, begin: number, until: bigint, count: number): number;
}
let nativeEntryMade: NativeEntry | null | undefined;

/**
 * The native entry calling `fn` at each system-call trap, made once per process (later calls
 * return the first one); null when the addon was not built, does not load (a Node it was not
 * built for), or TRICORN_UC_TRAP=koffi (to compare).
 */
export function nativeEntry(fn: () => void): NativeEntry | null {
  if (nativeEntryMade !== undefined) return nativeEntryMade;
  nativeEntryMade = null;
  if (process.env.TRICORN_UC_TRAP === 'koffi') return null;
  // dist/native/ from dist/emu/unicorn/ (unbundled) or dist/cli/ (the bundle).
  const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  const file = [join(here, '../../native/unicorn-trap.node'), join(here, '../native/unicorn-trap.node')].find((f) => existsSync(f));
  if (!file) return null;
  let addon: TrapAddon;
  try {
    addon = loadAddon(file) as TrapAddon;
  } catch {
    return null;
  }
  const trap = addon.setTrap(fn);
  if (typeof trap !== 'bigint') return null;
  const fns = new Map<string, [bigint, bigint] | null>();
  const libFns = (libPath: string): [bigint, bigint] | null => {
    let f = fns.get(libPath);
    if (f === undefined) {
      const libc = libcApi();
      const lib = libc.dlopen(libPath, 2 /* RTLD_NOW */ | 4 /* RTLD_NOLOAD */);
      const start = lib ? libc.dlsym(lib, 'uc_emu_start') : null;
      const stop = lib ? libc.dlsym(lib, 'uc_emu_stop') : null;
      f = start && stop ? [BigInt(start as unknown as bigint), BigInt(stop as unknown as bigint)] : null;
      fns.set(libPath, f);
    }
    return f;
  };
  nativeEntryMade = {
    trap: trap as unknown as Ptr,
    start(libPath, uc, begin, until, count) {
      const f = libFns(libPath);
      if (!f) throw new Error(`uc_emu_start of ${libPath} not found`);
      const err = addon.emuStart(f[0], f[1], uc, begin, until, count);
      if (typeof err !== 'number') throw new Error('the native entry did not run uc_emu_start');
      return err;
    },
  };
  return nativeEntryMade;
}
