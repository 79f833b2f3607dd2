import { CalendarDate } from '../src/domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../src/domain/calendar/periods.ts';
import { Decimal } from '../src/domain/money/decimal.ts';
import { type NceEvent, type PriceListEntry, type SubscriptionSpec } from '../src/domain/nce/model.ts';

/** A deterministic pseudo-random source (mulberry32) so every run bills the same portfolio. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = [
  { name: 'Microsoft 365 Business Basic', monthly: '7.20', upgrade: 'Microsoft 365 Business Standard', upgradePrice: '15.00' },
  { name: 'Microsoft 365 Business Standard', monthly: '15.00', upgrade: 'Microsoft 365 Business Premium', upgradePrice: '26.40' },
  { name: 'Microsoft 365 Business Premium', monthly: '26.40', upgrade: 'Microsoft 365 E5', upgradePrice: '68.40' },
  { name: 'Office 365 E1', monthly: '12.00', upgrade: 'Office 365 E3', upgradePrice: '27.60' },
  { name: 'Office 365 E3', monthly: '27.60', upgrade: 'Microsoft 365 E3', upgradePrice: '43.20' },
  { name: 'Microsoft 365 E3', monthly: '43.20', upgrade: 'Microsoft 365 E5', upgradePrice: '68.40' },
  { name: 'Exchange Online (Plan 1)', monthly: '4.80', upgrade: 'Exchange Online (Plan 2)', upgradePrice: '9.60' },
  { name: 'Microsoft Teams Essentials', monthly: '4.80', upgrade: 'Microsoft 365 Business Basic', upgradePrice: '7.20' },
] as const;

const PLANS: readonly { term: TermDuration; billing: BillingPlan; weight: number; cycleFactor: number }[] = [
  { term: 'P1Y', billing: 'monthly', weight: 0.4, cycleFactor: 1 },
  { term: 'P1M', billing: 'monthly', weight: 0.25, cycleFactor: 1.2 },
  { term: 'P1Y', billing: 'annual', weight: 0.2, cycleFactor: 11.4 },
  { term: 'P3Y', billing: 'monthly', weight: 0.1, cycleFactor: 0.95 },
  { term: 'P3Y', billing: 'annual', weight: 0.05, cycleFactor: 10.8 },
];

type EventInput = NceEvent extends infer E ? (E extends NceEvent ? Omit<E, 'index' | 'subscription'> : never) : never;

export interface CustomerScenario {
  readonly subscriptions: SubscriptionSpec[];
  readonly events: NceEvent[];
}

export interface PortfolioShape {
  readonly customers: number;
  readonly subscriptionsPerCustomer: number;
  /** Subscriptions are bought during the year before `horizonStart`; events fall inside the horizon. */
  readonly horizonStart: CalendarDate;
  readonly horizonDays: number;
  readonly seed: number;
}

/** Price-list rows with a price rise on the horizon's fourth month, so renewals look prices up. */
export function benchPriceList(horizonStart: CalendarDate): PriceListEntry[] {
  const rows: PriceListEntry[] = [];
  for (const product of PRODUCTS) {
    for (const plan of PLANS) {
      const base = Decimal.parse(product.monthly);
      const price = base.times(Decimal.parse(String(plan.cycleFactor))).round(2, 'halfUp');
      rows.push({ product: product.name, term: plan.term, billing: plan.billing, currency: 'USD', unitPrice: price, effectiveStart: CalendarDate.of(2020, 1, 1) });
      rows.push({
        product: product.name,
        term: plan.term,
        billing: plan.billing,
        currency: 'USD',
        unitPrice: price.times(Decimal.parse('1.05')).round(2, 'halfUp'),
        effectiveStart: horizonStart.addMonths(3),
      });
    }
  }
  return rows;
}

/**
 * Customers with subscriptions bought over a year and about five dated changes
 * each inside the horizon, every change one Partner Center would accept:
 * seat additions, removals inside the 7-day window, partial upgrades,
 * scheduled next-term instructions, and at the end a cancellation inside the
 * window or auto-renew switched off.
 */
export function* generatePortfolio(shape: PortfolioShape): Generator<CustomerScenario> {
  const random = seededRandom(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  for (let customer = 0; customer < shape.customers; customer += 1) {
    const subscriptions: SubscriptionSpec[] = [];
    const events: NceEvent[] = [];
    for (let n = 0; n < shape.subscriptionsPerCustomer; n += 1) {
      const id = `C${customer}-S${n}`;
      const product = pick(PRODUCTS);
      let roll = random();
      const plan = PLANS.find((candidate) => (roll -= candidate.weight) < 0) ?? PLANS[0];
      if (!plan) throw new Error('no plans');
      const start = shape.horizonStart.addDays(-int(1, 365));
      let quantity = int(1, 40);
      const unitPrice = Decimal.parse(product.monthly).times(Decimal.parse(String(plan.cycleFactor))).round(2, 'halfUp');
      subscriptions.push({ id, customer: `C${customer}`, product: product.name, unitPrice, currency: 'USD', term: plan.term, billing: plan.billing, start, quantity, autoRenew: true });

      let day = int(0, 60);
      let upgrades = 0;
      const changes = int(3, 6);
      const push = (event: EventInput): void => {
        events.push({ ...event, subscription: id, index: events.length } as NceEvent);
      };
      for (let change = 0; change < changes && day < shape.horizonDays - 10; change += 1) {
        const date = shape.horizonStart.addDays(day);
        const kind = random();
        if (kind < 0.45) {
          quantity += int(1, 5);
          push({ type: 'setQuantity', date, quantity });
        } else if (kind < 0.7) {
          const added = int(1, 5);
          quantity += added;
          push({ type: 'setQuantity', date, quantity });
          quantity -= int(1, added);
          push({ type: 'setQuantity', date: date.addDays(int(0, 7)), quantity });
          day += 7;
        } else if (kind < 0.85 && quantity > 1) {
          const moved = int(1, quantity - 1);
          quantity -= moved;
          upgrades += 1;
          push({ type: 'upgrade', date, quantity: moved, to: { kind: 'new', id: `${id}-U${upgrades}`, product: product.upgrade, unitPrice: Decimal.parse(product.upgradePrice) } });
        } else {
          push({ type: 'scheduleNextTerm', date, instructions: { product: product.upgrade, unitPrice: Decimal.parse(product.upgradePrice) } });
        }
        day += int(5, 70);
      }
      if (random() < 0.1) push({ type: 'autoRenewOff', date: shape.horizonStart.addDays(Math.min(day, shape.horizonDays - 1)) });
    }
    // A few new purchases inside the horizon, cancelled within their window.
    if (random() < 0.5) {
      const id = `C${customer}-NEW`;
      const start = shape.horizonStart.addDays(int(0, shape.horizonDays - 30));
      subscriptions.push({ id, customer: `C${customer}`, product: PRODUCTS[0].name, unitPrice: Decimal.parse('7.20'), currency: 'USD', term: 'P1M', billing: 'monthly', start, quantity: int(1, 10), autoRenew: true });
      events.push({ type: 'cancel', date: start.addDays(int(0, 7)), subscription: id, index: events.length });
    }
    yield { subscriptions, events };
  }
}
