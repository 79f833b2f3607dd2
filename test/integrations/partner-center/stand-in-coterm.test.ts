import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { type CartLineInput } from '../../../src/integrations/partner-center/model.ts';
import { type PartnerCenterStandInHandle } from '../../../src/integrations/partner-center/stand-in/server.ts';
import {
  BUSINESS_PREMIUM,
  clientFor,
  CONTOSO,
  DEFENDER,
  M365_E5,
  microsoftError,
  raw,
  refusal,
  startStandIn,
  SUB_BP,
  SUB_E3,
  SUB_EXO,
  SUB_TEAMS,
  SUB_VISIO,
} from './fixtures.ts';

const day = CalendarDate.parse;

const NOT_ALIGNED_LINE_0 =
  'The custom term end date specified for line item 0 does not match with the end date of any active non-trial OnlineServicesNCE subscription or align with the end of the calendar month. Partners should select a new custom term end date.';
const OUT_OF_RANGE_LINE_0 =
  'The custom term end date specified for line item 0 must be within the first term duration. Also monthly term products cannot align with a subscription ending on the 28th, 29th, or 30th of the month, unless that date is the last day of the month.';

function defender(customTermEndDate?: string): CartLineInput {
  return { catalogItemId: DEFENDER, quantity: 10, billingCycle: 'monthly', termDuration: 'P1Y', ...(customTermEndDate ? { customTermEndDate: day(customTermEndDate) } : {}) };
}

describe('custom term end dates on the Partner Center stand-in', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  it('offers the month end and the end dates of the customer’s active annual subscriptions', async () => {
    const { client } = clientFor(standIn);
    const dates = await client.customTermEndDates(CONTOSO, { termDuration: 'P1Y' });
    // Not Teams (a monthly term), not Visio (suspended), not Fabrikam's subscription ending 2025-05-31.
    expect(dates).toEqual({
      totalCount: 4,
      items: [
        { allowedCustomTermEndDateType: 'calendarMonthAligned', allowedCustomTermEndDate: '2026-02-28T00:00:00' },
        { allowedCustomTermEndDateType: 'subscriptionAligned', cotermSubscriptionIds: [SUB_BP], allowedCustomTermEndDate: '2025-06-30T00:00:00' },
        { allowedCustomTermEndDateType: 'subscriptionAligned', cotermSubscriptionIds: [SUB_E3], allowedCustomTermEndDate: '2025-08-31T00:00:00' },
        { allowedCustomTermEndDateType: 'subscriptionAligned', cotermSubscriptionIds: [SUB_EXO], allowedCustomTermEndDate: '2025-10-14T00:00:00' },
      ],
      attributes: { objectType: 'Collection' },
    });
  });

  it('lets a monthly term end with a monthly subscription, and narrows to one target', async () => {
    const { client } = clientFor(standIn);
    const monthly = await client.customTermEndDates(CONTOSO, { termDuration: 'P1M' });
    expect(monthly.items).toEqual([
      { allowedCustomTermEndDateType: 'calendarMonthAligned', allowedCustomTermEndDate: '2025-03-31T00:00:00' },
      { allowedCustomTermEndDateType: 'subscriptionAligned', cotermSubscriptionIds: [SUB_TEAMS], allowedCustomTermEndDate: '2025-03-19T00:00:00' },
    ]);
    const targeted = await client.customTermEndDates(CONTOSO, { termDuration: 'P1Y', termStartDate: day('2025-04-01'), targetCotermSubscriptionId: SUB_EXO });
    expect(targeted.items).toEqual([
      { allowedCustomTermEndDateType: 'calendarMonthAligned', allowedCustomTermEndDate: '2026-03-31T00:00:00' },
      { allowedCustomTermEndDateType: 'subscriptionAligned', cotermSubscriptionIds: [SUB_EXO], allowedCustomTermEndDate: '2025-10-14T00:00:00' },
    ]);
  });

  it('refuses a start date in the past and a missing term', async () => {
    const past = await raw(standIn, 'GET', `/v1/customers/${CONTOSO}/subscriptions/customTermEndDates?term_duration=P1Y&term_start_date=2025-03-09`);
    expect(past).toMatchObject({ status: 400, body: microsoftError(800002, 'Invalid request input: term_start_date 2025-03-09 is in the past') });
    const noTerm = await raw(standIn, 'GET', `/v1/customers/${CONTOSO}/subscriptions/customTermEndDates`);
    expect(noTerm).toMatchObject({ status: 400, body: microsoftError(800002, 'Invalid request input: term_duration must be P1M, P1Y or P3Y') });
  });

  it('answers an unknown customer with 404', async () => {
    const response = await raw(standIn, 'GET', '/v1/customers/nobody/subscriptions/customTermEndDates?term_duration=P1Y');
    expect(response).toMatchObject({ status: 404, body: microsoftError(60003, 'Tenant not found') });
  });
});

describe('ordering through a cart', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const NEW_SUBSCRIPTION = '5b000000-0000-4000-8000-000000000001';

  it('creates a subscription ending on the custom term end date, co-termed with Business Premium', async () => {
    const { client } = clientFor(standIn);
    const cart = await client.createCart(CONTOSO, [defender('2025-06-30')]);
    expect(cart).toMatchObject({
      id: 'ca000000-0000-4000-8000-000000000001',
      status: 'Active',
      lineItems: [{ id: 0, catalogItemId: DEFENDER, quantity: 10, billingCycle: 'monthly', termDuration: 'P1Y', customTermEndDate: '2025-06-30T00:00:00Z' }],
    });
    const checkout = await client.checkoutCart(CONTOSO, cart.id);
    expect(checkout.orders).toEqual([
      {
        id: '0d000000-0000-4000-8000-000000000001',
        referenceCustomerId: CONTOSO,
        lineItems: [
          {
            lineItemNumber: 0,
            offerId: DEFENDER,
            subscriptionId: NEW_SUBSCRIPTION,
            friendlyName: 'Microsoft Defender for Business',
            quantity: 10,
            billingCycle: 'monthly',
            termDuration: 'P1Y',
            customTermEndDate: '2025-06-30T00:00:00Z',
          },
        ],
        creationDate: '2025-03-10T00:00:00Z',
        status: 'completed',
        attributes: { objectType: 'Order' },
      },
    ]);
    expect(standIn.state.subscriptionResource(CONTOSO, NEW_SUBSCRIPTION)).toMatchObject({
      offerId: DEFENDER,
      quantity: 10,
      status: 'active',
      autoRenewEnabled: true,
      effectiveStartDate: '2025-03-10T00:00:00Z',
      commitmentEndDate: '2025-06-30T00:00:00Z',
      refundableQuantity: { totalQuantity: 10, details: [{ quantity: 10, allowedUntilDateTime: '2025-03-17T23:59:59Z' }] },
      orderId: '0d000000-0000-4000-8000-000000000001',
    });
  });

  it('ends a term bought without a custom date on its default end', async () => {
    const { client } = clientFor(standIn);
    const order = await client.order(CONTOSO, [defender(), { catalogItemId: M365_E5, quantity: 2, billingCycle: 'annual', termDuration: 'P1Y' }]);
    expect(order.subscriptionIds).toEqual([NEW_SUBSCRIPTION, '5b000000-0000-4000-8000-000000000002']);
    const ends = order.subscriptionIds.map((id) => standIn.state.subscriptionResource(CONTOSO, id)?.commitmentEndDate);
    expect(ends).toEqual(['2026-03-09T00:00:00Z', '2026-03-09T00:00:00Z']);
  });

  it('refuses an end date Partner Center would not offer, before any cart exists', async () => {
    const { client } = clientFor(standIn);
    const error = await refusal(client.order(CONTOSO, [defender('2025-06-15')]));
    expect(error.message).toBe(`POST customers/${CONTOSO}/carts buy 10 × ${DEFENDER} P1Y monthly ending 2025-06-15 was refused with 400 (900242): ${NOT_ALIGNED_LINE_0}`);
    expect(error.body).toEqual(microsoftError(900242, NOT_ALIGNED_LINE_0));
    expect(standIn.state.requests.map((request) => request.method)).toEqual(['POST']);
    expect(standIn.state.carts.size).toBe(0);
  });

  it('refuses co-terming an annual term with a monthly one, and an end date past the first term', async () => {
    const { client } = clientFor(standIn);
    const monthly = await refusal(client.createCart(CONTOSO, [defender('2025-03-19')]));
    expect([monthly.code, monthly.description]).toEqual(['900242', NOT_ALIGNED_LINE_0]);
    const tooLate = await refusal(client.createCart(CONTOSO, [defender('2026-03-31')]));
    expect([tooLate.code, tooLate.description]).toEqual(['900245', OUT_OF_RANGE_LINE_0]);
  });

  it('checks the end date again at checkout, since the day may have moved on', async () => {
    const { client } = clientFor(standIn);
    const cart = await client.createCart(CONTOSO, [defender('2025-06-30')]);
    standIn.state.today = '2025-07-01';
    const error = await refusal(client.checkoutCart(CONTOSO, cart.id));
    expect([error.code, error.description]).toEqual(['900245', OUT_OF_RANGE_LINE_0]);
  });

  it('checks a cart out once', async () => {
    const { client } = clientFor(standIn);
    const cart = await client.createCart(CONTOSO, [defender()]);
    await client.checkoutCart(CONTOSO, cart.id);
    const error = await refusal(client.checkoutCart(CONTOSO, cart.id));
    expect(error.message).toBe(`POST customers/${CONTOSO}/carts/${cart.id}/checkout was refused with 400 (800065): Can't check out an already submitted cart ${cart.id}.`);
    expect(standIn.state.customerSubscriptions(CONTOSO).map((subscription) => subscription.id)).toContain(NEW_SUBSCRIPTION);
    expect(standIn.state.customerSubscriptions(CONTOSO)).toHaveLength(6);
  });

  it('answers a repeated checkout with the same MS-RequestId with the same order, creating nothing more', async () => {
    const { client } = clientFor(standIn);
    const cart = await client.createCart(CONTOSO, [defender()]);
    const headers = { 'MS-RequestId': '3b241101-e2bb-4255-8caf-4136c566a962' };
    const first = await raw(standIn, 'POST', `/v1/customers/${CONTOSO}/carts/${cart.id}/checkout`, undefined, headers);
    const again = await raw(standIn, 'POST', `/v1/customers/${CONTOSO}/carts/${cart.id}/checkout`, undefined, headers);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(standIn.state.customerSubscriptions(CONTOSO)).toHaveLength(6);
  });

  it('refuses lines Partner Center would refuse', async () => {
    const cart = (lineItems: unknown[]) => raw(standIn, 'POST', `/v1/customers/${CONTOSO}/carts`, { lineItems });
    const line = { id: 0, catalogItemId: DEFENDER, quantity: 1, billingCycle: 'monthly', termDuration: 'P1Y' };
    expect(await cart([{ ...line, quantity: 0 }])).toMatchObject({
      status: 400,
      body: microsoftError(900275, 'The requested quantity for line item 0 is not within the allowed quantity for this offer.'),
    });
    expect(await cart([{ ...line, termDuration: 'P2Y' }])).toMatchObject({ body: microsoftError(800121, 'The term duration provided is invalid.') });
    expect(await cart([{ ...line, billingCycle: 'weekly' }])).toMatchObject({ body: microsoftError(900269, 'The billing cycle is invalid.') });
    expect(await cart([{ ...line, termDuration: 'P1M', billingCycle: 'annual' }])).toMatchObject({ body: microsoftError(900270, 'The billing cycle cannot be longer than the term.') });
    expect(await cart([])).toMatchObject({ body: microsoftError(800002, 'Invalid request input: a cart needs lineItems, at least one') });
    expect(await raw(standIn, 'POST', `/v1/customers/${CONTOSO}/carts/unknown/checkout`)).toMatchObject({ status: 404, body: microsoftError(800008, 'Unable to retrieve cart ID') });
  });
});

describe('scheduled next-term instructions', () => {
  let standIn: PartnerCenterStandInHandle;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.close());

  const schedule = async (subscriptionId: string, customTermEndDate?: string, catalogItemId = BUSINESS_PREMIUM) => {
    const { client } = clientFor(standIn);
    const subscription = await client.getSubscription(CONTOSO, subscriptionId);
    return client.scheduleNextTerm(CONTOSO, subscription, {
      catalogItemId,
      billingCycle: 'monthly',
      termDuration: 'P1Y',
      quantity: 12,
      ...(customTermEndDate ? { customTermEndDate: day(customTermEndDate) } : {}),
    });
  };

  it('sets instructions whose end date co-terms the renewal with Exchange Online', async () => {
    const updated = await schedule(SUB_BP, '2025-10-14');
    const expected = {
      product: { productId: 'CFQ7TTC0LCHC', skuId: '0002', availabilityId: 'CFQ7TTC0N8SS', billingCycle: 'monthly', termDuration: 'P1Y' },
      quantity: 12,
      customTermEndDate: '2025-10-14T00:00:00Z',
    };
    expect(updated.scheduledNextTermInstructions).toEqual(expected);
    expect(updated.quantity).toBe(10);
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.scheduledNextTermInstructions).toEqual(expected);
  });

  it('refuses an end date that matches nothing, and one beyond the renewed term', async () => {
    const unmatched = await refusal(schedule(SUB_BP, '2025-11-15'));
    expect([unmatched.status, unmatched.code, unmatched.description]).toEqual([
      400,
      '900246',
      'The custom term end date specified on the scheduled next term instructions does not match with the end date of any active non-trial OnlineServicesNCE subscription or align with the end of the calendar month.',
    ]);
    const beyond = await refusal(schedule(SUB_BP, '2026-08-31'));
    expect(beyond.code).toBe('900245');
    expect(standIn.state.subscriptionResource(CONTOSO, SUB_BP)?.scheduledNextTermInstructions).toBeNull();
  });

  it('needs auto-renew on and an active subscription', async () => {
    const exchange = await refusal(schedule(SUB_EXO, undefined, 'CFQ7TTC0LH16:0001:CFQ7TTC0KNPB'));
    expect([exchange.code, exchange.description]).toEqual(['800002', 'Invalid request input: scheduled next term instructions need auto-renew to be enabled']);
    const visio = await refusal(schedule(SUB_VISIO, undefined, 'CFQ7TTC0HD32:0001:CFQ7TTC0LH0F'));
    expect([visio.code, visio.description]).toEqual(['800012', "This subscription isn't an active subscription"]);
  });

  it('allows an upgrade the table lists, and no other product', async () => {
    expect((await schedule(SUB_BP, undefined, M365_E5)).scheduledNextTermInstructions?.product.productId).toBe('CFQ7TTC0LFK5');
    const other = await refusal(schedule(SUB_BP, undefined, DEFENDER));
    expect(other.description).toBe(`Invalid request input: ${DEFENDER} is neither the product of subscription ${SUB_BP} nor an upgrade of it`);
  });

  it('loses the instructions on a mid-term seat change or when auto-renew is turned off', async () => {
    const { client } = clientFor(standIn);
    const scheduled = await schedule(SUB_BP, '2025-10-14');
    const changed = await client.changeSeats(CONTOSO, scheduled, 11);
    expect([changed.quantity, changed.scheduledNextTermInstructions]).toEqual([11, null]);

    const again = await schedule(SUB_BP);
    const off = await raw(standIn, 'PATCH', `/v1/customers/${CONTOSO}/subscriptions/${SUB_BP}`, { ...again, autoRenewEnabled: false });
    expect(off.body).toMatchObject({ autoRenewEnabled: false, scheduledNextTermInstructions: null });
  });
});
