/**
 * Reading /proc every second without readFile's cost. readFile (and readFileSync) open the file,
 * fstat it, read it in chunks until a read returns nothing, close it and build a string that is then
 * split and matched into throw-away pieces: five system calls and most of the sampler's garbage per
 * file. A ProcFile stays open and is re-read from offset 0 (the kernel regenerates a /proc file on
 * a read from its start) into one buffer shared by every reader, and the parsers read numbers
 * straight from the bytes.
 */
import { closeSync, openSync, readSync } from 'node:fs';

let shared = Buffer.allocUnsafe(16 * 1024);

/** Reads a whole open file from offset 0 into the shared buffer (grown as needed); returns its length. */
function readFrom(fd: number): number {
  let length = 0;
  for (;;) {
    if (length === shared.length) {
      const bigger = Buffer.allocUnsafe(shared.length * 2);
      shared.copy(bigger, 0, 0, length);
      shared = bigger;
    }
    // A read can stop short of the end (the kernel hands a /proc file over in pages): read until nothing comes.
    const n = readSync(fd, shared, length, shared.length - length, length);
    if (n === 0) return length;
    length += n;
  }
}

/** The bytes of one reading: valid until the next read of any ProcFile. */
export interface ProcBytes {
  buf: Buffer;
  length: number;
}

/** A /proc file kept open and read again from its start each time. */
export class ProcFile {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /** The current contents, or undefined where the file cannot be read (no /proc, permissions). */
  read(): ProcBytes | undefined {
    try {
      this.fd ??= openSync(this.path, 'r');
      const length = readFrom(this.fd); // first: it may replace the shared buffer with a bigger one
      return { buf: shared, length };
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}

const open = new Map<string, ProcFile>();

/** The one ProcFile of a path (system-wide files read every tick stay open for the process's life). */
export function procFile(path: string): ProcFile {
  let f = open.get(path);
  if (!f) open.set(path, (f = new ProcFile(path)));
  return f;
}

/**
 * Reads a short file that ends with a newline (/proc/PID/stat) with one read: open, read, close.
 * Undefined when it is gone (the process exited) or did not fit.
 */
export function readShort(path: string): ProcBytes | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, shared, 0, shared.length, 0);
    return n > 0 && shared[n - 1] === 0x0a ? { buf: shared, length: n } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A cursor over bytes: numbers and words read in place, nothing allocated per field. */
export class ByteScanner {
  at = 0;

  constructor(
    readonly buf: Buffer,
    readonly end: number,
  ) {}

  /** Skips spaces and tabs (not newlines). */
  skipBlanks(): void {
    while (this.at < this.end && (this.buf[this.at] === 0x20 || this.buf[this.at] === 0x09)) this.at++;
  }

  /** The decimal integer at the cursor after blanks (NaN when there is none); the cursor moves past it. */
  number(): number {
    this.skipBlanks();
    const negative = this.buf[this.at] === 0x2d;
    if (negative) this.at++;
    const start = this.at;
    let v = 0;
    while (this.at < this.end) {
      const c = this.buf[this.at];
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      this.at++;
    }
    if (this.at === start) return NaN;
    return negative ? -v : v;
  }

  /** Moves to the start of the next line; false at the end. */
  nextLine(): boolean {
    const nl = this.buf.indexOf(0x0a, this.at);
    if (nl < 0 || nl + 1 >= this.end) {
      this.at = this.end;
      return false;
    }
    this.at = nl + 1;
    return true;
  }

  /** True when the bytes at the cursor are `text` (ASCII). */
  startsWith(text: string): boolean {
    if (this.at + text.length > this.end) return false;
    for (let i = 0; i < text.length; i++) if (this.buf[this.at + i] !== text.charCodeAt(i)) return false;
    return true;
  }
}
