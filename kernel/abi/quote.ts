// Strings as strace prints them, and reading them out of guest memory.
//
// strace's rules (checked against strace 6.1 on this machine, see test/abi/strace-golden.test.ts):
// - printable ASCII (0x20–0x7e) as is, except `"` and `\` which get a backslash;
// - \t \n \v \f \r as those escapes;
// - any other byte as octal with as few digits as needed (`\0`, `\33`, `\377`), but always three
//   digits when the next byte printed is an octal digit '0'–'7' (`\0017`), so C would read the
//   escape back the same way;
// - some callers force hex for every byte (`\x37\xd8`: getrandom, trailing clone3 bytes);
// - buffers with a length are cut at -s (32) bytes with `...` after the closing quote, only if
//   the length is larger; NUL-terminated strings stop at the NUL and get `...` if cut.

import type { GuestMemory } from './struct.js';

export interface QuoteStyle {
  /** Stop at the first NUL (it is not printed). */
  readonly nulTerminated?: boolean;
  /** Every byte as \xNN. */
  readonly forceHex?: boolean;
}

const HEX = '0123456789abcdef';

/**
 * strace's string_quote over bytes[0..size): the quoted text, and whether a NUL ended it early
 * (only with nulTerminated). `size` may be smaller than bytes.length; the byte at index size
 * is consulted for the "did the string end right there" test, as strace does.
 */
export function quoteBytes(bytes: Uint8Array, size: number, style: QuoteStyle = {}): { text: string; sawNul: boolean } {
  let s = '"';
  const n = Math.min(size, bytes.length);
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (style.nulTerminated && c === 0) return { text: `${s}"`, sawNul: true };
    if (style.forceHex) {
      s += `\\x${HEX[c >> 4]}${HEX[c & 15]}`;
      continue;
    }
    switch (c) {
      case 0x22: s += '\\"'; break;
      case 0x5c: s += '\\\\'; break;
      case 0x0c: s += '\\f'; break;
      case 0x0a: s += '\\n'; break;
      case 0x0d: s += '\\r'; break;
      case 0x09: s += '\\t'; break;
      case 0x0b: s += '\\v'; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          s += String.fromCharCode(c);
        } else {
          const next = i + 1 < n ? bytes[i + 1] : -1;
          const full = next >= 0x30 && next <= 0x37;
          s += '\\';
          if (full || c >> 6) s += String.fromCharCode(0x30 + (c >> 6));
          if (full || c >> 3) s += String.fromCharCode(0x30 + ((c >> 3) & 7));
          s += String.fromCharCode(0x30 + (c & 7));
        }
    }
  }
  // A NUL just past what was printed still means the string was complete.
  const endedAtNul = !!style.nulTerminated && n < bytes.length && bytes[n] === 0;
  return { text: `${s}"`, sawNul: endedAtNul };
}

/** Quote a whole JS string (Latin-1 / ASCII) the way strace quotes bytes. */
export function quoteString(str: string): string {
  const b = new Uint8Array(str.length);
  for (let i = 0; i < str.length; i++) b[i] = str.charCodeAt(i) & 0xff;
  return quoteBytes(b, b.length).text;
}

/** Bytes of a NUL-terminated guest string, read page by page so a string ending just before an
 *  unmapped page is still readable. */
export interface CStringRead {
  readonly bytes: Uint8Array;
  /** A NUL was found within `max` bytes (not included in bytes). */
  readonly terminated: boolean;
}

/**
 * Read at most `max` bytes of a C string. Null if a byte before the NUL (or before `max`) is
 * unreadable — strace prints the address then.
 */
export function readCString(mem: GuestMemory, addr: number, max: number): CStringRead | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  let a = addr;
  while (total < max) {
    // Never cross a 4 KiB boundary in one read: the next page may be unmapped.
    const n = Math.min(max - total, 4096 - (a % 4096));
    const chunk = mem.read(a, n);
    if (!chunk) return null;
    const z = chunk.indexOf(0);
    if (z >= 0) {
      parts.push(chunk.subarray(0, z));
      return { bytes: concat(parts, total + z), terminated: true };
    }
    parts.push(chunk);
    total += n;
    a += n;
  }
  return { bytes: concat(parts, total), terminated: false };
}

function concat(parts: Uint8Array[], len: number): Uint8Array {
  if (parts.length === 1) return parts[0].slice(0, len);
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p.subarray(0, Math.min(p.length, len - o)), o); o += p.length; }
  return out;
}

/** An address in hex; a negative number is a 64-bit value with its top bit set (two's complement). */
export const hexAddr = (a: number): string => `0x${(a < 0 ? BigInt.asUintN(64, BigInt(a)) : a).toString(16)}`;

/**
 * strace's printstr_ex for a buffer of `len` bytes at addr (write's data, read's result):
 * NULL for 0; the address if unreadable; else the quoted first min(len, strsize) bytes and
 * `...` if len > strsize.
 */
export function formatBuffer(mem: GuestMemory | null, addr: number, len: number, strsize: number,
  style: QuoteStyle = {}): string {
  if (addr === 0) return 'NULL';
  if (!mem) return hexAddr(addr);
  // strace fetches one byte more than it prints (its octal rule may look ahead), so a buffer
  // whose 33rd byte is unreadable shows as an address, as there.
  const fetch = Math.min(len, strsize + 1);
  const size = Math.min(len, strsize);
  const b = fetch > 0 ? mem.read(addr, fetch) : new Uint8Array(0);
  if (!b) return hexAddr(addr);
  const q = quoteBytes(b, size, style);
  const ellipsis = !q.sawNul && len > 0 && (!!style.nulTerminated || len > strsize);
  return ellipsis ? `${q.text}...` : q.text;
}

/**
 * A NUL-terminated string cut at `strsize` (printstr): `"abc"`, or `"abcd…"...` when longer.
 */
export function formatCString(mem: GuestMemory | null, addr: number, strsize: number): string {
  if (addr === 0) return 'NULL';
  if (!mem) return hexAddr(addr);
  const r = readCString(mem, addr, strsize + 1);
  if (!r) return hexAddr(addr);
  if (r.terminated) return quoteBytes(r.bytes, r.bytes.length).text;
  return `${quoteBytes(r.bytes, strsize).text}...`;
}

/** Linux's PATH_MAX: strace prints paths whole, up to this, whatever -s says. */
export const PATH_MAX = 4096;

/** A pathname argument: printed in full (strace does not apply -s to paths). */
export function formatPath(mem: GuestMemory | null, addr: number): string {
  if (addr === 0) return 'NULL';
  if (!mem) return hexAddr(addr);
  const r = readCString(mem, addr, PATH_MAX);
  if (!r) return hexAddr(addr);
  if (r.terminated) return quoteBytes(r.bytes, r.bytes.length).text;
  return `${quoteBytes(r.bytes, PATH_MAX - 1).text}...`;
}
