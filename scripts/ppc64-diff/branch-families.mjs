// Branches, forward only so every case ends. `target` is a label the sequence builder places
// later in the same case. Indirect branches get their target address position-independently
// (bcl 20,31 to the next instruction, mflr, addi), like compiled PIC code does.
import { R } from './int-families.mjs';

// Every valid BO (z bits 0, the "at" hint pairs 00/10/11).
const BO_ALL = [0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27];
// bcctr cannot decrement CTR (BO_2 = 1 only).
const BO_NODEC = [4, 6, 7, 12, 14, 15, 20];

export function branch(ctx, target) {
  const { rng } = ctx;
  const kind = rng.weighted([[2, 'b'], [1, 'bl'], [1, 'ba'], [1, 'bla'], [6, 'bc'], [2, 'bcl'], [2, 'bclr'], [2, 'bcctr']]);
  switch (kind) {
    case 'b': case 'bl': case 'ba': case 'bla':
      ctx.emit(`${kind} ${target}`, kind);
      return true;
    case 'bc': case 'bcl':
      ctx.emit(`${kind} ${rng.pick(BO_ALL)},${ctx.crReadableBit()},${target}`, kind);
      return true;
    default: {
      const link = rng.chance(0.4) ? 'l' : '';
      const x = ctx.dst([0]); // addi x,x,... would read r0 as the literal 0
      if (x === 0) return false;
      const here = ctx.label();
      ctx.emit(`bcl 20,31,${here}`, 'bcl');
      ctx.lines.push(`${here}:`);
      ctx.emit(`mflr ${R(x)}`, 'mflr');
      ctx.emit(`addi ${R(x)},${R(x)},${target}-${here}`, 'addi');
      ctx.wr(x);
      if (kind === 'bclr') {
        ctx.emit(`mtlr ${R(x)}`, 'mtlr');
        ctx.emit(`bclr${link} ${rng.pick(BO_ALL)},${ctx.crReadableBit()},${rng.pick([0, 1, 3])}`, `bclr${link}`);
      } else {
        ctx.emit(`mtctr ${R(x)}`, 'mtctr');
        ctx.emit(`bcctr${link} ${rng.pick(BO_NODEC)},${ctx.crReadableBit()},${rng.pick([0, 3])}`, `bcctr${link}`);
      }
      return true;
    }
  }
}
