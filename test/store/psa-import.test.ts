import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { psaFormat } from '../../src/imports/psa/psa-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openPsaSink } from '../../src/store/sinks/psa-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { asEuropeanExcel } from '../support/excel.ts';

const ORG = 'msp';
const handler = { format: psaFormat, openSink: openPsaSink };

/** ConnectWise Manage agreement additions, as exported from /finance/agreements/{id}/additions with the company joined. */
const CONNECTWISE = `agreementId,agreementName,companyId,companyName,id,product,description,quantity,unitPrice,unitCost,billCustomer,effectiveDate,cancelledDate,prorateCurrentPeriodFlag
1042,Contoso Managed Services,19300,Contoso Ltd,88001,M365-BP,Microsoft 365 Business Premium,50,22.00,18.70,Billable,2025-12-01,,true
1042,Contoso Managed Services,19300,Contoso Ltd,88002,DEF-EP1,Microsoft Defender for Endpoint P1,50,3.00,2.55,Billable,2025-12-01,,true
1042,Contoso Managed Services,19300,Contoso Ltd,88003,M365-BS,Microsoft 365 Business Standard,5,12.50,10.63,Billable,2025-12-01,2026-03-31,false
1042,Contoso Managed Services,19300,Contoso Ltd,88004,ONBOARD,Onboarding (waived),1,450.00,0,NoCharge,2025-12-01,,
2077,Fabrikam Essentials,19411,Fabrikam Inc,88101,M365-BP,Microsoft 365 Business Premium,12,22.00,18.70,DoNotBill,2026-02-15,,false
`;

/** Autotask contract services joined with their contracts (Units from ContractServiceUnits). */
const AUTOTASK = `ContractID,ContractName,CompanyID,CompanyName,id,ServiceName,InvoiceDescription,Units,UnitPrice,AdjustedPrice,UnitCost,StartDate,EndDate
30045,Northwind Managed IT,29684,Northwind Traders,5501,Managed Workstation,Managed workstation per device,48,45.00,42.50,20.00,2026-01-01,2026-12-31
30045,Northwind Managed IT,29684,Northwind Traders,5502,Backup 2 TB,Cloud backup 2 TB,1,180.00,,95.00,2026-01-01,2026-12-31
30045,Northwind Managed IT,29684,Northwind Traders,5503,Endpoint Security,Endpoint security per device,48,6.00,5.50,2.10,2026-01-01,2026-12-31
`;

/** The same additions as ConnectWise's REST API returns them. */
const CONNECTWISE_JSON = [
  { id: 88001, product: { id: 311, identifier: 'M365-BP' }, quantity: 50, unitPrice: 22, unitCost: 18.7, billCustomer: 'Billable', effectiveDate: '2025-12-01T00:00:00Z', cancelledDate: null, prorateCurrentPeriodFlag: true, description: 'Microsoft 365 Business Premium' },
  { id: 88002, product: { id: 312, identifier: 'DEF-EP1' }, quantity: 50, unitPrice: 3, unitCost: 2.55, billCustomer: 'Billable', effectiveDate: '2025-12-01T00:00:00Z', cancelledDate: null, prorateCurrentPeriodFlag: true, description: 'Microsoft Defender for Endpoint P1' },
  { id: 88003, product: { id: 313, identifier: 'M365-BS' }, quantity: 5, unitPrice: 12.5, unitCost: 10.63, billCustomer: 'Billable', effectiveDate: '2025-12-01T00:00:00Z', cancelledDate: '2026-03-31T00:00:00Z', prorateCurrentPeriodFlag: false, description: 'Microsoft 365 Business Standard' },
  { id: 88004, product: { id: 90, identifier: 'ONBOARD' }, quantity: 1, unitPrice: 450, unitCost: 0, billCustomer: 'NoCharge', effectiveDate: '2025-12-01T00:00:00Z', cancelledDate: null, prorateCurrentPeriodFlag: null, description: 'Onboarding (waived)' },
  { id: 88101, product: { id: 311, identifier: 'M365-BP' }, quantity: 12, unitPrice: 22, unitCost: 18.7, billCustomer: 'DoNotBill', effectiveDate: '2026-02-15T00:00:00Z', cancelledDate: null, prorateCurrentPeriodFlag: false, description: 'Microsoft 365 Business Premium' },
].map((addition) => {
  const agreement = addition.id < 88100 ? { agreementId: 1042, agreementName: 'Contoso Managed Services', company: { id: 19300, identifier: 'Contoso', name: 'Contoso Ltd' } } : { agreementId: 2077, agreementName: 'Fabrikam Essentials', company: { id: 19411, identifier: 'Fabrikam', name: 'Fabrikam Inc' } };
  return { ...addition, ...agreement, _info: { lastUpdated: '2026-02-15T10:12:00Z' } };
});

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

function importPsa(store: Store, path: string, now = '2026-04-14T09:00:00Z') {
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad: false, now: () => now });
}

/** Every stored line, numbers compared by value (22.00 = 22). */
async function storedLines(store: Store): Promise<string[]> {
  const lines = await store.db.selectFrom('psa_contract_lines').selectAll().orderBy('system').orderBy('external_id').execute();
  const number = (value: string | null) => (value === null ? '' : Decimal.parse(value).trimmed().toString());
  return lines.map((l) =>
    [
      l.system, l.external_id, l.contract_id, l.contract_name, l.company_id, l.company_name, l.account_id ?? '-', l.product, l.description,
      `${number(l.quantity)}×${number(l.unit_price)}`, `cost ${number(l.unit_cost)}`, `bill=${l.bill_customer}`, `${l.effective_date ?? ''}..${l.cancelled_date ?? ''}`,
      `prorate=${l.prorate}`,
    ].join(' | '),
  );
}

const CONNECTWISE_LINES = [
  'connectwise | 88001 | 1042 | Contoso Managed Services | 19300 | Contoso Ltd | contoso | M365-BP | Microsoft 365 Business Premium | 50×22 | cost 18.7 | bill=true | 2025-12-01.. | prorate=true',
  'connectwise | 88002 | 1042 | Contoso Managed Services | 19300 | Contoso Ltd | contoso | DEF-EP1 | Microsoft Defender for Endpoint P1 | 50×3 | cost 2.55 | bill=true | 2025-12-01.. | prorate=true',
  'connectwise | 88003 | 1042 | Contoso Managed Services | 19300 | Contoso Ltd | contoso | M365-BS | Microsoft 365 Business Standard | 5×12.5 | cost 10.63 | bill=true | 2025-12-01..2026-03-31 | prorate=false',
  'connectwise | 88004 | 1042 | Contoso Managed Services | 19300 | Contoso Ltd | contoso | ONBOARD | Onboarding (waived) | 1×450 | cost 0 | bill=false | 2025-12-01.. | prorate=null',
  'connectwise | 88101 | 2077 | Fabrikam Essentials | 19411 | Fabrikam Inc | - | M365-BP | Microsoft 365 Business Premium | 12×22 | cost 18.7 | bill=false | 2026-02-15.. | prorate=false',
];

describe.each(TEST_DATABASES)('PSA contract lines import ($name database)', (database) => {
  it('stores ConnectWise additions and Autotask services, matching companies to accounts', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const files = writeTempFiles({ 'connectwise.csv': CONNECTWISE, 'autotask.csv': AUTOTASK });
      const cw = await importPsa(store, files['connectwise.csv'] as string);
      expect([cw.rowsRead, cw.imported, cw.duplicates, cw.rejected]).toEqual([5, 5, 0, 0]);
      const at = await importPsa(store, files['autotask.csv'] as string);
      expect([at.rowsRead, at.imported, at.duplicates, at.rejected]).toEqual([3, 3, 0, 0]);
      expect(await storedLines(store)).toEqual([
        'autotask | 5501 | 30045 | Northwind Managed IT | 29684 | Northwind Traders | northwind | Managed Workstation | Managed workstation per device | 48×42.5 | cost 20 | bill=true | 2026-01-01..2026-12-31 | prorate=true',
        'autotask | 5502 | 30045 | Northwind Managed IT | 29684 | Northwind Traders | northwind | Backup 2 TB | Cloud backup 2 TB | 1×180 | cost 95 | bill=true | 2026-01-01..2026-12-31 | prorate=true',
        'autotask | 5503 | 30045 | Northwind Managed IT | 29684 | Northwind Traders | northwind | Endpoint Security | Endpoint security per device | 48×5.5 | cost 2.1 | bill=true | 2026-01-01..2026-12-31 | prorate=true',
        ...CONNECTWISE_LINES,
      ]);
      const mapped = await store.db.selectFrom('external_ids').select(['system', 'external_id', 'entity_id', 'matched_by']).orderBy('system').execute();
      expect(mapped.map((m) => `${m.system} ${m.external_id} → ${m.entity_id} by ${m.matched_by}`)).toEqual(['autotask 29684 → northwind by name', 'connectwise 19300 → contoso by name']);
      const unmapped = await store.db.selectFrom('unmapped_records').select(['system', 'external_id', 'external_name', 'status']).execute();
      expect(unmapped).toEqual([{ system: 'connectwise', external_id: '19411', external_name: 'Fabrikam Inc', status: 'open' }]);
    } finally {
      await store.close();
    }
  });

  it('adds nothing when the same lines come again, and updates a line the PSA changed in place', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const [header, ...rows] = CONNECTWISE.trimEnd().split('\n');
      const changed = CONNECTWISE.replace('88001,M365-BP,Microsoft 365 Business Premium,50,22.00', '88001,M365-BP,Microsoft 365 Business Premium,55,22.00')
        .replace('88002,DEF-EP1,Microsoft Defender for Endpoint P1,50,3.00,2.55,Billable,2025-12-01,', '88002,DEF-EP1,Microsoft Defender for Endpoint P1,50,3.00,2.55,Billable,2025-12-01,2026-04-30')
        .replace('88101,M365-BP,Microsoft 365 Business Premium,12,22.00', '88101,M365-BP,Microsoft 365 Business Premium,12,23.10');
      const files = writeTempFiles({ first: CONNECTWISE, again: CONNECTWISE, reordered: `${[header, ...rows.reverse()].join('\n')}\n`, changed });
      const first = await importPsa(store, files.first as string);
      const same = await importPsa(store, files.again as string);
      expect([same.alreadyImported, same.imported, same.duplicates]).toEqual([true, 0, 5]);
      const reordered = await importPsa(store, files.reordered as string);
      expect([reordered.alreadyImported, reordered.imported, reordered.duplicates]).toEqual([false, 0, 5]);
      expect(await storedLines(store)).toEqual(CONNECTWISE_LINES);

      const update = await importPsa(store, files.changed as string, '2026-04-30T09:00:00Z');
      expect([update.imported, update.duplicates, update.rejected]).toEqual([3, 2, 0]);
      const lines = await storedLines(store);
      expect(lines[0]).toContain('| 55×22 |');
      expect(lines[1]).toContain('| 2025-12-01..2026-04-30 |');
      expect(lines[4]).toContain('| 12×23.1 |');
      const byImport = await store.db.selectFrom('psa_contract_lines').select(['external_id', 'import_id']).orderBy('external_id').execute();
      expect(byImport.map((line) => `${line.external_id}:${line.import_id === first.importId ? 'first' : line.import_id === update.importId ? 'update' : '?'}`)).toEqual([
        '88001:update', '88002:update', '88003:first', '88004:first', '88101:update',
      ]);
      const counts = await countRecords(store, ORG);
      expect([counts.psaContractLines, counts.imports, counts.unmappedOpen, counts.externalIds]).toEqual([5, 3, 1, 1]);
    } finally {
      await store.close();
    }
  });

  it('reads the API JSON and a file that went through European Excel exactly like the CSV', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const files = writeTempFiles({
        'additions.json': CONNECTWISE_JSON,
        'excel.csv': asEuropeanExcel(CONNECTWISE, ['effectiveDate', 'cancelledDate'], ['unitPrice', 'unitCost']),
        'autotask.csv': AUTOTASK,
        'autotask-excel.csv': asEuropeanExcel(AUTOTASK, ['StartDate', 'EndDate'], ['UnitPrice', 'AdjustedPrice', 'UnitCost']),
      });
      const json = await importPsa(store, files['additions.json'] as string);
      expect([json.rowsRead, json.imported, json.rejected]).toEqual([5, 5, 0]);
      expect(await storedLines(store)).toEqual(CONNECTWISE_LINES);
      const excel = await importPsa(store, files['excel.csv'] as string);
      expect([excel.rowsRead, excel.imported, excel.duplicates, excel.rejected]).toEqual([5, 0, 5, 0]);
      await importPsa(store, files['autotask.csv'] as string);
      const before = await storedLines(store);
      const autotaskExcel = await importPsa(store, files['autotask-excel.csv'] as string);
      expect([autotaskExcel.rowsRead, autotaskExcel.imported, autotaskExcel.duplicates, autotaskExcel.rejected]).toEqual([3, 0, 3, 0]);
      expect(await storedLines(store)).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('rejects a file with bad rows whole, naming every bad line, and writes nothing', async () => {
    const store = await database.open();
    try {
      await setUp(store);
      const bad = CONNECTWISE.replace('88001,M365-BP,Microsoft 365 Business Premium,50,', '88001,M365-BP,Microsoft 365 Business Premium,fifty,')
        .replace('Billable,2025-12-01,,true\n1042,Contoso Managed Services,19300,Contoso Ltd,88003', 'Invoiced,2025-12-01,,true\n1042,Contoso Managed Services,19300,Contoso Ltd,88003')
        .replace('2025-12-01,2026-03-31,false', '2025-12-01,2025-11-30,false')
        .replace('1042,Contoso Managed Services,19300,Contoso Ltd,88004,ONBOARD', '1042,Contoso Managed Services,19300,Contoso Ltd,,ONBOARD')
        .replace('Fabrikam Inc,88101,M365-BP', 'Fabrikam Inc,88101,');
      const files = writeTempFiles({ bad, 'not-psa.csv': 'AgreementName,Product,Qty\nContoso,M365-BP,50\n' });
      const error = await importPsa(store, files.bad as string).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as Error).message).toBe(
        '5 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 2: quantity "fifty" is not a number\n' +
          '  line 3: billCustomer "Invoiced" is not Billable, DoNotBill or NoCharge\n' +
          '  line 4: cancelledDate 2025-11-30 is before effectiveDate 2025-12-01\n' +
          '  line 5: id is empty\n' +
          '  line 6: product is empty',
      );
      const notPsa = await importPsa(store, files['not-psa.csv'] as string).catch((caught: unknown) => caught);
      expect((notPsa as Error).message).toBe(
        'this is not a psa file: missing columns agreementId/ContractID, id, quantity/Units, unitPrice/AdjustedPrice (the header has AgreementName, Product, Qty)',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.psaContractLines, counts.unmappedOpen, counts.externalIds]).toEqual([0, 0, 0, 0]);
    } finally {
      await store.close();
    }
  });
});
