import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { autotaskSeatChangePosting } from '../../../src/integrations/posting/autotask.ts';
import { postAll } from '../../../src/integrations/posting/http-poster.ts';
import { AutotaskStandIn } from '../../../src/integrations/posting/stand-ins/autotask.ts';
import { AUTOTASK_CHANGE, CREDENTIALS, rawRequest, refusal, without } from './fixtures.ts';

describe('posting seat changes to the Autotask stand-in', () => {
  let autotask: AutotaskStandIn;
  const auth = {
    ApiIntegrationCode: CREDENTIALS.autotask.integrationCode,
    UserName: CREDENTIALS.autotask.userName,
    Secret: CREDENTIALS.autotask.secret,
  };
  const adjustment = { contractID: 29684011, serviceID: 41, effectiveDate: '2025-03-15T00:00:00Z', unitChange: 5, adjustedUnitPrice: 22 };

  beforeEach(async () => {
    autotask = await AutotaskStandIn.start({
      credentials: CREDENTIALS.autotask,
      contracts: [29684011],
      services: [41, 42],
      contractServices: [{ id: 88120, contractId: 29684011, serviceId: 41, units: 25 }],
    });
  });
  afterEach(() => autotask.close());

  const send = (change = AUTOTASK_CHANGE) =>
    postAll([autotaskSeatChangePosting(change)], { dryRun: false, baseUrls: { autotask: autotask.baseUrl }, credentials: CREDENTIALS });

  it('creates an adjustment of +5 units and returns its id', async () => {
    const [result] = await send();
    expect(result?.responses).toEqual([{ status: 200, body: { itemId: 7000 } }]);
    expect(result?.externalIds).toEqual(['7000']);
    expect(autotask.adjustments).toEqual([
      { id: 7000, contractID: 29684011, serviceID: 41, contractServiceID: 88120, effectiveDate: '2025-03-15T00:00:00Z', unitChange: 5, adjustedUnitPrice: 22, adjustedUnitCost: 17.6 },
    ]);
    expect(autotask.unitsOf(29684011, 41)).toBe(30);
  });

  it('sends the ApiIntegrationCode, UserName and Secret headers', async () => {
    await send();
    const [request] = autotask.server.received;
    expect(request?.url).toBe('/ATServicesRest/V1.0/ContractServiceAdjustments');
    expect(request?.headers.apiintegrationcode).toBe('KQ3V7XG2AB4CD5EF6GH7IJ8KL9M');
    expect(request?.headers.username).toBe('coterm-api@northwind-msp.example');
    expect(request?.headers.secret).toBe('at-secret-4Rt');
  });

  it('never lets an adjustment be updated, deleted or queried', async () => {
    await send();
    const url = `${autotask.baseUrl}/ContractServiceAdjustments`;
    for (const method of ['PATCH', 'PUT', 'DELETE', 'GET']) {
      const response = await rawRequest(method === 'GET' || method === 'DELETE' ? `${url}/7000` : url, method, auth, method === 'PATCH' || method === 'PUT' ? { id: 7000, unitChange: 3 } : undefined);
      expect(response).toEqual({
        status: 405,
        body: { errors: [`ContractServiceAdjustments can only be created; ${method} (query, update or delete) is not allowed.`] },
      });
    }
    expect(autotask.adjustments).toHaveLength(1);
    expect(autotask.unitsOf(29684011, 41)).toBe(30);
  });

  it('refuses a contract or service that does not exist', async () => {
    const url = `${autotask.baseUrl}/ContractServiceAdjustments`;
    expect(await rawRequest(url, 'POST', auth, { ...adjustment, contractID: 1 })).toEqual({ status: 400, body: { errors: ['Contract 1 does not exist.'] } });
    expect(await rawRequest(url, 'POST', auth, { ...adjustment, serviceID: 99 })).toEqual({ status: 400, body: { errors: ['Service 99 does not exist.'] } });
    const error = await refusal(send({ ...AUTOTASK_CHANGE, agreementId: '555' }));
    expect(error.message).toBe(
      `autotask: adjust service 41 on contract 555 by +5 units from 2025-03-15 (POST ${autotask.baseUrl}/ContractServiceAdjustments) was refused with 400: Contract 555 does not exist.`,
    );
    expect(autotask.adjustments).toEqual([]);
  });

  it('requires contractID, serviceID, unitChange and effectiveDate', async () => {
    const url = `${autotask.baseUrl}/ContractServiceAdjustments`;
    for (const field of ['contractID', 'serviceID', 'unitChange'] as const) {
      expect(await rawRequest(url, 'POST', auth, without(adjustment, field))).toEqual({ status: 400, body: { errors: [`Required field ${field} is missing.`] } });
    }
    expect(await rawRequest(url, 'POST', auth, without(adjustment, 'effectiveDate'))).toEqual({ status: 400, body: { errors: ['Required field effectiveDate is missing or not a date.'] } });
    expect(await rawRequest(url, 'POST', auth, { ...adjustment, unitChange: 2.5 })).toEqual({ status: 400, body: { errors: ['unitChange must be an integer.'] } });
    expect(autotask.adjustments).toEqual([]);
  });

  it('refuses an adjustment that would leave fewer than zero units, and one without credentials', async () => {
    const error = await refusal(send({ ...AUTOTASK_CHANGE, quantity: Decimal.parse('0'), previousQuantity: Decimal.parse('26') }));
    expect(error.message).toMatch(/was refused with 400: unitChange -26 would leave -1 units of service 41 on contract 29684011\.$/);
    const anonymous = await rawRequest(`${autotask.baseUrl}/ContractServiceAdjustments`, 'POST', { UserName: auth.UserName }, adjustment);
    expect(anonymous).toEqual({ status: 401, body: { errors: ['The ApiIntegrationCode, UserName and Secret headers do not identify an API user.'] } });
    expect(autotask.adjustments).toEqual([]);
  });

  it('has no idempotency mechanism: the same change posted twice is two adjustments, so callers keep what was posted', async () => {
    const [first] = await send();
    const [second] = await send();
    expect(first?.idempotencyKey).toBe(second?.idempotencyKey);
    expect([first?.externalIds, second?.externalIds]).toEqual([['7000'], ['7001']]);
    expect(autotask.unitsOf(29684011, 41)).toBe(35);
    expect(autotask.server.received.map((request) => Object.keys(request.headers).filter((name) => /idempotency|requestid/i.test(name)))).toEqual([[], []]);
  });

  it('adds a service to the contract when the adjustment is its first', async () => {
    const [result] = await send({ ...AUTOTASK_CHANGE, productIdentifier: '42', existingLineId: undefined, quantity: Decimal.parse('10'), previousQuantity: Decimal.ZERO });
    expect(result?.externalIds).toEqual(['7001']);
    expect(autotask.contractServices).toContainEqual({ id: 7000, contractId: 29684011, serviceId: 42, units: 10 });
  });
});
