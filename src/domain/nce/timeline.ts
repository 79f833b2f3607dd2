import { type CalendarDate, minDate } from '../calendar/date.ts';
import { entersExtendedServiceTerm, extendedServiceTermPrice } from './extended-service-term.ts';
import { resolveNextTerm } from './renewal.ts';
import { type SimulationContext } from './simulation-context.ts';
import { type LiveSubscription } from './subscription-state.ts';

/**
 * Replays a subscription's own calendar up to `date` (never past the
 * simulation's end): cycle charges, renewals, the Extended Service Term or
 * expiry. Boundaries falling on `date` itself happen before that day's events.
 */
export function advanceTo(context: SimulationContext, subscription: LiveSubscription, date: CalendarDate): void {
  const limit = minDate(date, context.through).epochDay;
  while (subscription.isLive && subscription.cycle.end.epochDay + 1 <= limit) {
    const boundary = subscription.nextBoundary;
    if (boundary.isAfter(subscription.termEnd)) {
      endTerm(context, subscription, boundary);
    } else {
      subscription.enterCycleAt(boundary);
      context.billCurrentCycle(subscription, subscription.status === 'extendedServiceTerm' ? 'extendTerm' : 'cycleCharge');
    }
  }
}

function endTerm(context: SimulationContext, subscription: LiveSubscription, nextDay: CalendarDate): void {
  if (subscription.status === 'extendedServiceTerm') {
    subscription.enterTerm({ anchor: subscription.placement.anchor, index: subscription.placement.index + 1, start: nextDay });
    context.billCurrentCycle(subscription, 'extendTerm');
    return;
  }
  if (subscription.autoRenew) {
    renew(context, subscription, nextDay);
    return;
  }
  const est = context.settings.extendedServiceTerm;
  if (!subscription.cancelAtTermEnd && entersExtendedServiceTerm(subscription, est)) {
    const price = extendedServiceTermPrice(subscription, nextDay, context.priceBook, est);
    subscription.status = 'extendedServiceTerm';
    subscription.term = 'P1M';
    subscription.billing = 'monthly';
    subscription.unitPrice = price.unitPrice;
    subscription.windowStart = nextDay;
    subscription.enterTerm({ anchor: nextDay, index: 0, start: nextDay });
    context.billCurrentCycle(subscription, 'extendTerm', price.note);
    context.warn(
      'EXTENDED_SERVICE_TERM_STARTED',
      nextDay,
      subscription.id,
      `${subscription.id} was neither renewed nor cancelled and rolled into the Extended Service Term at ${price.unitPrice.toString()} per unit per month`,
    );
    if (price.assumed) {
      context.warn(
        'EXTENDED_SERVICE_TERM_PRICE_ASSUMED',
        nextDay,
        subscription.id,
        `no monthly-term price is known for ${subscription.product}, so the +23% rule was applied; add its P1M price-list row if it has a monthly plan`,
      );
    }
    return;
  }
  subscription.status = 'expired';
  const reason = subscription.cancelAtTermEnd ? 'it was set to cancel at term end' : 'auto-renew was off';
  context.warn('SUBSCRIPTION_EXPIRED', nextDay, subscription.id, `${subscription.id} expired after ${subscription.termEnd.toString()}: ${reason}`);
}

function renew(context: SimulationContext, subscription: LiveSubscription, renewalStart: CalendarDate): void {
  const next = resolveNextTerm(subscription, renewalStart, subscription.scheduled, context.priceBook);
  const gridChanged = next.term !== subscription.term || next.billing !== subscription.billing;
  subscription.product = next.product;
  subscription.sku = next.sku;
  subscription.term = next.term;
  subscription.billing = next.billing;
  subscription.quantity = next.quantity;
  subscription.unitPrice = next.unitPrice;
  subscription.scheduled = undefined;
  subscription.windowStart = renewalStart;
  subscription.batches = [{ added: renewalStart, quantity: next.quantity }];
  if (next.customTermEnd) {
    subscription.enterTerm({ anchor: next.customTermEnd.addDays(1), index: -1, start: renewalStart });
  } else if (gridChanged) {
    subscription.enterTerm({ anchor: renewalStart, index: 0, start: renewalStart });
  } else {
    subscription.enterTerm({ anchor: subscription.placement.anchor, index: subscription.placement.index + 1, start: renewalStart });
  }
  context.billCurrentCycle(subscription, 'renew', next.customTermEnd ? { renewalPrice: next.priceSource, alignedTo: next.customTermEnd } : { renewalPrice: next.priceSource });
}
