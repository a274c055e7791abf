// The terminal line discipline (Linux's drivers/tty/n_tty.c), the parts programs meet: input
// editing in canonical mode (erase, kill, word erase, literal next, reprint, EOF), echo (^X for
// control characters, visual erase), signal characters, CR/NL mapping, XON/XOFF stop, and
// output post-processing (ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, tab expansion) with the column
// it keeps. Bits and c_cc indices come from the architecture's termbits (PowerPC numbers them
// apart), so one implementation serves every ABI.
import type { Termbits } from '../../arch/types.js';
import { ByteQueue } from './tty-queue.js';

/** A struct termios, decoded (flags in the ABI's own bit values). */
export interface Termios {
  iflag: number; oflag: number; cflag: number; lflag: number; line: number;
  cc: Uint8Array;
  ispeed: number; ospeed: number;
}

/** N_TTY_BUF_SIZE: the read buffer; a canonical line holds one byte fewer (room for its end). */
export const N_TTY_BUF_SIZE = 4096;
const SIGINT = 2, SIGQUIT = 3, SIGTSTP = 20;

const isCntrl = (c: number) => c < 0x20 || c === 0x7f;
const isUtf8Cont = (c: number) => (c & 0xc0) === 0x80;
const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

export class LineDiscipline {
  /** Canonical mode: completed lines (an empty one is an EOF), and how far the first is read. */
  private readonly lines: Uint8Array[] = [];
  private lineOff = 0;
  /** Canonical mode: the line being edited. */
  private edit: number[] = [];
  /** Non-canonical mode: the bytes a read takes. */
  private readonly raw = new ByteQueue();
  /** The next input byte is literal (VLNEXT). */
  private lnext = false;
  /** Output column (for tabs, ONOCR and erasing), and where the line being edited began. */
  private column = 0;
  private canonColumn = 0;
  /** Output stopped by VSTOP (XOFF) or TCOOFF. */
  stopped = false;

  constructor(
    public termios: Termios,
    private readonly tb: Termbits,
    /** Where output and echoes go (a pty's master side). */
    private readonly emit: (bytes: number[]) => void,
    /** A signal character's signal, for the foreground process group. */
    private readonly signal: (sig: number) => void,
  ) {}

  private l(name: keyof Termbits['lflag']): boolean { return (this.termios.lflag & this.tb.lflag[name]) !== 0; }
  private i(name: keyof Termbits['iflag']): boolean { return (this.termios.iflag & this.tb.iflag[name]) !== 0; }
  private o(name: keyof Termbits['oflag']): boolean { return (this.termios.oflag & this.tb.oflag[name]) !== 0; }
  private cc(name: keyof Termbits['cc']): number { return this.termios.cc[this.tb.cc[name]]; }

  get canonical(): boolean { return this.l('ICANON'); }

  /** New settings (TCSETS): a mode change moves what is buffered, as n_tty_set_termios does. */
  setTermios(next: Termios): void {
    const wasCanon = this.canonical;
    this.termios = next;
    if (wasCanon === this.canonical) return;
    if (wasCanon) {
      // Everything typed, the unfinished line too, becomes readable bytes.
      for (let i = 0; i < this.lines.length; i++) this.raw.pushAll(i === 0 ? this.lines[0].subarray(this.lineOff) : this.lines[i]);
      this.lines.length = 0;
      this.lineOff = 0;
      for (const c of this.edit) this.raw.push(c);
      this.edit = [];
    } else if (this.raw.length) {
      // What is buffered is pushed as one line.
      this.lines.push(this.raw.take(this.raw.length));
    }
    this.canonColumn = this.column;
  }

  // ------------------------------------------------------------------ input

  /** Bytes buffered (canonical: the line being edited too): what limits more input. */
  private get buffered(): number {
    let n = this.edit.length + this.raw.length - this.lineOff;
    for (const l of this.lines) n += l.length + 1;
    return n;
  }

  /** Room for input: a non-canonical buffer takes N_TTY_BUF_SIZE - 1 bytes; a canonical one always takes a line's end. */
  get full(): boolean { return !this.canonical && this.buffered >= N_TTY_BUF_SIZE - 1; }

  /** One input byte from the driver (n_tty_receive_char and its special cases). */
  receive(c: number): void {
    if (this.i('ISTRIP')) c &= 0x7f;
    if (this.i('IUCLC') && this.l('IEXTEN') && c >= 0x41 && c <= 0x5a) c += 0x20;
    if (this.lnext) {
      this.lnext = false;
      this.put(c);
      return;
    }
    if (this.i('IXON')) {
      if (c === this.cc('VSTART')) { this.stopped = false; return; }
      if (c === this.cc('VSTOP')) { this.stopped = true; return; }
    }
    if (this.l('ISIG')) {
      const sig = c === this.cc('VINTR') ? SIGINT : c === this.cc('VQUIT') ? SIGQUIT : c === this.cc('VSUSP') ? SIGTSTP : 0;
      if (sig) {
        if (!this.l('NOFLSH')) this.flushInput();
        this.signal(sig);
        if (this.i('IXON')) this.stopped = false;
        if (this.l('ECHO')) this.echoChar(c);
        return;
      }
    }
    if (this.stopped && this.i('IXON') && this.i('IXANY')) this.stopped = false;
    if (c === 0x0d) {
      if (this.i('IGNCR')) return;
      if (this.i('ICRNL')) c = 0x0a;
    } else if (c === 0x0a && this.i('INLCR')) c = 0x0d;
    if (!this.canonical) {
      if (this.l('ECHO')) this.echoChar(c);
      this.raw.push(c);
      return;
    }
    if (c === this.cc('VERASE') || c === this.cc('VKILL') || (c === this.cc('VWERASE') && this.l('IEXTEN'))) {
      this.erase(c);
      return;
    }
    if (c === this.cc('VLNEXT') && this.l('IEXTEN')) {
      this.lnext = true;
      if (this.l('ECHO') && this.l('ECHOCTL')) this.emit([0x5e, 0x08]);
      return;
    }
    if (c === this.cc('VREPRINT') && this.l('ECHO') && this.l('IEXTEN')) {
      this.echoChar(c);
      this.output([0x0a]);
      for (const x of this.edit) this.echoChar(x);
      return;
    }
    if (c === 0x0a) {
      if (this.l('ECHO') || this.l('ECHONL')) this.output([0x0a]);
      this.commit(c);
      return;
    }
    if (c === this.cc('VEOF')) {
      this.commit(-1);
      return;
    }
    if (c === this.cc('VEOL') || (c === this.cc('VEOL2') && this.l('IEXTEN'))) {
      if (this.l('ECHO')) this.echoChar(c);
      this.commit(c);
      return;
    }
    this.put(c);
  }

  /** An ordinary character: echoed and added (a full canonical line drops it; IMAXBEL rings). */
  private put(c: number): void {
    if (!this.canonical) {
      if (this.l('ECHO')) this.echoChar(c);
      this.raw.push(c);
      return;
    }
    if (this.buffered >= N_TTY_BUF_SIZE - 1) {
      if (this.i('IMAXBEL')) this.output([0x07]);
      return;
    }
    if (this.l('ECHO')) {
      if (this.edit.length === 0) this.canonColumn = this.column;
      this.echoChar(c);
    }
    this.edit.push(c);
  }

  /** The line being edited is complete: with `c` (a newline, EOL) or without (EOF, -1). */
  private commit(c: number): void {
    if (c >= 0) this.edit.push(c);
    this.lines.push(Uint8Array.from(this.edit));
    this.edit = [];
    this.canonColumn = this.column;
  }

  /** ERASE, KILL and WERASE (n_tty's eraser), with the visual erase ECHOE/ECHOKE ask for. */
  private erase(c: number): void {
    if (this.edit.length === 0) return;
    const kind = c === this.cc('VERASE') ? 'erase' : c === this.cc('VWERASE') ? 'word' : 'kill';
    if (kind === 'kill') {
      if (!this.l('ECHO')) { this.edit = []; return; }
      if (!this.l('ECHOK') || !this.l('ECHOKE') || !this.l('ECHOE')) {
        // Without the visual kill: the KILL character is echoed, then (ECHOK) a newline.
        this.edit = [];
        this.echoChar(c);
        if (this.l('ECHOK')) this.output([0x0a]);
        return;
      }
    }
    let seenAlnum = false;
    while (this.edit.length) {
      // One character, all its bytes under IUTF8.
      let n = 1;
      if (this.i('IUTF8')) while (n < this.edit.length && isUtf8Cont(this.edit[this.edit.length - n])) n++;
      const ch = this.edit[this.edit.length - n];
      if (kind === 'word') {
        if (isAlnum(ch) || ch === 0x5f) seenAlnum = true;
        else if (seenAlnum) break;
      }
      this.edit.length -= n;
      if (this.l('ECHO')) {
        if (kind === 'erase' && !this.l('ECHOE')) {
          this.echoChar(c);
        } else if (ch === 0x09) {
          // Back to where the tab began: the column the line so far reaches.
          let col = this.canonColumn;
          for (const x of this.edit) col = x === 0x09 ? (col | 7) + 1 : isCntrl(x) ? col + (this.l('ECHOCTL') ? 2 : 0) : isUtf8Cont(x) ? col : col + 1;
          const back = Math.max(0, this.column - col);
          this.emit(new Array<number>(back).fill(0x08));
          this.column -= back;
        } else {
          const width = isCntrl(ch) ? (this.l('ECHOCTL') ? 2 : 0) : 1;
          for (let i = 0; i < width; i++) this.emit([0x08, 0x20, 0x08]);
          this.column = Math.max(0, this.column - width);
        }
      }
      if (kind === 'erase') break;
    }
  }

  /** Echo an input character: ^X for a control character under ECHOCTL (not tab or newline in canonical mode). */
  private echoChar(c: number): void {
    if (this.l('ECHOCTL') && isCntrl(c) && c !== 0x09) {
      this.emit([0x5e, c ^ 0x40]);
      this.column += 2;
      return;
    }
    this.output([c]);
  }

  /** TCIFLUSH, a signal character without NOFLSH: what was typed is gone. */
  flushInput(): void {
    this.lines.length = 0;
    this.lineOff = 0;
    this.edit = [];
    this.raw.clear();
    this.lnext = false;
  }

  // ------------------------------------------------------------------ reading

  /** Bytes a read could take now: canonical, whole lines (an EOF ends one); FIONREAD's count. */
  get readable(): number {
    if (!this.canonical) return this.raw.length;
    let n = 0;
    for (const l of this.lines) n += l.length;
    return n - this.lineOff;
  }

  /** Whether a read would return now (a line or EOF; VMIN bytes, or any with VTIME). */
  readReady(): boolean {
    if (this.canonical) return this.lines.length > 0;
    const vmin = this.cc('VMIN'), vtime = this.cc('VTIME');
    return this.raw.length >= (vtime ? 1 : Math.max(vmin, 1));
  }

  /**
   * One read of up to `len` bytes, when readReady() says it can (or VMIN and VTIME are both 0):
   * canonical, at most one line (an EOF line reads as 0 bytes); else what is there.
   */
  read(len: number): Uint8Array {
    if (!this.canonical) return this.raw.take(len);
    const line = this.lines[0];
    if (!line) return new Uint8Array(0);
    const k = Math.min(len, line.length - this.lineOff);
    const out = line.slice(this.lineOff, this.lineOff + k);
    this.lineOff += k;
    if (this.lineOff >= line.length) { this.lines.shift(); this.lineOff = 0; }
    return out;
  }

  /** VMIN and VTIME, for non-canonical reads. */
  get vmin(): number { return this.cc('VMIN'); }
  get vtime(): number { return this.cc('VTIME'); }

  // ------------------------------------------------------------------ output

  /** Output post-processing (do_output_char) of bytes written by a program; echoes come here too. */
  output(data: ArrayLike<number>): void {
    if (!this.o('OPOST')) { this.emit(Array.from(data)); return; }
    const out: number[] = [];
    const tb = this.tb.oflag;
    const o = this.termios.oflag;
    for (let i = 0; i < data.length; i++) {
      let c = data[i];
      switch (c) {
        case 0x0a:
          if (o & tb.ONLRET) this.column = 0;
          if (o & tb.ONLCR) { out.push(0x0d, 0x0a); this.column = this.canonColumn = 0; continue; }
          this.canonColumn = this.column;
          break;
        case 0x0d:
          if ((o & tb.ONOCR) && this.column === 0) continue;
          if (o & tb.OCRNL) { c = 0x0a; if (o & tb.ONLRET) this.column = this.canonColumn = 0; break; }
          this.column = this.canonColumn = 0;
          break;
        case 0x09: {
          const spaces = 8 - (this.column & 7);
          if ((o & tb.TABDLY) === tb.XTABS) {
            this.column += spaces;
            for (let s = 0; s < spaces; s++) out.push(0x20);
            continue;
          }
          this.column += spaces;
          break;
        }
        case 0x08:
          if (this.column > 0) this.column--;
          break;
        default:
          if (!isCntrl(c)) {
            if ((o & tb.OLCUC) && c >= 0x61 && c <= 0x7a) c -= 0x20;
            if (!(this.i('IUTF8') && isUtf8Cont(c))) this.column++;
          }
      }
      out.push(c);
    }
    this.emit(out);
  }
}
