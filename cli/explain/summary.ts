// What differed across arches and what did not, computed from the explanations themselves.
import type { ArchExplanation } from './model.js';

export interface Summary { differs: string[]; same: string[] }

export function summarize(xs: ArchExplanation[]): Summary | null {
  if (xs.length < 2) return null;
  const differs: string[] = [];
  const same: string[] = [];
  const aspect = (name: string, f: (x: ArchExplanation) => unknown) => {
    const v = xs.map((x) => JSON.stringify(f(x)));
    (v.every((s) => s === v[0]) ? same : differs).push(name);
  };
  const noAddr = (s: string) => s.replace(/0x[0-9a-f]+/g, 'ADDR');
  aspect('trap instruction', (x) => x.user.mnemonic);
  aspect('registers', (x) => x.registers.map((r) => r.reg));
  if (xs.some((x) => x.cloneOrder)) aspect('argument order', (x) => x.cloneOrder);
  aspect('byte order', (x) => x.endian);
  aspect('error convention', (x) => x.back.convention.replace(/\b(rax|x0|r3)\b/g, 'REG'));
  aspect('struct layout', (x) => x.memory.filter((m) => m.struct).map((m) => [m.struct, m.size, m.fields.map((f) => [f.name, f.offset, f.size])]));
  aspect('rules checked', (x) => x.kernel.filter((k) => k.kind === 'check').map((k) => k.kind === 'check' && [k.rule, k.ok, noAddr(k.values)]));
  aspect('pids', (x) => x.kernel.filter((k) => k.kind === 'task'));
  aspect('result', (x) => [x.back.result, x.back.errno]);
  return { differs, same };
}
