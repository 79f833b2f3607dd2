import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PartnerCenterStandInHandle, startPartnerCenterStandIn } from '../../../src/integrations/partner-center/stand-in/server.ts';
import { clientFor, CONTOSO, M365_E5, microsoftError, raw, refusal, startStandIn, SUB_BP, SUB_VISIO } from './fixtures.ts';

const WINDOW_PASSED = 'You have passed your 7-day window for reducing seats for this subscription.';

describe('seat changes on the Partner Center stand-in', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const bp = () => standIn.state.subscriptionResource(CONTOSO, SUB_BP);
  const change = async (quantity: number) => {
    const { client } = clientFor(standIn);
    return client.changeSeats(CONTOSO, await client.getSubscription(CONTOSO, SUB_BP), quantity);
  };

  it('shows which seats can still be removed, and until when', async () => {
    const { client } = clientFor(standIn);
    const subscription = await client.getSubscription(CONTOSO, SUB_BP);
    expect(subscription).toMatchObject({
      id: SUB_BP,
      quantity: 10,
      status: 'active',
      creationDate: '2024-07-01T00:00:00Z',
      effectiveStartDate: '2024-07-01T00:00:00Z',
      commitmentEndDate: '2025-06-30T00:00:00Z',
      cancellationAllowedUntilDate: '2024-07-08T23:59:59Z',
      refundableQuantity: { totalQuantity: 2, details: [{ quantity: 2, allowedUntilDateTime: '2025-03-12T23:59:59Z' }] },
      scheduledNextTermInstructions: null,
    });
  });

  it('always allows an increase on an active subscription, opening a window for the new seats', async () => {
    const updated = await change(13);
    expect(updated.quantity).toBe(13);
    expect(updated.refundableQuantity).toEqual({
      totalQuantity: 5,
      details: [
        { quantity: 2, allowedUntilDateTime: '2025-03-12T23:59:59Z' },
        { quantity: 3, allowedUntilDateTime: '2025-03-17T23:59:59Z' },
      ],
    });
  });

  it('allows removing the seats added within the last 7 days', async () => {
    const updated = await change(8);
    expect(updated.quantity).toBe(8);
    expect(updated.refundableQuantity).toEqual({ totalQuantity: 0, details: [] });
  });

  it('refuses removing more seats than were added within the window', async () => {
    const error = await refusal(change(7));
    expect([error.status, error.code, error.description]).toEqual([400, '900257', WINDOW_PASSED]);
    expect(bp()?.quantity).toBe(10);
  });

  it('keeps the window open through its seventh day and closes it after', async () => {
    standIn.state.today = '2025-03-12';
    expect((await change(9)).quantity).toBe(9);
    standIn.state.today = '2025-03-13';
    const error = await refusal(change(8));
    expect(error.message).toBe(`PATCH customers/${CONTOSO}/subscriptions/${SUB_BP} quantity 9 → 8 was refused with 400 (900257): ${WINDOW_PASSED}`);
  });

  it('refuses a quantity below 1', async () => {
    const response = await raw(standIn, 'PATCH', `/v1/customers/${CONTOSO}/subscriptions/${SUB_BP}`, { ...bp(), quantity: 0 });
    expect(response).toMatchObject({ status: 400, body: microsoftError(2002, "Subscription quantity isn't within minimum and maximum allowed quantity") });
  });

  it('refuses changing a subscription that is not active', async () => {
    const visio = standIn.state.subscriptionResource(CONTOSO, SUB_VISIO);
    const response = await raw(standIn, 'PATCH', `/v1/customers/${CONTOSO}/subscriptions/${SUB_VISIO}`, { ...visio, quantity: 3 });
    expect(response).toMatchObject({ status: 400, body: microsoftError(800012, "This subscription isn't an active subscription") });
  });

  it('answers an unknown subscription with 404 and Microsoft’s message', async () => {
    const response = await raw(standIn, 'GET', `/v1/customers/${CONTOSO}/subscriptions/nope`);
    expect(response).toMatchObject({ status: 404, body: microsoftError(20003, 'Subscription with ID nope not found.') });
  });

  it('follows a configured cancellation window (the 72 hours of NCE’s launch)', async () => {
    const launch = await startPartnerCenterStandIn({
      today: '2025-03-09',
      cancellationWindowDays: 3,
      customers: {
        [CONTOSO]: [{ id: 's1', offerId: 'P:S:A', productName: 'Product', quantity: 4, termDuration: 'P1M', billingCycle: 'monthly', creationDate: '2025-03-05' }],
      },
    });
    try {
      const response = await raw(launch, 'PATCH', `/v1/customers/${CONTOSO}/subscriptions/s1`, { ...launch.state.subscriptionResource(CONTOSO, 's1'), quantity: 3 });
      expect(response).toMatchObject({ status: 400, body: microsoftError(900257, 'You have passed your 3-day window for reducing seats for this subscription.') });
    } finally {
      await launch.close();
    }
  });
});

describe('authentication, idempotency and the request log', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const path = `/v1/customers/${CONTOSO}/subscriptions/${SUB_BP}`;

  it('answers 401 without a bearer token or with the wrong one', async () => {
    const none = await fetch(`${standIn.url}${path}`);
    expect([none.status, await none.json()]).toEqual([401, microsoftError(800001, 'Partner Token missing in request context')]);
    const basic = await raw(standIn, 'GET', path, undefined, { Authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic).toMatchObject({ status: 401, body: microsoftError(800001, 'Partner Token missing in request context') });
    const wrong = await raw(standIn, 'GET', path, undefined, { Authorization: 'Bearer stolen' });
    expect(wrong).toMatchObject({ status: 401, body: microsoftError(400, 'Access denied') });
  });

  it('does not require an MS-RequestId, and records that none was sent', async () => {
    const response = await raw(standIn, 'GET', path);
    expect(response.status).toBe(200);
    expect(standIn.state.requests).toEqual([{ method: 'GET', path, body: undefined, requestId: undefined }]);
  });

  it('answers a repeated MS-RequestId with the first result and applies the change once', async () => {
    const transitions = `${path}/transitions`;
    const body = { toCatalogItemId: M365_E5, quantity: 4, transitionType: 'transition_only' };
    const headers = { 'MS-RequestId': '0f8fad5b-d9cb-469f-a165-70867728950e' };
    const first = await raw(standIn, 'POST', transitions, body, headers);
    const again = await raw(standIn, 'POST', transitions, body, headers);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.quantity).toBe(6);
    expect(standIn.state.customerSubscriptions(CONTOSO)).toHaveLength(6);

    const another = await raw(standIn, 'POST', transitions, body, { 'MS-RequestId': '7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    expect(another.status).toBe(200);
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.quantity).toBe(2);
  });

  it('does not remember a refusal: the same MS-RequestId may be sent again once the cause is gone', async () => {
    const headers = { 'MS-RequestId': '9a4f1c1e-3c52-4a57-b3f4-2f6a1d8e7c30' };
    const body = { ...standIn.state.subscriptionResource(CONTOSO, SUB_BP), quantity: 11 };
    standIn.state.renewalInProgress(SUB_BP, 1, 3);
    const conflict = await raw(standIn, 'PATCH', path, body, headers);
    expect(conflict).toEqual({ status: 409, body: microsoftError(800082, 'Subscription is not ready to be updated. Try again after sometime'), retryAfter: '3' });
    const retried = await raw(standIn, 'PATCH', path, body, headers);
    expect([retried.status, (retried.body as { quantity: number }).quantity]).toEqual([200, 11]);
  });

  it('records every request: method, path with query, body and MS-RequestId', async () => {
    standIn.state.throttleNext(503, 0);
    const { client } = clientFor(standIn);
    const subscription = await client.getSubscription(CONTOSO, SUB_BP);
    await client.changeSeats(CONTOSO, subscription, 11);
    await raw(standIn, 'GET', `/v1/customers/${CONTOSO}/subscriptions/customTermEndDates?term_duration=P1Y`);
    const requests = standIn.state.requests;
    expect(requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', path],
      ['GET', path],
      ['PATCH', path],
      ['GET', `/v1/customers/${CONTOSO}/subscriptions/customTermEndDates?term_duration=P1Y`],
    ]);
    expect(requests[2]?.body).toEqual({ ...subscription, quantity: 11 });
    expect(requests[0]?.requestId).toBe(requests[1]?.requestId);
    expect(requests[2]?.requestId).not.toBe(requests[1]?.requestId);
  });
});
