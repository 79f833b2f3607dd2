import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { adjustInvoiceLine } from '../../src/app/billing/adjust-invoice.ts';
import { issueInvoices } from '../../src/app/billing/issue-invoices.ts';
import { runInvoices } from '../../src/app/billing/run-invoices.ts';
import { runImport } from '../../src/app/imports/run-import.ts';
import { reconcileLedger } from '../../src/app/reconcile/reconcile-ledger.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { RECON_COLUMNS, reconRow } from '../../src/imports/recon-csv.ts';
import { reconFormat } from '../../src/imports/recon/recon-format.ts';
import { savePriceRule } from '../../src/store/billing-configuration.ts';
import { loadFindings, setFindingStatus } from '../../src/store/finding-records.ts';
import { importStore } from '../../src/store/import-store.ts';
import { findInvoice } from '../../src/store/invoice-records.ts';
import { openReconSink } from '../../src/store/sinks/recon-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { simulate } from '../support/nce.ts';
import { WORKED_EXAMPLES } from '../support/recon-files.ts';

const ORG = 'msp';
const AT = '2021-08-02T09:00:00Z';
const CONTOSO = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Contoso Ltd', domain: 'contoso.com' };
const FABRIKAM = { id: 'fab00000-0000-4000-8000-000000000002', name: 'Fabrikam Inc', domain: 'fabrikam.com' };

/** Microsoft's rows for a scenario as its reconciliation file has them, `edit` changing any row. */
function reconCsv(scenario: object, customer: typeof CONTOSO, edit: (row: Record<string, string>) => Record<string, string> = (row) => row): string {
  const rows = simulate(scenario).lines.map((line) => edit({ ...reconRow(line), CustomerId: customer.id, CustomerName: customer.name, CustomerDomainName: customer.domain }));
  return stringify(rows, { header: true, columns: [...RECON_COLUMNS] });
}

async function importRecon(store: Store, csv: string): Promise<void> {
  const files = writeTempFiles({ 'recon.csv': csv });
  await runImport(importStore(store), { format: reconFormat, openSink: openReconSink }, { organizationId: ORG, path: files['recon.csv'] as string, actor: 'test', skipBad: false, now: () => AT });
}

async function organization(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind IT' }).execute();
  await store.db.insertInto('accounts').values({ organization_id: ORG, id: 'contoso', name: 'Contoso Ltd', normalized_name: 'contoso', domain: 'contoso.com', country: 'DE', parent_account_id: null }).execute();
  await store.transaction(async ({ db }) => {
    await savePriceRule(db, ORG, { accountId: null, family: null, skuId: null }, 'markup', Decimal.parse('10'), 'test');
    await savePriceRule(db, ORG, { accountId: null, family: 'azure', skuId: null }, 'markup', Decimal.parse('12'), 'test');
  });
}

describe.each(TEST_DATABASES)('reconciliation against the ledger ($name database)', (database) => {
  it("finds what only the ledger can tell in Microsoft's worked examples, and remembers each finding's status", async () => {
    const store = await database.open();
    try {
      await organization(store);
      // Microsoft bills the July renewal of SEATS (8 × 10.08 = 80.64) as 90.64.
      await importRecon(store, reconCsv(WORKED_EXAMPLES, CONTOSO, (row) => (row.SubscriptionId === 'SEATS' && row.ChargeStartDate === '2021-07-18' ? { ...row, Subtotal: '90.64', Total: '90.64' } : row)));
      // A customer nobody mapped to a client.
      await importRecon(store, reconCsv({ subscriptions: [{ id: 'ORPHAN', product: 'Microsoft 365 Business Basic', unitPrice: '10.00', currency: 'EUR', term: 'P1M', billing: 'monthly', start: '2021-07-01', quantity: 5 }], events: [], through: '2021-07-31' }, FABRIKAM));
      await store.db.insertInto('usage_signals').values({ organization_id: ORG, account_id: 'contoso', subscription_id: 'AZ-1', kind: 'azure_consumption', period_start: '2021-07-01', period_end: '2021-07-31', value: '100.00', source: 'test' }).execute();

      await runInvoices(store, ORG, '2021-06', 'test');
      await issueInvoices(store, ORG, { period: '2021-06' }, CalendarDate.parse('2021-07-01'), 'test');
      await runInvoices(store, ORG, '2021-07', 'test');
      const draft = (await findInvoice(store.db, ORG, '2021-07-contoso-EUR'))!;
      const lineOf = (subscription: string) => draft.lines.find((line) => line.subscriptionId === subscription)!.lineNumber;
      // The July invoice misses 2 of SEATS' 8 seats, and invoices Azure at cost.
      await adjustInvoiceLine(store, ORG, draft.id, lineOf('SEATS'), { quantity: Decimal.parse('6') }, 'client says 6', 'test', AT);
      await adjustInvoiceLine(store, ORG, draft.id, lineOf('AZ-1'), { amount: Decimal.parse('100.00') }, 'at cost', 'test', AT);
      await issueInvoices(store, ORG, { period: '2021-07' }, CalendarDate.parse('2021-08-01'), 'test');

      const report = await reconcileLedger(store, ORG, '2021-07', { actor: 'alice' });
      expect(report.invoicedSource).toBe('coterm');
      const shown = report.findings.map((finding) => [finding.category, finding.subscriptionId, finding.direction, finding.impact.toString(), finding.annualised.toString(), finding.accountId]);
      expect(shown).toEqual([
        ['unmapped_record', 'ORPHAN', 'underbilled', '50.00', '600.00', null],
        ['untracked_seat_addition', 'SEATS', 'underbilled', '22.18', '266.16', 'contoso'],
        ['azure_billing_mismatch', 'AZ-1', 'underbilled', '12.00', '144.00', 'contoso'],
        ['microsoft_charge_mismatch', 'SEATS', 'overbilled', '10.00', '120.00', 'contoso'],
      ]);
      const mismatch = report.findings.find((finding) => finding.category === 'microsoft_charge_mismatch')!;
      expect(mismatch.explanation).toBe('Microsoft billed 90.64; 8 × 10.08 = 80.64: over by 10.00.');
      expect(report.coverage.unmappedRows).toBe(1);
      expect(report.coverage.nothingMatched).toBe(false);
      expect(report.coverage.customersWithoutInvoice).toEqual([]);

      // A decision is kept by later runs; a run again adds no finding.
      const azure = report.findings.find((finding) => finding.category === 'azure_billing_mismatch')!;
      await store.transaction(({ db }) => setFindingStatus(db, ORG, azure.id, 'accepted', 'credit note next month', 'alice'));
      const again = await reconcileLedger(store, ORG, '2021-07', { actor: 'alice' });
      expect(again.findings.map((finding) => [finding.id, finding.status])).toEqual(report.findings.map((finding) => [finding.id, finding.id === azure.id ? 'accepted' : 'open']));
      await expect(store.transaction(({ db }) => setFindingStatus(db, ORG, azure.id, 'dismissed', ' ', 'alice'))).rejects.toThrow('a finding is dismissed with a reason');

      // Against the PSA (which has no lines), the Azure check does not run: its finding is no longer found, but kept.
      await reconcileLedger(store, ORG, '2021-07', { actor: 'alice', source: 'psa' });
      const kept = (await loadFindings(store.db, ORG, { period: '2021-07', includeGone: true })).find((finding) => finding.id === azure.id)!;
      expect([kept.status, kept.statusReason, kept.stillFound]).toEqual(['accepted', 'credit note next month', false]);
    } finally {
      await store.close();
    }
  });

  it('finds a licence invoiced at the price of another term or plan of its SKU (SKU-mix), from the PSA', async () => {
    const store = await database.open();
    try {
      await organization(store);
      const subscription = 'a1b2c3d4-0000-4000-8000-000000000001';
      const scenario = { subscriptions: [{ id: subscription, product: 'Microsoft 365 Business Standard', unitPrice: '12.10', currency: 'EUR', term: 'P1M', billing: 'monthly', start: '2021-06-01', quantity: 10 }], events: [], through: '2021-07-31' };
      await importRecon(store, reconCsv(scenario, CONTOSO, (row) => ({ ...row, ProductId: 'CFQ7TTC0LDPB', SkuId: '0001' })));
      const plan = (term: string, billing: string, unitPrice: string) => ({ organization_id: ORG, product_id: 'CFQ7TTC0LDPB', sku_id: '0001', product_title: 'Microsoft 365 Business Standard', term, billing, market: 'DE', currency: 'EUR', unit_price: unitPrice, effective_start: '2021-01-01' });
      await store.db.insertInto('price_list_rows').values([plan('P1M', 'Monthly', '12.10'), plan('P1Y', 'Monthly', '10.08'), plan('P1Y', 'Annual', '115.20')]).execute();
      // The agreement line bills the one-year price (10.08 + 10 % = 11.09) for a month-to-month licence (12.10 + 10 % = 13.31).
      await store.db
        .insertInto('psa_contract_lines')
        .values({ organization_id: ORG, system: 'connectwise', external_id: '501', contract_id: 'AGR-1', company_id: 'contoso', account_id: 'contoso', product: 'M365-BS', description: `Microsoft 365 Business Standard ${subscription}`, quantity: '10', unit_price: '11.09', bill_customer: true, effective_date: '2021-06-01', prorate: true })
        .execute();
      const report = await reconcileLedger(store, ORG, '2021-07', { actor: 'alice' });
      expect(report.invoicedSource).toBe('psa');
      expect(report.findings.map((finding) => [finding.category, finding.direction, finding.impact.toString(), finding.annualised.toString()])).toEqual([['sku_mix_error', 'underbilled', '22.20', '266.40']]);
      expect(report.findings[0]!.explanation).toBe('Invoiced at 11.09 a month, the P1Y/monthly price; Microsoft bills P1M/monthly, priced 13.31 a month: 10 × 2.22 a month too little, over 31 days.');
    } finally {
      await store.close();
    }
  });
});
