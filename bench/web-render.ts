import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { type BenchmarkResult } from './renewal-cadence.ts';
import { startService } from './service.ts';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;

/**
 * How long the renewal board and an account page take to render in Chromium
 * on the 50-client demo: from navigation until the page's content is drawn
 * (the board's rows; the account's timeline and co-term plan), over 7 loads
 * each after one warm-up load. The app is the built one `coterm start` serves.
 */
export async function benchWebRender(): Promise<BenchmarkResult[]> {
  const service = await startService();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = service.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: service.url }]);
    const page = await context.newPage();
    const board = (await (await fetch(`${service.url}/api/renewals?limit=1000`, { headers: { cookie: service.cookie } })).json()) as { total: number; items: { accountId: string }[] };
    const account = board.items[0]?.accountId ?? '';
    const boardTimes = await timeLoads(page, `${service.url}/`, async () => {
      await page.locator('table tbody tr').nth(board.total - 1).waitFor();
    });
    const accountTimes = await timeLoads(page, `${service.url}/accounts/${encodeURIComponent(account)}`, async () => {
      await page.locator('svg.timeline').waitFor();
      await page.getByRole('heading', { name: 'What each subscription does' }).waitFor();
    });
    return [
      { name: `Web app: renewal board (${board.total} rows) rendered in Chromium, 50-client demo, embedded database`, figures: figures(boardTimes) },
      { name: `Web app: account page (${account}: timeline, seats, co-term plan) rendered in Chromium`, figures: figures(accountTimes) },
    ];
  } finally {
    await browser.close();
    await service.stop();
  }
}

async function timeLoads(page: Page, url: string, drawn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run += 1) {
    const started = performance.now();
    await page.goto(url);
    await drawn();
    if (run > 0) times.push(performance.now() - started);
  }
  return times;
}

function figures(times: number[]): Record<string, string | number> {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    loads: sorted.length,
    'median (ms)': Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    'slowest (ms)': Math.round(sorted.at(-1) ?? 0),
    'fastest (ms)': Math.round(sorted[0] ?? 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await benchWebRender()) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(20)} ${value}`);
  }
}
