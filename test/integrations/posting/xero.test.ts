import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postAll } from '../../../src/integrations/posting/http-poster.ts';
import { XeroStandIn } from '../../../src/integrations/posting/stand-ins/xero.ts';
import { xeroInvoicePosting } from '../../../src/integrations/posting/xero.ts';
import { CREDENTIALS, MARCH_CREDIT_NOTE, MARCH_INVOICE, rawRequest, refusal, without, XERO_CONFIG, XERO_CONTACT_ID } from './fixtures.ts';

describe('posting invoices to the Xero stand-in', () => {
  let xero: XeroStandIn;
  const auth = { Authorization: `Bearer ${CREDENTIALS.xero.accessToken}`, 'xero-tenant-id': CREDENTIALS.xero.tenantId };
  const invoice = {
    Type: 'ACCREC',
    Contact: { ContactID: XERO_CONTACT_ID },
    InvoiceNumber: 'INV-RAW-1',
    LineItems: [{ Description: 'Microsoft 365 Business Premium', Quantity: 1, UnitAmount: 22, AccountCode: '4100', TaxType: 'OUTPUT2', LineAmount: 22 }],
  };

  beforeEach(async () => {
    xero = await XeroStandIn.start({
      accessToken: CREDENTIALS.xero.accessToken,
      tenantId: CREDENTIALS.xero.tenantId,
      contacts: [XERO_CONTACT_ID],
      accountCodes: ['4100', '4300'],
      taxTypes: ['OUTPUT2', 'ZERORATEDOUTPUT'],
    });
  });
  afterEach(() => xero.close());

  const send = (posting = xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG)) =>
    postAll([posting], { dryRun: false, baseUrls: { xero: xero.baseUrl }, credentials: CREDENTIALS });

  it('creates the invoice as built, totalling what coterm invoiced', async () => {
    const posting = xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG);
    const [result] = await send(posting);
    const id = '00000000-0000-4000-8000-000000000001';
    expect(result?.externalIds).toEqual([id]);
    const stored = xero.documents[0];
    expect(stored).toMatchObject({ collection: 'Invoices', id, number: 'INV-2025-0142', subTotal: '715.32', totalTax: '143.06', total: '858.38' });
    expect(stored?.body).toEqual((posting.requests[0]?.body as { Invoices: unknown[] }).Invoices[0]);
  });

  it('sends the bearer token, the tenant id and the Idempotency-Key', async () => {
    await send();
    const [request] = xero.server.received;
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/api.xro/2.0/Invoices?unitdp=4');
    expect(request?.headers.authorization).toBe('Bearer xero-token-eyJhbGci');
    expect(request?.headers['xero-tenant-id']).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(request?.headers['idempotency-key']).toBe('coterm-invoice-inv_2025_03_contoso');
  });

  it('answers a repeated Idempotency-Key with the first response and creates nothing', async () => {
    const [first] = await send();
    const [second] = await send();
    expect(second?.responses).toEqual(first?.responses);
    expect(xero.documents).toHaveLength(1);
  });

  it('refuses an invoice number already used, under another key', async () => {
    await send();
    const again = { ...xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG), idempotencyKey: 'coterm-invoice-inv_2025_03_contoso-retry' };
    const error = await refusal(send(again));
    expect(error.message).toBe(
      `xero: invoice INV-2025-0142 for Contoso Dental Ltd (PUT ${xero.baseUrl}/api.xro/2.0/Invoices?unitdp=4) was refused with 400: A validation exception occurred; Invoice # must be unique.`,
    );
    expect(error.status).toBe(400);
    expect(xero.documents).toHaveLength(1);
  });

  it('refuses a contact that does not exist, or none, in Xero’s validation shape', async () => {
    const unknown = await rawRequest(`${xero.baseUrl}/api.xro/2.0/Invoices`, 'PUT', auth, { Invoices: [{ ...invoice, Contact: { ContactID: 'nobody' } }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [{ InvoiceNumber: 'INV-RAW-1', ValidationErrors: [{ Message: 'Contact nobody does not exist' }] }],
    });
    const none = await rawRequest(`${xero.baseUrl}/api.xro/2.0/Invoices`, 'PUT', auth, { Invoices: [without(invoice, 'Contact')] });
    expect(none.body).toMatchObject({ Elements: [{ ValidationErrors: [{ Message: 'A Contact must be specified for this type of transaction' }] }] });
    const badAccount = await rawRequest(`${xero.baseUrl}/api.xro/2.0/Invoices`, 'PUT', auth, { Invoices: [{ ...invoice, LineItems: [{ ...invoice.LineItems[0], AccountCode: '9999' }] }] });
    expect(badAccount.body).toMatchObject({ Elements: [{ ValidationErrors: [{ Message: "Account code '9999' is not a valid code for this document." }] }] });
    expect(xero.documents).toEqual([]);
  });

  it('takes a request whole or not at all', async () => {
    const response = await rawRequest(`${xero.baseUrl}/api.xro/2.0/Invoices`, 'PUT', auth, { Invoices: [invoice, { ...invoice, InvoiceNumber: 'INV-RAW-1' }] });
    expect(response.status).toBe(400);
    expect(xero.documents).toEqual([]);
  });

  it('posts a credit note to CreditNotes as ACCRECCREDIT', async () => {
    const [result] = await send(xeroInvoicePosting(MARCH_CREDIT_NOTE, XERO_CONFIG));
    expect(xero.server.received[0]?.url).toBe('/api.xro/2.0/CreditNotes?unitdp=4');
    expect(result?.responses[0]?.body).toMatchObject({ CreditNotes: [{ Type: 'ACCRECCREDIT', CreditNoteNumber: 'CN-2025-0007', Total: 28.96 }] });
    expect(result?.externalIds).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(xero.documents.map((document) => [document.collection, document.total])).toEqual([['CreditNotes', '28.96']]);
    const wrongType = await rawRequest(`${xero.baseUrl}/api.xro/2.0/CreditNotes`, 'PUT', auth, { CreditNotes: [{ ...invoice, Type: 'ACCREC' }] });
    expect(wrongType.body).toMatchObject({ Elements: [{ ValidationErrors: [{ Message: 'Type must be ACCRECCREDIT (got ACCREC)' }] }] });
  });

  it('totals a tax-inclusive invoice to the same figures', async () => {
    await send(xeroInvoicePosting({ ...MARCH_INVOICE, taxInclusive: true }, XERO_CONFIG));
    expect(xero.documents[0]).toMatchObject({ subTotal: '715.32', totalTax: '143.06', total: '858.38' });
  });

  it('refuses a wrong token and a missing tenant id', async () => {
    const error = await refusal(postAll([xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG)], {
      dryRun: false,
      baseUrls: { xero: xero.baseUrl },
      credentials: { xero: { ...CREDENTIALS.xero, accessToken: 'expired' } },
    }));
    expect(error.message).toMatch(/was refused with 401: Unauthorized; AuthenticationUnsuccessful$/);
    const tenantless = await rawRequest(`${xero.baseUrl}/api.xro/2.0/Invoices`, 'PUT', { Authorization: auth.Authorization }, { Invoices: [invoice] });
    expect(tenantless).toEqual({ status: 403, body: { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' } });
    expect(xero.documents).toEqual([]);
  });
});
