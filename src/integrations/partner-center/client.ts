import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { PartnerCenterError } from './errors.ts';
import {
  type Cart,
  type CartCheckoutResult,
  type CartLineInput,
  type CustomTermEndDateCollection,
  type NextTermInstructions,
  type PartnerCenterRequest,
  type PartnerCenterSubscription,
  type PlacedOrder,
  type Transition,
  type TransitionEligibilityCollection,
  type TransitionInput,
} from './model.ts';
import {
  changeSeatsRequest,
  checkoutCartRequest,
  createCartRequest,
  customTermEndDatesRequest,
  type CustomTermEndDatesQuery,
  getSubscriptionRequest,
  scheduleNextTermRequest,
  transitionEligibilitiesRequest,
  transitionRequest,
} from './requests.ts';
import { retryDelayMs } from './retry-delay.ts';
import { wireRequest } from './wire-request.ts';
import { readBody } from '../response-body.ts';

export interface PartnerCenterClientOptions {
  /** `https://api.partnercenter.microsoft.com`, or a stand-in's URL. */
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly fetch?: typeof fetch;
  /** Waits between attempts; tests pass one that records the wait instead of sleeping. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts per call, the first included (default 5). */
  readonly maxAttempts?: number;
  /** The longest single wait between attempts (default 60 s). */
  readonly maxRetryWaitMs?: number;
}

/**
 * Partner Center answers 409 while a subscription is being renewed or
 * another change on it is still processing, 429 when throttling and 503 in a
 * brief outage: all pass, so the call is tried again with the same MS-RequestId,
 * which Partner Center uses to apply it once.
 */
const RETRIED_STATUSES = new Set([409, 429, 503]);
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** The Partner Center calls coterm makes, each returning the parsed JSON Microsoft answers with. */
export class PartnerCenterClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly maxRetryWaitMs: number;

  constructor(private readonly options: PartnerCenterClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleep;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number, at least 1 (got ${this.maxAttempts})`);
  }

  getSubscription(customerId: string, subscriptionId: string): Promise<PartnerCenterSubscription> {
    return this.send(getSubscriptionRequest(customerId, subscriptionId));
  }

  customTermEndDates(customerId: string, query: CustomTermEndDatesQuery): Promise<CustomTermEndDateCollection> {
    return this.send(customTermEndDatesRequest(customerId, query));
  }

  /** `subscription` is the resource as last read: Partner Center takes it whole, with the new quantity. */
  changeSeats(customerId: string, subscription: PartnerCenterSubscription, quantity: number): Promise<PartnerCenterSubscription> {
    return this.send(changeSeatsRequest(customerId, subscription, quantity));
  }

  scheduleNextTerm(customerId: string, subscription: PartnerCenterSubscription, next: NextTermInstructions): Promise<PartnerCenterSubscription> {
    return this.send(scheduleNextTermRequest(customerId, subscription, next));
  }

  createCart(customerId: string, lines: readonly CartLineInput[]): Promise<Cart> {
    return this.send(createCartRequest(customerId, lines));
  }

  checkoutCart(customerId: string, cartId: string): Promise<CartCheckoutResult> {
    return this.send(checkoutCartRequest(customerId, cartId));
  }

  /** Buys new subscriptions: creates a cart, then checks it out. */
  async order(customerId: string, lines: readonly CartLineInput[]): Promise<PlacedOrder> {
    const cart = await this.createCart(customerId, lines);
    const checkout = await this.checkoutCart(customerId, cart.id);
    const subscriptionIds = checkout.orders.flatMap((order) => order.lineItems.map((line) => line.subscriptionId));
    return { ...checkout, cartId: cart.id, subscriptionIds };
  }

  transitionEligibilities(customerId: string, subscriptionId: string): Promise<TransitionEligibilityCollection> {
    return this.send(transitionEligibilitiesRequest(customerId, subscriptionId));
  }

  transition(customerId: string, subscriptionId: string, transition: TransitionInput): Promise<Transition> {
    return this.send(transitionRequest(customerId, subscriptionId, transition));
  }

  /** Sends one built request (e.g. from a dry-run listing) with its retries; the caller names the JSON type it expects. */
  async send<T>(request: PartnerCenterRequest): Promise<T> {
    const { baseUrl, accessToken } = this.options;
    const wire = wireRequest(baseUrl, request, { accessToken, requestId: randomUUID(), correlationId: randomUUID() });
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.fetchImpl(wire.url, { method: wire.method, headers: wire.headers, body: wire.body });
      } catch (error) {
        throw new PartnerCenterError(request, wire.shown, undefined, undefined, attempt, { cause: error });
      }
      const body = await readBody(response);
      if (response.ok) return body as T;
      if (!RETRIED_STATUSES.has(response.status) || attempt >= this.maxAttempts) {
        throw new PartnerCenterError(request, wire.shown, response.status, body, attempt);
      }
      await this.sleep(retryDelayMs(response.headers.get('retry-after'), attempt, this.maxRetryWaitMs));
    }
  }
}
