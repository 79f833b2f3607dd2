import { CalendarDate } from '../../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../../domain/calendar/periods.ts';
import { type JsonStandIn, type StandInResponse } from '../../posting/stand-ins/json-http.ts';
import { type SeedSubscription, type StoredSubscription, storedFromSeed, subscriptionResource } from './stored-subscription.ts';

/** A request as it reached the stand-in. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query string, e.g. `/v1/customers/c1/subscriptions/s1`. */
  readonly path: string;
  readonly body: unknown;
  /** The MS-RequestId header, when sent. */
  readonly requestId: string | undefined;
}

export interface CartLine {
  readonly id: number;
  readonly catalogItemId: string;
  readonly quantity: number;
  readonly billingCycle: BillingPlan;
  readonly termDuration: TermDuration;
  readonly customTermEndDate?: CalendarDate;
}

export interface StoredCart {
  readonly id: string;
  readonly customerId: string;
  readonly lineItems: readonly CartLine[];
  checkedOut: boolean;
}

export interface CatalogSettings {
  /** From catalog item id to the catalog item ids it may be upgraded to. */
  readonly upgrades: Readonly<Record<string, readonly string[]>>;
  /** Names of catalog items that are not seeded subscriptions (bought or upgraded to). */
  readonly productNames: Readonly<Record<string, string>>;
}

type IdKind = 'subscription' | 'cart' | 'order';

/** Id prefixes keep the kinds apart in a test's expectations while staying GUID-shaped. */
const ID_PREFIXES: Record<IdKind, string> = { subscription: '5b', cart: 'ca', order: '0d' };

/**
 * What the stand-in holds: customers and their subscriptions, carts, the
 * answers already given per MS-RequestId, and the test controls (today,
 * renewals in progress, throttling).
 */
export class PartnerCenterState {
  /** The business day (`YYYY-MM-DD`); the stand-in never reads the clock for one. */
  today: string;
  readonly carts = new Map<string, StoredCart>();
  /** Successful answers to changes, by MS-RequestId: a repeat gets the same answer and changes nothing. */
  readonly answered = new Map<string, StandInResponse>();
  private readonly subscriptions = new Map<string, StoredSubscription>();
  private readonly customers: ReadonlySet<string>;
  private readonly renewals = new Map<string, { remaining: number; retryAfterSeconds: number }>();
  private readonly issued: Record<IdKind, number> = { subscription: 0, cart: 0, order: 0 };

  constructor(
    today: string,
    customers: Readonly<Record<string, readonly SeedSubscription[]>>,
    /** Days after seats arrive during which they can be removed. */
    readonly windowDays: number,
    private readonly catalog: CatalogSettings,
    private readonly http: () => JsonStandIn,
  ) {
    // A malformed day fails the start, not the first request that needs it.
    CalendarDate.parse(today);
    this.today = today;
    this.customers = new Set(Object.keys(customers));
    for (const [customerId, seeds] of Object.entries(customers)) {
      for (const seed of seeds) {
        if (this.subscriptions.has(seed.id)) throw new Error(`seed subscription ${seed.id} appears twice`);
        this.subscriptions.set(seed.id, storedFromSeed(customerId, seed));
      }
    }
  }

  /** Every request that arrived, in order, including those answered 409, 429 or 503. */
  get requests(): RecordedRequest[] {
    return this.http().received.map((request) => ({
      method: request.method,
      path: request.url,
      body: request.body,
      requestId: firstValue(request.headers['ms-requestid']),
    }));
  }

  /** The next `times` changes (PATCH, transition) of the subscription answer 409 with this Retry-After. */
  renewalInProgress(subscriptionId: string, times: number, retryAfterSeconds = 0): void {
    this.renewals.set(subscriptionId, { remaining: times, retryAfterSeconds });
  }

  /** The next request, whatever it asks, answers 429 or 503 with this Retry-After. */
  throttleNext(status: 429 | 503, retryAfterSeconds: number): void {
    this.http().throttleNext(status, retryAfterSeconds);
  }

  /** The subscription as Partner Center would return it now, for a test to inspect. */
  subscriptionResource(customerId: string, subscriptionId: string): Record<string, unknown> | undefined {
    const subscription = this.subscription(customerId, subscriptionId);
    return subscription && subscriptionResource(subscription, this.todayDate(), this.windowDays);
  }

  todayDate(): CalendarDate {
    return CalendarDate.parse(this.today);
  }

  hasCustomer(customerId: string): boolean {
    return this.customers.has(customerId);
  }

  subscription(customerId: string, subscriptionId: string): StoredSubscription | undefined {
    const subscription = this.subscriptions.get(subscriptionId);
    return subscription?.customerId === customerId ? subscription : undefined;
  }

  customerSubscriptions(customerId: string): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((subscription) => subscription.customerId === customerId);
  }

  addSubscription(subscription: StoredSubscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  productName(catalogItemId: string): string {
    const seeded = [...this.subscriptions.values()].find((subscription) => subscription.offerId === catalogItemId);
    return this.catalog.productNames[catalogItemId] ?? seeded?.productName ?? catalogItemId;
  }

  upgradesFrom(catalogItemId: string): readonly string[] {
    return this.catalog.upgrades[catalogItemId] ?? [];
  }

  /** Counts down a renewal in progress; the Retry-After to answer with while it lasts. */
  takeRenewalConflict(subscriptionId: string): number | undefined {
    const renewal = this.renewals.get(subscriptionId);
    if (!renewal || renewal.remaining === 0) return undefined;
    renewal.remaining -= 1;
    return renewal.retryAfterSeconds;
  }

  newId(kind: IdKind): string {
    this.issued[kind] += 1;
    return `${ID_PREFIXES[kind]}000000-0000-4000-8000-${String(this.issued[kind]).padStart(12, '0')}`;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
