// The explanation as text: five sections in the order a call travels, each with every arch in
// turn, then what differed across arches.
import type { ArchExplanation, MemoryOut } from './model.js';
import type { Summary } from './summary.js';

export const sectionTitles = {
  user: 'User side: the instructions before the trap',
  registers: 'Registers at entry',
  memory: 'Memory the kernel reads',
  kernel: 'Inside the kernel',
  back: 'The way back',
} as const;
export type SectionKey = keyof typeof sectionTitles;

function memoryLines(m: MemoryOut, endian: string): string[] {
  const head = m.dir === 'read'
    ? `read ${m.what}${m.struct ? ` (struct ${m.struct})` : ''}: ${m.size} bytes at ${m.addr}${m.bytes === null ? ' — not readable (EFAULT)' : m.fields.length ? `, ${endian}-endian` : ''}`
    : `write ${m.what}: ${m.size} bytes at ${m.addr}${m.bytes === null ? ' — not writable (EFAULT)' : ` <- ${m.fields.length ? m.bytes : ''}`}`;
  const out = [head];
  if (m.struct || (m.dir === 'read' && m.what !== 'copy_from_user' && m.fields.length)) {
    for (const f of m.fields) {
      out.push(m.struct
        ? `  +${String(f.offset).padStart(2)} ${String(f.size).padStart(2)}  ${f.type.padEnd(8)} ${f.name.padEnd(12)} ${f.bytes.padEnd(24)} = ${f.value}`
        : `  ${f.name} ${f.bytes} = ${f.value}`);
    }
  } else if (m.fields.length === 1) {
    out[0] += m.dir === 'read' ? `: ${m.fields[0].bytes} = ${m.fields[0].value}` : ` (${m.fields[0].value})`;
  } else if (m.bytes !== null) {
    if (m.dir === 'write') out[0] += m.bytes.length > 71 ? `${m.bytes.slice(0, 71)} …` : m.bytes;
    else out.push(`  ${m.bytes.length > 71 ? `${m.bytes.slice(0, 71)} …` : m.bytes}`);
    if (m.text !== null) out.push(`  "${m.text.length > 48 ? `${m.text.slice(0, 48)}…` : m.text}"`);
  }
  return out;
}

export function section(x: ArchExplanation, key: SectionKey): string[] {
  if (!x.call) return key === 'user' ? [`the program never made the call (it exited with status ${x.exitStatus})`] : [];
  const out: string[] = [];
  if (key === 'user') {
    const pad = x.user.before.concat(x.user.trap ? [x.user.trap] : []).reduce((n, i) => Math.max(n, i.bytes.length), 0);
    for (const i of x.user.before) out.push(`  ${i.pc}: ${i.bytes.padEnd(pad)}  ${i.text}`);
    if (x.user.trap) out.push(`> ${x.user.trap.pc}: ${x.user.trap.bytes.padEnd(pad)}  ${x.user.trap.text}`);
    out.push(`${x.user.mnemonic}: ${x.user.note}`);
  } else if (key === 'registers') {
    const w = x.registers.reduce((n, r) => Math.max(n, `${r.reg} = ${r.value}`.length), 0);
    for (const r of x.registers) out.push(`${`${r.reg} = ${r.value}`.padEnd(w)}  ${r.role}`);
    if (x.cloneOrder) out.push(`clone's argument order here: ${x.cloneOrder.join(', ')}`);
    if (x.call.strace) out.push(`as strace shows it: ${x.call.strace}`);
  } else if (key === 'memory') {
    for (const m of x.memory.filter((y) => y.dir === 'read')) out.push(...memoryLines(m, x.endian));
  } else if (key === 'kernel') {
    out.push(x.call.impl ? `implementation: ${x.call.impl.function}() in ${x.call.impl.file}` : `no implementation: ENOSYS`);
    for (const k of x.kernel) {
      if (k.kind === 'check') out.push(`${k.ok ? 'ok  ' : 'FAIL'} ${k.rule}: ${k.values}${!k.ok && k.errno ? ` -> ${k.errno}` : ''}`);
      else if (k.kind === 'task') out.push(`new ${k.thread ? 'thread' : 'process'}${k.sharesMemory ? ' (shares memory)' : ' (copy of the address space)'}: pid ${k.pids.map((p, i) => `${p} at level ${i}`).join(', ')}`);
      else {
        const m = x.memory[k.index];
        out.push(...(m.dir === 'read' ? [`read ${m.what}: ${m.size} bytes at ${m.addr}${m.bytes === null ? ' (EFAULT)' : ''}`] : memoryLines(m, x.endian)));
      }
    }
  } else {
    const b = x.back;
    if (b.blocked) out.push('the call blocked; the task slept until it could finish');
    if (b.result === null) out.push('the call did not return');
    else out.push(`result ${b.result}${b.errno ? ` (-${b.errno})` : ''}; ${b.convention}`);
    for (const r of b.registers) out.push(`  ${r.reg} = ${r.value}`);
    if (b.clobbered.length) out.push(`the trap may also change: ${b.clobbered.join(', ')}`);
    if (b.restored) out.push('the call set every register itself, from the memory it read: the task goes back to what it was doing before');
    if (b.caller) out.push(`pid ${b.caller.pid} resumes at ${b.caller.pc}${b.caller.afterTrap ? ', the instruction after the trap' : ''}`);
    for (const c of b.children) {
      out.push(`child pid ${c.pid} resumes at ${c.pc}${c.afterTrap ? ' too' : ''}; registers that differ from the caller's:`);
      for (const d of c.differs) out.push(`  ${d.reg}: ${d.caller} in the caller, ${d.child} in the child`);
    }
  }
  return out;
}

export function renderText(title: string, xs: ArchExplanation[], summary: Summary | null): string {
  const out = [title, ''];
  for (const key of Object.keys(sectionTitles) as SectionKey[]) {
    out.push(`== ${sectionTitles[key]}`);
    for (const x of xs) {
      if (xs.length > 1) out.push(`[${x.arch}]`);
      const lines = section(x, key);
      out.push(...(lines.length ? lines : ['(nothing)']).map((l) => `  ${l}`));
    }
    out.push('');
  }
  if (summary) out.push('== Across arches', `  differs: ${summary.differs.join(', ') || 'nothing'}`, `  same:    ${summary.same.join(', ') || 'nothing'}`, '');
  return out.join('\n');
}
