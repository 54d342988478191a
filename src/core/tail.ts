/**
 * Following a log file that an operation (deploy, app install...) is still writing, as `tail -f`
 * does, but ending by itself once no process holds the operation's lock.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface FollowOptions {
  /** How many of the lines already written to print first (all when undefined). */
  tail?: number;
  /** True while an operation holds the record (its lock). */
  isRunning: () => Promise<boolean>;
  /** Receives each complete line. */
  out: (line: string) => void;
  signal: AbortSignal;
}

/** Prints the last `tail` lines of `file`, then new lines as they come, until nothing runs any more (or the signal). */
export async function followGrowingFile(file: string, opts: FollowOptions): Promise<void> {
  const sizeOf = async () => (await stat(file).catch(() => ({ size: 0 }))).size;
  // What is printed first and where following starts come from one read: a line written in between is neither lost nor doubled.
  const start = await readFile(file).catch(() => Buffer.alloc(0));
  let offset = start.length;
  // A character whose bytes are split between two reads is decoded whole.
  const decoder = new StringDecoder('utf8');
  const written = decoder.write(start).split('\n');
  let partial = written.pop() ?? '';
  const lines = written.filter((l) => l !== '');
  for (const l of opts.tail === undefined ? lines : lines.slice(-opts.tail)) opts.out(l);
  let idleSince: number | undefined;
  for (;;) {
    const running = await opts.isRunning();
    const size = await sizeOf();
    if (size > offset) {
      const fh = await open(file, 'r');
      const buf = Buffer.alloc(size - offset);
      await fh.read(buf, 0, buf.length, offset);
      await fh.close();
      offset = size;
      const parts = (partial + decoder.write(buf)).split('\n');
      partial = parts.pop() ?? '';
      for (const l of parts) if (l) opts.out(l);
    }
    // A short grace period: an operation that is just starting takes its lock a moment later.
    if (running) idleSince = undefined;
    else idleSince ??= Date.now();
    if (opts.signal.aborted || (idleSince !== undefined && Date.now() - idleSince > 1500)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (partial) opts.out(partial);
}
