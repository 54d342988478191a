import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runReport } from '../../../src/services/monitor/report-command.js';
import { HistoryStore } from '../../../src/services/monitor/store.js';
import { syntheticHistory } from '../../../src/services/monitor/synthetic.js';
import { DEFAULT_THRESHOLDS } from '../../../src/services/monitor/thresholds.js';
import { tempHome } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';

describeWithTool('chromium', 'HTML report in a real headless Chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    const home = tempHome();
    const db = path.join(home, 'monitor.db');
    const store = new HistoryStore(db);
    const now = Date.now();
    store.insertMany(syntheticHistory({ end: now, days: 3, intervalSeconds: 10, incidents: [[86_400_000, 1_800_000]] }));
    store.close();
    file = path.join(home, 'rapport.html');
    await runReport({ dbFile: db, days: 3, thresholds: DEFAULT_THRESHOLDS, file, format: 'html', now });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart with drawn pixels, no console error and no network request', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-drawn="true"]');
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure.chart')).map((fig) => {
        const canvas = fig.querySelector('canvas');
        const rect = canvas?.getBoundingClientRect();
        let inked = 0;
        if (canvas) {
          const ctx = canvas.getContext('2d')!;
          const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        }
        return { id: fig.querySelector('div')?.id, width: rect?.width ?? 0, height: rect?.height ?? 0, inked, legend: fig.querySelector('.u-legend')?.textContent ?? '' };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-cpu', 'chart-memory', 'chart-swap', 'chart-filesystems', 'chart-network', 'chart-disk']);
    for (const c of charts) {
      expect(c.width, `${c.id} is visible`).toBeGreaterThan(300);
      expect(c.height, `${c.id} is visible`).toBeGreaterThan(100);
      expect(c.inked, `${c.id} has lines drawn`).toBeGreaterThan(1000);
    }
    expect(charts.find((c) => c.id === 'chart-filesystems')!.legend).toContain('/var/lib/data');
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    const summary = await page.locator('#summary').innerText();
    expect(summary).toMatch(/CPU/);
    const alerts = await page.locator('#alerts').innerText();
    expect(alerts).toMatch(/runaway-job \(4242\)/);
    await page.close();
  });

  it('stays readable when printed: charts fit an A4 page and a PDF comes out', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-drawn="true"]');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const widths = await page.evaluate(() => Array.from(document.querySelectorAll('figure.chart canvas')).map((c) => c.getBoundingClientRect().width));
    // A4 at 96 dpi is about 794 px wide, less the margins.
    for (const w of widths) expect(w).toBeLessThanOrEqual(720);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.close();
  });

  it('is one self-contained file', () => {
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/https?:\/\/(?!github\.com\/leeoniya)/);
  });
}, ['--version']);
