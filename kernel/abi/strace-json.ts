// --trace-json's typed arguments: each argument of a call as JSON, read back from the text the
// decoders print (kernel/abi/strace*.ts), so every decoder's knowledge reaches the JSON trace
// and the two can never disagree. strace's argument syntax is regular; each form maps to one
// JSON shape (docs/trace.schema.json, $defs/value):
//
//   3, -1, 0644             numbers (octal as its value; beyond 2^53 a string of digits)
//   0x7ffe…, AT_FDCWD       strings: a hex value, or a constant's name
//   NULL                    null
//   "text"..., "\x01"       {"str": the bytes as text, "hex": the bytes, "truncated": bool}
//   O_RDWR|O_CREAT|0x80     {"flags": ["O_RDWR", "O_CREAT", "0x80"]}
//   {st_mode=…, st_size=0, ...}   an object (strace's `...` of an abbreviated struct: "...": true)
//   [3, 4], [{fd=3, …}]     an array
//   [USR1 CHLD], ~[]        {"sigset": ["USR1", "CHLD"], "complement": bool}
//   3</tmp/x>, AT_FDCWD</>  {"fd": 3, "path": "/tmp/x"} (-y)
//   anything else           {"expr": the text} (makedev(0x1, 0x3), `0x… /* 3 vars */`, a wait
//                           status's {WIFEXITED(s) && …})

export type JsonValue = null | number | string | boolean | JsonValue[] | { [k: string]: JsonValue };

/** The arguments of a trace line (`name(a, b) = r`, or an entry's `name(a, `), typed. */
export function typedArgs(line: string): JsonValue[] {
  const open = line.indexOf('(');
  if (open < 0) return [];
  const end = closing(line, open);
  const inner = line.slice(open + 1, end < 0 ? line.length : end);
  return splitTop(inner, ',').map((s) => s.trim()).filter((s) => s !== '').map(typedValue);
}

/** One argument's text as JSON. */
export function typedValue(s: string): JsonValue {
  s = s.trim();
  if (s === 'NULL') return null;
  if (/^-?\d+$/.test(s)) return integer(s);
  if (/^0x[0-9a-f]+$/.test(s) || /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return s;
  if (s.startsWith('"')) {
    const q = closingQuote(s, 0);
    if (q > 0 && (q === s.length - 1 || s.slice(q + 1) === '...')) return cString(s.slice(1, q), q < s.length - 1);
  }
  const fd = /^(\d+|AT_FDCWD)<(.*)>$/s.exec(s);
  if (fd) return { fd: fd[1] === 'AT_FDCWD' ? fd[1] : Number(fd[1]), path: fd[2] };
  if (s.startsWith('{') && closing(s, 0) === s.length - 1) {
    const items = splitTop(s.slice(1, -1), ',').map((x) => x.trim()).filter((x) => x !== '');
    const obj: Record<string, JsonValue> = {};
    let ok = true;
    for (const it of items) {
      if (it === '...') { obj['...'] = true; continue; }
      const eq = topEquals(it);
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.[\]]*$/.test(it.slice(0, eq))) { ok = false; break; }
      obj[it.slice(0, eq)] = typedValue(it.slice(eq + 1));
    }
    if (ok) return obj;
  }
  const sigset = /^(~?)\[([A-Z0-9_ ]*)\]$/.exec(s);
  // A sigset names signals without SIG ([USR1 CHLD]); [SIGTERM] is an array holding a signal number.
  // [7] is an array, [] an empty one; ~[] a full sigset.
  if (sigset && !/(^| )SIG/.test(sigset[2]) && (sigset[1] === '~' || /(^| )[A-Z]/.test(sigset[2]))) {
    return { sigset: sigset[2] === '' ? [] : sigset[2].split(' '), complement: sigset[1] === '~' };
  }
  if (s.startsWith('[') && closing(s, 0) === s.length - 1) {
    return splitTop(s.slice(1, -1), ',').map((x) => x.trim()).filter((x) => x !== '').map(typedValue);
  }
  if (/^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)+$/.test(s)) return { flags: s.split('|') };
  return { expr: s };
}

function integer(s: string): JsonValue {
  // strace prints modes (and umask's result) in octal with a leading 0.
  const n = /^0[0-7]+$/.test(s) ? parseInt(s, 8) : Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

/** A quoted C string's text: its bytes decoded from strace's escapes. */
function cString(body: string, truncated: boolean): JsonValue {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...new TextEncoder().encode(c));
      continue;
    }
    const n = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92 };
    if (n in simple) bytes.push(simple[n]);
    else if (n === 'x') { bytes.push(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; }
    else {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      bytes.push(parseInt(oct, 8));
      i += oct.length - 1;
    }
  }
  const b = Uint8Array.from(bytes);
  return {
    str: new TextDecoder('utf-8', { fatal: false }).decode(b),
    hex: [...b].map((x) => x.toString(16).padStart(2, '0')).join(''),
    truncated,
  };
}

/** Index of the quote closing the string that opens at `at`, or -1. */
function closingQuote(s: string, at: number): number {
  for (let i = at + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/** Index of the bracket closing the one at `at` (strings and nesting skipped), or -1. */
function closing(s: string, at: number): number {
  const stack: string[] = [];
  for (let i = at; i < s.length; i++) {
    const c = s[i];
    if (c === '"') { i = closingQuote(s, i); if (i < 0) return -1; continue; }
    if (s.startsWith('/*', i)) { const e = s.indexOf('*/', i + 2); if (e < 0) return -1; i = e + 1; continue; }
    if (c in PAIRS) stack.push(PAIRS[c]);
    else if (c === ')' || c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** `s` split at `sep` outside strings, comments and brackets. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') { const q = closingQuote(s, i); i = q < 0 ? s.length : q; continue; }
    if (s.startsWith('/*', i)) { const e = s.indexOf('*/', i + 2); i = e < 0 ? s.length : e + 1; continue; }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === sep && depth === 0) { out.push(s.slice(from, i)); from = i + 1; }
  }
  out.push(s.slice(from));
  return out;
}

/** The `=` of `key=value` at the top level (not inside the value's brackets or strings), or -1. */
function topEquals(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '(' || c === '{' || c === '[') return -1;
    if (c === '=') return i;
  }
  return -1;
}
