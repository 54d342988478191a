/** Drives a real terminal with tmux (send-keys / capture-pane) on a private server socket. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export class TmuxSession {
  private readonly socket = `cloudya-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'main';

  constructor(command: string, opts: { columns?: number; rows?: number; env?: Record<string, string> } = {}) {
    const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(opts.columns ?? 100), '-y', String(opts.rows ?? 30), ...envArgs, command]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen as text. */
  capture(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name]);
  }

  /** Sends keys by tmux name (Tab, BTab, Enter, C-c, q ...). */
  send(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** A tmux format value of the pane (e.g. alternate_on, cursor_flag). */
  paneFlag(format: string): string {
    return this.tmux(['display-message', '-p', '-t', this.name, `#{${format}}`]).trim();
  }

  /**
   * Waits until the program in the pane has its terminal in raw mode (stty shows -icanon). Ink turns it on just after
   * the first frame: a Ctrl+C sent in between is the terminal's SIGINT, not a key the program reads.
   */
  async waitForRawMode(timeoutMs = 15_000): Promise<void> {
    const tty = this.paneFlag('pane_tty');
    const t0 = Date.now();
    while (!/(^|\s)-icanon(\s|$)/.test(execFileSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }))) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`the terminal ${tty} did not enter raw mode within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  resize(columns: number, rows: number): void {
    this.tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
  }

  /** Polls the screen until predicate holds; throws with the last screen after timeoutMs. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const t0 = Date.now();
    for (;;) {
      const screen = this.capture();
      if (predicate(screen)) return screen;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out; screen was:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
    // tmux leaves its socket file behind: without this, every run adds a few to /tmp/tmux-UID.
    rmSync(path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}
