// Load/store families. Every access stays inside the 128-byte scratch buffer: the generator
// knows the exact value of each address register (buffer + offset) and index register, and
// picks displacements / register pairs so the effective address lands inside it.
import { R, RA0 } from './int-families.mjs';
import { BUF_SIZE } from './ctx.mjs';

/** Offsets into the buffer of the known address registers. */
function bases(ctx) {
  return [...ctx.addr].map((r) => ({ r, off: Number(ctx.known.get(r) - ctx.bufAddr) }));
}
function indexes(ctx) {
  return [...ctx.index].map((r) => ({ r, v: Number(BigInt.asIntN(64, ctx.known.get(r))) }));
}

function wantAligned(ctx, width, force) {
  return force || width === 1 || ctx.rng.chance(0.75);
}

/**
 * D / DS form: base register + displacement. Returns { ra, d, ea } (ea: offset in the buffer).
 */
export function pickD(ctx, width, { ds = false, aligned = false } = {}) {
  const bs = bases(ctx);
  if (!bs.length) return null;
  const al = wantAligned(ctx, width, aligned);
  for (let tries = 0; tries < 40; tries++) {
    const b = ctx.rng.pick(bs);
    let ea = ctx.rng.int(BUF_SIZE - width + 1);
    if (al) ea -= ea % width;
    const d = ea - b.off;
    if (ds && d % 4 !== 0) continue;
    return { ra: b.r, d, ea };
  }
  return null;
}

/**
 * X form: (RA|0) + RB. Pairs: base+index, index+base, or 0+base. Returns { ra, rb, ea };
 * update forms need RA != 0 and RA is the register that receives the address.
 */
export function pickX(ctx, width, { update = false, aligned = false } = {}) {
  const bs = bases(ctx), is = indexes(ctx);
  const al = wantAligned(ctx, width, aligned);
  const cands = [];
  for (const b of bs) {
    for (const i of is) {
      if (i.r === b.r) continue;
      const ea = b.off + i.v;
      if (ea < 0 || ea > BUF_SIZE - width || (al && ea % width)) continue;
      cands.push({ ra: b.r, rb: i.r, ea });
      if (i.r !== 0) cands.push({ ra: i.r, rb: b.r, ea });
    }
    if (!update && !(al && b.off % width)) cands.push({ ra: 0, rb: b.r, ea: b.off });
  }
  const ok = cands.filter((c) => b_ok(c.ea, width) && (!update || c.ra !== 0));
  return ok.length ? ctx.rng.pick(ok) : null;
}
const b_ok = (ea, w) => ea >= 0 && ea <= BUF_SIZE - w;

/** After an update form: RA now holds the effective address. */
function updated(ctx, ra, ea) {
  ctx.wr(ra, { value: ctx.bufAddr + BigInt(ea) });
  ctx.addr.add(ra);
}

const LOADS = [
  // name, width, form, update
  ['lbz', 1, 'D'], ['lbzu', 1, 'D', 1], ['lbzx', 1, 'X'], ['lbzux', 1, 'X', 1],
  ['lhz', 2, 'D'], ['lhzu', 2, 'D', 1], ['lhzx', 2, 'X'], ['lhzux', 2, 'X', 1],
  ['lha', 2, 'D'], ['lhau', 2, 'D', 1], ['lhax', 2, 'X'], ['lhaux', 2, 'X', 1],
  ['lwz', 4, 'D'], ['lwzu', 4, 'D', 1], ['lwzx', 4, 'X'], ['lwzux', 4, 'X', 1],
  ['lwa', 4, 'DS'], ['lwax', 4, 'X'], ['lwaux', 4, 'X', 1],
  ['ld', 8, 'DS'], ['ldu', 8, 'DS', 1], ['ldx', 8, 'X'], ['ldux', 8, 'X', 1],
  ['lhbrx', 2, 'X'], ['lwbrx', 4, 'X'], ['ldbrx', 8, 'X'],
];
const STORES = [
  ['stb', 1, 'D'], ['stbu', 1, 'D', 1], ['stbx', 1, 'X'], ['stbux', 1, 'X', 1],
  ['sth', 2, 'D'], ['sthu', 2, 'D', 1], ['sthx', 2, 'X'], ['sthux', 2, 'X', 1],
  ['stw', 4, 'D'], ['stwu', 4, 'D', 1], ['stwx', 4, 'X'], ['stwux', 4, 'X', 1],
  ['std', 8, 'DS'], ['stdu', 8, 'DS', 1], ['stdx', 8, 'X'], ['stdux', 8, 'X', 1],
  ['sthbrx', 2, 'X'], ['stwbrx', 4, 'X'], ['stdbrx', 8, 'X'],
];

/** Address operand text for a form; null when no address fits. */
export function address(ctx, width, form, update, opts = {}) {
  if (form === 'X') {
    const x = pickX(ctx, width, { update, ...opts });
    return x && { text: `${RA0(x.ra)},${R(x.rb)}`, ra: x.ra, ea: x.ea };
  }
  const d = pickD(ctx, width, { ds: form === 'DS', ...opts });
  return d && { text: `${d.d}(${R(d.ra)})`, ra: d.ra, ea: d.ea };
}

export function load(ctx) {
  const [name, width, form, update] = ctx.rng.pick(LOADS);
  const a = address(ctx, width, form, !!update);
  if (!a) return false;
  // Update forms with RT = RA are invalid.
  const t = ctx.dst(update ? [a.ra] : []);
  if (update && t === a.ra) return false;
  ctx.emit(`${name} ${R(t)},${a.text}`, name);
  if (update) updated(ctx, a.ra, a.ea);
  ctx.wr(t);
  return true;
}

export function store(ctx) {
  const [name, width, form, update] = ctx.rng.pick(STORES);
  const a = address(ctx, width, form, !!update);
  if (!a) return false;
  const s = ctx.src();
  if (s < 0) return false;
  ctx.emit(`${name} ${R(s)},${a.text}`, name);
  if (update) updated(ctx, a.ra, a.ea);
  return true;
}

/** lmw / stmw: big-endian only (little-endian mode makes them alignment interrupts). */
export function multiple(ctx) {
  if (ctx.le) return false;
  const st = ctx.rng.chance(0.5);
  const rt = ctx.rng.range(22, 31);
  const n = (32 - rt) * 4;
  const bs = bases(ctx).filter((b) => b.r < rt && b.r !== 0);
  if (!bs.length) return false;
  const b = ctx.rng.pick(bs);
  let ea = ctx.rng.int(BUF_SIZE - n + 1);
  ea -= ea % 4;
  if (st) {
    for (let r = rt; r < 32; r++) if (!ctx.readable(r)) return false;
    ctx.emit(`stmw ${R(rt)},${ea - b.off}(${R(b.r)})`, 'stmw');
  } else {
    ctx.emit(`lmw ${R(rt)},${ea - b.off}(${R(b.r)})`, 'lmw');
    for (let r = rt; r < 32; r++) ctx.wr(r);
  }
  return true;
}

const ATOMICS = [['lbarx', 'stbcx.', 1], ['lharx', 'sthcx.', 2], ['lwarx', 'stwcx.', 4], ['ldarx', 'stdcx.', 8]];
/** A load-reserve / store-conditional pair on one address: the store succeeds (CR0.EQ). */
export function atomic(ctx) {
  const [ld, st, width] = ctx.rng.pick(ATOMICS);
  const x = pickX(ctx, width, { aligned: true });
  if (!x) return false;
  const t = ctx.dst([x.ra, x.rb]);
  if (t === x.ra || t === x.rb) return false;
  ctx.emit(`${ld} ${R(t)},${RA0(x.ra)},${R(x.rb)}`, ld);
  ctx.wr(t);
  if (t !== 0 && ctx.rng.chance(0.5)) {
    ctx.emit(`addi ${R(t)},${R(t)},${ctx.rng.range(-3, 3)}`, 'addi');
    ctx.wr(t);
  }
  const s = ctx.rng.chance(0.7) ? t : ctx.src();
  if (s < 0) return false;
  ctx.emit(`${st} ${R(s)},${RA0(x.ra)},${R(x.rb)}`, st.replace('.', ''));
  ctx.rc0();
  return true;
}

/** dcbz zeroes the whole 128-byte block (the buffer is one aligned block); hints do nothing. */
export function cache(ctx) {
  const name = ctx.rng.weighted([[3, 'dcbz'], [1, 'dcbt'], [1, 'dcbtst'], [1, 'dcbst'], [1, 'dcbf'], [1, 'icbi'],
    [1, 'sync'], [1, 'lwsync'], [1, 'isync'], [1, 'eieio']]);
  if (['sync', 'lwsync', 'isync', 'eieio'].includes(name)) {
    ctx.emit(name, name);
    return true;
  }
  const x = pickX(ctx, 1);
  if (!x) return false;
  ctx.emit(`${name} ${RA0(x.ra)},${R(x.rb)}`, name);
  return true;
}
