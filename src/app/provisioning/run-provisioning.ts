import { CalendarDate } from '../../domain/calendar/date.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { parseBilling, parseTermDuration } from '../../domain/ledger/term-and-billing.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type ProvisioningAction } from '../../domain/provisioning/plan.ts';
import { describeRequest } from '../../integrations/partner-center/describe-request.ts';
import { PartnerCenterError } from '../../integrations/partner-center/errors.ts';
import { type CartLineInput, type PartnerCenterRequest, type PartnerCenterSubscription, type PlacedOrder } from '../../integrations/partner-center/model.ts';
import { createCartRequest, scheduleNextTermRequest } from '../../integrations/partner-center/requests.ts';
import { writeAudit } from '../../store/audit-log.ts';
import { type ActionResult, findPlan, recordRun, type StoredRun } from '../../store/provisioning-records.ts';
import { type Store } from '../../store/store.ts';
import { ConflictError, NotFoundError } from '../errors.ts';

/** What a run needs of Partner Center (PartnerCenterClient, or the stand-in behind one). */
export interface PartnerCenterPort {
  getSubscription(customerId: string, subscriptionId: string): Promise<PartnerCenterSubscription>;
  send<T>(request: PartnerCenterRequest): Promise<T>;
  order(customerId: string, lines: readonly CartLineInput[]): Promise<PlacedOrder>;
}

export interface RunRequest {
  readonly planId: string;
  /** Default true: list what would be sent and send nothing. */
  readonly dryRun: boolean;
  /** Action ids a person approved: a seat reduction runs only when listed. */
  readonly approved: readonly string[];
  readonly actor: string;
  /** An order is placed on its effective day, not before. */
  readonly today: CalendarDate;
  /** Partner Center's catalog item id (`productId:skuId:availabilityId`) for a product bought or upgraded to. */
  readonly catalogItemFor: (productName: string) => string | undefined;
  /** Required unless the run is dry. */
  readonly partnerCenter?: PartnerCenterPort;
}

/** Shown in a dry run without Partner Center where the subscription's own catalog item goes. */
const UNKNOWN_OFFER = 'its-product:its-sku:its-availability';

const WHERE_ELSE: Readonly<Record<Exclude<ProvisioningAction['kind'], `partner_center.${string}`>, string>> = {
  'msp_service.change': "the MSP service's contract changes in the ledger when its PSA agreement does (coterm import services)",
  'invoice.line': 'billed by the invoice run of its month from the ledger; the reconciliation checks it against Microsoft',
  'psa.change': 'posted to the PSA with coterm post changes (dry run first), recorded once per key',
};

/**
 * Runs a plan's Partner Center actions in order, or lists them (dry run).
 * A seat reduction without approval is skipped, and the first refusal stops
 * the run; every run is recorded with what was sent and answered.
 */
export async function runProvisioning(store: Store, organizationId: string, request: RunRequest): Promise<StoredRun> {
  const plan = await findPlan(store.db, organizationId, request.planId);
  if (!plan) throw new NotFoundError(`no provisioning plan "${request.planId}"`, 'id');
  const unknown = request.approved.filter((id) => !plan.actions.some((action) => action.id === id));
  if (unknown.length > 0) throw new NotFoundError(`plan ${plan.id} has no action ${unknown.join(', ')}`, 'approved');
  if (!request.dryRun && !request.partnerCenter) throw new ConflictError('Partner Center is not configured (COTERM_PARTNER_CENTER_URL and COTERM_PARTNER_CENTER_TOKEN): only a dry run is possible', 'dryRun');
  const doneBefore = new Set(plan.runs.filter((run) => !run.dryRun).flatMap((run) => run.results.filter((result) => result.status === 'done').map((result) => result.actionId)));
  const results: ActionResult[] = [];
  let failed = false;
  for (const action of plan.actions) {
    if (!action.kind.startsWith('partner_center.')) {
      results.push({ actionId: action.id, status: 'skipped', detail: `not a Partner Center action: ${WHERE_ELSE[action.kind as keyof typeof WHERE_ELSE]}`, requests: [] });
    } else if (doneBefore.has(action.id)) {
      results.push({ actionId: action.id, status: 'skipped', detail: 'done by an earlier run', requests: [] });
    } else if (failed) {
      results.push({ actionId: action.id, status: 'skipped', detail: 'not run: an earlier action failed', requests: [] });
    } else if (!request.dryRun && action.kind === 'partner_center.order' && CalendarDate.parse(action.effective).isAfter(request.today)) {
      results.push({ actionId: action.id, status: 'skipped', detail: `not before ${action.effective}: run the plan again on that day`, requests: [] });
    } else if (action.requiresApproval && !request.approved.includes(action.id)) {
      results.push({ actionId: action.id, status: 'skipped', detail: 'awaiting approval: it reduces seats', requests: [] });
    } else {
      const result = await runAction(action, request);
      failed = result.status === 'failed';
      results.push(result);
    }
  }
  const run = { dryRun: request.dryRun, approved: request.approved, results, status: request.dryRun ? ('previewed' as const) : failed ? ('failed' as const) : ('done' as const), actor: request.actor };
  const done = new Set([...doneBefore, ...results.filter((result) => result.status === 'done').map((result) => result.actionId)]);
  const finished = plan.actions.every((action) => !action.kind.startsWith('partner_center.') || done.has(action.id));
  await store.transaction(async ({ db }) => {
    await recordRun(db, organizationId, plan.id, run, request.dryRun ? plan.status : failed ? 'failed' : finished ? 'done' : 'review');
    await writeAudit(db, organizationId, request.actor, request.dryRun ? 'provisioning.previewed' : 'provisioning.run', 'provisioning_plan', plan.id, { status: run.status, approved: request.approved });
  });
  const stored = await findPlan(store.db, organizationId, plan.id);
  const last = stored?.runs.at(-1);
  if (!last) throw new Error(`plan ${plan.id}: run not recorded`);
  return last;
}

async function runAction(action: ProvisioningAction, request: RunRequest): Promise<ActionResult> {
  try {
    if (action.kind === 'partner_center.order') return await order(action, request);
    return await scheduleNextTerm(action, request);
  } catch (error) {
    if (error instanceof PartnerCenterError) return { actionId: action.id, status: 'failed', detail: error.message, requests: [error.request] };
    if (error instanceof InvalidInputError) return { actionId: action.id, status: 'failed', detail: error.message, requests: [] };
    throw error;
  }
}

async function scheduleNextTerm(action: ProvisioningAction, request: RunRequest): Promise<ActionResult> {
  const customerId = required(action.customerId, action, 'the Microsoft customer (tenant)');
  const subscriptionId = required(action.subscriptionId, action, 'the subscription');
  // A dry run reads the subscription when Partner Center is there (a read changes nothing); without it, a stand-in for its offer.
  const current: PartnerCenterSubscription = request.partnerCenter
    ? await request.partnerCenter.getSubscription(customerId, subscriptionId)
    : { id: subscriptionId, offerId: UNKNOWN_OFFER, quantity: action.fromQuantity ?? action.toQuantity ?? 1, status: 'active', billingCycle: action.billing ?? 'annual', termDuration: action.term ?? 'P1Y' };
  const sameProduct = action.skuId !== null;
  // A renewal into the same product keeps the subscription's own catalog item (its offer id).
  const catalogItemId = sameProduct ? current.offerId : required(request.catalogItemFor(action.productName), action, `a catalog item for ${action.productName}`);
  const next = scheduleNextTermRequest(customerId, current, {
    catalogItemId,
    billingCycle: billingOf(action.billing ?? current.billingCycle),
    termDuration: termOf(action.term ?? current.termDuration),
    quantity: action.toQuantity ?? current.quantity,
    ...(action.customTermEndDate ? { customTermEndDate: CalendarDate.parse(action.customTermEndDate) } : {}),
  });
  if (request.dryRun || !request.partnerCenter) return { actionId: action.id, status: 'previewed', detail: describeRequest(next), requests: [next] };
  await request.partnerCenter.send(next);
  return { actionId: action.id, status: 'done', detail: describeRequest(next), requests: [next] };
}

async function order(action: ProvisioningAction, request: RunRequest): Promise<ActionResult> {
  const customerId = required(action.customerId, action, 'the Microsoft customer (tenant)');
  const line: CartLineInput = {
    catalogItemId: required(request.catalogItemFor(action.productName), action, `a catalog item for ${action.productName}`),
    quantity: action.toQuantity ?? 1,
    billingCycle: billingOf(action.billing ?? 'monthly'),
    termDuration: termOf(action.term ?? 'P1Y'),
    ...(action.customTermEndDate ? { customTermEndDate: CalendarDate.parse(action.customTermEndDate) } : {}),
  };
  const cart = createCartRequest(customerId, [line]);
  if (request.dryRun || !request.partnerCenter) return { actionId: action.id, status: 'previewed', detail: `${describeRequest(cart)}, then checkout`, requests: [cart] };
  const placed = await request.partnerCenter.order(customerId, [line]);
  return { actionId: action.id, status: 'done', detail: `${describeRequest(cart)}: ordered ${placed.subscriptionIds.join(', ')}`, requests: [cart] };
}

function required<T>(value: T | null | undefined, action: ProvisioningAction, what: string): T {
  if (value === null || value === undefined) throw new InvalidInputError(`action ${action.id} (${action.description}) lacks ${what}`, action.id);
  return value;
}

function billingOf(text: string): BillingPlan {
  const billing = parseBilling(text);
  return billing === undefined || billing === 'onetime' ? 'monthly' : billing;
}

function termOf(text: string): TermDuration {
  return parseTermDuration(text) ?? 'P1Y';
}
