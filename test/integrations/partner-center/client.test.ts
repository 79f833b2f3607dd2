import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { PartnerCenterClient } from '../../../src/integrations/partner-center/client.ts';
import { PartnerCenterError } from '../../../src/integrations/partner-center/errors.ts';
import { type PartnerCenterStandInHandle } from '../../../src/integrations/partner-center/stand-in/server.ts';
import { clientFor, CONTOSO, DEFENDER, microsoftError, refusal, startStandIn, SUB_BP, TOKEN } from './fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('PartnerCenterClient against the stand-in', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const patches = () => standIn.state.requests.filter((request) => request.method === 'PATCH');

  it('sends the bearer token, Accept and a fresh MS-RequestId and MS-CorrelationId per call', async () => {
    const seen: Headers[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const { client } = clientFor(standIn, { fetch: recordingFetch });
    await client.getSubscription(CONTOSO, SUB_BP);
    await client.getSubscription(CONTOSO, SUB_BP);
    expect(seen.map((headers) => [headers.get('authorization'), headers.get('accept')])).toEqual([
      [`Bearer ${TOKEN}`, 'application/json'],
      [`Bearer ${TOKEN}`, 'application/json'],
    ]);
    const ids = seen.flatMap((headers) => [headers.get('ms-requestid'), headers.get('ms-correlationid')]);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(4);
  });

  it('retries a 409 while the subscription renews, with the same MS-RequestId, and the change applies once', async () => {
    standIn.state.renewalInProgress(SUB_BP, 2);
    const { client, waits } = clientFor(standIn);
    const subscription = await client.getSubscription(CONTOSO, SUB_BP);
    const updated = await client.changeSeats(CONTOSO, subscription, 12);

    expect(updated.quantity).toBe(12);
    expect(waits).toEqual([0, 0]);
    const sent = patches();
    expect(sent).toHaveLength(3);
    expect(sent[0]?.requestId).toMatch(UUID);
    expect(new Set(sent.map((request) => request.requestId))).toEqual(new Set([sent[0]?.requestId]));
    // One addition of 2 seats on 2025-03-10, not three.
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.refundableQuantity).toEqual({
      totalQuantity: 4,
      details: [
        { quantity: 2, allowedUntilDateTime: '2025-03-12T23:59:59Z' },
        { quantity: 2, allowedUntilDateTime: '2025-03-17T23:59:59Z' },
      ],
    });
  });

  it('waits the Retry-After it is given, cut to maxRetryWaitMs', async () => {
    standIn.state.renewalInProgress(SUB_BP, 2, 7);
    const { client, waits } = clientFor(standIn, { maxRetryWaitMs: 5000 });
    await client.changeSeats(CONTOSO, await client.getSubscription(CONTOSO, SUB_BP), 11);
    expect(waits).toEqual([5000, 5000]);
  });

  it('retries 429 and 503 the same way', async () => {
    standIn.state.throttleNext(429, 2);
    standIn.state.throttleNext(503, 1);
    const { client, waits } = clientFor(standIn);
    const subscription = await client.getSubscription(CONTOSO, SUB_BP);
    expect(subscription.quantity).toBe(10);
    expect(waits).toEqual([2000, 1000]);
    const requestIds = standIn.state.requests.map((request) => request.requestId);
    expect(requestIds).toHaveLength(3);
    expect(new Set(requestIds).size).toBe(1);
  });

  it('gives up after maxAttempts, naming the call and the subscription, having changed nothing', async () => {
    standIn.state.renewalInProgress(SUB_BP, 5, 0);
    const { client } = clientFor(standIn);
    const error = await refusal(client.changeSeats(CONTOSO, await client.getSubscription(CONTOSO, SUB_BP), 12));
    expect(error.message).toBe(
      `PATCH customers/${CONTOSO}/subscriptions/${SUB_BP} quantity 10 → 12 was refused with 409 (800082) after 5 attempts: Subscription is not ready to be updated. Try again after sometime`,
    );
    expect([error.status, error.code, error.attempts]).toEqual([409, '800082', 5]);
    expect(patches()).toHaveLength(5);
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.quantity).toBe(10);
  });

  it('turns any other refusal into a PartnerCenterError with Microsoft’s code and description and the request redacted', async () => {
    const { client } = clientFor(standIn);
    const error = await refusal(client.changeSeats(CONTOSO, await client.getSubscription(CONTOSO, SUB_BP), 7));
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error.message).toBe(
      `PATCH customers/${CONTOSO}/subscriptions/${SUB_BP} quantity 10 → 7 was refused with 400 (900257): You have passed your 7-day window for reducing seats for this subscription.`,
    );
    expect([error.status, error.code, error.description, error.attempts]).toEqual([400, '900257', 'You have passed your 7-day window for reducing seats for this subscription.', 1]);
    expect(error.body).toEqual(microsoftError(900257, 'You have passed your 7-day window for reducing seats for this subscription.'));
    expect(error.request.method).toBe('PATCH');
    expect(error.request.url).toBe(`${standIn.url}/v1/customers/${CONTOSO}/subscriptions/${SUB_BP}`);
    expect(error.request.headers.Authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(error.request)).not.toContain(TOKEN);
    expect(patches()).toHaveLength(1);
  });

  it('orders through a cart and returns the order with the subscriptions it created', async () => {
    const { client } = clientFor(standIn);
    const order = await client.order(CONTOSO, [{ catalogItemId: DEFENDER, quantity: 10, billingCycle: 'monthly', termDuration: 'P1Y', customTermEndDate: CalendarDate.parse('2025-06-30') }]);
    expect(order.cartId).toBe('ca000000-0000-4000-8000-000000000001');
    expect(order.subscriptionIds).toEqual(['5b000000-0000-4000-8000-000000000001']);
    expect(order.orders.map((placed) => [placed.id, placed.status])).toEqual([['0d000000-0000-4000-8000-000000000001', 'completed']]);
    const bought = await client.getSubscription(CONTOSO, '5b000000-0000-4000-8000-000000000001');
    expect([bought.offerName, bought.quantity, bought.effectiveStartDate, bought.commitmentEndDate]).toEqual([
      'Microsoft Defender for Business',
      10,
      '2025-03-10T00:00:00Z',
      '2025-06-30T00:00:00Z',
    ]);
    expect(standIn.state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /v1/customers/${CONTOSO}/carts`,
      `POST /v1/customers/${CONTOSO}/carts/ca000000-0000-4000-8000-000000000001/checkout`,
      `GET /v1/customers/${CONTOSO}/subscriptions/5b000000-0000-4000-8000-000000000001`,
    ]);
  });
});

describe('PartnerCenterClient without the stand-in', () => {
  it('backs off exponentially from one second when no Retry-After comes', async () => {
    let calls = 0;
    const flakyFetch: typeof fetch = () => {
      calls += 1;
      const body = calls < 4 ? JSON.stringify(microsoftError(503, 'Service unavailable')) : JSON.stringify({ id: 's1', quantity: 3 });
      return Promise.resolve(new Response(body, { status: calls < 4 ? 503 : 200 }));
    };
    const waits: number[] = [];
    const client = new PartnerCenterClient({
      baseUrl: 'https://api.partnercenter.microsoft.com',
      accessToken: TOKEN,
      fetch: flakyFetch,
      maxRetryWaitMs: 3000,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect((await client.getSubscription('c1', 's1')).quantity).toBe(3);
    expect(waits).toEqual([1000, 2000, 3000]);
  });

  it('names the call it could not send', async () => {
    const standIn = await startStandIn();
    await standIn.close();
    const { client } = clientFor(standIn);
    const error = await refusal(client.getSubscription(CONTOSO, SUB_BP));
    expect(error.message).toBe(`GET customers/${CONTOSO}/subscriptions/${SUB_BP} could not be sent: fetch failed`);
    expect(error.status).toBeUndefined();
  });

  it('needs at least one attempt', () => {
    expect(() => new PartnerCenterClient({ baseUrl: 'x', accessToken: 'x', maxAttempts: 0 })).toThrow('maxAttempts must be a whole number, at least 1 (got 0)');
  });
});
