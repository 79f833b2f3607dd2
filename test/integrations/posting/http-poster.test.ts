import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { autotaskSeatChangePosting } from '../../../src/integrations/posting/autotask.ts';
import { connectwiseSeatChangePosting } from '../../../src/integrations/posting/connectwise.ts';
import { postAll, PostingError, retryWaitMs } from '../../../src/integrations/posting/http-poster.ts';
import { quickbooksInvoicePosting } from '../../../src/integrations/posting/quickbooks.ts';
import { AutotaskStandIn } from '../../../src/integrations/posting/stand-ins/autotask.ts';
import { ConnectWiseStandIn } from '../../../src/integrations/posting/stand-ins/connectwise.ts';
import { QuickBooksStandIn } from '../../../src/integrations/posting/stand-ins/quickbooks.ts';
import { XeroStandIn } from '../../../src/integrations/posting/stand-ins/xero.ts';
import { xeroInvoicePosting } from '../../../src/integrations/posting/xero.ts';
import { AUTOTASK_CHANGE, CONNECTWISE_CHANGE, CREDENTIALS, MARCH_INVOICE, QUICKBOOKS_CONFIG, refusal, XERO_CONFIG, XERO_CONTACT_ID } from './fixtures.ts';

describe('postAll', () => {
  let connectwise: ConnectWiseStandIn;
  let autotask: AutotaskStandIn;
  let quickbooks: QuickBooksStandIn;
  let xero: XeroStandIn;
  const postings = () => [
    connectwiseSeatChangePosting(CONNECTWISE_CHANGE),
    autotaskSeatChangePosting(AUTOTASK_CHANGE),
    quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG),
    xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG),
  ];
  const baseUrls = () => ({ connectwise: connectwise.baseUrl, autotask: autotask.baseUrl, quickbooks: quickbooks.baseUrl, xero: xero.baseUrl });
  const received = () => [connectwise, autotask, quickbooks, xero].map((standIn) => standIn.server.received.length);

  // Fresh stand-ins for each test: every test starts from the same books.
  beforeEach(async () => {
    connectwise = await ConnectWiseStandIn.start({
      credentials: CREDENTIALS.connectwise,
      agreements: [1842],
      additions: [{ id: 5531, agreementId: 1842, product: { identifier: 'CSP-M365-BP-M' }, quantity: 25, unitPrice: 22, billCustomer: 'Billable', effectiveDate: '2025-01-01T00:00:00Z' }],
    });
    autotask = await AutotaskStandIn.start({
      credentials: CREDENTIALS.autotask,
      contracts: [29684011],
      services: [41],
      contractServices: [{ id: 88120, contractId: 29684011, serviceId: 41, units: 25 }],
    });
    quickbooks = await QuickBooksStandIn.start({ accessToken: CREDENTIALS.quickbooks.accessToken, realmId: QUICKBOOKS_CONFIG.realmId, customers: ['58'], items: ['31', '32'], taxCodes: ['3'] });
    xero = await XeroStandIn.start({ accessToken: CREDENTIALS.xero.accessToken, tenantId: CREDENTIALS.xero.tenantId, contacts: [XERO_CONTACT_ID], accountCodes: ['4100', '4300'], taxTypes: ['OUTPUT2'] });
    return () => Promise.all([connectwise.close(), autotask.close(), quickbooks.close(), xero.close()]);
  });

  describe('in a dry run', () => {
    it('is the default and sends nothing', async () => {
      const spy = vi.fn<typeof fetch>();
      const results = await postAll(postings(), { baseUrls: baseUrls(), credentials: CREDENTIALS, fetch: spy });
      expect(results.map((result) => [result.target, result.dryRun, result.responses.length, result.externalIds.length])).toEqual([
        ['connectwise', true, 0, 0],
        ['autotask', true, 0, 0],
        ['quickbooks', true, 0, 0],
        ['xero', true, 0, 0],
      ]);
      expect(spy).not.toHaveBeenCalled();
      expect(received()).toEqual([0, 0, 0, 0]);
    });

    it('shows each request exactly as it would go, with secrets redacted', async () => {
      const all = postings();
      const results = await postAll(all, { baseUrls: baseUrls(), credentials: CREDENTIALS });
      expect(results[0]?.requests.map((request) => [request.method, request.url, request.headers])).toEqual([
        ['PATCH', `${connectwise.baseUrl}/finance/agreements/1842/additions/5531`, { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Basic [redacted]', clientId: CREDENTIALS.connectwise.clientId }],
        ['POST', `${connectwise.baseUrl}/finance/agreements/1842/additions`, { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Basic [redacted]', clientId: CREDENTIALS.connectwise.clientId }],
      ]);
      expect(results[1]?.requests[0]?.headers).toEqual({
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ApiIntegrationCode: '[redacted]',
        UserName: 'coterm-api@northwind-msp.example',
        Secret: '[redacted]',
      });
      expect(results[2]?.requests[0]?.url).toBe(`${quickbooks.baseUrl}/v3/company/9130357766215186/invoice?requestid=coterm-invoice-inv_2025_03_contoso`);
      expect(results[2]?.requests[0]?.headers.Authorization).toBe('Bearer [redacted]');
      expect(results[3]?.requests[0]?.headers).toEqual({
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: 'Bearer [redacted]',
        'xero-tenant-id': CREDENTIALS.xero.tenantId,
        'Idempotency-Key': 'coterm-invoice-inv_2025_03_contoso',
      });
      results.forEach((result, index) => {
        expect(result.requests.map((request) => request.body)).toEqual(all[index]?.requests.map((request) => request.body));
        expect(result.requests.map((request) => request.description)).toEqual(all[index]?.requests.map((request) => request.description));
      });
      expect(JSON.stringify(results)).not.toMatch(/priv-Zx91|at-secret-4Rt|eyJhbGci|KQ3V7XG2/);
    });

    it('needs neither base URLs nor credentials', async () => {
      const [result] = await postAll([quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG)]);
      expect(result?.requests[0]?.url).toBe('/v3/company/9130357766215186/invoice?requestid=coterm-invoice-inv_2025_03_contoso');
      expect(result?.requests[0]?.headers.Authorization).toBe('Bearer [redacted]');
    });
  });

  it('posts to all four systems in order and reports the ids they created', async () => {
    const results = await postAll(postings(), { dryRun: false, baseUrls: baseUrls(), credentials: CREDENTIALS });
    expect(results.map((result) => [result.target, result.dryRun, result.responses.map((response) => response.status), result.externalIds])).toEqual([
      ['connectwise', false, [200, 201], ['1000']],
      ['autotask', false, [200], ['7000']],
      ['quickbooks', false, [200], ['130']],
      ['xero', false, [200], ['00000000-0000-4000-8000-000000000001']],
    ]);
    expect(received()).toEqual([2, 1, 1, 1]);
  });

  it('stops at the first refusal, naming the target, the request and the vendor’s message', async () => {
    const unknownAgreement = connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, agreementId: '9999', existingLineId: undefined });
    const [, , invoice, xeroInvoice] = postings();
    const error = await refusal(postAll([invoice!, unknownAgreement, xeroInvoice!], { dryRun: false, baseUrls: baseUrls(), credentials: CREDENTIALS }));
    expect(error).toBeInstanceOf(PostingError);
    expect(error.message).toBe(
      `connectwise: add 30 × CSP-M365-BP-M at 22.00 to agreement 9999 from 2025-03-15 (POST ${connectwise.baseUrl}/finance/agreements/9999/additions) was refused with 404: Agreement 9999 was not found.`,
    );
    expect(error.target).toBe('connectwise');
    expect(error.status).toBe(404);
    expect(error.completed.map((result) => [result.target, result.externalIds])).toEqual([['quickbooks', ['130']]]);
    expect(error.failed.responses).toEqual([{ status: 404, body: { code: 'NotFound', message: 'Agreement 9999 was not found.' } }]);
    expect(received()).toEqual([1, 0, 1, 0]);
  });

  it('retries once after a 429, waiting the Retry-After it was given', async () => {
    quickbooks.server.throttleNext(429, 1);
    const started = performance.now();
    const [result] = await postAll([quickbooksInvoicePosting(MARCH_INVOICE, QUICKBOOKS_CONFIG)], {
      dryRun: false,
      baseUrls: baseUrls(),
      credentials: CREDENTIALS,
      maxRetryWaitMs: 2000,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result?.responses.map((response) => response.status)).toEqual([200]);
    expect(quickbooks.server.received).toHaveLength(2);
    expect(quickbooks.documents).toHaveLength(1);
  });

  it('retries once after a 503, cutting a long Retry-After to the bound', async () => {
    xero.server.throttleNext(503, 3600);
    const started = performance.now();
    const [result] = await postAll([xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG)], { dryRun: false, baseUrls: baseUrls(), credentials: CREDENTIALS, maxRetryWaitMs: 100 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result?.externalIds).toHaveLength(1);
    expect(xero.server.received).toHaveLength(2);
  });

  it('gives up when the retry is throttled too', async () => {
    autotask.server.throttleNext(429, 0);
    autotask.server.throttleNext(429, 0);
    await expect(
      postAll([autotaskSeatChangePosting(AUTOTASK_CHANGE)], { dryRun: false, baseUrls: baseUrls(), credentials: CREDENTIALS, maxRetryWaitMs: 2000 }),
    ).rejects.toThrow(/^autotask: adjust service 41 on contract 29684011 by \+5 units from 2025-03-15 \(POST .+\) was refused with 429: Too many requests$/);
    expect(autotask.server.received).toHaveLength(2);
    expect(autotask.adjustments).toEqual([]);
  });

  it('refuses to send without a base URL or credentials for the target', async () => {
    const posting = xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG);
    await expect(postAll([posting], { dryRun: false, credentials: CREDENTIALS })).rejects.toThrow('postAll: no base URL for xero (options.baseUrls.xero)');
    await expect(postAll([posting], { dryRun: false, baseUrls: baseUrls(), credentials: {} })).rejects.toThrow('postAll: no credentials for xero (options.credentials.xero)');
  });
});

describe('postAll when the target cannot be reached', () => {
  let deadUrl: string;
  beforeAll(async () => {
    const gone = await XeroStandIn.start({ accessToken: 'x', tenantId: 'x', contacts: [], accountCodes: [], taxTypes: [] });
    deadUrl = gone.baseUrl;
    await gone.close();
  });

  it('names the request it could not send', async () => {
    const error = await refusal(postAll([xeroInvoicePosting(MARCH_INVOICE, XERO_CONFIG)], { dryRun: false, baseUrls: { xero: deadUrl }, credentials: CREDENTIALS }));
    expect(error).toBeInstanceOf(PostingError);
    expect(error.message).toMatch(/^xero: invoice INV-2025-0142 for Contoso Dental Ltd \(PUT http:\/\/127\.0\.0\.1:\d+\/api\.xro\/2\.0\/Invoices\?unitdp=4\) could not be sent: fetch failed$/);
    expect(error.status).toBeUndefined();
  });
});

describe('retryWaitMs', () => {
  it('reads Retry-After as seconds or an HTTP date, within the bound', () => {
    expect(retryWaitMs('1', 2000)).toBe(1000);
    expect(retryWaitMs('0', 2000)).toBe(0);
    expect(retryWaitMs('120', 2000)).toBe(2000);
    expect(retryWaitMs(null, 2000)).toBe(1000);
    expect(retryWaitMs('soon', 2000)).toBe(1000);
    expect(retryWaitMs('Wed, 21 Oct 2015 07:28:00 GMT', 2000)).toBe(0);
  });
});
