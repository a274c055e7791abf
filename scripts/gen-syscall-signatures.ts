// Generates arch/tables/signatures.ts: every system call's parameters, as the Linux kernel
// declares them, for every architecture tricorn runs. The source of truth is the kernel's own
// prototypes: include/linux/syscalls.h (the generic `asmlinkage long sys_NAME(...)` list),
// include/asm-generic/syscalls.h, and arch/<karch>/include/asm/syscalls.h for the calls an
// architecture defines itself — all in Debian's linux-headers-*-common package, which
// scripts/gen-syscall-signatures.sh fetches. Names come from arch/tables/<arch>.ts (the UAPI
// <asm/unistd.h> tables). The few calls no header declares (defined only in a .c file with
// SYSCALL_DEFINEn, or long removed and answered by sys_ni_syscall) are listed in `extra`
// below with the prototype of the SYSCALL_DEFINE that defines them (or defined them).
//
// Usage: node dist/scripts/gen-syscall-signatures.js KERNEL_HEADERS_DIR > arch/tables/signatures.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syscallNames as x86_64 } from '../arch/tables/x86_64.js';
import { syscallNames as aarch64 } from '../arch/tables/aarch64.js';
import { syscallNames as ppc64 } from '../arch/tables/ppc64.js';
import { syscallNames as s390x } from '../arch/tables/s390x.js';
import { syscallNames as riscv64 } from '../arch/tables/riscv64.js';

const dir = process.argv[2];
if (!dir) { console.error('usage: gen-syscall-signatures KERNEL_HEADERS_DIR'); process.exit(2); }

/** name -> parameter declarations, from one header's `sys_NAME(...)` prototypes. */
function prototypes(file: string): Map<string, string[]> {
  const text = readFileSync(join(dir, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\\\n/g, ' ');
  const out = new Map<string, string[]>();
  // Only lines outside macro bodies: a prototype starts a line (after `asmlinkage`).
  const re = /^(?:asmlinkage\s+)?(?:long|unsigned long|int)\s+sys_(\w+)\s*\(([^)]*)\)\s*;/gm;
  for (const m of text.matchAll(re)) {
    if (out.has(m[1])) continue; // the first of #ifdef alternatives
    const params = m[2].replace(/\s+/g, ' ').trim();
    out.set(m[1], params === 'void' || params === '' ? [] : params.split(',').map((p) => p.trim())
      // sys_rt_sigreturn(struct pt_regs *regs) on some arches: the registers, not an argument.
      .filter((p) => !/struct pt_regs \*/.test(p)));
  }
  return out;
}

// The syscall table entry's name differs from its sys_ function for these (the kernel's
// syscall_64.tbl / unistd.h __SYSCALL lines).
const entryPoint: Record<string, string> = {
  umount2: 'umount', fstat: 'newfstat', stat: 'newstat', lstat: 'newlstat', uname: 'newuname',
  sendfile: 'sendfile64', fadvise64: 'fadvise64_64', sync_file_range2: 'sync_file_range2',
  // PowerPC's old-ABI entries.
  oldstat: 'stat', oldfstat: 'fstat', oldlstat: 'lstat', readdir: 'old_readdir', _llseek: 'llseek',
  _newselect: 'select', ugetrlimit: 'getrlimit', oldolduname: 'olduname', olduname: 'uname',
};

/** `n` anonymous words: a sys_ni_syscall slot, with the argument count strace gives it. */
const ni = (n: number) => Array.from({ length: n }, (_, i) => `unsigned long arg${i + 1}`);

// Defined with SYSCALL_DEFINEn in a .c file only (or removed: the prototype it had).
const extra: Record<string, string[]> = {
  arch_prctl: ['int option', 'unsigned long arg2'],
  rt_sigreturn: [],
  mmap: ['unsigned long addr', 'unsigned long len', 'unsigned long prot', 'unsigned long flags', 'unsigned long fd', 'unsigned long off'],
  iopl: ['unsigned int level'],
  ioperm: ['unsigned long from', 'unsigned long num', 'int turn_on'],
  modify_ldt: ['int func', 'void __user *ptr', 'unsigned long bytecount'],
  _sysctl: ['struct __sysctl_args __user *args'],
  uselib: ['const char __user *library'],
  create_module: ['const char __user *name', 'size_t size'],
  get_kernel_syms: ['struct kernel_sym __user *table'],
  query_module: ['const char __user *name', 'int which', 'void __user *buf', 'size_t bufsize', 'size_t __user *ret'],
  nfsservctl: ['int cmd', 'void __user *arg', 'void __user *res'],
  getpmsg: ['int fd', 'void __user *ctlptr', 'void __user *dataptr', 'int __user *bandp', 'int __user *flagsp'],
  putpmsg: ['int fd', 'void __user *ctlptr', 'void __user *dataptr', 'int band', 'int flags'],
  afs_syscall: [],
  tuxcall: [],
  security: [],
  vserver: [],
  set_thread_area: ['struct user_desc __user *u_info'],
  get_thread_area: ['struct user_desc __user *u_info'],
  epoll_ctl_old: [],
  epoll_wait_old: [],
  sys_debug_setcontext: ['struct ucontext __user *ctx', 'int ndbg', 'struct sig_dbg_op __user *dbg'],
  kexec_file_load: ['int kernel_fd', 'int initrd_fd', 'unsigned long cmdline_len', 'const char __user *cmdline_ptr', 'unsigned long flags'],
  map_shadow_stack: ['unsigned long addr', 'unsigned long size', 'unsigned int flags'],
  // s390's own calls, declared only in arch/s390/kernel (SYSCALL_DEFINEs there), not in a header.
  s390_runtime_instr: ['int command', 'int signum'],
  s390_pci_mmio_write: ['unsigned long mmio_addr', 'const void __user *user_buffer', 'size_t length'],
  s390_pci_mmio_read: ['unsigned long mmio_addr', 'void __user *user_buffer', 'size_t length'],
  s390_guarded_storage: ['int command', 'struct gs_cb __user *gs_cb'],
  s390_sthyi: ['unsigned long function_code', 'void __user *buffer', 'u64 __user *return_code', 'unsigned long flags'],
  sigreturn: [],
  // riscv's own, defined in arch/riscv/kernel/sys_riscv.c.
  riscv_flush_icache: ['uintptr_t start', 'uintptr_t end', 'uintptr_t flags'],
  timerfd: ni(0),
  // sys_ni_syscall on every 64-bit kernel (Unix v7 and early-Linux leftovers on PowerPC).
  break: ni(0), ftime: ni(0), prof: ni(0), lock: ni(0), mpx: ni(0), idle: ni(0),
  stty: ni(2), gtty: ni(2), ulimit: ni(2), bdflush: ni(2), profil: ni(4), vm86: ni(5), multiplexer: ni(6),
};

const generic = prototypes('include/linux/syscalls.h');
const asmGeneric = prototypes('include/asm-generic/syscalls.h');
const arches: [string, Readonly<Record<number, string>>, string][] = [
  ['x86_64', x86_64, 'x86'], ['aarch64', aarch64, 'arm64'], ['ppc64', ppc64, 'powerpc'], ['s390x', s390x, 's390'], ['riscv64', riscv64, 'riscv'],
];

function lookup(own: Map<string, string[]>, name: string): string[] | undefined {
  const entry = entryPoint[name] ?? name;
  return own.get(entry) ?? generic.get(entry) ?? generic.get(name) ?? asmGeneric.get(entry) ?? extra[name];
}

const q = (s: string) => `'${s}'`;
const lines: string[] = [
  '// Generated by scripts/gen-syscall-signatures.ts from Linux 6.1\'s syscall prototypes',
  '// (include/linux/syscalls.h, include/asm-generic/syscalls.h, arch/*/include/asm/syscalls.h).',
  '// Do not edit. Each entry: the parameters as the kernel declares them, in register order.',
  '',
  'export type Signatures = Readonly<Record<string, readonly string[]>>;',
  '',
];
const used = new Map<string, string[]>();
const perArch = new Map<string, Map<string, string[]>>();
const missing: string[] = [];
for (const [arch, names, karch] of arches) {
  let own = new Map<string, string[]>();
  try { own = prototypes(`arch/${karch}/include/asm/syscalls.h`); } catch { /* none */ }
  const mine = new Map<string, string[]>();
  for (const name of Object.values(names)) {
    const sig = lookup(own, name);
    if (!sig) { missing.push(`${arch}:${name}`); continue; }
    const shared = used.get(name);
    if (!shared && !own.has(entryPoint[name] ?? name)) used.set(name, sig);
    else if (!shared || shared.join() !== sig.join()) mine.set(name, sig);
  }
  perArch.set(arch, mine);
}
if (missing.length) { console.error(`no prototype for: ${missing.join(' ')}`); process.exit(1); }
// Functions returning a fresh table rather than constants: only --strace reads the tables, and
// building them at every start-up (an arch's module imports them) cost ~60 KB of allocation.
const table = (name: string, entries: Map<string, string[]>) => {
  lines.push(`export function ${name}(): Signatures {`, '  return {');
  for (const [n, s] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`    ${n}: [${s.map(q).join(', ')}],`);
  lines.push('  };', '}');
};
lines.push('/** Calls whose parameters are the same on every architecture. */');
table('genericSignatures', used);
for (const [arch, mine] of perArch) {
  lines.push('', `/** ${arch}: calls it declares differently or alone (its asm/syscalls.h). */`);
  table(`${arch}Signatures`, mine);
}
console.log(lines.join('\n'));
