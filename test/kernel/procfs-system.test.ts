// What /proc says of the whole machine: uptime, loadavg, stat and version, in Linux's formats
// (fs/proc/{uptime,loadavg,stat,version}.c) and agreeing with each other and with the virtual
// clock. A guest forks, the child exits, the parent waits, sleeps 60 ms (idle time), then prints
// the four files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAsm } from './harness.js';
import { BOOT_REALTIME_SEC } from '../../kernel/clock.js';

// print(path): openat, read up to 4 KiB at rsp-8192, write it to fd 1, close.
const print = (label: string) => `
  mov eax, 257
  mov edi, -100
  lea rsi, [rip + ${label}]
  xor edx, edx
  syscall
  mov r12, rax
  mov edi, eax
  xor eax, eax
  lea rsi, [rsp - 8192]
  mov edx, 4096
  syscall
  mov edx, eax
  mov eax, 1
  mov edi, 1
  lea rsi, [rsp - 8192]
  syscall
  mov eax, 3
  mov rdi, r12
  syscall
`;

const program = `
  mov eax, 57
  syscall
  test eax, eax
  jnz parent
  mov eax, 60
  xor edi, edi
  syscall
parent:
  mov eax, 61
  mov edi, -1
  xor esi, esi
  xor edx, edx
  xor r10d, r10d
  syscall
  sub rsp, 16
  mov qword ptr [rsp], 0
  mov qword ptr [rsp + 8], 60000000
  mov eax, 35
  mov rdi, rsp
  xor esi, esi
  syscall
  add rsp, 16
${print('uptime')}${print('loadavg')}${print('stat')}${print('version')}
  mov eax, 231
  xor edi, edi
  syscall
uptime: .asciz "/proc/uptime"
loadavg: .asciz "/proc/loadavg"
stat: .asciz "/proc/stat"
version: .asciz "/proc/version"
`;

test('/proc/uptime, loadavg, stat and version: Linux\'s formats, figures from the virtual clock and the scheduler', async () => {
  const r = await runAsm(program);
  assert.equal(r.outcome.exitCode, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const [up, idle] = lines[0].split(' ').map(Number);
  assert.match(lines[0], /^\d+\.\d\d \d+\.\d\d$/);
  // Two tasks were created; the parent is the one running task of one; pid 2 was the last given.
  assert.equal(lines[1], '0.00 0.00 0.00 1/1 2');
  const stat = lines.slice(2, 11);
  const cpu = stat[0].match(/^cpu {2}(\d+) 0 (\d+) (\d+) 0 0 0 0 0 0$/);
  assert.ok(cpu, stat[0]);
  assert.equal(stat[1], stat[0].replace('cpu  ', 'cpu0 '));
  const [user, system, idleTicks] = cpu.slice(1).map(Number);
  assert.ok(idle >= 0.05 && up >= idle, lines[0]);
  assert.equal(idleTicks, Math.floor(idle * 100), 'stat\'s idle is uptime\'s second figure');
  assert.ok(Math.abs(user + system + idleTicks - up * 100) <= 3, `${user}+${system}+${idleTicks} vs ${up}`);
  assert.deepEqual(stat.slice(2), [
    'intr 0', stat[3], `btime ${BOOT_REALTIME_SEC}`, 'processes 2', 'procs_running 1', 'procs_blocked 0',
    'softirq 0 0 0 0 0 0 0 0 0 0 0',
  ]);
  // parent, child, parent: at least two switches.
  assert.ok(Number(stat[3].match(/^ctxt (\d+)$/)?.[1]) >= 2, stat[3]);
  assert.equal(lines[11], 'Linux version 6.1.0-tricorn (tricorn@tricorn) (tricorn) #1 SMP PREEMPT tricorn');
  // The kernel's counts: every slice is user time, every call system time, the rest idle.
  const k = r.harness.kernel;
  assert.ok(k.cpuUserNs > 0 && k.cpuSystemNs > 0 && k.cpuUserNs + k.cpuSystemNs < k.clockNs);
  // The same guest prints the same figures every run.
  assert.equal((await runAsm(program)).stdout, r.stdout);
});
