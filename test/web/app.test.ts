/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { addUser, type Harness, PASSWORD, seedDemo, startHarness } from '../server/server-harness.ts';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../test-artifacts/screenshots/', import.meta.url).pathname;
const RENEWAL = 'winslow-motors:2027-02-13';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** No element on the page says something went wrong. */
async function expectNoError(page: Page): Promise<void> {
  expect(await page.locator('.state.error').allTextContents()).toEqual([]);
}

describe('the web app in a real browser: board, account, pack, quote, portal signature, KPIs', () => {
  let harness: Harness;
  let browser: Browser;
  let staff: Page;
  let quoteLink: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    harness = await startHarness();
    await seedDemo(harness.store, 'acme', CalendarDate.parse('2026-11-22'), 6);
    await addUser(harness.store, 'acme', 'manager@acme.test', 'account_manager');
    await addUser(harness.store, 'acme', 'ana@winslow.test', 'portal_contact', 'winslow-motors');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    staff.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('signs in and opens the renewal board, filtered and sorted with the keyboard', async () => {
    await staff.goto(`${harness.url}/`);
    await staff.getByLabel('Email').fill('manager@acme.test');
    await staff.getByLabel('Password').fill('not the password');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByRole('alert').waitFor();
    expect(await staff.getByRole('alert').textContent()).toBe('wrong email or password');
    await staff.getByLabel('Password').fill(PASSWORD);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByRole('heading', { name: 'Renewal board' }).waitFor();
    const rows = staff.locator('table tbody tr');
    await rows.first().waitFor();
    const board = (await (await fetch(`${harness.url}/api/renewals?limit=1000`, { headers: { cookie: await cookieOf(staff) } })).json()) as { total: number };
    expect(await rows.count()).toBe(board.total);
    await expect.poll(() => staff.locator('.summary').textContent()).toContain(`${board.total} renewals`);
    await shot(staff, 'board');

    await staff.getByLabel('Health').selectOption('green');
    const green = (await staff.locator('table tbody tr .badge').allTextContents()).map((text) => text.split(' ')[1]);
    expect(new Set(green)).toEqual(new Set(['Healthy']));
    await staff.getByLabel('Health').selectOption('');

    const sortByValue = staff.getByRole('button', { name: 'Annual value' });
    await sortByValue.focus();
    await staff.keyboard.press('Enter');
    expect(await staff.locator('th[aria-sort="ascending"], th[aria-sort="descending"]').textContent()).toContain('Annual value');
    await expectNoError(staff);
  });

  it("shows an account's terms on one axis with the anchor, before and after the co-term plan", async () => {
    await staff.getByRole('link', { name: 'Winslow Motors Co' }).first().click();
    await staff.getByRole('heading', { name: 'Winslow Motors Co' }).waitFor();
    const plan = (await (await fetch(`${harness.url}/api/accounts/winslow-motors/coterm-plan`, { headers: { cookie: await cookieOf(staff) } })).json()) as { anchor: { date: string } };
    await staff.getByRole('img', { name: new RegExp(`^Terms of \\d+ subscriptions, anchor ${plan.anchor.date}$`) }).waitFor();
    expect(await staff.locator('svg.timeline .anchor-label').textContent()).toBe(`anchor ${plan.anchor.date}`);
    await staff.getByRole('button', { name: 'After the plan' }).click();
    await staff.getByRole('img', { name: /after the co-term plan$/ }).waitFor();
    const shown = (await (await fetch(`${harness.url}/api/accounts/winslow-motors`, { headers: { cookie: await cookieOf(staff) } })).json()) as { subscriptions: { subscriptionId: string; termEnd: string | null; status: string }[] };
    const drawn = new Set(shown.subscriptions.filter((row) => row.termEnd && !['cancelled', 'expired', 'ended'].includes(row.status)).map((row) => row.subscriptionId));
    const aligning = (plan as unknown as { plan: { alignments: { subscriptionId: string; on: string | null; alignedEnd: string | null }[] } }).plan.alignments.filter((alignment) => alignment.on && alignment.alignedEnd && drawn.has(alignment.subscriptionId));
    expect(aligning.length).toBeGreaterThan(0);
    expect(await staff.locator('svg.timeline rect.planned').count()).toBe(aligning.length);
    await staff.getByRole('heading', { name: 'What each subscription does' }).waitFor();
    await shot(staff, 'account');
    await expectNoError(staff);
  });

  it('generates the pack of a renewal before T-90 when asked', async () => {
    const identified = await harness.store.db.selectFrom('renewals').select('id').where('stage', '=', 'identified').orderBy('renewal_date').executeTakeFirstOrThrow();
    await staff.goto(`${harness.url}/renewals/${encodeURIComponent(identified.id)}`);
    await staff.getByRole('button', { name: 'Generate the pack now' }).click();
    await staff.getByRole('heading', { name: 'Hold', exact: true }).waitFor();
    const stored = await harness.store.db.selectFrom('renewals').select(['stage', 'pack_generated_on']).where('id', '=', identified.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'pack_ready', pack_generated_on: '2026-11-22' });
    await expectNoError(staff);
  });

  it('shows the pack side by side, explains a co-term line, and turns it into a quote with a link', async () => {
    await staff.goto(`${harness.url}/renewals/${encodeURIComponent(RENEWAL)}`);
    for (const option of ['Hold', 'Harden', 'Modernize']) await staff.getByRole('heading', { name: option, exact: true }).waitFor();
    expect(await staff.locator('.option-harden .total').textContent()).toContain('28,380.00 USD a year');
    await staff.getByRole('heading', { name: 'What they have against what they use' }).waitFor();
    expect(await staff.getByText(/^Microsoft 365 E3: 55 contracted/).count()).toBe(1);
    await staff.getByText('Office 365 E1: 1 Aug 2027 – 13 Feb 2028').click();
    await expect.poll(() => staff.locator('details[open] pre.explanation').first().textContent()).toContain('co-termed to end 2028-02-13');
    await staff.getByRole('button', { name: 'Issue quote and link' }).click();
    const link = staff.getByLabel('Quote link');
    await link.waitFor();
    quoteLink = await link.inputValue();
    expect(quoteLink).toMatch(/^http:\/\/127\.0\.0\.1\/portal\/open#ctq_/);
    await shot(staff, 'pack');
    await expectNoError(staff);
  });

  it('lets the contact open the link, choose an option and sign, once', async () => {
    const client = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await client.goto(`${harness.url}${new URL(quoteLink).pathname}${new URL(quoteLink).hash}`);
    await client.getByRole('heading', { name: 'Your renewal with Acme IT' }).waitFor();
    expect(await client.evaluate(() => window.location.hash)).toBe('');
    await client.getByRole('radio', { name: /Harden/ }).check();
    await client.getByLabel('Your full name').fill('Ana Winslow');
    await client.getByRole('button', { name: 'Accept Harden and sign' }).click();
    await client.getByText('Signed.').waitFor();
    expect(await client.getByRole('status').textContent()).toContain('Ana Winslow accepted the Harden option');
    expect(await client.getByRole('link', { name: 'Download the signed quote' }).getAttribute('href')).toMatch(/\/signed\.pdf$/);
    expect(await client.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await shot(client, 'portal-signed-phone');

    const reused = await browser.newPage();
    await reused.goto(`${harness.url}${new URL(quoteLink).pathname}${new URL(quoteLink).hash}`);
    await reused.getByText('This link cannot be used.').waitFor();
    await client.close();
    await reused.close();

    const plans = (await (await fetch(`${harness.url}/api/provisioning-plans`, { headers: { cookie: await cookieOf(staff) } })).json()) as { total: number };
    expect(plans.total).toBe(1);
  });

  it('shows the six KPIs against their targets, with the waterfall and the BI feeds', async () => {
    await staff.goto(`${harness.url}/kpis`);
    await staff.getByRole('heading', { name: 'KPIs' }).waitFor();
    await staff.locator('.kpi').nth(5).waitFor();
    expect(await staff.locator('.kpi').count()).toBe(6);
    await staff.getByRole('heading', { name: /^MRR waterfall/ }).waitFor();
    expect(await staff.getByRole('link', { name: 'KPIs (CSV)' }).getAttribute('href')).toBe('/api/kpis/feed.csv');
    await shot(staff, 'kpis');
    await expectNoError(staff);
  });

  it('opens the leakage, imports and settings pages without an error, and fits a phone', async () => {
    for (const [path, heading] of [
      ['/leakage', 'Revenue leakage'],
      ['/imports', 'Imports'],
      ['/settings', 'Settings'],
    ] as const) {
      await staff.goto(`${harness.url}${path}`);
      await staff.getByRole('heading', { name: heading, exact: true }).waitFor();
      await staff.waitForLoadState('networkidle');
      await expectNoError(staff);
    }
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.goto(`${harness.url}/`);
    await staff.locator('table tbody tr').first().waitFor();
    expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await shot(staff, 'board-phone');
  });
});

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
