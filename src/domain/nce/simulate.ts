import { type CalendarDate } from '../calendar/date.ts';
import { BILLING_MONTHS, TERM_MONTHS } from '../calendar/periods.ts';
import { InvalidInputError } from '../errors.ts';
import { currency } from '../money/currency.ts';
import { applyChange, coTermCandidates } from './changes.ts';
import { checkCustomTermEnd, type CoTermCandidate, firstTermOf } from './coterminosity.ts';
import { NceRuleError } from './errors.ts';
import { type NceEvent, type PriceListEntry, type SimulationResult, type SubscriptionSpec } from './model.ts';
import { PriceBook } from './price-list.ts';
import { DEFAULT_NCE_SETTINGS, type NceSettings } from './settings.ts';
import { SimulationContext } from './simulation-context.ts';
import { LiveSubscription } from './subscription-state.ts';
import { advanceTo } from './timeline.ts';

export interface SimulationInput {
  readonly subscriptions: readonly SubscriptionSpec[];
  /** Applied in date order; events on the same date in the order given. */
  readonly events: readonly NceEvent[];
  /** Price-list rows renewals are priced from; pass a PriceBook to share one index across many runs. */
  readonly priceList?: readonly PriceListEntry[] | PriceBook;
  /** Last day simulated: rows are raised up to and including it. */
  readonly through: CalendarDate;
  readonly settings?: NceSettings;
  /** Subscriptions outside the scenario (by end date) that custom term end dates may align with. */
  readonly coTermCandidates?: readonly CoTermCandidate[];
}

/** The customer a subscription without one belongs to. */
export const DEFAULT_CUSTOMER = '';

/**
 * Shadow billing: replays subscriptions and their dated changes the way
 * Microsoft bills them and returns the reconciliation-file rows it would
 * raise, each with the calculation that explains it. Throws InvalidInputError
 * for impossible input and NceRuleError for a change Partner Center refuses.
 */
export function simulateNce(input: SimulationInput): SimulationResult {
  const settings = input.settings ?? DEFAULT_NCE_SETTINGS;
  const context = new SimulationContext(settings, input.priceList instanceof PriceBook ? input.priceList : new PriceBook(input.priceList ?? []), input.through, input.coTermCandidates);
  const purchases = input.subscriptions.map((spec, index) => ({ spec, index, live: register(context, spec, index) }));
  purchases.sort((a, b) => a.spec.start.compare(b.spec.start) || a.index - b.index);
  const events = [...input.events].sort((a, b) => a.date.compare(b.date));

  let next = 0;
  const purchaseUpTo = (date: CalendarDate): void => {
    for (; next < purchases.length; next += 1) {
      const purchase = purchases[next];
      if (!purchase || purchase.spec.start.isAfter(date)) return;
      buy(context, purchase.live, purchase.spec, purchase.index);
    }
  };
  for (const event of events) {
    if (event.date.isAfter(input.through)) {
      context.warn('EVENT_AFTER_THROUGH', event.date, event.subscription, `events[${event.index}] (${event.type}) is after ${input.through.toString()} and was not applied`);
      continue;
    }
    purchaseUpTo(event.date);
    try {
      applyChange(context, event);
    } catch (error) {
      if (!(error instanceof NceRuleError) || settings.onRefusedChange === 'error') throw error;
      context.warn('CHANGE_REFUSED', event.date, event.subscription, `events[${event.index}] (${event.type}) was not applied: ${error.message}`);
    }
  }
  purchaseUpTo(input.through);
  for (const subscription of context.subscriptions.values()) advanceTo(context, subscription, input.through);

  return {
    through: input.through,
    lines: context.lines(),
    warnings: context.warnings,
    subscriptions: [...context.subscriptions.values()].map((subscription) => subscription.outcome()),
  };
}

function register(context: SimulationContext, spec: SubscriptionSpec, index: number): LiveSubscription {
  const field = `subscriptions[${index}]`;
  if (!Number.isSafeInteger(spec.quantity) || spec.quantity < 1) {
    throw new InvalidInputError(`quantity must be a whole number of at least 1, got ${spec.quantity}`, `${field}.quantity`);
  }
  if (spec.unitPrice.sign() < 0) throw new InvalidInputError(`unit price cannot be negative (${spec.unitPrice.toString()})`, `${field}.unitPrice`);
  if (BILLING_MONTHS[spec.billing] > TERM_MONTHS[spec.term]) {
    throw new NceRuleError('BILLING_LONGER_THAN_TERM', spec.start, spec.id, `a ${spec.term} term cannot be billed ${spec.billing}`, `${field}.billing`);
  }
  const { code, minorUnits } = currency(spec.currency, `${field}.currency`);
  const live = new LiveSubscription({
    id: spec.id,
    customer: spec.customer ?? DEFAULT_CUSTOMER,
    product: spec.product,
    ...(spec.sku === undefined ? {} : { sku: spec.sku }),
    unitPrice: spec.unitPrice,
    currency: code,
    minorUnits,
    term: spec.term,
    billing: spec.billing,
    quantity: spec.quantity,
    autoRenew: spec.autoRenew,
    purchased: spec.start,
  });
  context.register(live, `${field}.id`);
  return live;
}

function buy(context: SimulationContext, live: LiveSubscription, spec: SubscriptionSpec, index: number): void {
  let note: string | undefined;
  if (spec.customTermEnd) {
    const candidates = coTermCandidates(context, live, spec.start);
    const check = checkCustomTermEnd({ term: spec.term, start: spec.start, candidates }, spec.customTermEnd);
    if (!check.ok) throw new NceRuleError(check.rule, spec.start, spec.id, check.detail, `subscriptions[${index}].customTermEnd`);
    const first = firstTermOf(spec.start, spec.customTermEnd, spec.term);
    live.enterTerm({ anchor: spec.customTermEnd.addDays(1), index: -1, start: spec.start });
    note = `co-termed: first term ${first.start.toString()} – ${first.end.toString()} (${first.days} of ${first.fullTermDays} days)`;
  } else {
    live.enterTerm({ anchor: spec.start, index: 0, start: spec.start });
  }
  live.status = 'active';
  live.windowStart = spec.start;
  live.batches = [{ added: spec.start, quantity: spec.quantity }];
  context.billCurrentCycle(live, 'new', note);
}
