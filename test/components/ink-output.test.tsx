/**
 * The built CLI renders with components/ink/output.ts instead of Ink's Output class (scripts/build.mjs).
 * What a user sees must not change: every frame here is turned into text by both and compared byte
 * for byte - real Monitor and shell frames (the operations Ink's own renderer produces from a laid-out
 * screen, over several samples so the caches and the reuse of unchanged rows are exercised), and
 * written cases for what those frames do not contain (wide characters, clipping, transformers, text
 * outside the frame).
 */
import chalk from 'chalk';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import Output from '../../components/ink/output.js';
import measureText from '../../components/ink/measure-text.js';
import fastStringWidth, { isSimpleColumn } from '../../components/ink/string-width.js';
import widestLine from '../../components/ink/widest-line.js';
import stringWidth from 'string-width';
import { App } from '../../screens/App.js';
import { MonitorScreen } from '../../screens/MonitorScreen.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import type { ProcessInfo } from '../../src/services/monitor/types.js';
import { GiB, sampleWith } from '../helpers/sample.js';
import { renderTui } from '../helpers/render.js';

// Ink's own modules, by file (its package exports only its entry point). The same files Ink loaded.
const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));
const load = async <T,>(file: string): Promise<T> => (await import(pathToFileURL(path.join(inkBuild, file)).href)) as T;

type Transformer = (line: string, index: number) => string;
type Op = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: object } | { type: 'unclip' };
interface OutputLike {
  write(x: number, y: number, text: string, o: { transformers: Transformer[] }): void;
  clip(c: object): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (o: { width: number; height: number }) => OutputLike;

function replay(Klass: OutputClass, width: number, height: number, ops: Op[]): { output: string; height: number } {
  const out = new Klass({ width, height });
  for (const op of ops) {
    if (op.type === 'write') out.write(op.x, op.y, op.text, { transformers: op.transformers });
    else if (op.type === 'clip') out.clip(op.clip);
    else out.unclip();
  }
  return out.get();
}

/** The operations Ink's renderer makes from the screen currently laid out on this stdout. */
async function frameOps(stdout: object): Promise<{ width: number; height: number; ops: Op[] }> {
  const instances = (await load<{ default: WeakMap<object, { rootNode: { yogaNode: { getComputedWidth(): number; getComputedHeight(): number } } }> }>('instances.js')).default;
  const renderNodeToOutput = (await load<{ default: (node: unknown, output: unknown, o: object) => void }>('render-node-to-output.js')).default;
  const root = instances.get(stdout)!.rootNode;
  const ops: Op[] = [];
  renderNodeToOutput(root, { write: (x: number, y: number, text: string, o: { transformers: Transformer[] }) => text && ops.push({ type: 'write', x, y, text, transformers: o.transformers }), clip: (clip: object) => ops.push({ type: 'clip', clip }), unclip: () => ops.push({ type: 'unclip' }) }, { skipStaticElements: true });
  return { width: root.yogaNode.getComputedWidth(), height: root.yogaNode.getComputedHeight(), ops };
}

function processes(n: number): ProcessInfo[] {
  return Array.from({ length: 40 }, (_, i) => ({ pid: 100 + i, name: `p${i}`, user: i % 3 ? 'root' : 'postgres', cpu: ((i * 7 + n * 13) % 120) / 1.3, memory: ((i * 3 + n) % 50) / 2, rss_bytes: (i + 1) * 13 * 1024 ** 2, command: i === 5 ? '漢字 コマンド --emoji 🚀 done' : `/usr/bin/worker-${i} --flag ${'x'.repeat(i * 3)}` }));
}

function services(): MonitorServices {
  let n = 0;
  return {
    intervalSeconds: 0.5,
    record: false,
    createSampler: () => ({
      sample: async () => {
        n++;
        return sampleWith({
          cpu: { usage: (n * 17) % 100, user: 10, system: 5, iowait: 1, steal: 0, cores: [0, 1, 2, 3].map((core) => ({ core, usage: (n * 11 + core * 30) % 100, user: 1, system: 1, iowait: 0, steal: 0 })) },
          memory: { total: 16 * GiB, used: (4 + (n % 3)) * GiB, available: 8 * GiB, free: 2 * GiB, usage: 25 + (n % 3) * 6 },
          swap: { total: 2 * GiB, used: 0.5 * GiB, usage: 25 },
          filesystems: [{ mount: '/', fs: '/dev/sda1', type: 'ext4', size: 100 * GiB, used: 93 * GiB, available: 7 * GiB, usage: 93, inodes: { total: 10, used: 2, usage: 20 } }],
          network: [{ iface: 'eth0', rx_bytes_per_sec: n * 1000, tx_bytes_per_sec: 10, rx_bytes: 1, tx_bytes: 1 }],
          processes: processes(n % 4 === 0 ? n : 0),
          alerts: n % 2 ? [{ metric: 'filesystem', target: '/', level: 'critical', value: 93, threshold: 90 }] : [],
        });
      },
    }),
  };
}

describe("components/ink/output.ts gives Ink's frames byte for byte", () => {
  it('on real Monitor frames (screen alone and in the shell, 120x40 and 80x24), sample after sample', async () => {
    const InkOutput = (await load<{ default: OutputClass }>('output.js')).default;
    const level = chalk.level;
    chalk.level = 3; // colours on, as in a terminal: the ANSI codes are what the cache must keep straight
    try {
      const cases = [
        { name: 'monitor 120x40', el: <MonitorScreen active width={120} height={38} services={{ monitor: services() }} /> },
        { name: 'shell 80x24', el: <App initialScreen="monitor" size={{ columns: 80, rows: 24 }} services={{ monitor: services() }} /> },
      ];
      for (const c of cases) {
        const t = await renderTui(c.el);
        await t.waitFor((f) => f.includes('Command'));
        let compared = 0;
        let seen = '';
        for (let i = 0; i < 12; i++) {
          // Wait for a new sample's frame (the sampler ticks every 0.5 s).
          await t.waitFor((f) => f !== seen, 10_000);
          seen = t.frame();
          const { width, height, ops } = await frameOps(t.stdout);
          expect(ops.length).toBeGreaterThan(10);
          const theirs = replay(InkOutput, width, height, ops);
          const ours = replay(Output as unknown as OutputClass, width, height, ops);
          expect(ours, `${c.name}, frame ${i}`).toEqual(theirs);
          expect(theirs.output).toContain('\u001b['); // coloured
          compared++;
        }
        expect(compared).toBe(12);
        t.unmount();
      }
    } finally {
      chalk.level = level;
    }
  }, 120_000);

  it('on wide characters, clipping, transformers and text outside the frame, frame after frame', async () => {
    const InkOutput = (await load<{ default: OutputClass }>('output.js')).default;
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    const upper: Transformer = (line) => line.toUpperCase();
    const numbered: Transformer = (line, i) => `${i}:${line}`;
    const frames: { width: number; height: number; ops: Op[] }[] = [];
    for (let n = 0; n < 6; n++) {
      const ops: Op[] = [
        { type: 'write', x: 0, y: 0, text: `${red('CPU')} ${'█'.repeat(n)}▌ ${n}%`, transformers: [] },
        { type: 'write', x: 2, y: 1, text: '漢字と🚀 wide\nsecond line', transformers: [numbered] },
        { type: 'clip', clip: { x1: 3, x2: 12, y1: 2, y2: 4 } },
        { type: 'write', x: 1, y: 1, text: `clipped ${red('both')} ways\nrow two ${n}\nrow three\nrow four`, transformers: [upper] },
        { type: 'write', x: 40, y: 2, text: 'entirely right of the clip', transformers: [] },
        { type: 'write', x: 0, y: 9, text: 'entirely below the clip', transformers: [] },
        { type: 'unclip' },
        { type: 'clip', clip: { y1: 5, y2: 7 } },
        { type: 'write', x: 0, y: 4, text: 'a\nb\nc\nd\ne', transformers: [] },
        { type: 'unclip' },
        { type: 'write', x: 18, y: 6, text: `past the width ${n}`, transformers: [] },
        { type: 'write', x: 0, y: 8, text: `taller\nthan\nthe frame ${n % 2}`, transformers: [] },
        { type: 'write', x: 5, y: 0, text: n % 2 ? 'over' : '', transformers: [] },
      ];
      frames.push({ width: 24, height: 10 - (n === 4 ? 3 : 0), ops });
    }
    frames.push({ width: 10.5, height: 3, ops: [{ type: 'write', x: 0, y: 0, text: 'fractional width', transformers: [] }] });
    frames.push({ width: 0, height: 2, ops: [{ type: 'write', x: 0, y: 1, text: 'no width', transformers: [] }] });
    for (const [i, f] of frames.entries()) {
      expect(replay(Output as unknown as OutputClass, f.width, f.height, f.ops), `frame ${i}`).toEqual(replay(InkOutput, f.width, f.height, f.ops));
    }
  });

  it('measures text as Ink does', async () => {
    const inkMeasure = (await load<{ default: (t: string) => { width: number; height: number } }>('measure-text.js')).default;
    for (const text of ['', 'a', 'abc\nde', '漢字\n🚀🚀🚀', '\u001b[31mred\u001b[39m\n', 'x\n\n\ny']) {
      expect(measureText(text)).toEqual(inkMeasure(text));
      expect(measureText(text)).toEqual(inkMeasure(text)); // cached
      expect(widestLine(text)).toBe(inkMeasure(text).width);
    }
  });

  it('counts columns as string-width does, on the fast path and off it', () => {
    const simple: string[] = [];
    for (let code = 0; code < 0x3000; code++) {
      if (!isSimpleColumn(code)) continue;
      const ch = String.fromCharCode(code);
      simple.push(ch);
      expect(stringWidth(ch), `U+${code.toString(16)}`).toBe(1);
    }
    expect(simple.length).toBeGreaterThan(400);
    // Mixed with ANSI codes, and with what must leave the fast path (wide, combining, emoji, soft hyphen, controls).
    const others = ['漢', 'e\u0301', '🚀', '\u00ad', '\t', '◾', '\u200d', 'ｰ'];
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let j = rnd(30); j > 0; j--) {
        const r = rnd(20);
        s += r === 0 ? others[rnd(others.length)] : r === 1 ? `\u001b[${30 + rnd(8)}m` : r === 2 ? '\u001b[39m' : simple[rnd(simple.length)];
      }
      expect(fastStringWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
    }
  });
});
