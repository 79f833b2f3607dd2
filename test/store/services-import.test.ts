import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { servicesFormat } from '../../src/imports/services/services-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { LedgerQueries } from '../../src/store/ledger-repository.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openServicesSink } from '../../src/store/sinks/services-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { asEuropeanExcel } from '../support/excel.ts';

const ORG = 'msp';
const handler = { format: servicesFormat, openSink: openServicesSink };

const HEADER = 'ContractId,Client,ClientDomain,Service,Quantity,UnitPrice,Currency,BillingPeriod,StartDate,EndDate,TermMonths,AutoRenew,NoticeDays,ProrationPolicy,ParentClient';

/** The MSP's contract list in January 2026. */
const JANUARY = `${HEADER}
MSA-1001,Contoso Ltd,contoso.com,Managed Services Agreement,50,125.00,USD,monthly,2025-12-01,2026-11-30,12,true,60,daily,
MSA-1001,Contoso Ltd,contoso.com,Backup 2 TB,2,90.00,USD,monthly,2025-12-01,2026-11-30,,true,,monthly,
MSA-1001,Contoso Ltd,contoso.com,Endpoint Security,55,4.50,USD,monthly,2025-12-01,2026-11-30,,,,,
MSA-1002,Contoso Pharma UK Ltd,contosopharma.co.uk,Managed Services Agreement,18,125.00,USD,monthly,2026-03-15,2026-11-30,12,true,60,daily,Contoso Ltd
AGR-2001,Northwind Traders Ltd,northwind.com,Managed Services Agreement,25,330.00,GBP,quarterly,2026-01-01,2026-12-31,12,false,90,none,
AGR-2001,Northwind Traders Ltd,northwind.com,Endpoint Security,30,60.00,GBP,annual,2026-01-01,2026-12-31,,,,,
TT-77,Tailspin Toys Europe,tailspin.eu,Managed Services Agreement,10,95.00,EUR,monthly,2026-01-01,2026-12-31,,,,,
`;

const MSA = 'MSA-1001/Managed Services Agreement';

async function setUp(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).execute();
  await store.db
    .insertInto('accounts')
    .values([
      { organization_id: ORG, id: 'northwind', name: 'Northwind Traders', normalized_name: 'northwind traders', domain: null, country: 'US', parent_account_id: null },
      { organization_id: ORG, id: 'tailspin', name: 'Tailspin Toys', normalized_name: 'tailspin toys', domain: null, country: 'GB', parent_account_id: null },
    ])
    .execute();
}

function importServices(store: Store, path: string, now: string) {
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad: false, now: () => now });
}

async function ledgerEvents(store: Store): Promise<string[]> {
  const events = await store.db.selectFrom('subscription_events').select(['subscription_id', 'effective_date', 'type', 'identity']).orderBy('subscription_id').orderBy('effective_date').orderBy('id').execute();
  return events.map((e) => `${e.subscription_id} ${e.effective_date} ${e.type} ${e.identity}`);
}

describe.each(TEST_DATABASES)('services (contract list) import ($name database)', (database) => {
  it('creates the clients it does not know, links subsidiaries, and records each line as a purchase', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const files = writeTempFiles({ 'contracts.csv': JANUARY });
      const outcome = await importServices(store, files['contracts.csv'] as string, '2026-01-10T08:00:00Z');
      expect([outcome.rowsRead, outcome.imported, outcome.duplicates, outcome.rejected]).toEqual([7, 7, 0, 0]);

      const accounts = await store.db.selectFrom('accounts').select(['id', 'name', 'normalized_name', 'domain', 'parent_account_id']).orderBy('id').execute();
      expect(accounts.map((a) => `${a.id} "${a.name}" ${a.normalized_name} ${a.domain ?? '-'} parent=${a.parent_account_id ?? '-'}`)).toEqual([
        'contoso "Contoso Ltd" contoso contoso.com parent=-',
        'contoso-pharma-uk "Contoso Pharma UK Ltd" contoso pharma uk contosopharma.co.uk parent=contoso',
        'northwind "Northwind Traders" northwind traders northwind.com parent=-',
        'tailspin "Tailspin Toys" tailspin toys - parent=-',
      ]);
      const mapped = await store.db.selectFrom('external_ids').select(['system', 'external_id', 'entity_id', 'matched_by']).orderBy('external_id').execute();
      expect(mapped.map((m) => `${m.system} ${m.external_id} → ${m.entity_id} by ${m.matched_by}`)).toEqual([
        'coterm contoso → contoso by created',
        'coterm contoso pharma uk → contoso-pharma-uk by created',
        'coterm northwind traders → northwind by name',
      ]);
      const unmapped = await store.db.selectFrom('unmapped_records').select(['system', 'external_id', 'external_name', 'domain', 'status']).execute();
      expect(unmapped).toEqual([{ system: 'coterm', external_id: 'tailspin toys europe', external_name: 'Tailspin Toys Europe', domain: 'tailspin.eu', status: 'open' }]);

      const subscriptions = await store.db.selectFrom('subscriptions').select(['id', 'kind', 'account_id', 'catalog_item_id', 'product_name']).orderBy('id').execute();
      expect(subscriptions.map((s) => `${s.id} ${s.kind} ${s.account_id ?? '-'} ${s.catalog_item_id ?? '-'}`)).toEqual([
        'AGR-2001/Endpoint Security msp_service northwind msp_service/Endpoint Security',
        'AGR-2001/Managed Services Agreement msp_service northwind msp_service/Managed Services Agreement',
        'MSA-1001/Backup 2 TB msp_service contoso msp_service/Backup 2 TB',
        'MSA-1001/Endpoint Security msp_service contoso msp_service/Endpoint Security',
        'MSA-1001/Managed Services Agreement msp_service contoso msp_service/Managed Services Agreement',
        'MSA-1002/Managed Services Agreement msp_service contoso-pharma-uk msp_service/Managed Services Agreement',
        'TT-77/Managed Services Agreement msp_service - msp_service/Managed Services Agreement',
      ]);
      const catalog = await store.db.selectFrom('catalog_items').select(['id', 'kind', 'product_id', 'sku_id', 'product_title']).orderBy('id').execute();
      expect(catalog.map((c) => `${c.id} ${c.kind} ${c.product_id}|${c.sku_id}|${c.product_title}`)).toEqual([
        'msp_service/Backup 2 TB msp_service Backup 2 TB||Backup 2 TB',
        'msp_service/Endpoint Security msp_service Endpoint Security||Endpoint Security',
        'msp_service/Managed Services Agreement msp_service Managed Services Agreement||Managed Services Agreement',
      ]);

      const purchase = await store.db.selectFrom('subscription_events').select(['effective_date', 'type', 'payload', 'source', 'source_ref', 'identity']).where('subscription_id', '=', 'MSA-1002/Managed Services Agreement').execute();
      expect(purchase).toEqual([
        {
          effective_date: '2026-03-15', type: 'purchase', source: 'services', source_ref: `import ${outcome.importId} line 5`, identity: 'purchase:2026-03-15',
          payload: {
            productName: 'Managed Services Agreement', quantity: 18, unitPrice: '125.00', currency: 'USD', autoRenew: true, termStart: '2026-03-15', termEnd: '2026-11-30',
            term: 'P12M', billing: 'monthly', noticeDays: 60, prorationPolicy: 'daily', contractId: 'MSA-1002',
          },
        },
      ]);

      const ledger = new LedgerQueries(store);
      const state = async (id: string, date: string) => {
        const s = await ledger.subscriptionOn(ORG, id, date);
        return s && `${s.status} ${s.quantity}×${s.unitPrice} ${s.currency} ${s.billing} ${s.term} ${s.termStart}..${s.termEnd} auto=${s.autoRenew}`;
      };
      expect(await state(MSA, '2025-11-30')).toBeUndefined();
      expect(await state(MSA, '2025-12-01')).toBe('active 50×125.00 USD monthly P12M 2025-12-01..2026-11-30 auto=true');
      expect(await state('MSA-1001/Endpoint Security', '2026-01-10')).toBe('active 55×4.50 USD monthly P12M 2025-12-01..2026-11-30 auto=true');
      expect(await state('AGR-2001/Managed Services Agreement', '2026-06-30')).toBe('active 25×330.00 GBP quarterly P12M 2026-01-01..2026-12-31 auto=false');
      expect(await state('AGR-2001/Endpoint Security', '2026-06-30')).toBe('active 30×60.00 GBP annual P12M 2026-01-01..2026-12-31 auto=true');
      const contoso = await ledger.accountOn(ORG, 'contoso', '2026-02-01');
      expect(contoso.map((s) => `${s.subscriptionId} ${s.quantity}`)).toEqual(['MSA-1001/Backup 2 TB 2', 'MSA-1001/Endpoint Security 55', `${MSA} 50`]);
    } finally {
      await store.close();
    }
  });

  it('adds nothing for the same lines again, then records seat changes on the snapshot day and a renewal on its start', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const [header, ...rows] = JANUARY.trimEnd().split('\n');
      const april = JANUARY.replace('Managed Services Agreement,50,125.00', 'Managed Services Agreement,55,125.00').replace('Endpoint Security,55,4.50', 'Endpoint Security,60,4.50');
      const december = `${HEADER}\nMSA-1001,Contoso Ltd,contoso.com,Managed Services Agreement,55,131.25,USD,monthly,2026-12-01,2027-11-30,12,true,60,daily,\n`;
      const files = writeTempFiles({ january: JANUARY, again: JANUARY, reordered: `${[header, ...rows.reverse()].join('\n')}\n`, april, december });
      await importServices(store, files.january as string, '2026-01-10T08:00:00Z');
      const before = await countRecords(store, ORG);
      const same = await importServices(store, files.again as string, '2026-01-11T08:00:00Z');
      expect([same.alreadyImported, same.imported, same.duplicates]).toEqual([true, 0, 7]);
      const reordered = await importServices(store, files.reordered as string, '2026-02-01T08:00:00Z');
      expect([reordered.alreadyImported, reordered.imported, reordered.duplicates]).toEqual([false, 0, 7]);
      const after = await countRecords(store, ORG);
      expect({ ...after, imports: 0, auditLog: 0 }).toEqual({ ...before, imports: 0, auditLog: 0 });

      const changed = await importServices(store, files.april as string, '2026-04-14T08:00:00Z');
      expect([changed.imported, changed.duplicates]).toEqual([2, 5]);
      const renewed = await importServices(store, files.december as string, '2026-12-02T08:00:00Z');
      expect([renewed.imported, renewed.duplicates]).toEqual([1, 0]);
      expect((await ledgerEvents(store)).filter((event) => event.startsWith('MSA-1001/'))).toEqual([
        'MSA-1001/Backup 2 TB 2025-12-01 purchase purchase:2025-12-01',
        'MSA-1001/Endpoint Security 2025-12-01 purchase purchase:2025-12-01',
        'MSA-1001/Endpoint Security 2026-04-14 seat_change seats:55>60@2026-04-14',
        'MSA-1001/Managed Services Agreement 2025-12-01 purchase purchase:2025-12-01',
        'MSA-1001/Managed Services Agreement 2026-04-14 seat_change seats:50>55@2026-04-14',
        'MSA-1001/Managed Services Agreement 2026-12-01 renewal renewal:2026-12-01',
      ]);

      const ledger = new LedgerQueries(store);
      const msa = async (date: string) => {
        const s = await ledger.subscriptionOn(ORG, MSA, date);
        return s && `${s.quantity}×${s.unitPrice} ${s.termStart}..${s.termEnd}`;
      };
      expect([await msa('2026-04-13'), await msa('2026-04-14'), await msa('2026-11-30'), await msa('2026-12-01')]).toEqual([
        '50×125.00 2025-12-01..2026-11-30',
        '55×125.00 2025-12-01..2026-11-30',
        '55×125.00 2025-12-01..2026-11-30',
        '55×131.25 2026-12-01..2027-11-30',
      ]);
      const again = await importServices(store, files.december as string, '2026-12-03T08:00:00Z');
      expect([again.alreadyImported, again.imported]).toEqual([true, 0]);
    } finally {
      await store.close();
    }
  });

  it('reads a file that went through European Excel exactly like the original', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const files = writeTempFiles({ plain: JANUARY, excel: asEuropeanExcel(JANUARY, ['StartDate', 'EndDate'], ['UnitPrice']) });
      await importServices(store, files.plain as string, '2026-01-10T08:00:00Z');
      const before = { counts: await countRecords(store, ORG), events: await ledgerEvents(store) };
      const excel = await importServices(store, files.excel as string, '2026-01-10T09:00:00Z');
      expect([excel.rowsRead, excel.imported, excel.duplicates, excel.rejected]).toEqual([7, 0, 7, 0]);
      const after = { counts: await countRecords(store, ORG), events: await ledgerEvents(store) };
      expect({ ...after, counts: { ...after.counts, imports: 0, auditLog: 0 } }).toEqual({ ...before, counts: { ...before.counts, imports: 0, auditLog: 0 } });
    } finally {
      await store.close();
    }
  });

  it('rejects a file with bad rows whole, naming every bad line, and writes nothing', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const bad = `${HEADER}
MSA-1001,Contoso Ltd,contoso.com,Managed Services Agreement,-3,125.00,USD,monthly,2025-12-01,2026-11-30,12,true,60,daily,
MSA-1001,Contoso Ltd,contoso.com,Backup 2 TB,2,90.00,EURO,monthly,2025-12-01,2026-11-30,,true,,monthly,
MSA-1001,Contoso Ltd,contoso.com,Endpoint Security,55,4.50,USD,weekly,2025-12-01,2026-11-30,,,,,
AGR-2001,Northwind Traders Ltd,,Managed Services Agreement,25,330.00,GBP,quarterly,2026-01-01,2025-12-31,12,false,90,none,
AGR-2001,Northwind Traders Ltd,,Endpoint Security,30,60.00,GBP,annual,2026-01-01,2026-12-31,,,thirty,,
TT-77,Tailspin Toys,,Managed Services Agreement,10,95.00,EUR,monthly,2026-01-01,2026-12-31,,,,pro-rata,
TT-77,Tailspin Toys,,Backup 2 TB,1.5,,EUR,monthly,2026-01-01,2026-12-31,,,,,
TT-78,Tailspin Toys,,Backup 2 TB,1,40.00,EUR,monthly,2026-01-01,2026-12-31,,maybe,,,Tailspin Toys Ltd
`;
      const files = writeTempFiles({ bad });
      const error = await importServices(store, files.bad as string, '2026-01-10T08:00:00Z').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as Error).message).toBe(
        '8 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 2: Quantity "-3" is negative\n' +
          '  line 3: Currency "EURO" is not an ISO 4217 currency code\n' +
          '  line 4: BillingPeriod "weekly" is not one of monthly, quarterly, annual\n' +
          '  line 5: EndDate 2025-12-31 is before StartDate 2026-01-01\n' +
          '  line 6: NoticeDays "thirty" is not a number\n' +
          '  line 7: ProrationPolicy "pro-rata" is not one of daily, monthly, none\n' +
          '  line 8: Quantity "1.5" is not a whole number\n' +
          '  line 9: ParentClient "Tailspin Toys Ltd" is the client itself',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.accounts, counts.subscriptions, counts.ledgerEvents, counts.catalogItems, counts.externalIds, counts.unmappedOpen]).toEqual([0, 2, 0, 0, 0, 0, 0]);
    } finally {
      await store.close();
    }
  });
});
