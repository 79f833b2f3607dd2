import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PartnerCenterStandInHandle } from '../../../src/integrations/partner-center/stand-in/server.ts';
import {
  BUSINESS_PREMIUM,
  clientFor,
  CONTOSO,
  EXCHANGE_P1,
  M365_E3,
  M365_E5,
  refusal,
  startStandIn,
  SUB_BP,
  SUB_E3,
  SUB_EXO,
  SUB_VISIO,
} from './fixtures.ts';

describe('upgrades (transitions) on the Partner Center stand-in', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const resource = (id: string) => standIn.state.subscriptionResource(CONTOSO, id);

  it('lists the products of the upgrade table, and the existing subscriptions that can take the seats', async () => {
    const { client } = clientFor(standIn);
    const eligibilities = await client.transitionEligibilities(CONTOSO, SUB_BP);
    expect(eligibilities).toEqual({
      totalCount: 2,
      items: [
        {
          catalogItemId: M365_E3,
          title: 'Microsoft 365 E3',
          quantity: 10,
          eligibilities: [{ isEligible: true, transitionType: 'transition_only', errors: [] }],
          subscriptionEligibilities: [
            { isEligible: true, subscriptionId: SUB_E3, subscriptionFriendlyName: 'Microsoft 365 E3', subscriptionTermDuration: 'P1Y', subscriptionBillingCycle: 'monthly', errors: [] },
          ],
          attributes: { objectType: 'TransitionEligibility' },
        },
        {
          catalogItemId: M365_E5,
          title: 'Microsoft 365 E5',
          quantity: 10,
          eligibilities: [{ isEligible: true, transitionType: 'transition_only', errors: [] }],
          subscriptionEligibilities: [],
          attributes: { objectType: 'TransitionEligibility' },
        },
      ],
      attributes: { objectType: 'Collection' },
    });
    expect((await client.transitionEligibilities(CONTOSO, SUB_EXO)).items).toEqual([]);
  });

  it('moves some seats into a new subscription that keeps the source’s term', async () => {
    const { client } = clientFor(standIn);
    const moved = await client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E5, quantity: 4, transitionType: 'transition_only' });
    expect(moved).toEqual({
      fromCatalogItemId: BUSINESS_PREMIUM,
      fromSubscriptionId: SUB_BP,
      toCatalogItemId: M365_E5,
      toSubscriptionId: '5b000000-0000-4000-8000-000000000001',
      quantity: 4,
      termDuration: 'P1Y',
      billingCycle: 'monthly',
      transitionType: 'transition_only',
      events: [{ name: 'Conversion', status: 'Completed', timestamp: '2025-03-10T00:00:00Z', attributes: { objectType: 'TransitionEvent' } }],
      attributes: { objectType: 'Transition' },
    });
    expect(resource(moved.toSubscriptionId)).toMatchObject({
      offerName: 'Microsoft 365 E5',
      quantity: 4,
      effectiveStartDate: '2024-07-01T00:00:00Z',
      commitmentEndDate: '2025-06-30T00:00:00Z',
      refundableQuantity: { totalQuantity: 0, details: [] },
    });
    // The upgraded seats came out of the old batch; the two added on 2025-03-05 can still be returned.
    expect(resource(SUB_BP)).toMatchObject({ quantity: 6, status: 'active', refundableQuantity: { totalQuantity: 2 } });
  });

  it('moves seats into an existing subscription of the target product', async () => {
    const { client } = clientFor(standIn);
    const moved = await client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E3, quantity: 3, transitionType: 'transition_with_license_transfer', toSubscriptionId: SUB_E3 });
    expect(moved.toSubscriptionId).toBe(SUB_E3);
    expect([resource(SUB_E3)?.quantity, resource(SUB_BP)?.quantity]).toEqual([7, 7]);
    expect(resource(SUB_E3)?.refundableQuantity).toEqual({ totalQuantity: 0, details: [] });
  });

  it('suspends a source whose seats all moved', async () => {
    const { client } = clientFor(standIn);
    await client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E5, quantity: 10, transitionType: 'transition_only' });
    expect(resource(SUB_BP)).toMatchObject({ quantity: 0, status: 'suspended' });
  });

  it('refuses a product the table does not list, and more seats than the subscription has', async () => {
    const { client } = clientFor(standIn);
    const product = await refusal(client.transition(CONTOSO, SUB_BP, { toCatalogItemId: EXCHANGE_P1, quantity: 2, transitionType: 'transition_only' }));
    expect(product.message).toBe(
      `POST customers/${CONTOSO}/subscriptions/${SUB_BP}/transitions transition_only 2 to ${EXCHANGE_P1} was refused with 400 (800002): Invalid request input: ${EXCHANGE_P1} is not an eligible transition for subscription ${SUB_BP} (${BUSINESS_PREMIUM})`,
    );
    const seats = await refusal(client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E5, quantity: 11, transitionType: 'transition_only' }));
    expect([seats.code, seats.description]).toEqual(['800002', `Invalid request input: the transition moves 11 seats; subscription ${SUB_BP} has 10`]);
    const inactive = await refusal(client.transition(CONTOSO, SUB_VISIO, { toCatalogItemId: M365_E5, quantity: 1, transitionType: 'transition_only' }));
    expect(inactive.code).toBe('800012');
    expect(resource(SUB_BP)?.quantity).toBe(10);
    expect(standIn.state.customerSubscriptions(CONTOSO)).toHaveLength(5);
  });

  it('refuses a target subscription Partner Center would mark ineligible', async () => {
    const { client } = clientFor(standIn);
    const into = (toCatalogItemId: string, toSubscriptionId: string) =>
      refusal(client.transition(CONTOSO, SUB_BP, { toCatalogItemId, quantity: 1, transitionType: 'transition_only', toSubscriptionId }));
    expect((await into(M365_E3, SUB_EXO)).code).toBe('900260');
    expect((await into(M365_E3, SUB_BP)).code).toBe('900259');

    // An E3 bought today is still inside its cancellation window.
    const order = await client.order(CONTOSO, [{ catalogItemId: M365_E3, quantity: 1, billingCycle: 'monthly', termDuration: 'P1Y' }]);
    const fresh = order.subscriptionIds[0] ?? '';
    const refused = await into(M365_E3, fresh);
    expect([refused.code, refused.description]).toEqual([
      '900261',
      'The target transition ToSubscriptionId field is invalid. The target subscription is not ready to be upgraded. Please try again after sometime.',
    ]);
    const listed = await client.transitionEligibilities(CONTOSO, SUB_BP);
    expect(listed.items[0]?.subscriptionEligibilities.find((target) => target.subscriptionId === fresh)).toMatchObject({
      isEligible: false,
      errors: [{ code: 2, description: 'Subscription is within cancellation window.' }],
    });
    const shorter = await refusal(client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E5, quantity: 1, transitionType: 'transition_only', termDuration: 'P1M' }));
    expect(shorter.code).toBe('900267');
  });

  it('is retried through a renewal in progress and applied once', async () => {
    standIn.state.renewalInProgress(SUB_BP, 1);
    const { client, waits } = clientFor(standIn);
    await client.transition(CONTOSO, SUB_BP, { toCatalogItemId: M365_E5, quantity: 4, transitionType: 'transition_only' });
    expect(waits).toEqual([0]);
    const posts = standIn.state.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.requestId)).toEqual([posts[0]?.requestId, posts[0]?.requestId]);
    expect(resource(SUB_BP)?.quantity).toBe(6);
    expect(standIn.state.customerSubscriptions(CONTOSO)).toHaveLength(6);
  });
});
