import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, type DemoReport } from '../../src/app/demo/create-demo.ts';
import { type GeneratedDemo, generateDemo } from '../../src/app/demo/generate.ts';
import { segmentOn } from '../../src/app/demo/history.ts';
import { LEAK_KINDS } from '../../src/app/demo/leak-kinds.ts';
import { type LeakageEntry } from '../../src/app/demo/leakage.ts';
import { demoPorts } from '../../src/cli/commands/demo.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { LedgerQueries } from '../../src/store/ledger-repository.ts';
import { openUnmapped } from '../../src/store/mapping-queue.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { type Store } from '../../src/store/store.ts';
import { TEST_DATABASES } from '../support/databases.ts';

const ORG = 'msp';
const AS_OF = CalendarDate.parse('2026-11-01');
const OPTIONS = { clients: 5, seed: 7, asOf: AS_OF };

/** Product, seats, price and status of the first client's NCE subscriptions on 2026-09-15 (seed 7). */
const EXPECTED_FIRST_ACCOUNT = [
  ['Microsoft 365 Business Standard', 20, '15.75', 'active'],
  ['Visio Plan 2', 1, '180.00', 'active'],
  ['Microsoft 365 Business Standard', 12, '157.50', 'active'],
];

const contentsOf = (demo: GeneratedDemo): Record<string, string> => Object.fromEntries(demo.files.map((file) => [file.name, file.contents]));

describe('demo generation', () => {
  it('writes the same bytes for the same seed and as-of day, and other files for another seed', () => {
    const first = contentsOf(generateDemo(OPTIONS));
    const again = contentsOf(generateDemo(OPTIONS));
    expect(again).toEqual(first);
    expect(Object.keys(first)).toEqual([
      'pricelist.csv', 'services.csv', 'recon-2025-11.csv', 'recon-2025-12.csv', 'recon-2026-01.csv', 'recon-2026-02.csv', 'recon-2026-03.csv',
      'recon-2026-04.csv', 'recon-2026-05.csv', 'recon-2026-06.csv', 'recon-2026-07.csv', 'recon-2026-08.csv', 'recon-2026-09.csv', 'recon-2026-10.csv',
      'subscriptions.json', 'psa.csv', 'usage.csv', 'leakages.json',
    ]);
    const other = contentsOf(generateDemo({ ...OPTIONS, seed: 8 }));
    for (const name of ['services.csv', 'recon-2026-05.csv', 'subscriptions.json', 'psa.csv', 'usage.csv', 'leakages.json']) expect(other[name]).not.toBe(first[name]);
    // Microsoft's price list depends only on the as-of month.
    expect(other['pricelist.csv']).toBe(first['pricelist.csv']);
  });

  it('depends on the as-of month, not its day, except for the day-dated snapshot, PSA and leak manifest', () => {
    const first = contentsOf(generateDemo(OPTIONS));
    const later = contentsOf(generateDemo({ ...OPTIONS, asOf: CalendarDate.parse('2026-11-20') }));
    for (const name of Object.keys(first).filter((file) => file.endsWith('.csv') && file !== 'psa.csv')) expect(later[name], name).toBe(first[name]);
    expect(later['subscriptions.json']).not.toBe(first['subscriptions.json']);
  });

  it('plants about one leak of each kind per ten clients, each with its expected impact', () => {
    const demo = generateDemo({ clients: 50, seed: 1, asOf: AS_OF });
    expect(demo.summary.leakages.byKind).toEqual(Object.fromEntries(LEAK_KINDS.map((kind) => [kind, 5])));
    for (const entry of demo.leakages) {
      expect(Decimal.parse(entry.impactToDate).sign(), `${entry.id} ${entry.kind}`).toBe(1);
      expect(demo.histories.has(entry.subscriptionId)).toBe(true);
    }
    // Before the Extended Service Term exists (2026-05-04) that leak cannot happen; the others still do.
    const early = generateDemo({ clients: 50, seed: 1, asOf: CalendarDate.parse('2026-03-15') });
    expect(early.summary.leakages.byKind.unexpected_est_not_invoiced).toBe(0);
    expect(early.summary.leakages.total).toBe(25);
  });

  it('keeps every generated change, since each is one Partner Center accepts', () => {
    const demo = generateDemo({ clients: 50, seed: 1, asOf: AS_OF });
    expect(demo.summary.refusedChanges).toBe(0);
    expect(demo.portfolios.flatMap((portfolio) => portfolio.result.warnings).filter((warning) => warning.code === 'CHANGE_REFUSED')).toEqual([]);
  });
});

describe.each(TEST_DATABASES)('coterm demo ($name database)', (database) => {
  let store: Store;
  let out: string;
  let report: DemoReport & { demo: GeneratedDemo };

  const ports = () => demoPorts(store, ORG, out, { actor: 'test', now: () => '2026-11-21T12:00:00Z' });

  beforeAll(async () => {
    store = await database.open();
    await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).execute();
    out = mkdtempSync(join(tmpdir(), 'coterm-demo-'));
    report = await createDemo(ports(), OPTIONS);
  });

  afterAll(async () => {
    await store?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('imports every file it writes, in order, with nothing rejected', () => {
    expect(report.imports.map((file) => file.kind)).toEqual(['pricelist', 'services', ...Array<string>(12).fill('recon'), 'subscriptions', 'psa', 'usage']);
    expect(report.imports.filter((file) => file.mangledIds > 0)).toEqual([]);
    expect(report.imports.map((file) => [file.file, file.imported, file.duplicates, file.rejected])).toEqual([
      ['pricelist.csv', 92, 0, 0],
      ['services.csv', 18, 0, 0],
      ['recon-2025-11.csv', 5, 0, 0],
      ['recon-2025-12.csv', 9, 0, 0],
      ['recon-2026-01.csv', 12, 0, 0],
      ['recon-2026-02.csv', 18, 0, 0],
      ['recon-2026-03.csv', 21, 0, 0],
      ['recon-2026-04.csv', 24, 0, 0],
      ['recon-2026-05.csv', 28, 0, 0],
      ['recon-2026-06.csv', 19, 0, 0],
      ['recon-2026-07.csv', 28, 0, 0],
      ['recon-2026-08.csv', 23, 0, 0],
      ['recon-2026-09.csv', 24, 0, 0],
      ['recon-2026-10.csv', 24, 0, 0],
      ['subscriptions.json', 28, 0, 0],
      ['psa.csv', 87, 0, 0],
      ['usage.csv', 534, 0, 0],
    ]);
  });

  it('ends with every tenant and PSA company mapped, asking a person only where no rule could match', async () => {
    expect(report.mapping.resolvedByPerson).toBe(report.generated.expectedByPerson.tenants + report.generated.expectedByPerson.psaCompanies);
    expect(report.mapping.resolvedByPerson).toBe(3);
    expect(report.mapping.stillOpen).toBe(0);
    expect(await openUnmapped(store, ORG)).toEqual([]);
    const unassigned = async (table: 'tenants' | 'subscriptions' | 'psa_contract_lines') =>
      (await store.db.selectFrom(table).select('organization_id').where('organization_id', '=', ORG).where('account_id', 'is', null).execute()).length;
    expect([await unassigned('tenants'), await unassigned('subscriptions'), await unassigned('psa_contract_lines')]).toEqual([0, 0, 0]);
    // Each tenant belongs to the client the demo generated it for.
    const tenants = await store.db.selectFrom('tenants').select(['id', 'account_id']).where('organization_id', '=', ORG).execute();
    const accountOf = new Map(tenants.map((tenant) => [tenant.id, tenant.account_id]));
    for (const client of report.demo.clients) expect(accountOf.get(client.tenant.id)).toBe(client.accountId);
    expect(report.status).toMatchObject({ accounts: 5, tenants: 5, unmappedOpen: 0 });
  });

  it('writes reconciliation files that add up to the shadow billing, and stores every row of them', async () => {
    const files = report.imports.filter((file) => file.kind === 'recon');
    let total = Decimal.ZERO;
    let rows = 0;
    for (const file of files) {
      const parsed = Papa.parse<Record<string, string>>(readFileSync(file.path, 'utf8'), { header: true, skipEmptyLines: true });
      for (const row of parsed.data) {
        total = total.plus(Decimal.parse(row.Subtotal ?? ''));
        rows += 1;
        expect(row.ChargeStartDate?.slice(0, 7), file.file).toBe(file.file.slice(6, 13));
      }
    }
    const shadow = report.demo.portfolios.flatMap((portfolio) => portfolio.invoiced.lines).filter((line) => !line.chargeStart.isBefore(report.demo.calendar.start));
    const shadowTotal = shadow.reduce((sum, line) => sum.plus(line.subtotal), Decimal.ZERO);
    expect([rows, total.toString()]).toEqual([shadow.length, shadowTotal.toString()]);
    expect(report.generated.shadowBilling).toEqual({ from: '2025-11-01', through: '2026-10-31', rows: 235, total: '38376.52' });
    expect(total.toString()).toBe('38376.52');
    const stored = await store.db.selectFrom('billed_lines').select(['subtotal']).where('organization_id', '=', ORG).execute();
    expect([stored.length, stored.reduce((sum, line) => sum.plus(Decimal.parse(line.subtotal)), Decimal.ZERO).toString()]).toEqual([235, '38376.52']);
  });

  it('lists the planted leaks with their kinds, and the PSA misses each as described', async () => {
    const manifest = JSON.parse(readFileSync(report.leakages, 'utf8')) as { total: number; byKind: Record<string, number>; leakages: LeakageEntry[] };
    expect(manifest.total).toBe(6);
    expect(manifest.leakages.map((entry) => entry.kind).sort()).toEqual([...LEAK_KINDS].sort());
    const ledger = new LedgerQueries(store);
    const psaLines = async (subscriptionId: string, on: string) =>
      (await store.db.selectFrom('psa_contract_lines').select(['quantity', 'unit_price', 'effective_date', 'cancelled_date', 'prorate']).where('organization_id', '=', ORG).where('description', 'like', `%${subscriptionId}`).execute())
        .filter((line) => (line.effective_date ?? '') <= on && (line.cancelled_date === null || line.cancelled_date >= on));
    const directions: Record<string, string> = {
      untracked_seat_addition: 'underbilled', cancelled_still_billed: 'overbilled', downgrade_not_reflected: 'overbilled',
      unexpected_est_not_invoiced: 'underbilled', proration_miscalculation: 'underbilled',
    };
    for (const entry of manifest.leakages) {
      if (entry.kind !== 'sku_mix_error') expect(entry.direction, entry.kind).toBe(directions[entry.kind]);
      expect(Decimal.parse(entry.impactToDate).sign(), entry.id).toBe(1);
      const microsoft = await ledger.subscriptionOn(ORG, entry.subscriptionId, AS_OF.toString());
      const invoiced = await psaLines(entry.subscriptionId, AS_OF.toString());
      switch (entry.kind) {
        case 'untracked_seat_addition':
          expect(microsoft?.quantity).toBe(entry.microsoft.quantity);
          expect(invoiced.map((line) => Number(line.quantity))).toEqual([entry.psa.quantity]);
          expect(entry.psa.quantity).toBeLessThan(entry.microsoft.quantity);
          break;
        case 'cancelled_still_billed':
          expect(microsoft?.status).toBe('cancelled');
          expect(invoiced.map((line) => [Number(line.quantity), line.cancelled_date])).toEqual([[entry.psa.quantity, null]]);
          break;
        case 'downgrade_not_reflected':
          expect(microsoft?.quantity).toBe(entry.microsoft.quantity);
          expect(invoiced.map((line) => Number(line.quantity))).toEqual([entry.psa.quantity]);
          expect(entry.psa.quantity).toBeGreaterThan(entry.microsoft.quantity);
          break;
        case 'unexpected_est_not_invoiced':
          expect(microsoft?.status).toBe('extendedServiceTerm');
          expect(invoiced).toEqual([]);
          break;
        case 'sku_mix_error':
          expect(invoiced.map((line) => Decimal.parse(line.unit_price).toString())).toEqual([entry.psa.unitPrice]);
          expect(entry.psa.unitPrice).not.toBe(Decimal.parse(entry.microsoft.unitCost).toString());
          break;
        case 'proration_miscalculation': {
          const added = await psaLines(entry.subscriptionId, entry.date);
          expect(added.filter((line) => line.effective_date === entry.date).map((line) => line.prorate)).toEqual([false]);
          break;
        }
      }
    }
  });

  /** Each NCE subscription of a client the ledger should know on a day: the stretch Microsoft billed then. */
  const expectedOn = (portfolio: GeneratedDemo['portfolios'][number], day: CalendarDate) =>
    portfolio.subscriptions
      .flatMap((info) => {
        const history = report.demo.histories.get(info.id);
        const segment = history && segmentOn(history, day);
        // The ledger knows a subscription from its first row in the reconciliation files.
        const seen = history?.lines.some((line) => !line.chargeStart.isBefore(report.demo.calendar.start) && !line.chargeStart.isAfter(day));
        if (!history || !segment || !seen) return [];
        return [{ subscriptionId: info.id, productName: segment.product, quantity: segment.quantity, unitPrice: segment.unitPrice.toString(), status: segment.status }];
      })
      .sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId));

  const ledgerOn = async (accountId: string, day: CalendarDate) =>
    (await new LedgerQueries(store).accountOn(ORG, accountId, day.toString()))
      .filter((state) => state.kind === 'nce' && state.status !== 'cancelled')
      .map((state) => ({ subscriptionId: state.subscriptionId, productName: state.productName, quantity: state.quantity, unitPrice: Decimal.parse(state.unitPrice ?? '').toString(), status: state.status }))
      .sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId));

  it("gives the ledger the generated state of an account's subscriptions on a past day", async () => {
    const day = CalendarDate.parse('2026-09-15');
    const portfolio = report.demo.portfolios[0];
    if (!portfolio) throw new Error('no portfolio');
    const nce = await ledgerOn(portfolio.client.accountId, day);
    expect(nce).toEqual(expectedOn(portfolio, day));
    expect(nce.map((state) => [state.productName, state.quantity, state.unitPrice, state.status])).toEqual(EXPECTED_FIRST_ACCOUNT);
    // The MSP's own contract lines are there too.
    const states = await new LedgerQueries(store).accountOn(ORG, portfolio.client.accountId, day.toString());
    expect(states.filter((state) => state.kind === 'msp_service').map((state) => state.productName).sort()).toEqual(
      portfolio.client.services.filter((service) => !service.start.isAfter(day)).map((service) => service.service).sort(),
    );
  });

  it('agrees with the generated state for every account, month after month', async () => {
    for (const month of report.demo.calendar.months) {
      const day = month.addDays(14);
      for (const portfolio of report.demo.portfolios) expect(await ledgerOn(portfolio.client.accountId, day), `${portfolio.client.accountId} ${day.toString()}`).toEqual(expectedOn(portfolio, day));
    }
  });

  it('adds nothing when run again', async () => {
    const before = await countRecords(store, ORG);
    const again = await createDemo(ports(), OPTIONS);
    expect(again.imports.every((file) => file.alreadyImported && file.imported === 0 && file.rejected === 0)).toBe(true);
    expect(again.imports.map((file) => file.duplicates)).toEqual(report.imports.map((file) => file.imported + file.duplicates));
    expect(again.mapping.resolvedByPerson).toBe(0);
    expect(await countRecords(store, ORG)).toEqual(before);
  });
});
