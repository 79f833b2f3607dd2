import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postAll } from '../../../src/integrations/posting/http-poster.ts';
import { quickbooksInvoicePosting } from '../../../src/integrations/posting/quickbooks.ts';
import { QuickBooksStandIn } from '../../../src/integrations/posting/stand-ins/quickbooks.ts';
import { CREDENTIALS, MARCH_CREDIT_NOTE, MARCH_INVOICE, QUICKBOOKS_CONFIG, rawRequest, refusal } from './fixtures.ts';

describe('posting invoices to the QuickBooks Online stand-in', () => {
  let quickbooks: QuickBooksStandIn;
  const auth = { Authorization: `Bearer ${CREDENTIALS.quickbooks.accessToken}` };
  const invoiceUrl = () => `${quickbooks.baseUrl}/v3/company/${QUICKBOOKS_CONFIG.realmId}/invoice`;
  const line = { DetailType: 'SalesItemLineDetail', Amount: 60.32, SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 5, UnitPrice: 12.0645 } };

  beforeEach(async () => {
    quickbooks = await QuickBooksStandIn.start({
      accessToken: CREDENTIALS.quickbooks.accessToken,
      realmId: QUICKBOOKS_CONFIG.realmId,
      customers: ['58'],
      items: ['31', '32'],
      taxCodes: ['3'],
    });
  });
  afterEach(() => quickbooks.close());

  const send = (posting = quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG)) =>
    postAll([posting], { dryRun: false, baseUrls: { quickbooks: quickbooks.baseUrl }, credentials: CREDENTIALS });

  it('creates the invoice as built, with the requestid and bearer token', async () => {
    const posting = quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG);
    const [result] = await send(posting);
    expect(result?.externalIds).toEqual(['130']);
    expect(quickbooks.documents).toEqual([{ entity: 'Invoice', Id: '130', TotalAmt: 858.38, body: posting.requests[0]?.body }]);
    const [request] = quickbooks.server.received;
    expect(request?.url).toBe('/v3/company/9130357766215186/invoice?requestid=coterm-invoice-inv_2025_03_contoso');
    expect(request?.headers.authorization).toBe('Bearer qbo-token-eyJhbGci');
    expect(result?.requests[0]?.headers.Authorization).toBe('Bearer [redacted]');
  });

  it('answers a repeated requestid with the first response and creates nothing', async () => {
    const [first] = await send();
    const [second] = await send();
    expect(second?.responses).toEqual(first?.responses);
    expect(second?.externalIds).toEqual(['130']);
    expect(quickbooks.documents).toHaveLength(1);
    expect(quickbooks.server.received).toHaveLength(2);
  });

  it('refuses a DocNumber already used, when posted under another requestid', async () => {
    await send();
    const again = { ...quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG), idempotencyKey: 'coterm-invoice-inv_2025_03_contoso-retry' };
    const error = await refusal(send(again));
    expect(error.message).toBe(
      `quickbooks: invoice INV-2025-0142 for Contoso Dental Ltd (POST ${quickbooks.baseUrl}/v3/company/9130357766215186/invoice?requestid=coterm-invoice-inv_2025_03_contoso-retry) ` +
        'was refused with 400: Duplicate Document Number Error: You must specify a different number. This number has already been used. ' +
        'DocNumber=INV-2025-0142 is assigned to TxnType=Invoice with TxnId=130 (code 6140)',
    );
    expect(quickbooks.documents).toHaveLength(1);
  });

  it('refuses a line whose Amount is not Qty × UnitPrice to the cent', async () => {
    const response = await rawRequest(`${invoiceUrl()}?requestid=raw-1`, 'POST', auth, { CustomerRef: { value: '58' }, Line: [{ ...line, Amount: 60.33 }] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Fault: {
        Error: [{ Message: 'Amount calculation incorrect in the request.', Detail: 'Amount is not equal to UnitPrice * Qty. Supplied value:60.33', code: '6070', element: 'Line[0].Amount' }],
        type: 'ValidationFault',
      },
    });
    const rounded = await rawRequest(`${invoiceUrl()}?requestid=raw-2`, 'POST', auth, { CustomerRef: { value: '58' }, Line: [line] });
    expect(rounded.status).toBe(200);
  });

  it('refuses an unknown customer or item and a missing CustomerRef or Line', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ CustomerRef: { value: '404' }, Line: [line] }, '2500', 'Invalid Reference Id : Customer 404 does not exist or is inactive'],
      [{ CustomerRef: { value: '58' }, Line: [{ ...line, SalesItemLineDetail: { ...line.SalesItemLineDetail, ItemRef: { value: '99' } } }] }, '2500', 'Invalid Reference Id : Item 99 does not exist or is inactive'],
      [{ Line: [line] }, '2020', 'Required parameter CustomerRef is missing in the request'],
      [{ CustomerRef: { value: '58' }, Line: [] }, '2020', 'Required parameter Line is missing in the request'],
    ];
    for (const [body, code, detail] of cases) {
      const response = await rawRequest(invoiceUrl(), 'POST', auth, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ Fault: { Error: [{ code, Detail: detail }], type: 'ValidationFault' } });
    }
    const unlinked = quickbooksInvoicePosting({ ...MARCH_INVOICE, customer: { ...MARCH_INVOICE.customer, externalIds: { quickbooks: '404' } } }, QUICKBOOKS_CONFIG);
    await expect(send(unlinked)).rejects.toThrow('was refused with 400: Invalid Reference Id: Invalid Reference Id : Customer 404 does not exist or is inactive (code 2500)');
    expect(quickbooks.documents).toEqual([]);
  });

  it('posts a credit note as a credit memo', async () => {
    const [result] = await send(quickbooksInvoicePosting(MARCH_CREDIT_NOTE, QUICKBOOKS_CONFIG));
    expect(quickbooks.server.received[0]?.url).toBe('/v3/company/9130357766215186/creditmemo?requestid=coterm-credit-note-cn_2025_03_contoso');
    expect(result?.responses[0]?.body).toMatchObject({ CreditMemo: { Id: '130', DocNumber: 'CN-2025-0007', TotalAmt: 28.96 } });
    expect(quickbooks.documents.map((document) => [document.entity, document.TotalAmt])).toEqual([['CreditMemo', 28.96]]);
  });

  it('refuses a request without the bearer token, in the lower-case fault QuickBooks uses for authentication', async () => {
    const result = await refusal(postAll([quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG)], {
      dryRun: false,
      baseUrls: { quickbooks: quickbooks.baseUrl },
      credentials: { quickbooks: { accessToken: 'expired' } },
    }));
    expect(result.message).toMatch(/was refused with 401: message=AuthenticationFailed; errorCode=003200; statusCode=401: Invalid or missing bearer token \(code 3200\)$/);
    expect(quickbooks.documents).toEqual([]);
  });
});
