import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { connectwiseSeatChangePosting } from '../../../src/integrations/posting/connectwise.ts';
import { postAll, PostingError } from '../../../src/integrations/posting/http-poster.ts';
import { ConnectWiseStandIn } from '../../../src/integrations/posting/stand-ins/connectwise.ts';
import { basicAuth, CONNECTWISE_CHANGE, CREDENTIALS, rawRequest, refusal, without } from './fixtures.ts';

describe('posting seat changes to the ConnectWise stand-in', () => {
  let connectwise: ConnectWiseStandIn;
  const auth = { Authorization: basicAuth(CREDENTIALS.connectwise), clientId: CREDENTIALS.connectwise.clientId };

  beforeEach(async () => {
    connectwise = await ConnectWiseStandIn.start({
      credentials: CREDENTIALS.connectwise,
      agreements: [1842],
      additions: [
        {
          id: 5531,
          agreementId: 1842,
          product: { identifier: 'CSP-M365-BP-M' },
          quantity: 25,
          unitPrice: 22,
          unitCost: 17.6,
          billCustomer: 'Billable',
          effectiveDate: '2025-01-01T00:00:00Z',
        },
      ],
    });
  });
  afterEach(() => connectwise.close());

  const send = (postings = [connectwiseSeatChangePosting(CONNECTWISE_CHANGE)]) =>
    postAll(postings, { dryRun: false, baseUrls: { connectwise: connectwise.baseUrl }, credentials: CREDENTIALS });

  it('cancels the replaced addition on its last billed day and adds the new quantity, over HTTP', async () => {
    const [result] = await send();
    expect(result?.responses.map((response) => response.status)).toEqual([200, 201]);
    expect(result?.externalIds).toEqual(['1000']);
    expect(connectwise.additions).toEqual([
      expect.objectContaining({ id: 5531, quantity: 25, unitPrice: 22, effectiveDate: '2025-01-01T00:00:00Z', cancelledDate: '2025-03-14T00:00:00Z' }),
      {
        id: 1000,
        agreementId: 1842,
        product: { identifier: 'CSP-M365-BP-M' },
        quantity: 30,
        unitPrice: 22,
        unitCost: 17.6,
        billCustomer: 'Billable',
        effectiveDate: '2025-03-15T00:00:00Z',
        cancelledDate: null,
        description: 'Microsoft 365 Business Premium (monthly)',
        prorateCurrentPeriodFlag: true,
      },
    ]);
  });

  it('sends Basic company+publicKey:privateKey and the clientId header', async () => {
    await send();
    const received = connectwise.server.received;
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'PATCH /v4_6_release/apis/3.0/finance/agreements/1842/additions/5531',
      'POST /v4_6_release/apis/3.0/finance/agreements/1842/additions',
    ]);
    for (const request of received) {
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from('northwind+pub-7Hq2:priv-Zx91').toString('base64')}`);
      expect(request.headers.clientid).toBe('3f0b8c1e-5d2a-4f7e-b6a9-1c2d3e4f5a6b');
    }
  });

  it('refuses to cancel an addition a second time, so posting the same replacement twice changes nothing more', async () => {
    await send();
    const error = await refusal(send());
    expect(error).toBeInstanceOf(PostingError);
    expect((error as PostingError).message).toBe(
      `connectwise: cancel addition 5531 on agreement 1842 after 2025-03-14 (PATCH ${connectwise.baseUrl}/finance/agreements/1842/additions/5531) was refused with 400: ` +
        'agreementAddition object is invalid; Addition 5531 was cancelled on 2025-03-14T00:00:00Z; a cancelled addition cannot be changed.',
    );
    expect((error as PostingError).status).toBe(400);
    expect(connectwise.additions).toHaveLength(2);
  });

  it('refuses editing the quantity or price of an existing addition', async () => {
    const quantity = await rawRequest(`${connectwise.baseUrl}/finance/agreements/1842/additions/5531`, 'PATCH', auth, [{ op: 'replace', path: 'quantity', value: 30 }]);
    expect(quantity.status).toBe(400);
    expect(quantity.body).toEqual({
      code: 'InvalidObject',
      message: 'agreementAddition object is invalid',
      errors: [
        {
          code: 'InvalidObject',
          message: 'Only cancelledDate may change on an existing addition (got replace quantity): quantity and price history is never rewritten.',
          resource: 'agreementAddition',
          field: 'quantity',
        },
      ],
    });
    const mixed = await rawRequest(`${connectwise.baseUrl}/finance/agreements/1842/additions/5531`, 'PATCH', auth, [
      { op: 'replace', path: 'cancelledDate', value: '2025-03-14T00:00:00Z' },
      { op: 'replace', path: 'unitPrice', value: 19 },
    ]);
    expect(mixed.status).toBe(400);
    const put = await rawRequest(`${connectwise.baseUrl}/finance/agreements/1842/additions/5531`, 'PUT', auth, { ...connectwise.additions[0], quantity: 30 });
    expect(put.status).toBe(400);
    expect(JSON.stringify(put.body)).toContain('PUT of an existing addition is refused: only its cancelledDate may change, by PATCH');
    expect(connectwise.additions[0]).toMatchObject({ quantity: 25, unitPrice: 22, cancelledDate: null });
  });

  it('requires product, quantity and effectiveDate on a new addition', async () => {
    const url = `${connectwise.baseUrl}/finance/agreements/1842/additions`;
    const complete = { product: { identifier: 'CSP-M365-BP-M' }, quantity: 5, unitPrice: 22, billCustomer: 'Billable', effectiveDate: '2025-03-15T00:00:00Z' };
    for (const [field, message] of [
      ['product', 'The product object is required.'],
      ['quantity', 'The quantity field is required.'],
      ['effectiveDate', 'The effectiveDate field is required.'],
    ] as const) {
      const response = await rawRequest(url, 'POST', auth, without(complete, field));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'InvalidObject', errors: [{ field, message }] });
    }
    expect(connectwise.additions).toHaveLength(1);
  });

  it('refuses an agreement that does not exist and requests without valid credentials', async () => {
    const unknown = connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, agreementId: '9999', existingLineId: undefined });
    await expect(send([unknown])).rejects.toThrow('was refused with 404: Agreement 9999 was not found.');

    const result = await refusal(postAll([connectwiseSeatChangePosting(CONNECTWISE_CHANGE)], {
      dryRun: false,
      baseUrls: { connectwise: connectwise.baseUrl },
      credentials: { connectwise: { ...CREDENTIALS.connectwise, privateKey: 'wrong' } },
    }));
    expect(result.message).toMatch(/was refused with 401: Authorization must be Basic company\+publicKey:privateKey$/);
    const noClientId = await rawRequest(`${connectwise.baseUrl}/finance/agreements/1842/additions`, 'GET', { Authorization: auth.Authorization }, undefined);
    expect(noClientId).toEqual({ status: 401, body: { code: 'Unauthorized', message: 'The clientId header is missing or unknown' } });
    expect(connectwise.additions).toHaveLength(1);
  });

  it('removes every seat with a cancellation alone', async () => {
    const [result] = await send([connectwiseSeatChangePosting({ ...CONNECTWISE_CHANGE, quantity: Decimal.ZERO })]);
    expect(result?.externalIds).toEqual([]);
    expect(connectwise.additions).toEqual([expect.objectContaining({ id: 5531, cancelledDate: '2025-03-14T00:00:00Z' })]);
  });
});
