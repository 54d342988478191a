/**
 * Following a log file that an operation (deploy, app install...) is still writing, as `tail -f`
 * does, but ending by itself once no process holds the operation's lock.
 */
import { open, stat } from 'node:fs/promises';

export interface FollowOptions {
  /** Lines already read, printed first. */
  initial: string[];
  /** True while an operation holds the record (its lock). */
  isRunning: () => Promise<boolean>;
  /** Receives each complete line. */
  out: (line: string) => void;
  signal: AbortSignal;
}

/** Prints `initial`, then new lines of `file` as they come, until nothing runs any more (or the signal). */
export async function followGrowingFile(file: string, opts: FollowOptions): Promise<void> {
  for (const l of opts.initial) opts.out(l);
  const sizeOf = async () => (await stat(file).catch(() => ({ size: 0 }))).size;
  let offset = await sizeOf();
  let partial = '';
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
      const parts = (partial + buf.toString('utf8')).split('\n');
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
