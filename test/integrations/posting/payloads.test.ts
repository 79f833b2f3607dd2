import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { autotaskSeatChangePosting } from '../../../src/integrations/posting/autotask.ts';
import { connectwiseSeatChangePosting } from '../../../src/integrations/posting/connectwise.ts';
import { type PostableInvoice } from '../../../src/integrations/posting/model.ts';
import { exactNumber } from '../../../src/integrations/posting/payload-fields.ts';
import { quickbooksInvoicePosting } from '../../../src/integrations/posting/quickbooks.ts';
import { xeroInvoicePosting } from '../../../src/integrations/posting/xero.ts';
import { AUTOTASK_CHANGE, CONNECTWISE_CHANGE, MARCH_CREDIT_NOTE, MARCH_INVOICE, QUICKBOOKS_CONFIG, XERO_CONFIG, XERO_CONTACT_ID } from './fixtures.ts';

const d = Decimal.parse;

function withLine(invoice: PostableInvoice, index: number, change: Partial<PostableInvoice['lines'][number]>): PostableInvoice {
  return { ...invoice, lines: invoice.lines.map((line, at) => (at === index ? { ...line, ...change } : line)) };
}

describe('ConnectWise agreement additions', () => {
  it('replaces an addition by cancelling it the day before and adding a new one, never editing the old quantity', () => {
    const posting = connectwiseSeatChangePosting(CONNECTWISE_CHANGE);
    expect(posting.target).toBe('connectwise');
    expect(posting.idempotencyKey).toBe('coterm-seat-change-chg_0311');
    expect(posting.requests).toEqual([
      {
        method: 'PATCH',
        path: '/finance/agreements/1842/additions/5531',
        body: [{ op: 'replace', path: 'cancelledDate', value: '2025-03-14T00:00:00Z' }],
        description: 'cancel addition 5531 on agreement 1842 after 2025-03-14',
      },
      {
        method: 'POST',
        path: '/finance/agreements/1842/additions',
        body: {
          product: { identifier: 'CSP-M365-BP-M' },
          quantity: 30,
          unitPrice: 22,
          unitCost: 17.6,
          billCustomer: 'Billable',
          effectiveDate: '2025-03-15T00:00:00Z',
          description: 'Microsoft 365 Business Premium (monthly)',
          prorateCurrentPeriodFlag: true,
        },
        description: 'add 30 × CSP-M365-BP-M at 22.00 to agreement 1842 from 2025-03-15',
      },
    ]);
    expect(JSON.stringify(posting.requests[1]?.body)).toContain('"unitPrice":22,"unitCost":17.6,');
  });

  it('adds without cancelling when nothing is replaced, and only cancels when the new quantity is 0', () => {
    const added = connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, existingLineId: undefined });
    expect(added.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /finance/agreements/1842/additions']);
    const removed = connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, quantity: d('0') });
    expect(removed.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /finance/agreements/1842/additions/5531']);
    expect(() => connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, existingLineId: undefined, quantity: d('0') })).toThrow(
      'change.quantity: is 0 and there is no existing addition to cancel',
    );
  });

  it('refuses a change with a missing field, naming it', () => {
    expect(() => connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, productIdentifier: '' })).toThrow('change.productIdentifier: is required');
    expect(() => connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, agreementId: ' ' })).toThrow('change.agreementId: is required');
    expect(() => connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, system: 'autotask' })).toThrow('change.system: is autotask, not connectwise');
    const missingDate = { ...CONNECTWISE_CHANGE, effectiveDate: undefined } as unknown as typeof CONNECTWISE_CHANGE;
    expect(() => connectwiseSeatChangePosting(missingDate)).toThrow('change.effectiveDate: is required (a CalendarDate)');
  });
});

describe('Autotask contract service adjustments', () => {
  it('creates one adjustment carrying the difference in units', () => {
    const posting = autotaskSeatChangePosting(AUTOTASK_CHANGE);
    expect(posting).toEqual({
      target: 'autotask',
      idempotencyKey: 'coterm-seat-change-chg_0312',
      requests: [
        {
          method: 'POST',
          path: '/ContractServiceAdjustments',
          body: {
            contractID: 29684011,
            serviceID: 41,
            contractServiceID: 88120,
            effectiveDate: '2025-03-15T00:00:00Z',
            unitChange: 5,
            adjustedUnitPrice: 22,
            adjustedUnitCost: 17.6,
          },
          description: 'adjust service 41 on contract 29684011 by +5 units from 2025-03-15',
        },
      ],
    });
    const reduction = autotaskSeatChangePosting({ ...AUTOTASK_CHANGE, quantity: d('22') });
    expect(reduction.requests[0]?.body).toMatchObject({ unitChange: -3 });
    expect(reduction.requests[0]?.description).toBe('adjust service 41 on contract 29684011 by -3 units from 2025-03-15');
  });

  it('refuses what Autotask cannot record', () => {
    expect(() => autotaskSeatChangePosting({ ...AUTOTASK_CHANGE, previousQuantity: undefined })).toThrow('change.previousQuantity: is required (a Decimal)');
    expect(() => autotaskSeatChangePosting({ ...AUTOTASK_CHANGE, quantity: d('30.5') })).toThrow(
      'change.quantity: Autotask adjusts whole units; 30.5 − 25 is not a whole number',
    );
    expect(() => autotaskSeatChangePosting({ ...AUTOTASK_CHANGE, quantity: d('25') })).toThrow('change.quantity: equals previousQuantity (25)');
    expect(() => autotaskSeatChangePosting({ ...AUTOTASK_CHANGE, agreementId: 'AG-1' })).toThrow('change.agreementId: Autotask ids are positive integers (got "AG-1")');
  });
});

describe('QuickBooks Online invoices and credit memos', () => {
  it('builds the invoice with items mapped from GL accounts, exact amounts and the stated tax', () => {
    const posting = quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG);
    expect(posting.target).toBe('quickbooks');
    expect(posting.idempotencyKey).toBe('coterm-invoice-inv_2025_03_contoso');
    expect(posting.requests).toHaveLength(1);
    const request = posting.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v3/company/9130357766215186/invoice');
    expect(request?.description).toBe('invoice INV-2025-0142 for Contoso Dental Ltd');
    expect(request?.body).toEqual({
      DocNumber: 'INV-2025-0142',
      TxnDate: '2025-03-31',
      DueDate: '2025-04-30',
      CustomerRef: { value: '58' },
      CurrencyRef: { value: 'GBP' },
      GlobalTaxCalculation: 'TaxExcluded',
      Line: [
        {
          LineNum: 1,
          DetailType: 'SalesItemLineDetail',
          Amount: 550,
          Description: 'Microsoft 365 Business Premium, March 2025',
          SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 25, UnitPrice: 22, ServiceDate: '2025-03-01', TaxCodeRef: { value: '3' } },
        },
        {
          LineNum: 2,
          DetailType: 'SalesItemLineDetail',
          Amount: 60.32,
          Description: 'Microsoft 365 Business Premium, 5 seats added 15 March (17/31 of the month)',
          SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 5, UnitPrice: 12.0645, ServiceDate: '2025-03-15', TaxCodeRef: { value: '3' } },
        },
        {
          LineNum: 3,
          DetailType: 'SalesItemLineDetail',
          Amount: 105,
          Description: 'Managed Microsoft 365 support, 30 users',
          SalesItemLineDetail: { ItemRef: { value: '32' }, Qty: 30, UnitPrice: 3.5, ServiceDate: '2025-03-01', TaxCodeRef: { value: '3' } },
        },
      ],
      TxnTaxDetail: { TotalTax: 143.06 },
    });
    expect(JSON.stringify(request?.body)).toContain('"Amount":60.32,');
  });

  it('posts a credit note as a creditmemo with positive lines and no due date', () => {
    const posting = quickbooksInvoicePosting(MARCH_CREDIT_NOTE, QUICKBOOKS_CONFIG);
    expect(posting.idempotencyKey).toBe('coterm-credit-note-cn_2025_03_contoso');
    expect(posting.requests[0]?.path).toBe('/v3/company/9130357766215186/creditmemo');
    expect(posting.requests[0]?.description).toBe('credit memo CN-2025-0007 for Contoso Dental Ltd');
    expect(posting.requests[0]?.body).toEqual({
      DocNumber: 'CN-2025-0007',
      TxnDate: '2025-04-02',
      CustomerRef: { value: '58' },
      CurrencyRef: { value: 'GBP' },
      GlobalTaxCalculation: 'TaxExcluded',
      Line: [
        {
          LineNum: 1,
          DetailType: 'SalesItemLineDetail',
          Amount: 24.13,
          Description: 'Microsoft 365 Business Premium, 2 seats returned 18 March',
          SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 2, UnitPrice: 12.0645, ServiceDate: '2025-03-15', TaxCodeRef: { value: '3' } },
        },
      ],
      TxnTaxDetail: { TotalTax: 4.83 },
      CustomerMemo: { value: 'Credit for invoice INV-2025-0142' },
    });
  });

  it('states each line gross of tax on a tax-inclusive invoice, keeping Amount net', () => {
    const body = quickbooksInvoicePosting({ ...MARCH_INVOICE, taxInclusive: true }, QUICKBOOKS_CONFIG).requests[0]?.body as {
      GlobalTaxCalculation: string;
      Line: Array<{ Amount: number; SalesItemLineDetail: { TaxInclusiveAmt: number } }>;
    };
    expect(body.GlobalTaxCalculation).toBe('TaxInclusive');
    expect(body.Line.map((line) => [line.Amount, line.SalesItemLineDetail.TaxInclusiveAmt])).toEqual([
      [550, 660],
      [60.32, 72.38],
      [105, 126],
    ]);
  });

  it('refuses a GL account, tax rate or customer it cannot map, naming the field', () => {
    const noSupportItem = { ...QUICKBOOKS_CONFIG, itemRefByGlAccount: { '4100': '31' } };
    expect(() => quickbooksInvoicePosting(MARCH_INVOICE, noSupportItem)).toThrow(
      'invoice.lines[2].glAccount: no QuickBooks item is mapped to GL account 4300 (config.itemRefByGlAccount)',
    );
    expect(() => quickbooksInvoicePosting(MARCH_INVOICE, { ...QUICKBOOKS_CONFIG, taxCodeRefByRate: { '5': '9' } })).toThrow(
      'invoice.lines[0].taxRate: no QuickBooks tax code is mapped to rate 20% (config.taxCodeRefByRate)',
    );
    const unlinked = { ...MARCH_INVOICE, customer: { ...MARCH_INVOICE.customer, externalIds: { xero: XERO_CONTACT_ID } } };
    expect(() => quickbooksInvoicePosting(unlinked, QUICKBOOKS_CONFIG)).toThrow('invoice.customer.externalIds.quickbooks: is required');
    expect(() => quickbooksInvoicePosting({ ...MARCH_INVOICE, number: 'INV-2025-0142-CONTOSO-01' }, QUICKBOOKS_CONFIG)).toThrow(
      'invoice.number: QuickBooks DocNumber holds at most 21 characters',
    );
    expect(() => quickbooksInvoicePosting(MARCH_INVOICE, { ...QUICKBOOKS_CONFIG, realmId: '' })).toThrow('config.realmId: is required');
  });
});

describe('Xero invoices and credit notes', () => {
  it('builds an ACCREC invoice with GL codes as account codes, mapped tax types and 4-decimal unit amounts', () => {
    const posting = xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG);
    expect(posting.target).toBe('xero');
    expect(posting.idempotencyKey).toBe('coterm-invoice-inv_2025_03_contoso');
    expect(posting.requests).toEqual([
      {
        method: 'PUT',
        path: '/api.xro/2.0/Invoices?unitdp=4',
        description: 'invoice INV-2025-0142 for Contoso Dental Ltd',
        body: {
          Invoices: [
            {
              Type: 'ACCREC',
              Contact: { ContactID: XERO_CONTACT_ID },
              Date: '2025-03-31',
              DueDate: '2025-04-30',
              InvoiceNumber: 'INV-2025-0142',
              CurrencyCode: 'GBP',
              LineAmountTypes: 'Exclusive',
              Status: 'AUTHORISED',
              LineItems: [
                { Description: 'Microsoft 365 Business Premium, March 2025', Quantity: 25, UnitAmount: 22, AccountCode: '4100', TaxType: 'OUTPUT2', LineAmount: 550, TaxAmount: 110 },
                {
                  Description: 'Microsoft 365 Business Premium, 5 seats added 15 March (17/31 of the month)',
                  Quantity: 5,
                  UnitAmount: 12.0645,
                  AccountCode: '4100',
                  TaxType: 'OUTPUT2',
                  LineAmount: 60.32,
                  TaxAmount: 12.06,
                },
                { Description: 'Managed Microsoft 365 support, 30 users', Quantity: 30, UnitAmount: 3.5, AccountCode: '4300', TaxType: 'OUTPUT2', LineAmount: 105, TaxAmount: 21 },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('posts a credit note to CreditNotes as ACCRECCREDIT with positive lines, referencing the invoice', () => {
    const posting = xeroInvoicePosting(MARCH_CREDIT_NOTE, { ...XERO_CONFIG, status: 'DRAFT' });
    expect(posting.requests[0]?.path).toBe('/api.xro/2.0/CreditNotes?unitdp=4');
    expect(posting.requests[0]?.body).toEqual({
      CreditNotes: [
        {
          Type: 'ACCRECCREDIT',
          Contact: { ContactID: XERO_CONTACT_ID },
          Date: '2025-04-02',
          CreditNoteNumber: 'CN-2025-0007',
          Reference: 'INV-2025-0142',
          CurrencyCode: 'GBP',
          LineAmountTypes: 'Exclusive',
          Status: 'DRAFT',
          LineItems: [
            { Description: 'Microsoft 365 Business Premium, 2 seats returned 18 March', Quantity: 2, UnitAmount: 12.0645, AccountCode: '4100', TaxType: 'OUTPUT2', LineAmount: 24.13, TaxAmount: 4.83 },
          ],
        },
      ],
    });
  });

  it('writes tax-inclusive lines gross, with the gross unit amount when it is exact', () => {
    const body = xeroInvoicePosting({ ...MARCH_INVOICE, taxInclusive: true }, XERO_CONFIG).requests[0]?.body as {
      Invoices: Array<{ LineAmountTypes: string; LineItems: Array<{ UnitAmount: number; LineAmount: number; TaxAmount: number }> }>;
    };
    expect(body.Invoices[0]?.LineAmountTypes).toBe('Inclusive');
    expect(body.Invoices[0]?.LineItems.map((item) => [item.UnitAmount, item.LineAmount, item.TaxAmount])).toEqual([
      [26.4, 660, 110],
      [14.476, 72.38, 12.06],
      [4.2, 126, 21],
    ]);
  });

  it('leaves the unit amount for Xero to derive when it has more decimals than Xero keeps', () => {
    const oneLine: PostableInvoice = {
      ...MARCH_INVOICE,
      lines: [{ ...MARCH_INVOICE.lines[1]!, lineNumber: 1, quantity: d('7'), unitPrice: d('12.06452'), amount: d('84.45'), taxAmount: d('16.89') }],
      subtotal: d('84.45'),
      tax: d('16.89'),
      total: d('101.34'),
    };
    const request = xeroInvoicePosting(oneLine, XERO_CONFIG).requests[0];
    expect(request?.path).toBe('/api.xro/2.0/Invoices');
    const item = (request?.body as { Invoices: Array<{ LineItems: Array<Record<string, unknown>> }> }).Invoices[0]?.LineItems[0];
    expect(item).toEqual({ Description: oneLine.lines[0]?.description, Quantity: 7, AccountCode: '4100', TaxType: 'OUTPUT2', LineAmount: 84.45, TaxAmount: 16.89 });
  });

  it('refuses an unmapped tax rate or a customer without a Xero contact, naming the field', () => {
    expect(() => xeroInvoicePosting(MARCH_INVOICE, { taxTypeByRate: {} })).toThrow(
      'invoice.lines[0].taxRate: no Xero TaxType is mapped to rate 20% (config.taxTypeByRate)',
    );
    const unlinked = { ...MARCH_INVOICE, customer: { ...MARCH_INVOICE.customer, externalIds: { quickbooks: '58' } } };
    expect(() => xeroInvoicePosting(unlinked, XERO_CONFIG)).toThrow('invoice.customer.externalIds.xero: is required');
  });
});

describe('invoice checks shared by the accounting builders', () => {
  it('refuses a line whose amount is not quantity × unit price to the cent', () => {
    const wrong = { ...withLine(MARCH_INVOICE, 1, { amount: d('60.33') }), subtotal: d('715.33'), total: d('858.39') };
    expect(() => quickbooksInvoicePosting(wrong, QUICKBOOKS_CONFIG)).toThrow(
      'invoice.lines[1].amount: 60.33 is not quantity × unitPrice (5 × 12.0645 = 60.32 to the cent)',
    );
  });

  it('refuses totals that do not add up', () => {
    expect(() => xeroInvoicePosting({ ...MARCH_INVOICE, subtotal: d('715.33') }, XERO_CONFIG)).toThrow(
      'invoice.subtotal: 715.33 is not the sum of the line amounts (715.32)',
    );
    expect(() => xeroInvoicePosting({ ...MARCH_INVOICE, tax: d('143.05') }, XERO_CONFIG)).toThrow('invoice.tax: 143.05 is not the sum of the line tax amounts (143.06)');
    expect(() => xeroInvoicePosting({ ...MARCH_INVOICE, total: d('858.37') }, XERO_CONFIG)).toThrow('invoice.total: 858.37 is not subtotal + tax (858.38)');
  });

  it('refuses missing fields and a positive credit note line, naming the field', () => {
    expect(() => xeroInvoicePosting(withLine(MARCH_INVOICE, 0, { description: '' }), XERO_CONFIG)).toThrow('invoice.lines[0].description: is required');
    expect(() => xeroInvoicePosting(withLine(MARCH_INVOICE, 2, { glAccount: '' }), XERO_CONFIG)).toThrow('invoice.lines[2].glAccount: is required');
    expect(() => quickbooksInvoicePosting({ ...MARCH_INVOICE, number: '' }, QUICKBOOKS_CONFIG)).toThrow('invoice.number: is required');
    expect(() => quickbooksInvoicePosting({ ...MARCH_INVOICE, currency: 'pounds' }, QUICKBOOKS_CONFIG)).toThrow('invoice.currency: must be an ISO 4217 code');
    const positiveCredit = {
      ...withLine(MARCH_CREDIT_NOTE, 0, { quantity: d('2'), amount: d('24.13'), taxAmount: d('4.83') }),
      subtotal: d('24.13'),
      tax: d('4.83'),
      total: d('28.96'),
    };
    expect(() => quickbooksInvoicePosting(positiveCredit, QUICKBOOKS_CONFIG)).toThrow("invoice.lines[0].amount: a credit note's line amounts are negative (got 24.13)");
  });

  it('raises an InvalidInputError carrying the field', () => {
    try {
      quickbooksInvoicePosting({ ...MARCH_INVOICE, lines: [] }, QUICKBOOKS_CONFIG);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('invoice.lines');
      expect((error as Error).message).toBe('invoice.lines: has no lines');
    }
  });
});

describe('amounts in payloads', () => {
  it('are JSON numbers only when a double carries the Decimal exactly', () => {
    expect(exactNumber(d('12.0645'), 'x')).toBe(12.0645);
    expect(exactNumber(d('-24.130'), 'x')).toBe(-24.13);
    expect(() => exactNumber(d('1234567890.123456789'), 'lines[0].unitPrice')).toThrow(
      'lines[0].unitPrice: 1234567890.123456789 cannot be written exactly as a JSON number',
    );
    expect(() => exactNumber(d('0.0000001'), 'x')).toThrow('x: 0.0000001 cannot be written exactly as a JSON number');
  });
});
