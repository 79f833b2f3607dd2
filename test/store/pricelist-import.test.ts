import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { pricelistFormat } from '../../src/imports/pricelist/pricelist-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openPricelistSink } from '../../src/store/sinks/pricelist-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { asEuropeanExcel } from '../support/excel.ts';

const ORG = 'msp';
const handler = { format: pricelistFormat, openSink: openPricelistSink };

const HEADER = [
  'ProductTitle', 'ProductId', 'SkuId', 'SkuTitle', 'Publisher', 'SkuDescription', 'UnitOfMeasure', 'TermDuration', 'BillingPlan', 'Market',
  'Currency', 'UnitPrice', 'PricingTierRangeMin', 'PricingTierRangeMax', 'EffectiveStartDate', 'EffectiveEndDate', 'Tags', 'ERP Price',
] as const;

type PriceRow = Partial<Record<(typeof HEADER)[number], string>>;

const BASIC = { ProductTitle: 'Microsoft 365 Business Basic', ProductId: 'CFQ7TTC0LH18', SkuId: '0001', SkuTitle: 'Microsoft 365 Business Basic' };
const STANDARD = { ProductTitle: 'Microsoft 365 Business Standard', ProductId: 'CFQ7TTC0LDPB', SkuId: '0001', SkuTitle: 'Microsoft 365 Business Standard' };
const PREMIUM = { ProductTitle: 'Microsoft 365 Business Premium', ProductId: 'CFQ7TTC0LCHC', SkuId: '0002', SkuTitle: 'Microsoft 365 Business Premium' };
const E3 = { ProductTitle: 'Microsoft 365 E3', ProductId: 'CFQ7TTC0LFLX', SkuId: '0001', SkuTitle: 'Microsoft 365 E3' };
const E5 = { ProductTitle: 'Microsoft 365 E5', ProductId: 'CFQ7TTC0LFLZ', SkuId: '0002', SkuTitle: 'Microsoft 365 E5' };
const TEAMS = { ProductTitle: 'Microsoft Teams Essentials', ProductId: 'CFQ7TTC0RL1G', SkuId: '0001', SkuTitle: 'Microsoft Teams Essentials (AAD Identity)' };
const EXCHANGE = { ProductTitle: 'Exchange Online (Plan 1)', ProductId: 'CFQ7TTC0LH16', SkuId: '0001', SkuTitle: 'Exchange Online (Plan 1)' };

const FEB = { EffectiveStartDate: '2026-02-01T00:00:00Z' };

/** Microsoft's February list, a few products in a few markets. */
const FEBRUARY: PriceRow[] = [
  { ...BASIC, TermDuration: 'P1M', BillingPlan: 'Monthly', Market: 'US', Currency: 'USD', UnitPrice: '7.20', ...FEB, 'ERP Price': '7.20' },
  { ...BASIC, TermDuration: 'P1Y', BillingPlan: 'Monthly', Market: 'US', Currency: 'USD', UnitPrice: '6.30', ...FEB, 'ERP Price': '6.30' },
  { ...BASIC, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'US', Currency: 'USD', UnitPrice: '72.00', ...FEB, 'ERP Price': '72.00' },
  { ...STANDARD, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'US', Currency: 'USD', UnitPrice: '150.00', ...FEB },
  { ...STANDARD, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'GB', Currency: 'GBP', UnitPrice: '112.80', ...FEB },
  { ...PREMIUM, TermDuration: 'P1M', BillingPlan: 'Monthly', Market: 'DE', Currency: 'EUR', UnitPrice: '24.72', ...FEB },
  { ...PREMIUM, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'DE', Currency: 'EUR', UnitPrice: '247.20', ...FEB, EffectiveEndDate: '2026-12-31T00:00:00Z' },
  { ...E3, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'US', Currency: 'USD', UnitPrice: '432.00', ...FEB, Tags: 'Enterprise' },
  { ...E3, TermDuration: 'P3Y', BillingPlan: 'Annual', Market: 'US', Currency: 'USD', UnitPrice: '432.00', ...FEB, Tags: 'Enterprise' },
  { ...E3, TermDuration: 'P3Y', BillingPlan: 'Triennial', Market: 'US', Currency: 'USD', UnitPrice: '1296.00', ...FEB, Tags: 'Enterprise' },
  { ...E3, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'JP', Currency: 'JPY', UnitPrice: '64800', ...FEB, Tags: 'Enterprise' },
  { ...E5, TermDuration: 'P1Y', BillingPlan: 'Monthly', Market: 'US', Currency: 'USD', UnitPrice: '59.85', ...FEB, Tags: 'Enterprise' },
  { ...TEAMS, TermDuration: 'P1M', BillingPlan: 'Monthly', Market: 'US', Currency: 'USD', UnitPrice: '4.80', PricingTierRangeMin: '1', PricingTierRangeMax: '300', ...FEB },
  { ...EXCHANGE, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'GB', Currency: 'GBP', UnitPrice: '36.00', ...FEB, EffectiveEndDate: '2026-02-28T00:00:00Z' },
];

const FEBRUARY_STORED = [
  'CFQ7TTC0LCHC:0002 P1M monthly DE EUR 24.72 tiers 0.. from 2026-02-01 to  erp  tags ',
  'CFQ7TTC0LCHC:0002 P1Y annual DE EUR 247.20 tiers 0.. from 2026-02-01 to 2026-12-31 erp  tags ',
  'CFQ7TTC0LDPB:0001 P1Y annual GB GBP 112.80 tiers 0.. from 2026-02-01 to  erp  tags ',
  'CFQ7TTC0LDPB:0001 P1Y annual US USD 150.00 tiers 0.. from 2026-02-01 to  erp  tags ',
  'CFQ7TTC0LFLX:0001 P1Y annual JP JPY 64800 tiers 0.. from 2026-02-01 to  erp  tags Enterprise',
  'CFQ7TTC0LFLX:0001 P1Y annual US USD 432.00 tiers 0.. from 2026-02-01 to  erp  tags Enterprise',
  'CFQ7TTC0LFLX:0001 P3Y annual US USD 432.00 tiers 0.. from 2026-02-01 to  erp  tags Enterprise',
  'CFQ7TTC0LFLX:0001 P3Y triennial US USD 1296.00 tiers 0.. from 2026-02-01 to  erp  tags Enterprise',
  'CFQ7TTC0LFLZ:0002 P1Y monthly US USD 59.85 tiers 0.. from 2026-02-01 to  erp  tags Enterprise',
  'CFQ7TTC0LH16:0001 P1Y annual GB GBP 36.00 tiers 0.. from 2026-02-01 to 2026-02-28 erp  tags ',
  'CFQ7TTC0LH18:0001 P1M monthly US USD 7.20 tiers 0.. from 2026-02-01 to  erp 7.20 tags ',
  'CFQ7TTC0LH18:0001 P1Y annual US USD 72.00 tiers 0.. from 2026-02-01 to  erp 72.00 tags ',
  'CFQ7TTC0LH18:0001 P1Y monthly US USD 6.30 tiers 0.. from 2026-02-01 to  erp 6.30 tags ',
  'CFQ7TTC0RL1G:0001 P1M monthly US USD 4.80 tiers 1..300 from 2026-02-01 to  erp  tags ',
];

function csvOf(rows: readonly PriceRow[]): string {
  return `${[HEADER.join(','), ...rows.map((row) => HEADER.map((column) => row[column] ?? '').join(','))].join('\n')}\n`;
}


async function importPricelist(store: Store, path: string, skipBad = false) {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).onConflict((c) => c.doNothing()).execute();
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad, now: () => '2026-02-03T08:00:00Z' });
}

async function storedPrices(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('price_list_rows')
    .selectAll()
    .where('organization_id', '=', ORG)
    .orderBy('product_id')
    .orderBy('sku_id')
    .orderBy('term')
    .orderBy('billing')
    .orderBy('market')
    .orderBy('currency')
    .orderBy('effective_start')
    .execute();
  return rows.map(
    (row) =>
      `${row.product_id}:${row.sku_id} ${row.term} ${row.billing} ${row.market} ${row.currency} ${row.unit_price} tiers ${row.tier_min}..${row.tier_max ?? ''} ` +
      `from ${row.effective_start} to ${row.effective_end ?? ''} erp ${row.erp_price ?? ''} tags ${row.tags ?? ''}`,
  );
}

describe.each(TEST_DATABASES)('price list import ($name database)', (database) => {
  it('stores every price and adds each product and SKU to the catalog once', async () => {
    const store = await database.open();
    try {
      const files = writeTempFiles({ 'feb.csv': csvOf(FEBRUARY) });
      const outcome = await importPricelist(store, files['feb.csv'] as string);
      expect([outcome.rowsRead, outcome.imported, outcome.duplicates, outcome.rejected]).toEqual([14, 14, 0, 0]);
      expect(await storedPrices(store)).toEqual(FEBRUARY_STORED);
      const catalog = await store.db.selectFrom('catalog_items').selectAll().where('organization_id', '=', ORG).orderBy('id').execute();
      expect(catalog.map((item) => `${item.id} ${item.kind} ${item.product_id}/${item.sku_id} ${item.product_title} | ${item.sku_title ?? ''}`)).toEqual([
        'CFQ7TTC0LCHC:0002 microsoft_license CFQ7TTC0LCHC/0002 Microsoft 365 Business Premium | Microsoft 365 Business Premium',
        'CFQ7TTC0LDPB:0001 microsoft_license CFQ7TTC0LDPB/0001 Microsoft 365 Business Standard | Microsoft 365 Business Standard',
        'CFQ7TTC0LFLX:0001 microsoft_license CFQ7TTC0LFLX/0001 Microsoft 365 E3 | Microsoft 365 E3',
        'CFQ7TTC0LFLZ:0002 microsoft_license CFQ7TTC0LFLZ/0002 Microsoft 365 E5 | Microsoft 365 E5',
        'CFQ7TTC0LH16:0001 microsoft_license CFQ7TTC0LH16/0001 Exchange Online (Plan 1) | Exchange Online (Plan 1)',
        'CFQ7TTC0LH18:0001 microsoft_license CFQ7TTC0LH18/0001 Microsoft 365 Business Basic | Microsoft 365 Business Basic',
        'CFQ7TTC0RL1G:0001 microsoft_license CFQ7TTC0RL1G/0001 Microsoft Teams Essentials | Microsoft Teams Essentials (AAD Identity)',
      ]);
      const imports = await store.db.selectFrom('price_list_rows').select('import_id').distinct().execute();
      expect(imports.map((row) => row.import_id)).toEqual([outcome.importId]);
    } finally {
      await store.close();
    }
  });

  it('adds nothing when the same list comes again, in the same file or another', async () => {
    const store = await database.open();
    try {
      const csv = csvOf(FEBRUARY);
      const files = writeTempFiles({ 'feb.csv': csv, 'again.csv': csv, 'reordered.csv': csvOf([...FEBRUARY].reverse()) });
      await importPricelist(store, files['feb.csv'] as string);
      const before = await countRecords(store, ORG);
      const same = await importPricelist(store, files['again.csv'] as string);
      expect([same.alreadyImported, same.imported, same.duplicates]).toEqual([true, 0, 14]);
      const reordered = await importPricelist(store, files['reordered.csv'] as string);
      expect([reordered.alreadyImported, reordered.imported, reordered.duplicates]).toEqual([false, 0, 14]);
      const after = await countRecords(store, ORG);
      expect({ ...after, imports: before.imports, auditLog: before.auditLog }).toEqual(before);
      expect([after.priceListRows, after.catalogItems, after.imports]).toEqual([14, 7, 2]);
    } finally {
      await store.close();
    }
  });

  it('adds only the new rows of next month\'s list', async () => {
    const store = await database.open();
    try {
      const MAR = { EffectiveStartDate: '2026-03-01T00:00:00Z' };
      const march: PriceRow[] = [
        ...FEBRUARY,
        { ...BASIC, TermDuration: 'P1M', BillingPlan: 'Monthly', Market: 'US', Currency: 'USD', UnitPrice: '7.56', ...MAR, 'ERP Price': '7.56' },
        { ...STANDARD, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'GB', Currency: 'GBP', UnitPrice: '118.44', ...MAR },
        { ...EXCHANGE, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'GB', Currency: 'GBP', UnitPrice: '37.80', ...MAR },
        // The same row twice in one file is one price.
        { ...EXCHANGE, TermDuration: 'P1Y', BillingPlan: 'Annual', Market: 'GB', Currency: 'GBP', UnitPrice: '37.80', ...MAR },
      ];
      const files = writeTempFiles({ 'feb.csv': csvOf(FEBRUARY), 'mar.csv': csvOf(march) });
      await importPricelist(store, files['feb.csv'] as string);
      const outcome = await importPricelist(store, files['mar.csv'] as string);
      expect([outcome.rowsRead, outcome.imported, outcome.duplicates, outcome.rejected]).toEqual([18, 3, 15, 0]);
      const basic = await store.db
        .selectFrom('price_list_rows')
        .select(['unit_price', 'effective_start'])
        .where('product_id', '=', 'CFQ7TTC0LH18')
        .where('term', '=', 'P1M')
        .orderBy('effective_start')
        .execute();
      expect(basic.map((row) => `${row.effective_start} ${row.unit_price}`)).toEqual(['2026-02-01 7.20', '2026-03-01 7.56']);
      const counts = await countRecords(store, ORG);
      expect([counts.priceListRows, counts.catalogItems]).toEqual([17, 7]);
    } finally {
      await store.close();
    }
  });

  it('rejects a list with bad rows whole, naming every bad line, and writes nothing', async () => {
    const store = await database.open();
    try {
      const base = { ...BASIC, Market: 'US', Currency: 'USD', UnitPrice: '7.20', ...FEB };
      const rows: PriceRow[] = [
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly' },
        { ...base, TermDuration: 'P2Y', BillingPlan: 'Annual' },
        { ...base, TermDuration: 'P1Y', BillingPlan: 'Weekly' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Annual' },
        { ...base, TermDuration: '', BillingPlan: 'Monthly' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', UnitPrice: 'abc' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', UnitPrice: '(7.20)' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', Currency: 'EURO' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', Market: 'United States' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', EffectiveEndDate: '2026-01-31' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', ProductId: '' },
        { ...base, TermDuration: 'P1M', BillingPlan: 'Monthly', EffectiveStartDate: '2026-02-30' },
        // A one-time purchase needs no term.
        { ...base, TermDuration: '', BillingPlan: 'OneTime', UnitPrice: '199.00' },
      ];
      const files = writeTempFiles({ 'bad.csv': csvOf(rows) });
      const error = await importPricelist(store, files['bad.csv'] as string).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as Error).message).toBe(
        '11 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 3: TermDuration "P2Y" is not P1M, P1Y or P3Y\n' +
          '  line 4: BillingPlan "Weekly" is not Monthly, Annual, Triennial or OneTime\n' +
          '  line 5: BillingPlan "Annual" cannot bill a P1M term\n' +
          '  line 6: TermDuration is empty\n' +
          '  line 7: UnitPrice "abc" is not a number\n' +
          '  line 8: UnitPrice -7.20 is negative\n' +
          '  line 9: Currency "EURO" is not an ISO 4217 currency code\n' +
          '  line 10: Market "United States" is not a two-letter country code\n' +
          '  line 11: EffectiveEndDate 2026-01-31 is before EffectiveStartDate 2026-02-01\n' +
          '  line 12: ProductId is empty\n' +
          '  line 13: EffectiveStartDate "2026-02-30" is not a date',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.priceListRows, counts.catalogItems]).toEqual([0, 0, 0]);
      const skipped = await importPricelist(store, files['bad.csv'] as string, true);
      expect([skipped.imported, skipped.rejected]).toEqual([2, 11]);
      expect(await storedPrices(store)).toEqual([
        'CFQ7TTC0LH18:0001  onetime US USD 199.00 tiers 0.. from 2026-02-01 to  erp  tags ',
        'CFQ7TTC0LH18:0001 P1M monthly US USD 7.20 tiers 0.. from 2026-02-01 to  erp  tags ',
      ]);
    } finally {
      await store.close();
    }
  });

  it('reads a list that went through European Excel exactly like the original', async () => {
    const store = await database.open();
    try {
      const excel = asEuropeanExcel(csvOf(FEBRUARY));
      expect(excel.split('\r\n')[1]).toBe('Microsoft 365 Business Basic;CFQ7TTC0LH18;1;Microsoft 365 Business Basic;;;;P1M;Monthly;US;USD;7,20;;;01/02/2026;;;7,20');
      const files = writeTempFiles({ 'excel.csv': excel });
      const outcome = await importPricelist(store, files['excel.csv'] as string);
      expect([outcome.imported, outcome.rejected]).toEqual([14, 0]);
      expect(await storedPrices(store)).toEqual(FEBRUARY_STORED);
    } finally {
      await store.close();
    }
  });
});
