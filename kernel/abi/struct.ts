// The struct layer: a struct is declared once, as a list of fields with C types, and its layout
// (offsets, sizes, alignment, padding, total size) is computed for each ABI from the arch
// descriptor's C type sizes, exactly as a C compiler lays out a struct: each field at the next
// multiple of its alignment, the struct's alignment the largest of its fields', its size rounded
// up to that alignment. Values are encoded and decoded in the guest's byte order.
//
// Two ways to read values, chosen for their callers:
// - `layout.decode(bytes)` / `layout.encode(value)`: whole structs as plain objects. Integer
//   fields of 8 bytes decode to `bigint` (exact: flag words and u64 fields keep every bit);
//   smaller ones to `number`. Encoding accepts number or bigint for any integer field. This is
//   the convenient path for rare syscalls (clone2, clone3) and for tools (`tricorn layout`).
// - `layout.get(bytes, 'field')` → number, `getLo` / `getHi` → the 32-bit halves, `getBig` →
//   bigint, and `set` / `setHalves`: one field at a time, no BigInt and no allocation — the hot
//   path (timespec in futex/nanosleep, stat). `get` on an 8-byte field is exact below 2^53
//   (every user address and size); use getHi to range-check u64 fields that must be small.
//
// No Node-only APIs here: the kernel also runs in a browser build.

import type { Endian } from '../../arch/types.js';

// ---------------------------------------------------------------------------------------------
// Declarations

/** Scalar C types. Fixed-width ones are the same everywhere; the others follow the ABI. */
export type ScalarName =
  | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64'
  | 'char' | 'short' | 'ushort' | 'int' | 'uint' | 'long' | 'ulong'
  | 'pid_t' | 'uid_t' | 'gid_t' | 'mode_t' | 'size_t' | 'ssize_t' | 'pointer';

export interface ArrayType {
  readonly kind: 'array';
  readonly of: CType;
  readonly count: number;
}

/** A C `char[N]`: decoded as a string up to the first NUL (bytes as Latin-1). */
export interface CharsType {
  readonly kind: 'chars';
  readonly count: number;
}

export interface FieldDecl {
  readonly name: string;
  readonly type: CType;
  /** What the field means; shown by `tricorn layout`. */
  readonly doc?: string;
}

export interface StructDecl {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly FieldDecl[];
  readonly doc?: string;
  /** A C union: every member at offset 0, the size the largest member's (rounded to the alignment). */
  readonly union?: boolean;
}

/** `T __attribute__((aligned(N)))`: a type whose alignment is raised to N (or, packed, set to 1). */
export interface AlignedType {
  readonly kind: 'aligned';
  readonly of: CType;
  readonly align: number;
  /** A member of a `__attribute__((packed))` struct: no padding before it (x86_64's epoll_event). */
  readonly packed?: true;
}

export type CType = ScalarName | ArrayType | CharsType | StructDecl | AlignedType;

export function aligned(of: CType, align: number): AlignedType {
  return { kind: 'aligned', of, align };
}

export function packed(of: CType): AlignedType {
  return { kind: 'aligned', of, align: 1, packed: true };
}

export function array(of: CType, count: number): ArrayType {
  return { kind: 'array', of, count };
}

export function chars(count: number): CharsType {
  return { kind: 'chars', count };
}

/** `defineStruct('timespec', [['tv_sec', 'long'], ['tv_nsec', 'long']])`. */
export function defineStruct(
  name: string,
  fields: readonly (readonly [string, CType] | readonly [string, CType, string])[],
  doc?: string,
): StructDecl {
  const seen = new Set<string>();
  const out: FieldDecl[] = [];
  // Indexed, not `for (const [name, type, doc] of fields)`: every struct is declared at start-up,
  // and destructuring each field through the iterator protocol allocated ~60 KB there.
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const fname = f[0], type = f[1], fdoc = f[2];
    if (seen.has(fname)) throw new Error(`struct ${name}: duplicate field ${fname}`);
    seen.add(fname);
    out.push(fdoc === undefined ? { name: fname, type } : { name: fname, type, doc: fdoc });
  }
  return doc === undefined ? { kind: 'struct', name, fields: out } : { kind: 'struct', name, fields: out, doc };
}

/** A C union, declared like a struct. */
export function defineUnion(
  name: string,
  fields: readonly (readonly [string, CType] | readonly [string, CType, string])[],
  doc?: string,
): StructDecl {
  return { ...defineStruct(name, fields, doc), union: true };
}

// ---------------------------------------------------------------------------------------------
// ABI facts and layouts

/** What layout needs from an ABI: a subset of ArchDescriptor, so descriptors can be passed as is. */
export interface AbiInfo {
  readonly name: string;
  readonly endian: Endian;
  readonly ctypes: { readonly long: number; readonly pointer: number; readonly align8: number };
}

export type TypeLayout =
  | { readonly kind: 'scalar'; readonly cname: ScalarName; readonly size: 1 | 2 | 4 | 8;
      readonly align: number; readonly signed: boolean }
  | { readonly kind: 'chars'; readonly size: number; readonly align: 1; readonly count: number }
  | { readonly kind: 'array'; readonly size: number; readonly align: number; readonly count: number;
      readonly elem: TypeLayout }
  | { readonly kind: 'struct'; readonly size: number; readonly align: number; readonly layout: StructLayout };

export interface FieldLayout {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
  readonly type: TypeLayout;
  /** The C type as declared, for display: `u64`, `char[65]`, `struct timespec`, `u64[3]`. */
  readonly ctype: string;
  readonly doc?: string;
}

/** Bytes the compiler inserts: between fields, or at the end to round the size up. */
export interface Hole {
  readonly offset: number;
  readonly size: number;
  /** The field the hole follows (C puts the first field at offset 0, so there always is one). */
  readonly after: string | null;
}

function scalarSize(name: ScalarName, abi: AbiInfo): 1 | 2 | 4 | 8 {
  switch (name) {
    case 'u8': case 's8': case 'char': return 1;
    case 'u16': case 's16': case 'short': case 'ushort': return 2;
    case 'u32': case 's32': case 'int': case 'uint': case 'pid_t': case 'uid_t': case 'gid_t': case 'mode_t':
      return 4;
    case 'u64': case 's64': return 8;
    case 'long': case 'ulong': case 'size_t': case 'ssize_t': return abi.ctypes.long as 4 | 8;
    case 'pointer': return abi.ctypes.pointer as 4 | 8;
  }
}

function scalarSigned(name: ScalarName): boolean {
  switch (name) {
    case 's8': case 's16': case 's32': case 's64': case 'char': case 'short': case 'int': case 'long':
    case 'pid_t': case 'ssize_t':
      return true;
    default:
      return false;
  }
}

function ctypeName(t: CType): string {
  if (typeof t === 'string') return t;
  switch (t.kind) {
    case 'chars': return `char[${t.count}]`;
    case 'array': return `${ctypeName(t.of)}[${t.count}]`;
    case 'struct': return `${t.union ? 'union' : 'struct'} ${t.name}`;
    case 'aligned': return t.packed ? `${ctypeName(t.of)} packed` : `${ctypeName(t.of)} aligned(${t.align})`;
  }
}

function typeLayout(t: CType, abi: AbiInfo): TypeLayout {
  if (typeof t === 'string') {
    const size = scalarSize(t, abi);
    // 8-byte integers are the one place ABIs disagree on alignment (i386: 4); the rest are natural.
    const align = size === 8 ? abi.ctypes.align8 : size;
    return { kind: 'scalar', cname: t, size, align, signed: scalarSigned(t) };
  }
  switch (t.kind) {
    case 'chars':
      return { kind: 'chars', size: t.count, align: 1, count: t.count };
    case 'array': {
      const elem = typeLayout(t.of, abi);
      return { kind: 'array', size: elem.size * t.count, align: elem.align, count: t.count, elem };
    }
    case 'struct': {
      const layout = layoutOf(t, abi);
      return { kind: 'struct', size: layout.size, align: layout.align, layout };
    }
    case 'aligned': {
      const inner = typeLayout(t.of, abi);
      const align = t.packed ? 1 : Math.max(inner.align, t.align);
      return { ...inner, align } as TypeLayout;
    }
  }
}

const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** One field's value in a decoded struct. */
export type FieldValue = number | bigint | string | FieldValue[] | StructValue;
export interface StructValue { [field: string]: FieldValue }
/** What encode accepts: any field may be left out (zero); integers as number or bigint. */
export type FieldInput = number | bigint | string | Uint8Array | readonly FieldInput[] | StructInput;
export interface StructInput { readonly [field: string]: FieldInput | undefined }

const TWO32 = 0x100000000;

export class StructLayout {
  readonly name: string;
  readonly abi: string;
  readonly endian: Endian;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
  readonly holes: readonly Hole[];
  readonly decl: StructDecl;
  private readonly little: boolean;
  private readonly byName = new Map<string, FieldLayout>();
  /** "struct.field" of each field, for encode's errors (made once: encode runs on every call). */
  private readonly wheres: readonly string[];

  constructor(decl: StructDecl, abi: AbiInfo) {
    this.decl = decl;
    this.name = decl.name;
    this.abi = abi.name;
    this.endian = abi.endian;
    this.little = abi.endian === 'little';
    const fields: FieldLayout[] = [];
    const holes: Hole[] = [];
    let off = 0;
    let align = 1;
    let prev: string | null = null;
    for (const f of decl.fields) {
      const t = typeLayout(f.type, abi);
      const at = decl.union ? 0 : roundUp(off, t.align);
      if (at > off) holes.push({ offset: off, size: at - off, after: prev });
      const fl: FieldLayout = { name: f.name, offset: at, size: t.size, align: t.align, type: t, ctype: ctypeName(f.type),
        ...(f.doc === undefined ? {} : { doc: f.doc }) };
      fields.push(fl);
      this.byName.set(f.name, fl);
      off = decl.union ? Math.max(off, t.size) : at + t.size;
      align = Math.max(align, t.align);
      prev = f.name;
    }
    const size = roundUp(off, align);
    if (size > off) holes.push({ offset: off, size: size - off, after: prev });
    this.size = size;
    this.align = align;
    this.fields = fields;
    this.wheres = fields.map((f) => `${decl.name}.${f.name}`);
    this.holes = holes;
  }

  has(name: string): boolean { return this.byName.has(name); }

  field(name: string): FieldLayout {
    const f = this.byName.get(name);
    if (!f) throw new Error(`struct ${this.name} has no field ${name}`);
    return f;
  }

  offsetOf(name: string): number { return this.locate(name).offset; }

  /**
   * Where a member lies, by a C member designator: `uc.uc_mcontext.regs[3]` — nested structs and
   * unions, array elements. Offsets are from the start of this struct.
   */
  locate(path: string): { offset: number; size: number; type: TypeLayout } {
    let layout: StructLayout = this;
    let offset = 0;
    let type: TypeLayout | null = null;
    for (const part of path.split('.')) {
      const m = /^([A-Za-z_]\w*)((?:\[\d+\])*)$/.exec(part);
      if (!m) throw new Error(`bad member designator ${path}`);
      if (type) {
        if (type.kind !== 'struct') throw new Error(`${path}: ${m[1]} is not inside a struct`);
        layout = type.layout;
      }
      const f = layout.field(m[1]);
      offset += f.offset;
      type = f.type;
      for (const ix of m[2].match(/\d+/g) ?? []) {
        if (type.kind !== 'array') throw new Error(`${path}: not an array`);
        const i = Number(ix);
        if (i >= type.count) throw new RangeError(`${path}: index ${i} past ${type.count}`);
        offset += i * type.elem.size;
        type = type.elem;
      }
    }
    return { offset, size: type!.size, type: type! };
  }

  /** Offset just past a field (Linux's offsetofend): how big a struct version including it is. */
  endOf(name: string): number { const f = this.field(name); return f.offset + f.size; }

  private scalar(name: string): FieldLayout & { type: { kind: 'scalar' } } {
    const f = this.field(name);
    if (f.type.kind !== 'scalar') throw new Error(`${this.name}.${name} is not a scalar`);
    return f as FieldLayout & { type: { kind: 'scalar' } };
  }

  // ---- one field at a time (hot path: no BigInt, no allocation) ----

  /** A scalar field as a number; 8-byte fields are exact below 2^53. */
  get(bytes: Uint8Array, name: string, base = 0): number {
    const f = this.scalar(name);
    return readScalar(bytes, base + f.offset, f.type.size, f.type.signed, this.little);
  }

  /** Low 32 bits of a scalar field (unsigned). */
  getLo(bytes: Uint8Array, name: string, base = 0): number {
    const f = this.scalar(name);
    const o = base + f.offset;
    if (f.type.size === 8) return rd32(bytes, this.little ? o : o + 4, this.little);
    return readScalar(bytes, o, f.type.size, false, this.little);
  }

  /** High 32 bits of an 8-byte field (unsigned); for narrower fields, 0. */
  getHi(bytes: Uint8Array, name: string, base = 0): number {
    const f = this.scalar(name);
    const o = base + f.offset;
    if (f.type.size !== 8) return 0;
    return rd32(bytes, this.little ? o + 4 : o, this.little);
  }

  /** A scalar field as an exact bigint (signed fields sign-extended). */
  getBig(bytes: Uint8Array, name: string, base = 0): bigint {
    const f = this.scalar(name);
    return readScalarBig(bytes, base + f.offset, f.type.size, f.type.signed, this.little);
  }

  set(bytes: Uint8Array, name: string, value: number | bigint, base = 0): void {
    const f = this.scalar(name);
    writeScalar(bytes, base + f.offset, f.type.size, value, this.little);
  }

  /** Store an 8-byte field from its 32-bit halves (narrower fields take `lo`). */
  setHalves(bytes: Uint8Array, name: string, lo: number, hi: number, base = 0): void {
    const f = this.scalar(name);
    const o = base + f.offset;
    if (f.type.size === 8) {
      wr32(bytes, this.little ? o : o + 4, lo, this.little);
      wr32(bytes, this.little ? o + 4 : o, hi, this.little);
    } else {
      writeScalar(bytes, o, f.type.size, lo, this.little);
    }
  }

  // ---- whole structs (slow path) ----

  decode(bytes: Uint8Array, base = 0): StructValue {
    if (bytes.length < base + this.size) {
      throw new RangeError(`struct ${this.name} needs ${this.size} bytes, got ${bytes.length - base}`);
    }
    const out: StructValue = {};
    for (const f of this.fields) out[f.name] = decodeType(f.type, bytes, base + f.offset, this.little);
    return out;
  }

  /** Encode into `out` (zeroing this struct's bytes first, padding included) or a new array. */
  encode(value: StructInput, out?: Uint8Array, base = 0): Uint8Array {
    const buf = out ?? new Uint8Array(this.size);
    buf.fill(0, base, base + this.size);
    for (const key in value) {
      if (!this.byName.has(key)) throw new Error(`struct ${this.name} has no field ${key}`);
    }
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const v = value[f.name];
      if (v !== undefined) encodeType(f.type, v, buf, base + f.offset, this.little, this.wheres[i]);
    }
    return buf;
  }
}

function decodeType(t: TypeLayout, b: Uint8Array, o: number, little: boolean): FieldValue {
  switch (t.kind) {
    case 'scalar':
      return t.size === 8 ? readScalarBig(b, o, 8, t.signed, little) : readScalar(b, o, t.size, t.signed, little);
    case 'chars': {
      let s = '';
      for (let i = 0; i < t.count && b[o + i] !== 0; i++) s += String.fromCharCode(b[o + i]);
      return s;
    }
    case 'array': {
      const a: FieldValue[] = [];
      for (let i = 0; i < t.count; i++) a.push(decodeType(t.elem, b, o + i * t.elem.size, little));
      return a;
    }
    case 'struct':
      return t.layout.decode(b, o);
  }
}

function encodeType(t: TypeLayout, v: FieldInput, b: Uint8Array, o: number, little: boolean, where: string): void {
  switch (t.kind) {
    case 'scalar':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new TypeError(`${where}: expected an integer`);
      writeScalar(b, o, t.size, v, little);
      return;
    case 'chars': {
      let src: Uint8Array;
      if (typeof v === 'string') {
        src = new Uint8Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          if (c > 0xff) throw new RangeError(`${where}: non-Latin-1 character`);
          src[i] = c;
        }
      } else if (v instanceof Uint8Array) {
        src = v;
      } else {
        throw new TypeError(`${where}: expected a string or bytes`);
      }
      if (src.length > t.count) throw new RangeError(`${where}: ${src.length} bytes do not fit in char[${t.count}]`);
      b.set(src, o);
      return;
    }
    case 'array': {
      if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array`);
      if (v.length > t.count) throw new RangeError(`${where}: ${v.length} elements for ${t.count}`);
      v.forEach((e, i) => encodeType(t.elem, e, b, o + i * t.elem.size, little, `${where}[${i}]`));
      return;
    }
    case 'struct':
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
        throw new TypeError(`${where}: expected an object`);
      }
      t.layout.encode(v as StructInput, b, o);
      return;
  }
}

const cache = new WeakMap<StructDecl, Map<string, StructLayout>>();
/**
 * The same cache by the ABI object itself (an arch descriptor, one per run): the syscall path asks
 * for a layout on every call, and this lookup builds no key string.
 */
const byAbi = new WeakMap<AbiInfo, WeakMap<StructDecl, StructLayout>>();

/** The layout of `decl` on `abi` (cached per declaration and ABI). */
export function layoutOf(decl: StructDecl, abi: AbiInfo): StructLayout {
  let fast = byAbi.get(abi);
  const hit = fast?.get(decl);
  if (hit) return hit;
  let m = cache.get(decl);
  if (!m) { m = new Map(); cache.set(decl, m); }
  const key = `${abi.name}/${abi.endian}/${abi.ctypes.long}/${abi.ctypes.pointer}/${abi.ctypes.align8}`;
  let l = m.get(key);
  if (!l) { l = new StructLayout(decl, abi); m.set(key, l); }
  if (!fast) { fast = new WeakMap(); byAbi.set(abi, fast); }
  fast.set(decl, l);
  return l;
}

// ---------------------------------------------------------------------------------------------
// Raw scalar access on byte arrays (no DataView: no allocation per access)

function rd32(b: Uint8Array, o: number, little: boolean): number {
  return little
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function wr32(b: Uint8Array, o: number, v: number, little: boolean): void {
  if (little) {
    b[o] = v; b[o + 1] = v >>> 8; b[o + 2] = v >>> 16; b[o + 3] = v >>> 24;
  } else {
    b[o] = v >>> 24; b[o + 1] = v >>> 16; b[o + 2] = v >>> 8; b[o + 3] = v;
  }
}

/** An integer of `size` bytes at `o` as a number (8-byte: exact below 2^53). */
export function readScalar(b: Uint8Array, o: number, size: number, signed: boolean, little: boolean): number {
  switch (size) {
    case 1: return signed ? (b[o] << 24) >> 24 : b[o];
    case 2: {
      const v = little ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
      return signed ? (v << 16) >> 16 : v;
    }
    case 4: {
      const v = rd32(b, o, little);
      return signed ? v | 0 : v;
    }
    case 8: {
      const lo = rd32(b, little ? o : o + 4, little);
      const hi = rd32(b, little ? o + 4 : o, little);
      return (signed ? hi | 0 : hi) * TWO32 + lo;
    }
    default: throw new RangeError(`bad scalar size ${size}`);
  }
}

export function readScalarBig(b: Uint8Array, o: number, size: number, signed: boolean, little: boolean): bigint {
  if (size !== 8) return BigInt(readScalar(b, o, size, signed, little));
  const lo = BigInt(rd32(b, little ? o : o + 4, little));
  const hi = BigInt(rd32(b, little ? o + 4 : o, little));
  const u = (hi << 32n) | lo;
  return signed ? BigInt.asIntN(64, u) : u;
}

/** Store the low `size` bytes of an integer (two's complement, so -1 and 0xffff… are the same). */
export function writeScalar(b: Uint8Array, o: number, size: number, value: number | bigint, little: boolean): void {
  let lo: number;
  let hi: number;
  if (typeof value === 'bigint') {
    const u = BigInt.asUintN(64, value);
    lo = Number(u & 0xffffffffn);
    hi = Number(u >> 32n);
  } else {
    if (!Number.isInteger(value)) throw new RangeError(`not an integer: ${value}`);
    lo = value >>> 0;
    hi = Math.floor(value / TWO32) >>> 0;
  }
  switch (size) {
    case 1: b[o] = lo; return;
    case 2:
      if (little) { b[o] = lo; b[o + 1] = lo >>> 8; } else { b[o] = lo >>> 8; b[o + 1] = lo; }
      return;
    case 4: wr32(b, o, lo, little); return;
    case 8:
      wr32(b, little ? o : o + 4, lo, little);
      wr32(b, little ? o + 4 : o, hi, little);
      return;
    default: throw new RangeError(`bad scalar size ${size}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Guest memory

/**
 * Kernel access to guest memory with user-access rules — CpuEngine's read/write fit it as is.
 * read returns null and write false when any byte is inaccessible: the caller answers EFAULT.
 * write must copy `data` before returning (the helpers below reuse scratch buffers).
 */
export interface GuestMemory {
  read(addr: number, len: number): Uint8Array | null;
  write(addr: number, data: Uint8Array): boolean;
}

/** Anything that says the guest's byte order: an ArchDescriptor, a StructLayout's abi info… */
export interface ByteOrder { readonly endian: Endian }

const scratch4 = new Uint8Array(4);
const scratch8 = new Uint8Array(8);

/** u32 at addr, or null if unreadable. */
export function readU32(mem: GuestMemory, addr: number, abi: ByteOrder): number | null {
  const b = mem.read(addr, 4);
  return b ? rd32(b, 0, abi.endian === 'little') : null;
}

/** s32 (pid_t, int) at addr, or null if unreadable. */
export function readS32(mem: GuestMemory, addr: number, abi: ByteOrder): number | null {
  const b = mem.read(addr, 4);
  return b ? rd32(b, 0, abi.endian === 'little') | 0 : null;
}

/** u64 at addr as a number (exact below 2^53), or null if unreadable. */
export function readU64(mem: GuestMemory, addr: number, abi: ByteOrder): number | null {
  const b = mem.read(addr, 8);
  return b ? readScalar(b, 0, 8, false, abi.endian === 'little') : null;
}

/** u64 at addr into out[0] (low word) and out[1] (high word); false if unreadable. */
export function readU64Halves(mem: GuestMemory, addr: number, abi: ByteOrder, out: Uint32Array): boolean {
  const b = mem.read(addr, 8);
  if (!b) return false;
  const little = abi.endian === 'little';
  out[0] = rd32(b, little ? 0 : 4, little);
  out[1] = rd32(b, little ? 4 : 0, little);
  return true;
}

/** u64 at addr as an exact bigint, or null if unreadable. */
export function readU64Big(mem: GuestMemory, addr: number, abi: ByteOrder): bigint | null {
  const b = mem.read(addr, 8);
  return b ? readScalarBig(b, 0, 8, false, abi.endian === 'little') : null;
}

/** Store a 32-bit value (u32 or s32: two's complement); false if unwritable. */
export function writeU32(mem: GuestMemory, addr: number, value: number, abi: ByteOrder): boolean {
  wr32(scratch4, 0, value >>> 0, abi.endian === 'little');
  return mem.write(addr, scratch4);
}

/** pid_t / int: the same bytes as writeU32. */
export const writeS32 = writeU32;
export const readPid = readS32;
export const writePid = writeS32;

/** Store a 64-bit value (number or bigint; negatives as two's complement); false if unwritable. */
export function writeU64(mem: GuestMemory, addr: number, value: number | bigint, abi: ByteOrder): boolean {
  writeScalar(scratch8, 0, 8, value, abi.endian === 'little');
  return mem.write(addr, scratch8);
}

/** Read a struct's bytes (then use layout.get / decode); null if any byte is unreadable. */
export function readStructBytes(mem: GuestMemory, addr: number, layout: StructLayout): Uint8Array | null {
  return mem.read(addr, layout.size);
}

export function readStruct(mem: GuestMemory, addr: number, layout: StructLayout): StructValue | null {
  const b = mem.read(addr, layout.size);
  return b ? layout.decode(b) : null;
}

export function writeStruct(mem: GuestMemory, addr: number, layout: StructLayout, value: StructInput): boolean {
  return mem.write(addr, layout.encode(value));
}

// Linux errno values this file returns (the generic numbers, shared by all three ABIs).
const E2BIG = 7;
const EFAULT = 14;

/**
 * Linux's copy_struct_from_user(): copy an extensible struct whose size the guest states.
 * Returns `ksize` bytes, or -errno:
 * - usize < ksize: the guest's bytes, then zeros (an older guest: its missing fields are 0);
 * - usize > ksize: the bytes past what the kernel knows must all be zero, else -E2BIG (a newer
 *   guest asking for features this kernel lacks must not be silently ignored);
 * - any byte unreadable: -EFAULT.
 * As in Linux the tail is checked before the known part is copied. Bounds on usize itself
 * (a minimum version, a page-size cap) are the caller's: see readCloneArgs.
 */
export function copyStructFromUser(mem: GuestMemory, addr: number, usize: number, ksize: number): Uint8Array | number {
  if (usize > ksize) {
    // Checked in page-sized steps so a huge usize cannot make one huge host allocation.
    for (let off = ksize; off < usize;) {
      const n = Math.min(4096, usize - off);
      const tail = mem.read(addr + off, n);
      if (!tail) return -EFAULT;
      for (let i = 0; i < n; i++) if (tail[i] !== 0) return -E2BIG;
      off += n;
    }
  }
  const out = new Uint8Array(ksize);
  const n = Math.min(usize, ksize);
  if (n > 0) {
    const b = mem.read(addr, n);
    if (!b) return -EFAULT;
    out.set(b.subarray(0, n));
  }
  return out;
}
