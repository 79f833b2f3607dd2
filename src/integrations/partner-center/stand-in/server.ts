import { DEFAULT_NCE_SETTINGS } from '../../../domain/nce/settings.ts';
import { header, type StandInRequest, type StandInResponse, VendorStandIn } from '../../posting/stand-ins/json-http.ts';
import { checkoutCart, createCart } from './carts.ts';
import { customTermEndDatesAnswer } from './end-dates.ts';
import { partnerCenterErrorBody, refuse } from './microsoft-errors.ts';
import { PartnerCenterState } from './state.ts';
import { type SeedSubscription, subscriptionResource } from './stored-subscription.ts';
import { patchSubscription } from './subscription-patch.ts';
import { transition, transitionEligibilities } from './transitions.ts';

export interface PartnerCenterStandInOptions {
  /** The business day the stand-in starts on, `YYYY-MM-DD`; tests move it through `state.today`. */
  readonly today: string;
  /** Customer (tenant) id → its subscriptions. */
  readonly customers: Readonly<Record<string, readonly SeedSubscription[]>>;
  /** When set, only this bearer token is accepted; otherwise any bearer token is. */
  readonly accessToken?: string;
  /** From catalog item id to the catalog item ids it may be upgraded to. */
  readonly upgrades?: Readonly<Record<string, readonly string[]>>;
  /** Names of catalog items bought or upgraded to that no seeded subscription names. */
  readonly productNames?: Readonly<Record<string, string>>;
  /** Days seats can be removed after they arrive (default: the NCE settings' cancellation window, 7). */
  readonly cancellationWindowDays?: number;
}

export interface PartnerCenterStandInHandle {
  /** The base URL a client is configured with (requests go to `${url}/v1/...`). */
  readonly url: string;
  readonly state: PartnerCenterState;
  close(): Promise<void>;
}

const API_ROOT = '/v1';

/** Starts a local Partner Center on 127.0.0.1 at a free port, enforcing the rules in docs/partner-center.md. */
export async function startPartnerCenterStandIn(options: PartnerCenterStandInOptions): Promise<PartnerCenterStandInHandle> {
  const standIn = new PartnerCenterStandIn(options);
  await standIn.start();
  return { url: standIn.baseUrl, state: standIn.state, close: () => standIn.close() };
}

class PartnerCenterStandIn extends VendorStandIn {
  readonly state: PartnerCenterState;

  constructor(private readonly options: PartnerCenterStandInOptions) {
    super();
    const windowDays = options.cancellationWindowDays ?? DEFAULT_NCE_SETTINGS.cancellationWindowDays;
    const catalog = { upgrades: options.upgrades ?? {}, productNames: options.productNames ?? {} };
    this.state = new PartnerCenterState(options.today, options.customers, windowDays, catalog, () => this.server);
  }

  start(): Promise<void> {
    return this.listen(API_ROOT, (status, message) => partnerCenterErrorBody(status === 400 ? 800002 : status, message));
  }

  override get baseUrl(): string {
    return this.server.baseUrl.slice(0, -API_ROOT.length);
  }

  protected handle(request: StandInRequest): StandInResponse {
    const authorization = header(request, 'authorization');
    if (!authorization?.startsWith('Bearer ')) return refuse.tokenMissing();
    if (this.options.accessToken !== undefined && authorization !== `Bearer ${this.options.accessToken}`) return refuse.accessDenied();

    const requestId = header(request, 'ms-requestid');
    const changes = request.method !== 'GET';
    const earlier = changes && requestId !== undefined ? this.state.answered.get(requestId) : undefined;
    if (earlier) return earlier;
    const response = this.route(request);
    if (changes && requestId !== undefined && response.status < 300) this.state.answered.set(requestId, response);
    return response;
  }

  private route(request: StandInRequest): StandInResponse {
    const { state } = this;
    const [customers, customerId, collection, id, action, ...rest] = request.path.split('/').slice(1).map(decodeURIComponent);
    if (customers !== 'customers' || customerId === undefined || rest.length > 0) return refuse.notFound(`${API_ROOT}${request.path}`);
    if (!state.hasCustomer(customerId)) return refuse.tenantNotFound();
    const route = `${request.method} ${collection ?? ''}${id === undefined ? '' : '/{id}'}${action === undefined ? '' : `/${action}`}`;

    if (collection === 'carts') {
      if (route === 'POST carts') return createCart(state, customerId, request.body);
      if (route === 'POST carts/{id}/checkout' && id !== undefined) return checkoutCart(state, customerId, id);
      return refuse.notFound(`${API_ROOT}${request.path}`);
    }
    if (collection !== 'subscriptions' || id === undefined) return refuse.notFound(`${API_ROOT}${request.path}`);
    if (id === 'customTermEndDates' && route === 'GET subscriptions/{id}') return customTermEndDatesAnswer(state, customerId, request.query);

    const subscription = state.subscription(customerId, id);
    if (!subscription) return refuse.subscriptionNotFound(id);
    const changes = route === 'PATCH subscriptions/{id}' || route === 'POST subscriptions/{id}/transitions';
    const renewalRetryAfter = changes ? state.takeRenewalConflict(id) : undefined;
    if (renewalRetryAfter !== undefined) return refuse.renewalInProgress(renewalRetryAfter);

    switch (route) {
      case 'GET subscriptions/{id}':
        return { status: 200, body: subscriptionResource(subscription, state.todayDate(), state.windowDays) };
      case 'PATCH subscriptions/{id}':
        return patchSubscription(state, subscription, request.body);
      case 'GET subscriptions/{id}/transitionEligibilities':
        return transitionEligibilities(state, subscription);
      case 'POST subscriptions/{id}/transitions':
        return transition(state, subscription, request.body);
      default:
        return refuse.notFound(`${API_ROOT}${request.path}`);
    }
  }
}
