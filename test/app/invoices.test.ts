import { describe, expect, it } from 'vitest';
import { adjustInvoiceLine } from '../../src/app/billing/adjust-invoice.ts';
import { creditInvoice } from '../../src/app/billing/credit-invoice.ts';
import { openDispute } from '../../src/app/billing/invoice-disputes.ts';
import { invoiceLinesCsv } from '../../src/app/billing/invoice-exports.ts';
import { issueInvoices } from '../../src/app/billing/issue-invoices.ts';
import { runInvoices } from '../../src/app/billing/run-invoices.ts';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { savePriceRule, saveTaxRule } from '../../src/store/billing-configuration.ts';
import { findInvoice, loadInvoices } from '../../src/store/invoice-records.ts';
import { appendLedgerEvents, type NewLedgerEvent } from '../../src/store/ledger-repository.ts';
import { type Store } from '../../src/store/store.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { shownText } from '../support/pdf-text.ts';

const ORG = 'msp';
const AT = '2026-04-01T09:00:00Z';
const day = (text: string) => CalendarDate.parse(text);

function purchase(subscriptionId: string, date: string, payload: NewLedgerEvent['payload']): NewLedgerEvent {
  return { subscriptionId, effectiveDate: date, type: 'purchase', payload: { status: 'active', autoRenew: true, ...payload }, source: 'test', sourceRef: null, identity: `purchase:${date}` };
}

/**
 * Contoso (UK, one billing entity, 20 % VAT): Business Premium billed monthly
 * with 5 seats added on 11 March, E3 billed annually and co-termed to 31
 * December, a managed-services contract and a month of Azure. Fabrikam (US,
 * no tax rule): one service. Margins: 10 % on licences, 12 % on Azure.
 */
async function portfolio(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind IT' }).execute();
  await store.db
    .insertInto('accounts')
    .values([
      { organization_id: ORG, id: 'contoso', name: 'Contoso Ltd', normalized_name: 'contoso', domain: 'contoso.com', country: 'GB', parent_account_id: null },
      { organization_id: ORG, id: 'fabrikam', name: 'Fabrikam Inc', normalized_name: 'fabrikam', domain: 'fabrikam.com', country: 'US', parent_account_id: null },
    ])
    .execute();
  await store.db.insertInto('billing_entities').values({ organization_id: ORG, id: 'contoso-uk', account_id: 'contoso', name: 'Contoso UK Ltd', currency: 'GBP', country: 'GB', tax_id: 'GB123456789' }).execute();
  const subscription = (id: string, kind: 'nce' | 'msp_service' | 'azure_plan', accountId: string, productName: string) => ({ organization_id: ORG, id, kind, account_id: accountId, tenant_id: null, billing_entity_id: null, catalog_item_id: null, product_name: productName, sku_id: null });
  await store.db
    .insertInto('subscriptions')
    .values([
      subscription('S1', 'nce', 'contoso', 'Microsoft 365 Business Premium'),
      subscription('S2', 'nce', 'contoso', 'Microsoft 365 E3'),
      subscription('S3', 'msp_service', 'contoso', 'Managed services'),
      subscription('S4', 'msp_service', 'fabrikam', 'Managed services'),
    ])
    .execute();
  const nce = { term: 'P1Y', currency: 'GBP' };
  await store.transaction(({ connection }) =>
    appendLedgerEvents(connection, ORG, [
      purchase('S1', '2026-01-15', { ...nce, productName: 'Microsoft 365 Business Premium', quantity: 25, unitPrice: '20.00', billing: 'monthly', termStart: '2026-01-15', termEnd: '2027-01-14' }),
      { subscriptionId: 'S1', effectiveDate: '2026-03-11', type: 'seat_change', payload: { quantity: 30 }, source: 'test', sourceRef: null, identity: 'seats:30' },
      purchase('S2', '2026-03-15', { ...nce, productName: 'Microsoft 365 E3', quantity: 10, unitPrice: '240.00', billing: 'annual', termStart: '2026-03-15', termEnd: '2026-12-31' }),
      purchase('S3', '2026-01-01', { productName: 'Managed services', quantity: 40, unitPrice: '45.00', currency: 'GBP', billing: 'monthly', term: 'P12M', termStart: '2026-01-01', termEnd: '2026-12-31', noticeDays: 60, prorationPolicy: 'daily' }),
      purchase('S4', '2026-01-01', { productName: 'Managed services', quantity: 5, unitPrice: '100.00', currency: 'USD', billing: 'monthly', term: 'P12M', termStart: '2026-01-01', termEnd: '2026-12-31', noticeDays: 30, prorationPolicy: 'daily' }),
    ]),
  );
  await store.db
    .insertInto('usage_signals')
    .values({ organization_id: ORG, account_id: 'contoso', subscription_id: 'AZ-1', kind: 'azure_consumption', period_start: '2026-03-01', period_end: '2026-03-31', value: '1234.56', source: 'test' })
    .execute();
  await store.transaction(async ({ db }) => {
    await savePriceRule(db, ORG, { accountId: null, family: null, skuId: null }, 'markup', Decimal.parse('10'), 'test');
    await savePriceRule(db, ORG, { accountId: null, family: 'azure', skuId: null }, 'markup', Decimal.parse('12'), 'test');
    await saveTaxRule(db, ORG, { scope: 'country', value: 'GB' }, { name: 'VAT', rate: Decimal.parse('20'), inclusive: false, rounding: 'line' }, 'test');
  });
}

const CONTOSO = '2026-03-contoso-contoso-uk-GBP';
const FABRIKAM = '2026-03-fabrikam-USD';

async function lines(store: Store, id: string): Promise<string[][]> {
  const invoice = await findInvoice(store.db, ORG, id);
  return invoice!.lines.map((line) => [String(line.lineNumber), line.kind, line.description.split(',')[0]!, line.quantity.toString(), line.unitPrice.toString(), line.amount.toString(), line.tax.toString(), line.glAccount]);
}

describe.each(TEST_DATABASES)('invoices ($name database)', (database) => {
  it('drafts a month from the ledger: prorated seats, a co-term stub, services, Azure with its margin, taxes per entity', async () => {
    const store = await database.open();
    try {
      await portfolio(store);
      const report = await runInvoices(store, ORG, '2026-03', 'alice');
      expect(report.drafts.map((draft) => [draft.id, draft.subtotal, draft.tax, draft.total, draft.currency])).toEqual([
        [CONTOSO, '5919.23', '1183.84', '7103.07', 'GBP'],
        [FABRIKAM, '500.00', '0.00', '500.00', 'USD'],
      ]);
      expect(await lines(store, CONTOSO)).toEqual([
        ['1', 'azure', 'Azure consumption', '1', '1382.71', '1382.71', '276.54', '4020'],
        ['2', 'recurring', 'Managed services', '40', '45.00', '1800.00', '360.00', '4030'],
        ['3', 'prorated', 'Microsoft 365 Business Premium (prorated)', '25', '22.00', '177.42', '35.48', '4010'],
        ['4', 'prorated', 'Microsoft 365 Business Premium (prorated)', '30', '22.00', '447.10', '89.42', '4010'],
        ['5', 'stub', 'Microsoft 365 E3 (co-term stub)', '10', '264.00', '2112.00', '422.40', '4010'],
      ]);
      const contoso = await findInvoice(store.db, ORG, CONTOSO);
      expect(contoso!.lines[4]!.explanation.text).toBe('10 × 264.00 × 292/365 = 2112.00 GBP for 2026-03-15 – 2026-12-31.');
      expect(contoso!.lines[0]!.pricing.text).toBe('Cost 1234.56 GBP marked up 12 % (rule 2, family azure) = 1382.71.');

      // The same ledger gives the same drafts, under the same ids.
      const again = await runInvoices(store, ORG, '2026-03', 'alice');
      expect(again.drafts).toEqual(report.drafts);
      expect((await loadInvoices(store.db, ORG)).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('keeps a reviewer’s adjustment with its reason, and re-taxes the draft', async () => {
    const store = await database.open();
    try {
      await portfolio(store);
      await runInvoices(store, ORG, '2026-03', 'alice');
      const adjusted = await adjustInvoiceLine(store, ORG, CONTOSO, 2, { amount: Decimal.parse('1700') }, 'goodwill: onboarding month', 'bob', AT);
      expect([adjusted.subtotal, adjusted.tax, adjusted.total]).toEqual(['5819.23', '1163.84', '6983.07']);
      const line = (await findInvoice(store.db, ORG, CONTOSO))!.lines[1]!;
      expect(line.adjustment).toEqual({ reason: 'goodwill: onboarding month', by: 'bob', at: AT, was: { quantity: '40', unitPrice: '45.00', amount: '1800.00', description: line.description } });
      const rerun = await runInvoices(store, ORG, '2026-03', 'alice');
      expect(rerun.keptAdjusted.map((draft) => [draft.id, draft.total])).toEqual([[CONTOSO, '6983.07']]);
      expect(rerun.drafts.map((draft) => draft.id)).toEqual([FABRIKAM]);
      await expect(adjustInvoiceLine(store, ORG, CONTOSO, 2, { amount: Decimal.parse('1') }, ' ', 'bob', AT)).rejects.toThrow('an adjustment needs a reason');
    } finally {
      await store.close();
    }
  });

  it('numbers issued invoices without gaps, and the database refuses any change to them', async () => {
    const store = await database.open();
    try {
      await portfolio(store);
      await runInvoices(store, ORG, '2026-03', 'alice');
      await expect(issueInvoices(store, ORG, { ids: [CONTOSO, 'no-such-draft'] }, day('2026-04-01'), 'alice')).rejects.toThrow('no draft invoice "no-such-draft"');
      // Two people issue the same draft at once: one wins, the other is refused and uses no number.
      const race = await Promise.allSettled([issueInvoices(store, ORG, { ids: [FABRIKAM] }, day('2026-04-01'), 'alice'), issueInvoices(store, ORG, { ids: [FABRIKAM] }, day('2026-04-01'), 'bob')]);
      expect(race.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const [second] = await issueInvoices(store, ORG, { ids: [CONTOSO] }, day('2026-04-01'), 'alice');
      expect((await loadInvoices(store.db, ORG, { status: 'issued' })).map((invoice) => [invoice.id, invoice.number])).toEqual([
        [FABRIKAM, 'INV-2026-00001'],
        [CONTOSO, 'INV-2026-00002'],
      ]);
      expect(second!.dueOn).toBe('2026-05-01');

      const issued = (await findInvoice(store.db, ORG, CONTOSO))!;
      expect(issued.parties?.billTo).toEqual({ accountId: 'contoso', name: 'Contoso UK Ltd', billingEntityId: 'contoso-uk', country: 'GB', taxId: 'GB123456789' });
      await expect(adjustInvoiceLine(store, ORG, issued.number!, 1, { amount: Decimal.parse('1') }, 'typo', 'bob', AT)).rejects.toThrow(`invoice ${issued.number} is issued and cannot be changed; correct it with a credit note`);
      await expect(store.db.updateTable('invoices').set({ total: '0' }).where('id', '=', CONTOSO).execute()).rejects.toThrow('is issued and cannot be changed');
      await expect(store.db.updateTable('invoice_lines').set({ amount: '0' }).where('invoice_id', '=', CONTOSO).execute()).rejects.toThrow('is issued and its lines cannot be changed');
      await expect(store.db.deleteFrom('invoice_lines').where('invoice_id', '=', CONTOSO).execute()).rejects.toThrow('is issued and its lines cannot be changed');
      await expect(store.db.deleteFrom('invoices').where('id', '=', CONTOSO).execute()).rejects.toThrow('is issued and cannot be changed');

      const rerun = await runInvoices(store, ORG, '2026-03', 'alice');
      expect(rerun.drafts).toEqual([]);
      expect(rerun.alreadyIssued.map((invoice) => invoice.number).sort()).toEqual(['INV-2026-00001', 'INV-2026-00002']);
      expect((await findInvoice(store.db, ORG, CONTOSO))!.total.toString()).toBe('7103.07');
    } finally {
      await store.close();
    }
  });

  it('corrects an issued invoice with a credit note that reverses lines exactly, once', async () => {
    const store = await database.open();
    try {
      await portfolio(store);
      await runInvoices(store, ORG, '2026-03', 'alice');
      await issueInvoices(store, ORG, { period: '2026-03' }, day('2026-04-01'), 'alice');
      const number = (await findInvoice(store.db, ORG, CONTOSO))!.number!;
      const note = await creditInvoice(store, ORG, number, [3], 'seats added on 11 March were a mistake', 'bob');
      expect([note.kind, note.subtotal, note.tax, note.total]).toEqual(['credit_note', '-177.42', '-35.48', '-212.90']);
      await expect(creditInvoice(store, ORG, number, [3], 'again', 'bob')).rejects.toThrow(`line 3 of ${number} is already credited by ${note.id}`);
      const [issuedNote] = await issueInvoices(store, ORG, { ids: [note.id] }, day('2026-04-03'), 'bob');
      expect(issuedNote!.number).toBe('CN-2026-00001');

      const csv = invoiceLinesCsv(await loadInvoices(store.db, ORG, { ids: [note.id] }));
      expect(csv.split('\n')[1]).toBe(`CN-2026-00001,${note.id},credit_note,issued,2026-04-03,2026-05-03,2026-03,contoso,contoso-uk,GBP,1,S1,credit,"Credit: Microsoft 365 Business Premium (prorated), 2026-03-01 – 2026-03-10",2026-03-01,2026-03-10,-25,22.00,-177.42,-177.42,-35.48,20,4010,3,amount = − credited line,Reverses line 3 of ${number}: seats added on 11 March were a mistake.,`);

      const dispute = await openDispute(store, ORG, number, 'disputes the added seats', day('2026-04-02'), 'carol');
      expect([dispute.invoiceNumber, dispute.status]).toEqual([number, 'open']);
      const pdf = await renderInvoicePdf((await findInvoice(store.db, ORG, note.id))!, { sellerName: 'Northwind IT', creditedNumber: number, compress: false });
      const text = shownText(pdf);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(text).toContain('Credit note CN-2026-00001');
      expect(text).toContain(`Credits invoice`);
      expect(text.slice(text.indexOf('Total GBP'), text.indexOf('Total GBP') + 2)).toEqual(['Total GBP', '-212.90']);
    } finally {
      await store.close();
    }
  });
});
