import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { describeRequest } from '../../../src/integrations/partner-center/describe-request.ts';
import { type PartnerCenterSubscription } from '../../../src/integrations/partner-center/model.ts';
import {
  changeSeatsRequest,
  checkoutCartRequest,
  createCartRequest,
  customTermEndDatesRequest,
  getSubscriptionRequest,
  scheduleNextTermRequest,
  transitionEligibilitiesRequest,
  transitionRequest,
} from '../../../src/integrations/partner-center/requests.ts';
import { retryDelayMs } from '../../../src/integrations/partner-center/retry-delay.ts';
import { wireRequest } from '../../../src/integrations/partner-center/wire-request.ts';

const day = CalendarDate.parse;

const SUBSCRIPTION: PartnerCenterSubscription = {
  id: 's1',
  offerId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0N8SS',
  offerName: 'Microsoft 365 Business Premium',
  quantity: 10,
  status: 'active',
  autoRenewEnabled: true,
  billingCycle: 'monthly',
  termDuration: 'P1Y',
  commitmentEndDate: '2025-06-30T00:00:00Z',
  scheduledNextTermInstructions: null,
  attributes: { objectType: 'Subscription' },
};

describe('Partner Center request builders', () => {
  it('reads a subscription', () => {
    expect(getSubscriptionRequest('c1', 's1')).toEqual({ method: 'GET', path: '/v1/customers/c1/subscriptions/s1' });
  });

  it('asks for custom term end dates with the documented query parameters', () => {
    expect(customTermEndDatesRequest('c1', { termDuration: 'P1Y' })).toEqual({
      method: 'GET',
      path: '/v1/customers/c1/subscriptions/customTermEndDates?term_duration=P1Y',
    });
    expect(customTermEndDatesRequest('c1', { termDuration: 'P1M', termStartDate: day('2025-03-10'), targetCotermSubscriptionId: 's2' }).path).toBe(
      '/v1/customers/c1/subscriptions/customTermEndDates?term_duration=P1M&term_start_date=2025-03-10&target_coterm_subscription_id=s2',
    );
  });

  it('changes seats by sending the whole subscription back with the new quantity', () => {
    expect(changeSeatsRequest('c1', SUBSCRIPTION, 12)).toEqual({
      method: 'PATCH',
      path: '/v1/customers/c1/subscriptions/s1',
      headers: { 'Content-Type': 'application/json' },
      body: { ...SUBSCRIPTION, quantity: 12 },
      summary: 'quantity 10 → 12',
    });
  });

  it('schedules the next term with the product split into its ids and the end date as a DateTime', () => {
    const request = scheduleNextTermRequest('c1', SUBSCRIPTION, {
      catalogItemId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0N8SS',
      billingCycle: 'monthly',
      termDuration: 'P1Y',
      quantity: 12,
      customTermEndDate: day('2025-10-14'),
    });
    expect(request.body).toEqual({
      ...SUBSCRIPTION,
      scheduledNextTermInstructions: {
        product: { productId: 'CFQ7TTC0LCHC', skuId: '0002', availabilityId: 'CFQ7TTC0N8SS', billingCycle: 'monthly', termDuration: 'P1Y' },
        quantity: 12,
        customTermEndDate: '2025-10-14T00:00:00Z',
      },
    });
    expect(request.method).toBe('PATCH');
    expect(request.summary).toBe('next term 12 × CFQ7TTC0LCHC:0002:CFQ7TTC0N8SS P1Y monthly ending 2025-10-14');
  });

  it('orders through a cart whose lines are numbered from 0, then checks it out', () => {
    const cart = createCartRequest('c1', [
      { catalogItemId: 'CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3', quantity: 10, billingCycle: 'monthly', termDuration: 'P1Y', customTermEndDate: day('2025-06-30') },
      { catalogItemId: 'CFQ7TTC0RM8K:0001:CFQ7TTC0S3X1', quantity: 3, billingCycle: 'monthly', termDuration: 'P1M' },
    ]);
    expect(cart).toEqual({
      method: 'POST',
      path: '/v1/customers/c1/carts',
      headers: { 'Content-Type': 'application/json' },
      body: {
        lineItems: [
          { id: 0, catalogItemId: 'CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3', quantity: 10, billingCycle: 'monthly', termDuration: 'P1Y', customTermEndDate: '2025-06-30T00:00:00Z' },
          { id: 1, catalogItemId: 'CFQ7TTC0RM8K:0001:CFQ7TTC0S3X1', quantity: 3, billingCycle: 'monthly', termDuration: 'P1M' },
        ],
      },
      summary: 'buy 10 × CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3 P1Y monthly ending 2025-06-30; 3 × CFQ7TTC0RM8K:0001:CFQ7TTC0S3X1 P1M monthly',
    });
    expect(checkoutCartRequest('c1', 'cart-7')).toEqual({ method: 'POST', path: '/v1/customers/c1/carts/cart-7/checkout' });
  });

  it('asks for transition eligibilities, then posts a transition', () => {
    expect(transitionEligibilitiesRequest('c1', 's1')).toEqual({ method: 'GET', path: '/v1/customers/c1/subscriptions/s1/transitionEligibilities?eligibilityType=immediate' });
    expect(transitionRequest('c1', 's1', { toCatalogItemId: 'CFQ7TTC0LFLX:0001:CFQ7TTC0N1ZX', quantity: 3, transitionType: 'transition_only', toSubscriptionId: 's9' })).toEqual({
      method: 'POST',
      path: '/v1/customers/c1/subscriptions/s1/transitions',
      headers: { 'Content-Type': 'application/json' },
      body: { toCatalogItemId: 'CFQ7TTC0LFLX:0001:CFQ7TTC0N1ZX', quantity: 3, transitionType: 'transition_only', toSubscriptionId: 's9' },
      summary: 'transition_only 3 to CFQ7TTC0LFLX:0001:CFQ7TTC0N1ZX into subscription s9',
    });
  });

  it('escapes ids in paths', () => {
    expect(getSubscriptionRequest('c/1', 's 1').path).toBe('/v1/customers/c%2F1/subscriptions/s%201');
  });

  it('refuses requests Partner Center would refuse on their face', () => {
    expect(() => changeSeatsRequest('c1', SUBSCRIPTION, 0)).toThrow('quantity must be a whole number of seats, at least 1 (got 0)');
    expect(() => changeSeatsRequest('c1', SUBSCRIPTION, 2.5)).toThrow('quantity must be a whole number of seats, at least 1 (got 2.5)');
    expect(() => createCartRequest('c1', [])).toThrow('a cart needs at least one line');
    expect(() => createCartRequest('c1', [{ catalogItemId: 'CFQ7TTC0LGQ2', quantity: 1, billingCycle: 'monthly', termDuration: 'P1M' }])).toThrow(
      'lines[0].catalogItemId must be productId:skuId:availabilityId (got "CFQ7TTC0LGQ2")',
    );
    expect(() => getSubscriptionRequest('', 's1')).toThrow('an id in a Partner Center path cannot be empty');
  });
});

describe('describeRequest', () => {
  it('writes one line per call for dry-run listings', () => {
    const schedule = scheduleNextTermRequest('c1', SUBSCRIPTION, { catalogItemId: SUBSCRIPTION.offerId, billingCycle: 'monthly', termDuration: 'P1Y', quantity: 10 });
    const lines = [
      getSubscriptionRequest('c1', 's1'),
      customTermEndDatesRequest('c1', { termDuration: 'P1Y', termStartDate: day('2025-03-10') }),
      changeSeatsRequest('c1', SUBSCRIPTION, 12),
      schedule,
      createCartRequest('c1', [{ catalogItemId: 'CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3', quantity: 10, billingCycle: 'annual', termDuration: 'P1Y', customTermEndDate: day('2025-06-30') }]),
      checkoutCartRequest('c1', 'cart-7'),
      transitionEligibilitiesRequest('c1', 's1'),
      transitionRequest('c1', 's1', { toCatalogItemId: 'CFQ7TTC0LFK5:0001:CFQ7TTC0N2BR', quantity: 4, transitionType: 'transition_with_license_transfer' }),
    ].map(describeRequest);
    expect(lines).toEqual([
      'GET customers/c1/subscriptions/s1',
      'GET customers/c1/subscriptions/customTermEndDates?term_duration=P1Y&term_start_date=2025-03-10',
      'PATCH customers/c1/subscriptions/s1 quantity 10 → 12',
      'PATCH customers/c1/subscriptions/s1 next term 10 × CFQ7TTC0LCHC:0002:CFQ7TTC0N8SS P1Y monthly',
      'POST customers/c1/carts buy 10 × CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3 P1Y annual ending 2025-06-30',
      'POST customers/c1/carts/cart-7/checkout',
      'GET customers/c1/subscriptions/s1/transitionEligibilities?eligibilityType=immediate',
      'POST customers/c1/subscriptions/s1/transitions transition_with_license_transfer 4 to CFQ7TTC0LFK5:0001:CFQ7TTC0N2BR',
    ]);
  });
});

describe('wireRequest', () => {
  it('adds the bearer token, Accept and the two Microsoft ids, and shows the token redacted', () => {
    const wire = wireRequest('https://api.partnercenter.microsoft.com/', changeSeatsRequest('c1', SUBSCRIPTION, 12), {
      accessToken: 'secret-token',
      requestId: 'req-1',
      correlationId: 'cor-1',
    });
    expect(wire.url).toBe('https://api.partnercenter.microsoft.com/v1/customers/c1/subscriptions/s1');
    expect(wire.headers).toEqual({
      Authorization: 'Bearer secret-token',
      Accept: 'application/json',
      'MS-RequestId': 'req-1',
      'MS-CorrelationId': 'cor-1',
      'Content-Type': 'application/json',
    });
    expect(wire.body).toBe(JSON.stringify({ ...SUBSCRIPTION, quantity: 12 }));
    expect(wire.shown.headers.Authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(wire.shown)).not.toContain('secret-token');
  });
});

describe('retryDelayMs', () => {
  it('waits the Retry-After seconds, else backs off from one second, within the bound', () => {
    expect(retryDelayMs('0', 1, 60_000)).toBe(0);
    expect(retryDelayMs('7', 3, 60_000)).toBe(7000);
    expect(retryDelayMs('120', 1, 60_000)).toBe(60_000);
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(null, attempts, 60_000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(null, 4, 3000)).toBe(3000);
    expect(retryDelayMs('soon', 2, 60_000)).toBe(2000);
  });
});
