import { describe, expect, it } from 'vitest';
import { creditInvoice } from '../../src/app/billing/credit-invoice.ts';
import { issueInvoices } from '../../src/app/billing/issue-invoices.ts';
import { runInvoices } from '../../src/app/billing/run-invoices.ts';
import { postInvoices } from '../../src/app/posting/post-invoices.ts';
import { postSeatChanges } from '../../src/app/posting/post-seat-changes.ts';
import { readPostingConfig } from '../../src/app/posting/posting-config.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { ConnectWiseStandIn } from '../../src/integrations/posting/stand-ins/connectwise.ts';
import { QuickBooksStandIn } from '../../src/integrations/posting/stand-ins/quickbooks.ts';
import { saveTaxRule } from '../../src/store/billing-configuration.ts';
import { recordRun, setFindingStatus } from '../../src/store/finding-records.ts';
import { appendLedgerEvents } from '../../src/store/ledger-repository.ts';
import { loadPostings } from '../../src/store/posting-records.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';

const ORG = 'msp';
const SUBSCRIPTION = 'a1b2c3d4-0000-4000-8000-000000000001';
const QUICKBOOKS = { accessToken: 'qbo-token', realmId: '9130', customers: ['58'], items: ['31'], taxCodes: ['3'] };
const CONNECTWISE = { companyId: 'northwind', publicKey: 'pub', privateKey: 'priv', clientId: 'client-1' };

/** Contoso (client 58 in QuickBooks): 40 seats of managed services at 45.00, 20 % VAT; March issued. */
async function issuedMarch(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind IT' }).execute();
  await store.db.insertInto('accounts').values({ organization_id: ORG, id: 'contoso', name: 'Contoso Ltd', normalized_name: 'contoso', domain: null, country: 'GB', parent_account_id: null }).execute();
  await store.db.insertInto('external_ids').values({ organization_id: ORG, system: 'quickbooks', entity_type: 'account', external_id: '58', entity_id: 'contoso', matched_by: 'manual' }).execute();
  await store.db.insertInto('subscriptions').values({ organization_id: ORG, id: 'S3', kind: 'msp_service', account_id: 'contoso', tenant_id: null, billing_entity_id: null, catalog_item_id: null, product_name: 'Managed services', sku_id: null }).execute();
  await store.transaction(({ connection }) =>
    appendLedgerEvents(connection, ORG, [
      { subscriptionId: 'S3', effectiveDate: '2026-01-01', type: 'purchase', payload: { status: 'active', productName: 'Managed services', quantity: 40, unitPrice: '45.00', currency: 'GBP', billing: 'monthly', term: 'P12M', termStart: '2026-01-01', termEnd: '2026-12-31', prorationPolicy: 'daily' }, source: 'test', sourceRef: null, identity: 'purchase' },
    ]),
  );
  await store.transaction(({ db }) => saveTaxRule(db, ORG, { scope: 'default', value: '' }, { name: 'VAT', rate: Decimal.parse('20'), inclusive: false, rounding: 'line' }, 'test'));
  await runInvoices(store, ORG, '2026-03', 'test');
  await issueInvoices(store, ORG, { period: '2026-03' }, CalendarDate.parse('2026-04-01'), 'test');
}

describe.each(TEST_DATABASES)('posting ($name database)', (database) => {
  it('posts issued invoices and credit notes to QuickBooks Online once, after a dry run that sends nothing', async () => {
    const store = await database.open();
    const quickbooks = await QuickBooksStandIn.start(QUICKBOOKS);
    try {
      await issuedMarch(store);
      const files = writeTempFiles({
        'posting.json': JSON.stringify({ quickbooks: { baseUrl: quickbooks.baseUrl, accessToken: QUICKBOOKS.accessToken, realmId: QUICKBOOKS.realmId, itemRefByGlAccount: { '4030': '31' }, taxCodeRefByRate: { '20': '3' } } }),
      });
      const config = await readPostingConfig(files['posting.json'] as string);

      const preview = await postInvoices(store, ORG, { period: '2026-03' }, 'quickbooks', config, { send: false, actor: 'alice' });
      expect(preview.results.map((result) => [result.subjectId, result.dryRun, result.requests.map((request) => `${request.method} ${request.url}`)])).toEqual([
        ['INV-2026-00001', true, [`POST ${quickbooks.baseUrl}/v3/company/9130/invoice?requestid=coterm-invoice-INV-2026-00001`]],
      ]);
      expect(quickbooks.documents).toEqual([]);

      const sent = await postInvoices(store, ORG, { period: '2026-03' }, 'quickbooks', config, { send: true, actor: 'alice' });
      expect(sent.results[0]!.responses.map((response) => response.status)).toEqual([200]);
      expect(quickbooks.documents.map((document) => [document.entity, document.TotalAmt])).toEqual([['Invoice', 2160]]);

      const again = await postInvoices(store, ORG, { period: '2026-03' }, 'quickbooks', config, { send: true, actor: 'alice' });
      expect([again.results.length, again.alreadyPosted]).toEqual([0, ['INV-2026-00001']]);
      expect(quickbooks.documents.length).toBe(1);

      const note = await creditInvoice(store, ORG, 'INV-2026-00001', undefined, 'service not delivered in March', 'bob');
      await issueInvoices(store, ORG, { ids: [note.id] }, CalendarDate.parse('2026-04-05'), 'bob');
      await postInvoices(store, ORG, { numbers: ['CN-2026-00001'] }, 'quickbooks', config, { send: true, actor: 'bob' });
      expect(quickbooks.documents.map((document) => [document.entity, document.TotalAmt])).toEqual([
        ['Invoice', 2160],
        ['CreditMemo', 2160],
      ]);
      const postings = await loadPostings(store.db, ORG);
      expect(postings.map((posting) => [posting.subjectId, posting.status])).toEqual([
        ['INV-2026-00001', 'previewed'],
        ['INV-2026-00001', 'posted'],
        ['CN-2026-00001', 'posted'],
      ]);
    } finally {
      await quickbooks.close();
      await store.close();
    }
  });

  it('posts an accepted seat finding to ConnectWise as a cancelled addition and a new one, and records a refusal', async () => {
    const store = await database.open();
    const connectwise = await ConnectWiseStandIn.start({
      credentials: CONNECTWISE,
      agreements: [77],
      additions: [{ id: 901, agreementId: 77, product: { identifier: 'M365-BP' }, quantity: 10, unitPrice: 26.4, billCustomer: 'Billable', effectiveDate: '2026-01-01T00:00:00Z' }],
    });
    try {
      await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind IT' }).execute();
      await store.db
        .insertInto('psa_contract_lines')
        .values({ organization_id: ORG, system: 'connectwise', external_id: '901', contract_id: '77', company_id: 'contoso', account_id: null, product: 'M365-BP', description: `Microsoft 365 Business Premium ${SUBSCRIPTION}`, quantity: '10', unit_price: '26.40', bill_customer: true, effective_date: '2026-01-01' })
        .execute();
      const finding = {
        category: 'untracked_seat_addition' as const,
        customerId: 'tenant-1',
        subscriptionId: SUBSCRIPTION,
        productName: 'Microsoft 365 Business Premium',
        from: CalendarDate.parse('2026-03-11'),
        until: CalendarDate.parse('2026-03-31'),
        microsoftSeats: 12,
        invoicedSeats: 10,
        direction: 'underbilled' as const,
        impact: Decimal.parse('35.77'),
        annualised: Decimal.parse('633.60'),
        currency: 'USD',
        explanation: '2 seats × 26.40 a month',
        suggestion: 'add 2 seats',
        evidence: { microsoft: [], invoiced: [] },
        accountId: null,
      };
      const none = Decimal.ZERO;
      const coverage = {
        period: { start: CalendarDate.parse('2026-03-01'), end: CalendarDate.parse('2026-03-31') },
        ...{ microsoftRows: 1, microsoftAmount: none, matchedRows: 1, matchedAmount: none, unmatchedRows: 0, unmatchedAmount: none, skippedRows: 0, skippedAmount: none },
        ...{ invoiceLines: 1, matchedInvoiceLines: 1, unmatchedInvoiceLines: [], customersWithoutInvoice: [], nothingMatched: false },
      };
      await store.transaction((transaction) => recordRun(transaction, ORG, { period: '2026-03', source: 'psa', actor: 'alice', coverage, findings: [finding] }));
      await store.transaction(({ db }) => setFindingStatus(db, ORG, 1, 'accepted', 'client confirmed 12 users', 'alice'));
      const files = writeTempFiles({ 'posting.json': JSON.stringify({ connectwise: { baseUrl: connectwise.baseUrl, ...CONNECTWISE } }) });
      const config = await readPostingConfig(files['posting.json'] as string);

      const report = await postSeatChanges(store, ORG, '2026-03', config, { send: true, actor: 'alice' });
      expect(report.results[0]!.requests.map((request) => `${request.method} ${request.url.replace(connectwise.baseUrl, '')}`)).toEqual(['PATCH /finance/agreements/77/additions/901', 'POST /finance/agreements/77/additions']);
      expect(connectwise.additions.map((addition) => [addition.id, addition.quantity, addition.effectiveDate, addition.cancelledDate])).toEqual([
        [901, 10, '2026-01-01T00:00:00Z', '2026-03-10T00:00:00Z'],
        [1000, 12, '2026-03-11T00:00:00Z', null],
      ]);

      // The same change again is refused by ConnectWise (the addition is already cancelled): recorded as failed, nothing half-posted.
      await store.db.deleteFrom('postings').execute();
      await expect(postSeatChanges(store, ORG, '2026-03', config, { send: true, actor: 'alice' })).rejects.toThrow('connectwise');
      expect((await loadPostings(store.db, ORG)).map((posting) => posting.status)).toEqual(['failed']);
      expect(connectwise.additions.length).toBe(2);
    } finally {
      await connectwise.close();
      await store.close();
    }
  });

  it('refuses a configuration with a bad field, naming it', async () => {
    const files = writeTempFiles({ 'posting.json': JSON.stringify({ xero: { baseUrl: 'not a url', accessToken: 't', tenantId: 'x', taxTypeByRate: {} } }) });
    await expect(readPostingConfig(files['posting.json'] as string)).rejects.toThrow(/posting\.json: xero\.baseUrl: /);
  });
});
