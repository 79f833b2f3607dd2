import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { usageFormat } from '../../src/imports/usage/usage-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openUsageSink } from '../../src/store/sinks/usage-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { asEuropeanExcel } from '../support/excel.ts';

const ORG = 'msp';
const handler = { format: usageFormat, openSink: openUsageSink };

/** October's signals: seats from Partner Center, backup and endpoint from the RMM, tickets from the PSA, Azure from the invoice. */
const OCTOBER = `Client,Signal,PeriodStart,PeriodEnd,Value,Capacity,Category,SubscriptionId
Contoso Ltd,seats_assigned,2026-10-01,2026-10-31,47,50,,MSA-1001/Managed Services Agreement
Contoso Ltd,backup_utilisation,2026-10-01,2026-10-31,1.72,2,,MSA-1001/Backup 2 TB
Contoso Ltd,endpoint_coverage,2026-10-01,2026-10-31,52,55,,
Contoso Ltd,tickets,2026-10-01,2026-10-31,4,,security how-to,
Contoso Ltd,tickets,2026-10-01,2026-10-31,11,,password reset,
northwind,azure_consumption,2026-10-01,2026-10-31,1284.37,,Virtual Machines,
`;

async function setUp(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).execute();
  await store.db
    .insertInto('accounts')
    .values([
      { organization_id: ORG, id: 'contoso', name: 'Contoso Ltd', normalized_name: 'contoso', domain: 'contoso.com', country: 'GB', parent_account_id: null },
      { organization_id: ORG, id: 'northwind', name: 'Northwind Traders', normalized_name: 'northwind traders', domain: 'northwind.com', country: 'US', parent_account_id: null },
    ])
    .execute();
}

function importUsage(store: Store, path: string, skipBad = false) {
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad, now: () => '2026-11-02T07:00:00Z' });
}

async function storedSignals(store: Store): Promise<string[]> {
  const signals = await store.db.selectFrom('usage_signals').selectAll().orderBy('account_id').orderBy('kind').orderBy('category').execute();
  return signals.map((s) => `${s.account_id} ${s.kind} ${s.period_start}..${s.period_end} ${s.value}/${s.capacity ?? '-'} [${s.category}] [${s.subscription_id}] ${s.source}`);
}

const OCTOBER_SIGNALS = [
  'contoso backup_utilisation 2026-10-01..2026-10-31 1.72/2 [] [MSA-1001/Backup 2 TB] import',
  'contoso endpoint_coverage 2026-10-01..2026-10-31 52/55 [] [] import',
  'contoso seats_assigned 2026-10-01..2026-10-31 47/50 [] [MSA-1001/Managed Services Agreement] import',
  'contoso tickets 2026-10-01..2026-10-31 11/- [password reset] [] import',
  'contoso tickets 2026-10-01..2026-10-31 4/- [security how-to] [] import',
  'northwind azure_consumption 2026-10-01..2026-10-31 1284.37/- [Virtual Machines] [] import',
];

describe.each(TEST_DATABASES)('usage signals import ($name database)', (database) => {
  it('stores each signal for the account its client names (by name or id), once', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const [header, ...rows] = OCTOBER.trimEnd().split('\n');
      const files = writeTempFiles({ october: OCTOBER, again: OCTOBER, reordered: `${[header, ...rows.reverse()].join('\n')}\n` });
      const first = await importUsage(store, files.october as string);
      expect([first.rowsRead, first.imported, first.duplicates, first.rejected]).toEqual([6, 6, 0, 0]);
      expect(await storedSignals(store)).toEqual(OCTOBER_SIGNALS);
      const mapped = await store.db.selectFrom('external_ids').select(['system', 'external_id', 'entity_id', 'matched_by']).execute();
      expect(mapped).toEqual([{ system: 'coterm', external_id: 'contoso', entity_id: 'contoso', matched_by: 'name' }]);
      const same = await importUsage(store, files.again as string);
      expect([same.alreadyImported, same.imported, same.duplicates]).toEqual([true, 0, 6]);
      const reordered = await importUsage(store, files.reordered as string);
      expect([reordered.alreadyImported, reordered.imported, reordered.duplicates]).toEqual([false, 0, 6]);
      expect(await storedSignals(store)).toEqual(OCTOBER_SIGNALS);
    } finally {
      await store.close();
    }
  });

  it('replaces a re-measured period and reads a file that went through European Excel like the original', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const remeasured = OCTOBER.replace('1.72,2', '1.85,2').replace('4,,security how-to', '5,,security how-to');
      const files = writeTempFiles({
        october: OCTOBER,
        remeasured,
        excel: asEuropeanExcel(remeasured, ['PeriodStart', 'PeriodEnd'], ['Value', 'Capacity']),
      });
      const first = await importUsage(store, files.october as string);
      const update = await importUsage(store, files.remeasured as string);
      expect([update.imported, update.duplicates, update.rejected]).toEqual([2, 4, 0]);
      const signals = await storedSignals(store);
      expect(signals[0]).toBe('contoso backup_utilisation 2026-10-01..2026-10-31 1.85/2 [] [MSA-1001/Backup 2 TB] import');
      expect(signals[4]).toBe('contoso tickets 2026-10-01..2026-10-31 5/- [security how-to] [] import');
      const byImport = await store.db.selectFrom('usage_signals').select(['kind', 'category', 'import_id']).orderBy('kind').orderBy('category').execute();
      expect(byImport.map((s) => `${s.kind}[${s.category}] ${s.import_id === first.importId ? 'first' : 'update'}`)).toEqual([
        'azure_consumption[Virtual Machines] first',
        'backup_utilisation[] update',
        'endpoint_coverage[] first',
        'seats_assigned[] first',
        'tickets[password reset] first',
        'tickets[security how-to] update',
      ]);
      const excel = await importUsage(store, files.excel as string);
      expect([excel.rowsRead, excel.imported, excel.duplicates, excel.rejected]).toEqual([6, 0, 6, 0]);
      expect(await storedSignals(store)).toEqual(signals);
      expect((await countRecords(store, ORG)).usageSignals).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('rejects bad rows and rows of unknown clients whole, naming every line, and writes nothing', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const badCells = `Client,Signal,PeriodStart,PeriodEnd,Value,Capacity,Category,SubscriptionId
Contoso Ltd,logins,2026-10-01,2026-10-31,47,50,,
Contoso Ltd,backup_utilisation,2026-10-01,2026-10-31,-0.5,2,,
Contoso Ltd,endpoint_coverage,2026-10-01,2026-09-30,52,55,,
Contoso Ltd,Seats Assigned,2026-10-01,2026-10-31,47,n/a,,
,tickets,2026-10-01,2026-10-31,4,,security how-to,
`;
      const unknownClients = `Client,Signal,PeriodStart,PeriodEnd,Value,Capacity,Category,SubscriptionId
Contoso Ltd,seats_assigned,2026-10-01,2026-10-31,47,50,,
Tailspin Toys,tickets,2026-10-01,2026-10-31,9,,printer,
Contoso Pharma,seats_assigned,2026-10-01,2026-10-31,15,18,,
Tailspin Toys,endpoint_coverage,2026-10-01,2026-10-31,30,32,,
`;
      const files = writeTempFiles({ badCells, unknownClients });
      const cells = await importUsage(store, files.badCells as string).catch((caught: unknown) => caught);
      expect(cells).toBeInstanceOf(ImportRejectedError);
      expect((cells as Error).message).toBe(
        '5 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 2: Signal "logins" is not one of seats_assigned, azure_consumption, backup_utilisation, endpoint_coverage, tickets\n' +
          '  line 3: Value "-0.5" is negative\n' +
          '  line 4: PeriodEnd 2026-09-30 is before PeriodStart 2026-10-01\n' +
          '  line 5: Capacity "n/a" is not a number\n' +
          '  line 6: Client is empty',
      );
      const clients = await importUsage(store, files.unknownClients as string).catch((caught: unknown) => caught);
      expect(clients).toBeInstanceOf(ImportRejectedError);
      expect((clients as Error).message).toBe(
        '3 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 3: Client "Tailspin Toys" is not a known account: import its contracts first (coterm import services) or use its account id\n' +
          '  line 4: Client "Contoso Pharma" is not mapped to an account (it resembles contoso): use the account id, or map it with coterm mapping\n' +
          '  line 5: Client "Tailspin Toys" is not a known account: import its contracts first (coterm import services) or use its account id',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.usageSignals, counts.externalIds, counts.unmappedOpen]).toEqual([0, 0, 0, 0]);
      const skipped = await importUsage(store, files.unknownClients as string, true);
      expect([skipped.imported, skipped.duplicates, skipped.rejected]).toEqual([1, 0, 3]);
      expect((await countRecords(store, ORG)).usageSignals).toBe(1);
    } finally {
      await store.close();
    }
  });
});
