import { CalendarDate, maxDate } from '../../domain/calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, defaultTermEnd, gridPeriod, gridPeriodContaining, TERM_MONTHS, type TermDuration } from '../../domain/calendar/periods.ts';
import { DomainError } from '../../domain/errors.ts';
import { type CoTermCandidate, customTermEndDates } from '../../domain/nce/coterminosity.ts';
import { type NceEvent, type NextTermInstructions, type SimulationResult, type SubscriptionSpec } from '../../domain/nce/model.ts';
import { DEFAULT_NCE_SETTINGS } from '../../domain/nce/settings.ts';
import { simulateNce } from '../../domain/nce/simulate.ts';
import { type DemoCalendar } from './calendar.ts';
import { type DemoClient } from './clients.ts';
import { type LeakKind } from './leak-kinds.ts';
import { DEMO_PRODUCTS, type DemoPriceList, type DemoProduct, demoProduct } from './price-list.ts';
import { type Random } from './random.ts';

const EST = DEFAULT_NCE_SETTINGS.extendedServiceTerm;

interface Plan {
  readonly term: TermDuration;
  readonly billing: BillingPlan;
}

const P1M: Plan = { term: 'P1M', billing: 'monthly' };
const P1Y_MONTHLY: Plan = { term: 'P1Y', billing: 'monthly' };
const P1Y_ANNUAL: Plan = { term: 'P1Y', billing: 'annual' };
const P3Y_ANNUAL: Plan = { term: 'P3Y', billing: 'annual' };

/** Plans of subscriptions bought during the year. */
const NEW_PLANS: readonly (readonly [Plan, number])[] = [
  [P1Y_MONTHLY, 45],
  [P1M, 30],
  [P1Y_ANNUAL, 15],
  [P3Y_ANNUAL, 10],
];

/** Plans of subscriptions bought before the history starts (still running, so renewing during it). */
const OLDER_PLANS: readonly (readonly [Plan, number])[] = [
  [P1Y_MONTHLY, 50],
  [P1Y_ANNUAL, 30],
  [P3Y_ANNUAL, 20],
];

/** An NCE event before its position in the list is known. */
export type EventDraft = NceEvent extends infer E ? (E extends NceEvent ? Omit<E, 'index'> : never) : never;

/** What the files need to know of a subscription besides its billing. */
export interface SubscriptionInfo {
  readonly id: string;
  readonly client: DemoClient;
  /** The day it was bought, or split off by a partial upgrade. */
  readonly purchased: CalendarDate;
  readonly orderId: string;
  readonly alternateId: string;
  readonly upgradedFrom?: string;
}

/** A leak planted in a subscription; the PSA is written to miss it. */
export interface PlantedLeak {
  readonly kind: LeakKind;
  readonly client: DemoClient;
  readonly subscriptionId: string;
  /** The change the PSA missed (for a SKU mix-up, the purchase). */
  readonly date: CalendarDate;
  /** Seats added, removed, or still invoiced. */
  readonly seats: number;
}

/** One client's Microsoft side: subscriptions, dated changes Partner Center accepted, and what Microsoft billed. */
export interface ClientPortfolio {
  readonly client: DemoClient;
  readonly specs: readonly SubscriptionSpec[];
  readonly events: readonly NceEvent[];
  readonly subscriptions: readonly SubscriptionInfo[];
  readonly leaks: readonly PlantedLeak[];
  /** Shadow billing from each purchase through the as-of day (the state the snapshot shows). */
  readonly result: SimulationResult;
  /**
   * Shadow billing through the last invoiced day: the rows of Microsoft's
   * reconciliation files. Billed on its own so the rows (and their references)
   * do not depend on the day of the month the demo runs.
   */
  readonly invoiced: SimulationResult;
  /** Generated changes the engine refused (the generator's model is simpler than Partner Center's rules), dropped. */
  readonly refused: number;
}

interface Draft {
  spec: SubscriptionSpec;
  readonly product: DemoProduct;
  /** Bought before the history starts. */
  readonly older: boolean;
  /** The first day changes may be dated: after the first row of the history, so the ledger knows the subscription first. */
  readonly changesFrom: CalendarDate;
}

interface LeakDraft {
  readonly kind: LeakKind;
  readonly subscriptionId: string;
  readonly date: CalendarDate;
  readonly seats: number;
  /** The change the leak is about; the leak is dropped if Partner Center would have refused it. */
  readonly event: EventDraft | undefined;
}

/**
 * Generates a client's NCE subscriptions (3–8: the suite everyone has, flex
 * seats on a monthly term, add-ons; a few bought before the history starts)
 * and about a year of changes Partner Center would accept — seat additions,
 * removals inside the 7-day window, partial upgrades, scheduled next-term
 * instructions, auto-renew switched off (the Extended Service Term follows
 * after 2026-05-04), a purchase cancelled inside its window, a co-termed
 * purchase — plus a subscription for each leak planned for the client. The
 * history is shadow-billed; a change the engine refuses is dropped.
 */
export function generateClientPortfolio(random: Random, client: DemoClient, calendar: DemoCalendar, prices: DemoPriceList, leakKinds: readonly LeakKind[]): ClientPortfolio {
  const builder = new ClientBuilder(random, client, calendar, prices);
  const wanted = Math.max(random.int(3, 8) - leakKinds.length, 1);
  const suite = builder.suite();
  if (wanted >= 4 && random.chance(0.35)) builder.flexSeats(suite.product);
  const addOns = random.sample(addOnsFor(suite.product), DEMO_PRODUCTS.length);
  const specials = random.sample(['coTermed', 'cancelledPurchase'] as const, 2).filter((kind) => random.chance(kind === 'coTermed' ? 0.5 : 0.3));
  while (builder.count < wanted) {
    const special = specials.shift();
    if (special === 'coTermed') builder.coTermedPurchase(addOns.shift() ?? suite.product);
    else if (special === 'cancelledPurchase') builder.cancelledPurchase(addOns.shift() ?? suite.product);
    else builder.addOn(addOns.shift() ?? suite.product);
  }
  for (const draft of [...builder.drafts]) builder.changes(draft);
  for (const kind of leakKinds) builder.leak(kind, addOns.shift() ?? suite.product);
  return builder.validate();
}

/** The suite a client of this size would have. */
function suiteFor(random: Random, users: number): DemoProduct {
  const name =
    users <= 25
      ? random.weighted([['Microsoft 365 Business Basic', 20], ['Microsoft 365 Business Standard', 40], ['Microsoft 365 Business Premium', 40]])
      : users <= 60
        ? random.weighted([['Microsoft 365 Business Premium', 50], ['Office 365 E3', 20], ['Microsoft 365 E3', 30]])
        : random.weighted([['Microsoft 365 E3', 50], ['Microsoft 365 E5', 30], ['Microsoft 365 Business Premium', 20]]);
  return demoProduct(name);
}

/** Add-ons that make sense next to a suite. */
function addOnsFor(suite: DemoProduct): DemoProduct[] {
  const common = ['Visio Plan 2', 'Project Plan 3', 'Power BI Pro', 'Microsoft 365 Copilot', 'Exchange Online (Plan 1)'];
  const bySuite: Record<string, string[]> = {
    'Microsoft 365 Business Basic': ['Microsoft Defender for Business', 'Microsoft Teams Essentials'],
    'Microsoft 365 Business Standard': ['Microsoft Defender for Business', 'Office 365 E1'],
    'Microsoft 365 Business Premium': ['Office 365 E1', 'Exchange Online (Plan 2)'],
    'Office 365 E3': ['Microsoft Defender for Endpoint P1', 'Microsoft Teams Enterprise', 'Office 365 E1'],
    'Microsoft 365 E3': ['Microsoft Defender for Endpoint P2', 'Microsoft Teams Enterprise', 'Office 365 E1'],
    'Microsoft 365 E5': ['Microsoft Teams Enterprise', 'Office 365 E1'],
    'Office 365 E1': ['Microsoft Defender for Endpoint P1', 'Microsoft Teams Enterprise'],
  };
  return [...common, ...(bySuite[suite.name] ?? [])].map(demoProduct);
}

class ClientBuilder {
  readonly drafts: Draft[] = [];
  private readonly events: EventDraft[] = [];
  private readonly leaks: LeakDraft[] = [];
  private readonly infos = new Map<string, SubscriptionInfo>();
  /** The last day changes may be dated: Microsoft has invoiced it. */
  private readonly lastChange: CalendarDate;

  constructor(
    private readonly random: Random,
    private readonly client: DemoClient,
    private readonly calendar: DemoCalendar,
    private readonly prices: DemoPriceList,
  ) {
    this.lastChange = calendar.end.addDays(-3);
  }

  get count(): number {
    return this.drafts.length;
  }

  suite(): Draft {
    const product = suiteFor(this.random, this.client.users);
    const quantity = Math.max(3, Math.round(this.client.users * (0.85 + this.random.int(0, 15) / 100)));
    return this.random.chance(0.3) ? this.buyOlder(product, quantity) : this.buy(product, this.random.weighted(NEW_PLANS), this.startInYear(30), quantity);
  }

  /** Seats on a monthly term next to the annual ones, to absorb joiners and leavers. */
  flexSeats(product: DemoProduct): Draft {
    return this.buy(product, P1M, this.startInYear(30), this.random.int(1, 5));
  }

  addOn(product: DemoProduct): Draft {
    const quantity = this.addOnQuantity(product);
    return this.random.chance(0.2) ? this.buyOlder(product, quantity) : this.buy(product, this.random.weighted(NEW_PLANS), this.startInYear(30), quantity);
  }

  /** An annual subscription bought mid-year with a custom end date: aligned with another subscription's, or the month end. */
  coTermedPurchase(product: DemoProduct): Draft {
    const start = this.calendar.start.addDays(this.random.int(60, this.yearDays() - 30));
    const candidates: CoTermCandidate[] = this.drafts
      .filter((draft) => draft.spec.term !== 'P1M' && draft.spec.start.isBefore(start) && !draft.spec.customTermEnd)
      .map((draft) => ({ id: draft.spec.id, term: draft.spec.term, end: termContaining(draft.spec, start).end, status: 'active' }));
    const options = customTermEndDates({ term: 'P1Y', start, candidates }).options;
    const aligned = options.filter((option) => option.type === 'subscriptionAligned');
    const chosen = aligned.length > 0 ? this.random.pick(aligned) : options[0];
    return this.buy(product, P1Y_MONTHLY, start, this.addOnQuantity(product), chosen ? { customTermEnd: chosen.date } : {});
  }

  /** Bought by mistake and cancelled inside the 7-day window. */
  cancelledPurchase(product: DemoProduct): Draft {
    const start = this.calendar.start.addDays(this.random.int(20, this.yearDays() - 20));
    const draft = this.buy(product, this.random.pick([P1M, P1Y_MONTHLY]), start, this.random.int(1, 10));
    this.push({ type: 'cancel', date: start.addDays(this.random.int(0, 6)), subscription: draft.spec.id });
    return draft;
  }

  /** About a year of ordinary changes to one subscription. */
  changes(draft: Draft): void {
    if (draft.spec.customTermEnd || this.events.some((event) => event.subscription === draft.spec.id)) return;
    const { spec } = draft;
    let product = draft.product;
    let quantity = spec.quantity;
    let scheduled = false;
    let day = draft.changesFrom.addDays(this.random.int(5, 45));
    const changes = this.random.weighted([[0, 10], [1, 25], [2, 30], [3, 20], [4, 15]] as const);
    for (let n = 0; n < changes && !day.isAfter(this.lastChange); n += 1) {
      const roll = this.random.next();
      const upgrade = product.upgrade === undefined ? undefined : demoProduct(product.upgrade);
      if (roll < 0.4) {
        quantity += this.random.int(1, 5);
        this.push({ type: 'setQuantity', date: day, subscription: spec.id, quantity });
      } else if (roll < 0.6) {
        // Seats added, then some taken back inside the 7-day window.
        const added = this.random.int(1, 5);
        quantity += added;
        this.push({ type: 'setQuantity', date: day, subscription: spec.id, quantity });
        const back = day.addDays(this.random.int(1, 6));
        if (!back.isAfter(this.lastChange)) {
          quantity -= this.random.int(1, added);
          this.push({ type: 'setQuantity', date: back, subscription: spec.id, quantity });
          day = back;
        }
      } else if (roll < 0.75 && upgrade && quantity >= 2) {
        const full = this.random.chance(0.15);
        const moved = full ? quantity : this.random.int(1, Math.max(1, Math.floor(quantity / 2)));
        const unitPrice = this.prices.price(upgrade.name, spec.term, spec.billing, day);
        if (full) {
          this.push({ type: 'upgrade', date: day, subscription: spec.id, quantity: moved, to: { kind: 'new', id: spec.id, product: upgrade.name, sku: upgrade.skuId, unitPrice } });
          product = upgrade;
        } else {
          const id = this.random.guid();
          this.push({ type: 'upgrade', date: day, subscription: spec.id, quantity: moved, to: { kind: 'new', id, product: upgrade.name, sku: upgrade.skuId, unitPrice } });
          this.register({ id, client: this.client, purchased: day, orderId: this.orderId(), alternateId: this.random.hexId(12), upgradedFrom: spec.id });
          quantity -= moved;
        }
      } else if (roll < 0.87 && spec.autoRenew && !scheduled) {
        const instructions = this.nextTermInstructions(spec, product, day);
        if (instructions) {
          this.push({ type: 'scheduleNextTerm', date: day, subscription: spec.id, instructions });
          scheduled = true;
        }
      } else {
        quantity += this.random.int(1, 3);
        this.push({ type: 'setQuantity', date: day, subscription: spec.id, quantity });
      }
      day = day.addDays(this.random.int(20, 75));
    }
    // Auto-renew switched off: at the term end the subscription rolls into the Extended Service Term.
    if (!day.isAfter(this.lastChange) && this.random.chance(spec.term === 'P1M' ? 0.15 : 0.08) && this.entersExtendedServiceTerm(spec, day)) {
      this.push({ type: 'autoRenewOff', date: day, subscription: spec.id });
    }
  }

  /** A subscription with the history a leak needs. */
  leak(kind: LeakKind, addOn: DemoProduct): void {
    const suite = this.drafts[0]?.product ?? addOn;
    switch (kind) {
      case 'untracked_seat_addition': {
        const draft = this.buy(addOn, this.random.pick([P1Y_MONTHLY, P1Y_MONTHLY, P1M]), this.calendar.start.addDays(this.random.int(0, 120)), this.addOnQuantity(addOn));
        const earliest = maxDate(draft.spec.start.addDays(10), this.calendar.end.addDays(-150));
        const date = earliest.addDays(this.random.int(0, Math.max(0, earliest.daysUntil(this.lastChange))));
        const seats = this.random.int(1, 4);
        const event = this.push({ type: 'setQuantity', date, subscription: draft.spec.id, quantity: draft.spec.quantity + seats });
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date, seats, event });
        return;
      }
      case 'cancelled_still_billed': {
        const start = this.calendar.start.addDays(this.random.int(0, 200));
        const draft = this.buy(addOn, P1M, start, this.addOnQuantity(addOn));
        const renewals = monthlyRenewals(start, this.lastChange.addDays(-6));
        const renewal = renewals.length > 0 ? this.random.pick(renewals) : start;
        const date = renewal.addDays(this.random.int(0, 6));
        const event = this.push({ type: 'cancel', date, subscription: draft.spec.id });
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date, seats: draft.spec.quantity, event });
        return;
      }
      case 'downgrade_not_reflected': {
        const start = this.calendar.start.addDays(this.random.int(0, 200));
        const draft = this.buy(suite, P1M, start, Math.max(6, this.random.int(6, 30)));
        const renewals = monthlyRenewals(start, this.calendar.end.addDays(-5)).slice(1);
        if (renewals.length === 0) return;
        const renewal = this.random.pick(renewals);
        const seats = this.random.int(1, Math.min(5, draft.spec.quantity - 1));
        const event = this.push({ type: 'scheduleNextTerm', date: renewal.addDays(-this.random.int(3, 20)), subscription: draft.spec.id, instructions: { quantity: draft.spec.quantity - seats } });
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date: renewal, seats, event });
        return;
      }
      case 'sku_mix_error': {
        const plan = this.random.pick([P1Y_MONTHLY, P1Y_MONTHLY, P1Y_ANNUAL]);
        const quantity = this.addOnQuantity(addOn);
        const draft = this.random.chance(0.3) ? this.buyOlder(addOn, quantity, plan) : this.buy(addOn, plan, this.startInYear(30), quantity);
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date: draft.spec.start, seats: quantity, event: undefined });
        return;
      }
      case 'unexpected_est_not_invoiced': {
        // A monthly term with auto-renew off, ending after the Extended Service Term began and early enough to be invoiced.
        const earliestStart = maxDate(this.calendar.start, EST.purchasedFrom);
        if (earliestStart.daysUntil(this.calendar.end) < 45) return;
        const start = earliestStart.addDays(this.random.int(0, Math.min(150, earliestStart.daysUntil(this.calendar.end) - 45)));
        const terms = monthlyTerms(start, this.calendar.end).filter((term) => !term.end.isBefore(EST.effectiveFrom) && term.end.isBefore(this.calendar.end.addDays(-1)));
        if (terms.length === 0) return;
        const draft = this.buy(addOn, P1M, start, this.addOnQuantity(addOn));
        const term = this.random.pick(terms.slice(0, 6));
        const off = maxDate(term.start, start.addDays(1));
        const date = off.addDays(this.random.int(0, Math.max(0, off.daysUntil(term.end) - 1)));
        const event = this.push({ type: 'autoRenewOff', date, subscription: draft.spec.id });
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date: term.end.addDays(1), seats: draft.spec.quantity, event });
        return;
      }
      case 'proration_miscalculation': {
        const draft = this.buy(addOn, P1Y_MONTHLY, this.calendar.start.addDays(this.random.int(0, 150)), this.addOnQuantity(addOn));
        const earliest = draft.spec.start.addDays(8);
        let date = earliest.addDays(this.random.int(0, Math.max(0, earliest.daysUntil(this.lastChange))));
        // Mid-month, where a missed proration shows.
        if (date.day < 5 || date.day > 25) date = CalendarDate.of(date.year, date.month, 15);
        if (date.isBefore(earliest)) date = date.addMonths(1);
        if (date.isAfter(this.lastChange)) return;
        const seats = this.random.int(1, 5);
        const event = this.push({ type: 'setQuantity', date, subscription: draft.spec.id, quantity: draft.spec.quantity + seats });
        this.leaks.push({ kind, subscriptionId: draft.spec.id, date, seats, event });
        return;
      }
    }
  }

  /**
   * Shadow-bills the client's history; a change Partner Center would refuse
   * (the generator's model of windows and terms is simpler than the engine's)
   * is dropped and the history billed again, so every change kept is valid.
   */
  validate(): ClientPortfolio {
    const generated = this.events.length;
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const specs = this.drafts.map((draft) => draft.spec);
      const events: NceEvent[] = this.events.map((event, index) => ({ ...event, index }) as NceEvent);
      let result: SimulationResult;
      try {
        result = simulateNce({ subscriptions: specs, events, priceList: this.prices.book, through: this.calendar.asOf });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const event = /^events\[(\d+)\]/.exec(error.field ?? '');
        if (event) {
          this.events.splice(Number(event[1]), 1);
          continue;
        }
        const coTerm = /^subscriptions\[(\d+)\]\.customTermEnd$/.exec(error.field ?? '');
        const draft = coTerm ? this.drafts[Number(coTerm[1])] : undefined;
        if (!draft) throw error;
        draft.spec = { ...draft.spec, customTermEnd: undefined };
        continue;
      }
      const live = new Set(result.subscriptions.map((outcome) => outcome.id));
      const invoiced = simulateNce({ subscriptions: specs, events, priceList: this.prices.book, through: this.calendar.end });
      return {
        client: this.client,
        specs,
        events,
        subscriptions: [...this.infos.values()].filter((info) => live.has(info.id)),
        leaks: this.leaks
          .filter((leak) => leak.event === undefined || this.events.includes(leak.event))
          .map((leak) => ({ kind: leak.kind, client: this.client, subscriptionId: leak.subscriptionId, date: leak.date, seats: leak.seats })),
        result,
        invoiced,
        refused: generated - this.events.length,
      };
    }
    throw new Error(`the generated history of ${this.client.name.name} kept being refused`);
  }

  private buy(product: DemoProduct, plan: Plan, start: CalendarDate, quantity: number, options: { customTermEnd?: CalendarDate; older?: boolean } = {}): Draft {
    const id = this.random.guid();
    const spec: SubscriptionSpec = {
      id,
      product: product.name,
      sku: product.skuId,
      customer: this.client.tenant.id,
      unitPrice: this.prices.price(product.name, plan.term, plan.billing, start),
      currency: 'USD',
      term: plan.term,
      billing: plan.billing,
      start,
      quantity,
      autoRenew: true,
      ...(options.customTermEnd ? { customTermEnd: options.customTermEnd } : {}),
    };
    const older = options.older ?? false;
    const draft: Draft = { spec, product, older, changesFrom: (older ? firstBoundaryFrom(spec, this.calendar.start) : start).addDays(1) };
    this.drafts.push(draft);
    this.register({ id, client: this.client, purchased: start, orderId: this.orderId(), alternateId: this.random.hexId(12) });
    return draft;
  }

  /** A subscription bought before the history starts, still running (or renewed) during it. */
  private buyOlder(product: DemoProduct, quantity: number, plan = this.random.weighted(OLDER_PLANS)): Draft {
    const start = this.calendar.start.addDays(-this.random.int(20, plan.term === 'P3Y' ? 1000 : 340));
    return this.buy(product, plan, start, quantity, { older: true });
  }

  private startInYear(marginDays: number): CalendarDate {
    return this.calendar.start.addDays(this.random.int(0, this.yearDays() - marginDays));
  }

  private yearDays(): number {
    return this.calendar.start.daysUntil(this.calendar.end);
  }

  private addOnQuantity(product: DemoProduct): number {
    const users = this.client.users;
    switch (product.role) {
      case 'suite':
        return this.random.int(3, Math.max(4, Math.round(users / 3)));
      case 'security':
        return Math.max(2, Math.round(users * (0.5 + this.random.int(0, 50) / 100)));
      case 'mail':
        return this.random.int(2, 15);
      case 'teams':
        return this.random.int(3, 20);
      case 'addon':
        return this.random.int(1, product.name === 'Microsoft 365 Copilot' ? 10 : 6);
    }
  }

  /** Instructions for the next term: an upgrade, a move from the monthly to the annual term, or alignment to a month end. */
  private nextTermInstructions(spec: SubscriptionSpec, product: DemoProduct, day: CalendarDate): NextTermInstructions | undefined {
    const choice = this.random.int(0, 2);
    if (choice === 0 && product.upgrade) {
      const upgrade = demoProduct(product.upgrade);
      return { product: upgrade.name, sku: upgrade.skuId };
    }
    if (choice === 1 && spec.term === 'P1M') return { term: 'P1Y', billing: 'monthly' };
    const renewal = termContaining(spec, day).end.addDays(1);
    const term = spec.term;
    const aligned = customTermEndDates({ term, start: renewal, candidates: [] }).options.find((option) => option.type === 'calendarMonthAligned');
    if (!aligned || aligned.date.equals(defaultTermEnd(renewal, term))) return undefined;
    return { customTermEnd: aligned.date };
  }

  private entersExtendedServiceTerm(spec: SubscriptionSpec, day: CalendarDate): boolean {
    return !spec.start.isBefore(EST.purchasedFrom) && !termContaining(spec, day).end.isBefore(EST.effectiveFrom);
  }

  private push(event: EventDraft): EventDraft {
    this.events.push(event);
    return event;
  }

  private register(info: SubscriptionInfo): void {
    this.infos.set(info.id, info);
  }

  private orderId(): string {
    return this.random.hexId(32).toUpperCase();
  }
}

/** The term of a (not co-termed) subscription that contains a day. */
function termContaining(spec: SubscriptionSpec, day: CalendarDate): { start: CalendarDate; end: CalendarDate } {
  return gridPeriodContaining(spec.start, TERM_MONTHS[spec.term], day);
}

/** The first charge-cycle boundary on or after `from`: the first row the history shows of a subscription bought earlier. */
function firstBoundaryFrom(spec: SubscriptionSpec, from: CalendarDate): CalendarDate {
  const cycle = gridPeriodContaining(spec.start, BILLING_MONTHS[spec.billing], from);
  return cycle.start.equals(from) ? from : cycle.end.addDays(1);
}

/** The renewal days of a monthly term bought on `start`, up to `through`. */
function monthlyRenewals(start: CalendarDate, through: CalendarDate): CalendarDate[] {
  return monthlyTerms(start, through)
    .slice(1)
    .map((term) => term.start);
}

/** The monthly terms from `start` that begin on or before `through`. */
function monthlyTerms(start: CalendarDate, through: CalendarDate): { start: CalendarDate; end: CalendarDate }[] {
  const terms: { start: CalendarDate; end: CalendarDate }[] = [];
  for (let index = 0; ; index += 1) {
    const term = gridPeriod(start, 1, index);
    if (term.start.isAfter(through)) return terms;
    terms.push(term);
  }
}
