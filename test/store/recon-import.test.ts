import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { reconFormat } from '../../src/imports/recon/recon-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { LedgerQueries } from '../../src/store/ledger-repository.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openReconSink } from '../../src/store/sinks/recon-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { reconAsEuropeanExcel, reconCsvFor, WORKED_EXAMPLES } from '../support/recon-files.ts';

const ORG = 'msp';
const handler = { format: reconFormat, openSink: openReconSink };

async function importRecon(store: Store, path: string, skipBad = false) {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).onConflict((c) => c.doNothing()).execute();
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad, now: () => '2026-11-21T12:00:00Z' });
}

describe.each(TEST_DATABASES)('reconciliation import ($name database)', (database) => {
  it('keeps every billed row and builds the ledger it implies, queryable on any date', async () => {
    const store = await database.open();
    try {
      const files = writeTempFiles({ recon: reconCsvFor(WORKED_EXAMPLES) });
      const outcome = await importRecon(store, files.recon as string);
      expect([outcome.rowsRead, outcome.imported, outcome.duplicates, outcome.rejected]).toEqual([10, 10, 0, 0]);
      const ledger = new LedgerQueries(store);
      const seatsOn = async (date: string) => (await ledger.subscriptionOn(ORG, 'SEATS', date))?.quantity;
      expect([await seatsOn('2021-06-18'), await seatsOn('2021-06-20'), await seatsOn('2021-06-25'), await seatsOn('2021-07-18')]).toEqual([10, 12, 8, 8]);
      expect(await ledger.subscriptionOn(ORG, 'SEATS', '2021-06-17')).toBeUndefined();
      expect((await ledger.subscriptionOn(ORG, 'CANCELLED', '2021-07-17'))?.status).toBe('cancelled');
      const upfront = await ledger.subscriptionOn(ORG, 'UPFRONT', '2021-12-01');
      expect([upfront?.term, upfront?.billing, upfront?.termEnd, upfront?.unitPrice, upfront?.quantity]).toEqual(['P1Y', 'annual', '2022-06-17', '120.96', 10]);
      const upgraded = await ledger.subscriptionOn(ORG, 'UPGRADED', '2021-06-30');
      expect([upgraded?.productName, upgraded?.quantity, upgraded?.termEnd]).toEqual(['Office 365 E1', 4, '2021-07-17']);
      const counts = await countRecords(store, ORG);
      expect([counts.billedLines, counts.tenants, counts.subscriptions, counts.unmappedOpen, counts.imports]).toEqual([10, 1, 4, 1, 1]);
    } finally {
      await store.close();
    }
  });

  it('adds nothing when the same file, or the same rows in another file, come again', async () => {
    const store = await database.open();
    try {
      const csv = reconCsvFor(WORKED_EXAMPLES);
      const files = writeTempFiles({ first: csv, again: csv, reordered: reorderRows(csv) });
      await importRecon(store, files.first as string);
      const before = await countRecords(store, ORG);
      const same = await importRecon(store, files.again as string);
      expect([same.alreadyImported, same.imported, same.duplicates]).toEqual([true, 0, 10]);
      const reordered = await importRecon(store, files.reordered as string);
      expect([reordered.alreadyImported, reordered.imported, reordered.duplicates]).toEqual([false, 0, 10]);
      const after = await countRecords(store, ORG);
      expect({ ...after, imports: before.imports, auditLog: before.auditLog }).toEqual(before);
      expect([after.imports, after.auditLog]).toEqual([2, 2]);
    } finally {
      await store.close();
    }
  });

  it('reads a file that went through European Excel exactly like the original', async () => {
    const store = await database.open();
    try {
      const files = writeTempFiles({ excel: reconAsEuropeanExcel(reconCsvFor(WORKED_EXAMPLES)) });
      const outcome = await importRecon(store, files.excel as string);
      expect([outcome.imported, outcome.rejected]).toEqual([10, 0]);
      const lines = await store.db.selectFrom('billed_lines').select(['charge_type', 'subtotal', 'charge_start']).where('subscription_id', '=', 'SEATS').orderBy('line_number').execute();
      expect(lines.map((line) => `${line.charge_type} ${line.charge_start} ${line.subtotal}`)).toEqual([
        'new 2021-06-18 100.80',
        'addQuantity 2021-06-20 -94.08',
        'addQuantity 2021-06-20 112.89',
        'convert 2021-06-25 -30.88',
        'renew 2021-07-18 80.64',
      ]);
    } finally {
      await store.close();
    }
  });

  it('rejects a file with bad rows whole, naming every bad line, and writes nothing', async () => {
    const store = await database.open();
    try {
      const csv = reconCsvFor(WORKED_EXAMPLES).split('\n');
      const header = (csv[0] ?? '').split(',');
      const broken = csv.map((line, index) => {
        const cells = line.split(',');
        if (index === 3) cells[header.indexOf('Subtotal')] = 'abc';
        if (index === 5) cells[header.indexOf('ChargeStartDate')] = '2021-13-40';
        if (index === 6) cells[header.indexOf('ChargeType')] = 'refundEverything';
        return cells.join(',');
      });
      const files = writeTempFiles({ bad: broken.join('\n') });
      const error = await importRecon(store, files.bad as string).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as Error).message).toBe(
        '3 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 4: Subtotal "abc" is not a number\n' +
          '  line 6: ChargeStartDate "2021-13-40" is not a date\n' +
          '  line 7: ChargeType "refundEverything" is not a reconciliation charge type',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.billedLines, counts.subscriptions, counts.ledgerEvents, counts.tenants]).toEqual([0, 0, 0, 0, 0]);
      const skipped = await importRecon(store, files.bad as string, true);
      expect([skipped.imported, skipped.rejected]).toEqual([7, 3]);
    } finally {
      await store.close();
    }
  });
});

function reorderRows(csv: string): string {
  const [header, ...rows] = csv.trimEnd().split('\n');
  return `${[header, ...rows.reverse()].join('\n')}\n`;
}
