import { type CalendarDate, daysInclusive, maxDate } from '../calendar/date.ts';
import { gridPeriodContaining, type Period } from '../calendar/periods.ts';
import { type Explanation } from '../explanation.ts';
import { type ProrationPolicy } from '../ledger/service-terms.ts';
import { currency } from '../money/currency.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { type BillableSubscription, type BillableVersion, type BillingPeriod, type InvoiceLine, type InvoiceLineKind } from './model.ts';
import { customerPrice, type PriceRule } from './price-rules.ts';
import { productSetting, type ProductSetting } from './product-settings.ts';

/** Ledger statuses in which a subscription is charged; suspended, cancelled, expired and ended ones are not. */
const BILLABLE_STATUSES: ReadonlySet<string> = new Set(['active', 'extendedServiceTerm']);

export interface ChargeRules {
  readonly priceRules: readonly PriceRule[];
  readonly productSettings: readonly ProductSetting[];
}

interface DayState {
  readonly version: BillableVersion;
  readonly quantity: number;
}

/**
 * What a client owes for one subscription in a billing month. Monthly-billed
 * items are charged for the calendar month; with daily proration each run of
 * days with the same seats is charged seats × price × days ÷ days in month,
 * with `monthly` the month's highest seat count is charged whole, with `none`
 * the seats of its first day. Items billed in advance for a longer cycle
 * (annual and triennial licences, quarterly and annual services) are charged
 * when a cycle starts — a co-termed first cycle prorated by its days, as
 * Microsoft does — and, with daily proration, a mid-cycle seat change or
 * cancellation is charged or credited for the days left in the cycle.
 */
export function subscriptionCharges(subscription: BillableSubscription, period: BillingPeriod, rules: ChargeRules): InvoiceLine[] {
  if (subscription.kind === 'azure_plan' || subscription.kind === 'ea') return [];
  const setting = productSetting(subscription, rules.productSettings);
  const policy = subscription.prorationPolicy ?? setting.prorationPolicy;
  const charges = new ChargeWriter(subscription, setting.glAccount, rules.priceRules);
  const monthDays = daysInclusive(period.start, period.end);
  const days: (DayState | undefined)[] = [];
  for (let day = period.start; !day.isAfter(period.end); day = day.addDays(1)) days.push(stateOn(subscription, day));

  monthlyCharges(days, period, policy, monthDays, charges);
  let previous = stateOn(subscription, period.start.addDays(-1));
  days.forEach((state, index) => {
    upfrontCharges(period.start.addDays(index), state, previous, policy, charges);
    previous = state;
  });
  return charges.lines;
}

function stateOn(subscription: BillableSubscription, day: CalendarDate): DayState | undefined {
  const version = subscription.versions.find((candidate) => !candidate.from.isAfter(day) && (candidate.to === null || !candidate.to.isBefore(day)));
  if (!version || !BILLABLE_STATUSES.has(version.status) || version.quantity <= 0 || !version.unitPrice || !version.currency) return undefined;
  return { version, quantity: version.quantity };
}

function monthlyCharges(days: readonly (DayState | undefined)[], period: BillingPeriod, policy: ProrationPolicy, monthDays: number, charges: ChargeWriter): void {
  const monthly = days.map((state) => (state && state.version.cycleMonths === 1 ? state : undefined));
  const dayOf = (index: number): CalendarDate => period.start.addDays(index);
  if (policy === 'none') {
    const first = monthly[0];
    if (first) charges.charge('recurring', first.version, first.quantity, { start: period.start, end: period.end }, monthDays, monthDays, 'month');
    return;
  }
  if (policy === 'monthly') {
    let highest: DayState | undefined;
    for (const state of monthly) if (state && (!highest || state.quantity >= highest.quantity)) highest = state;
    if (highest) charges.charge('recurring', highest.version, highest.quantity, { start: period.start, end: period.end }, monthDays, monthDays, 'month');
    return;
  }
  let runStart = 0;
  for (let index = 1; index <= monthly.length; index += 1) {
    const first = monthly[runStart];
    const current = monthly[index];
    if (index < monthly.length && sameCharge(first, current)) continue;
    if (first) {
      const runDays = index - runStart;
      charges.charge(runDays === monthDays ? 'recurring' : 'prorated', first.version, first.quantity, { start: dayOf(runStart), end: dayOf(index - 1) }, runDays, monthDays, 'month');
    }
    runStart = index;
  }
}

function sameCharge(a: DayState | undefined, b: DayState | undefined): boolean {
  if (!a || !b) return a === b;
  return a.quantity === b.quantity && a.version.unitPrice!.equals(b.version.unitPrice!) && a.version.currency === b.version.currency;
}

function upfrontCharges(day: CalendarDate, state: DayState | undefined, previous: DayState | undefined, policy: ProrationPolicy, charges: ChargeWriter): void {
  if (state && state.version.cycleMonths > 1) {
    const cycle = cycleOf(state.version, day);
    const cycleDays = daysInclusive(cycle.start, cycle.end);
    if (day.equals(cycle.start)) {
      charges.charge(cycleDays < cycle.fullDays ? 'stub' : 'recurring', state.version, state.quantity, cycle, cycleDays, cycle.fullDays, 'cycle');
      return;
    }
    if (policy !== 'daily') return;
    const before = previous && previous.version.cycleMonths > 1 && cycleOf(previous.version, day).start.equals(cycle.start) ? previous.quantity : 0;
    const change = state.quantity - before;
    if (change !== 0) charges.charge(change > 0 ? 'addition' : 'credit', state.version, change, { start: day, end: cycle.end }, daysInclusive(day, cycle.end), cycle.fullDays, 'cycle');
    return;
  }
  if (policy !== 'daily' || !previous || previous.version.cycleMonths <= 1) return;
  const cycle = cycleOf(previous.version, day.addDays(-1));
  if (!day.isAfter(cycle.end)) charges.charge('credit', previous.version, -previous.quantity, { start: day, end: cycle.end }, daysInclusive(day, cycle.end), cycle.fullDays, 'cycle');
}

/**
 * The billing cycle of a version containing `day`: cycles end on the term's
 * end (or run from its start when the end is unknown), so a co-termed first
 * cycle is the short one, clipped to the term's start.
 */
function cycleOf(version: BillableVersion, day: CalendarDate): Period & { readonly fullDays: number } {
  const anchor = version.termEnd ? version.termEnd.addDays(1) : (version.termStart ?? version.from);
  const grid = gridPeriodContaining(anchor, version.cycleMonths, day);
  const start = version.termStart ? maxDate(grid.start, version.termStart) : grid.start;
  return { start, end: grid.end, fullDays: daysInclusive(grid.start, grid.end) };
}

const KIND_WORDS: Readonly<Record<InvoiceLineKind, string>> = {
  recurring: '',
  prorated: 'prorated',
  stub: 'co-term stub',
  addition: 'seats added',
  credit: 'credit',
  azure: 'Azure consumption',
  manual: 'adjustment',
};

/** Prices a subscription's versions once and writes its lines with their arithmetic. */
class ChargeWriter {
  readonly lines: InvoiceLine[] = [];
  private readonly prices = new Map<BillableVersion, ReturnType<typeof customerPrice>>();

  constructor(
    private readonly subscription: BillableSubscription,
    private readonly glAccount: string,
    private readonly priceRules: readonly PriceRule[],
  ) {}

  charge(kind: InvoiceLineKind, version: BillableVersion, quantity: number, service: Period, days: number, cycleDays: number, cycleName: 'month' | 'cycle'): void {
    const price = this.priceOf(version);
    const code = version.currency!;
    const places = currency(code).minorUnits;
    const whole = days === cycleDays;
    const extended = price.unitPrice.timesInteger(quantity);
    const amount = whole ? extended.round(places, 'halfUp') : Decimal.ratio(extended.units * BigInt(days), BigInt(cycleDays) * pow10(extended.scale), places, 'halfUp');
    const range = `${service.start.toString()} – ${service.end.toString()}`;
    const words = KIND_WORDS[kind];
    const explanation: Explanation = whole
      ? {
          formula: 'amount = quantity × unit price',
          inputs: { quantity, unitPrice: price.unitPrice.toString() },
          rounding: `half up to ${places} decimals`,
          text: `${quantity} × ${price.unitPrice.toString()} = ${amount.toString()} ${code} for ${range}.`,
        }
      : {
          formula: `amount = quantity × unit price × days ÷ days in ${cycleName}`,
          inputs: { quantity, unitPrice: price.unitPrice.toString(), days, [`daysIn${cycleName === 'month' ? 'Month' : 'Cycle'}`]: cycleDays },
          rounding: `half up to ${places} decimals, once`,
          text: `${quantity} × ${price.unitPrice.toString()} × ${days}/${cycleDays} = ${amount.toString()} ${code} for ${range}.`,
        };
    this.lines.push({
      subscriptionId: this.subscription.id,
      kind,
      description: `${this.subscription.productName}${words ? ` (${words})` : ''}, ${range}`,
      quantity: Decimal.fromInteger(quantity),
      unitPrice: price.unitPrice,
      amount,
      currency: code,
      serviceStart: service.start,
      serviceEnd: service.end,
      glAccount: this.glAccount,
      explanation,
      pricing: price.explanation,
    });
  }

  private priceOf(version: BillableVersion): ReturnType<typeof customerPrice> {
    let price = this.prices.get(version);
    if (!price) {
      const cost = version.unitPrice!;
      const code = version.currency!;
      price =
        this.subscription.kind === 'msp_service'
          ? { unitPrice: cost, rule: undefined, explanation: { formula: 'price = contract price', inputs: { contractPrice: cost.toString(), currency: code }, rounding: 'none', text: `Contract price ${cost.toString()} ${code}.` } }
          : customerPrice({ accountId: this.subscription.accountId, family: this.subscription.family, skuId: this.subscription.skuId, cost, currency: code }, this.priceRules);
      this.prices.set(version, price);
    }
    return price;
  }
}
