import { type CalendarDate } from '../calendar/date.ts';
import { type LedgerEvent } from '../ledger/events.ts';
import { Decimal } from '../money/decimal.ts';
import { type ExtendedServiceTermSettings } from '../nce/settings.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';
import { noticesDue, packDue } from './cadence.ts';
import { escalationText, type NoticeText, renewalNoticeText } from './notice-text.ts';
import { type RenewalPolicy, type TaskKind } from './policy.ts';
import { type RenewalEvent, renewalEvents } from './renewal-event.ts';
import { isClosed, type RenewalStage } from './stages.ts';
import { slaBreaches, type TaskToCreate, tasksToCreate } from './tasks.ts';
import { droppedInstructionsWarning, extendedServiceTermWarning, noPackWarning, type RenewalWarning } from './warnings.ts';

/** A renewal coterm already tracks, as the day starts. */
export interface TrackedRenewal {
  readonly id: string;
  readonly accountId: string;
  readonly date: CalendarDate;
  readonly stage: RenewalStage;
  readonly subscriptionIds: readonly string[];
  readonly hasPack: boolean;
  readonly healthScore: number | null;
  readonly healthBand: 'green' | 'amber' | 'red' | null;
  readonly owner: string;
  readonly tasks: readonly {
    readonly kind: TaskKind;
    readonly status: 'open' | 'done' | 'cancelled';
    readonly assignee: string;
    readonly dueOn: CalendarDate;
    readonly escalated: boolean;
    readonly escalatedTo: string | null;
  }[];
  /** Notices recorded (sent or superseded), by days before the renewal date. */
  readonly notices: ReadonlySet<number>;
}

export interface AccountHealthView {
  readonly score: number;
  readonly band: 'green' | 'amber' | 'red';
}

/** Everything one day of the cadence looks at, read before deciding. */
export interface CadenceSnapshot {
  readonly asOf: CalendarDate;
  readonly accountName: (accountId: string) => string;
  readonly policyOf: (accountId: string) => RenewalPolicy;
  /** Subscriptions on `asOf` whose term ends between `asOf` and `horizon(asOf)`. */
  readonly subscriptions: readonly AccountSubscription[];
  /** Renewals not closed, and those among today's events. */
  readonly tracked: ReadonlyMap<string, TrackedRenewal>;
  readonly healthOf: (accountId: string) => AccountHealthView | undefined;
  /** Ledger events of subscriptions with scheduled next-term instructions. */
  readonly instructionEvents: ReadonlyMap<string, readonly LedgerEvent[]>;
  /** Today's state of the subscriptions of open renewals whose date has passed. */
  readonly afterRenewal: ReadonlyMap<string, AccountSubscription>;
  readonly extendedServiceTerm: ExtendedServiceTermSettings;
}

/** What the day decides; the app writes it in one transaction. */
export interface CadenceDecisions {
  readonly newRenewals: readonly (RenewalEvent & { readonly owner: string })[];
  /** Open renewals whose set of subscriptions or value changed. */
  readonly changedRenewals: readonly RenewalEvent[];
  readonly health: readonly { readonly renewalId: string; readonly score: number; readonly band: 'green' | 'amber' | 'red'; readonly atRisk: boolean }[];
  readonly packsDue: readonly RenewalEvent[];
  readonly tasks: readonly (TaskToCreate & { readonly renewalId: string })[];
  readonly notices: readonly ({ readonly id: string; readonly renewalId: string; readonly kind: 'renewal_notice' | 'escalation'; readonly recipient: string; readonly status: 'queued' | 'superseded' } & NoticeText)[];
  readonly escalations: readonly { readonly renewalId: string; readonly kind: TaskKind; readonly to: string }[];
  readonly warnings: readonly (RenewalWarning & { readonly accountId: string })[];
  readonly closings: readonly { readonly renewalId: string; readonly outcome: 'won' | 'lost'; readonly annualValue: Decimal; readonly reason: string }[];
}

/** How far ahead the board and the cadence look: the longest notice or pack lead, and at least 120 days. */
export function horizonDays(policies: readonly RenewalPolicy[]): number {
  // A loop, not Math.max(...spread): tens of thousands of accounts would overflow the call's arguments.
  let days = 120;
  for (const policy of policies) for (const lead of [...policy.noticeDays, policy.packLeadDays]) days = Math.max(days, lead);
  return days;
}

/**
 * One day of the renewal cadence, decided from a snapshot: track the renewals
 * entering the horizon, score their health, generate packs at T-90, send the
 * notices due, create tasks, escalate missed SLAs, raise warnings and close
 * renewals whose date has passed from what the ledger shows. Deciding twice
 * from the same state gives the same decisions, and applying them makes the
 * next decision empty: that is what makes a day safe to run again.
 */
export function decideCadenceDay(snapshot: CadenceSnapshot, horizon: CalendarDate): CadenceDecisions {
  const { asOf } = snapshot;
  const events = renewalEvents(snapshot.subscriptions, asOf, horizon);
  const productOf = new Map(snapshot.subscriptions.map((subscription) => [subscription.id, subscription.productName]));
  const decisions = {
    newRenewals: [] as (RenewalEvent & { owner: string })[],
    changedRenewals: [] as RenewalEvent[],
    health: [] as CadenceDecisions['health'][number][],
    packsDue: [] as RenewalEvent[],
    tasks: [] as CadenceDecisions['tasks'][number][],
    notices: [] as CadenceDecisions['notices'][number][],
    escalations: [] as CadenceDecisions['escalations'][number][],
    warnings: [] as CadenceDecisions['warnings'][number][],
    closings: [] as CadenceDecisions['closings'][number][],
  };
  for (const event of events) {
    const policy = snapshot.policyOf(event.accountId);
    if (event.date.isAfter(asOf.addDays(horizonDays([policy])))) continue;
    const tracked = snapshot.tracked.get(event.id);
    if (tracked && isClosed(tracked.stage)) continue;
    if (!tracked) decisions.newRenewals.push({ ...event, owner: policy.accountManager ?? policy.escalationOwner });
    else if (tracked.subscriptionIds.join(',') !== event.subscriptionIds.join(',')) decisions.changedRenewals.push(event);

    const health = snapshot.healthOf(event.accountId);
    const atRisk = health !== undefined && health.score < policy.atRiskThreshold;
    if (health && health.score !== tracked?.healthScore) decisions.health.push({ renewalId: event.id, score: health.score, band: health.band, atRisk });

    const hasPack = tracked?.hasPack === true || packDue(event.date, policy.packLeadDays, asOf);
    if (!tracked?.hasPack && hasPack) decisions.packsDue.push(event);

    const existing = new Set((tracked?.tasks ?? []).map((task) => task.kind));
    const renewal = { date: event.date, hasPack, atRisk, healthScore: health?.score ?? 100, closed: false };
    for (const task of tasksToCreate(renewal, policy, asOf, existing)) decisions.tasks.push({ ...task, renewalId: event.id });

    decideNotices(snapshot, event, policy, tracked, productOf, decisions.notices);
    const noPack = noPackWarning(event.id, event.date, policy.noticeDays, hasPack, asOf);
    if (noPack) decisions.warnings.push({ ...noPack, accountId: event.accountId });
  }
  decideEscalations(snapshot, decisions);
  decideSubscriptionWarnings(snapshot, decisions.warnings);
  decideClosings(snapshot, decisions.closings);
  return decisions;
}

function decideNotices(
  snapshot: CadenceSnapshot,
  event: RenewalEvent,
  policy: RenewalPolicy,
  tracked: TrackedRenewal | undefined,
  productOf: ReadonlyMap<string, string>,
  out: CadenceDecisions['notices'][number][],
): void {
  const plan = noticesDue(event.date, policy.noticeDays, snapshot.asOf, tracked?.notices ?? new Set());
  if (plan.send === null && plan.superseded.length === 0) return;
  const recipient = policy.noticeRecipient ?? policy.accountManager ?? policy.escalationOwner;
  const products = event.subscriptionIds.map((id) => productOf.get(id) ?? id);
  const text = (daysBefore: number): NoticeText =>
    renewalNoticeText({
      accountName: snapshot.accountName(event.accountId),
      renewalDate: event.date,
      daysBefore,
      daysLeft: snapshot.asOf.daysUntil(event.date),
      products,
      values: event.values,
      notRenewing: event.notRenewing,
      renewalType: policy.renewalType,
    });
  const notice = (days: number, status: 'queued' | 'superseded') => ({ id: `${event.id}:T-${days}`, renewalId: event.id, kind: 'renewal_notice' as const, recipient, status, ...text(days) });
  if (plan.send !== null) out.push(notice(plan.send, 'queued'));
  for (const days of plan.superseded) out.push(notice(days, 'superseded'));
}

function decideEscalations(snapshot: CadenceSnapshot, decisions: { escalations: CadenceDecisions['escalations'][number][]; notices: CadenceDecisions['notices'][number][] }): void {
  for (const renewal of snapshot.tracked.values()) {
    if (isClosed(renewal.stage)) continue;
    const open = renewal.tasks.filter((task) => task.status === 'open');
    for (const task of slaBreaches(open, snapshot.asOf)) {
      const to = snapshot.policyOf(renewal.accountId).escalationOwner;
      decisions.escalations.push({ renewalId: renewal.id, kind: task.kind, to });
      const text = escalationText({ accountName: snapshot.accountName(renewal.accountId), renewalDate: renewal.date, kind: task.kind, assignee: task.assignee, dueOn: task.dueOn });
      decisions.notices.push({ id: `${renewal.id}:${task.kind}:escalation`, renewalId: renewal.id, kind: 'escalation', recipient: to, status: 'queued', ...text });
    }
  }
}

function decideSubscriptionWarnings(snapshot: CadenceSnapshot, out: CadenceDecisions['warnings'][number][]): void {
  for (const subscription of snapshot.subscriptions) {
    const est = extendedServiceTermWarning(subscription, snapshot.extendedServiceTerm);
    if (est) out.push({ ...est, accountId: subscription.accountId });
    const events = snapshot.instructionEvents.get(subscription.id);
    const dropped = events && droppedInstructionsWarning(subscription, events);
    if (dropped) out.push({ ...dropped, accountId: subscription.accountId });
  }
}

/**
 * A renewal whose date has passed is won when its subscriptions carry on in a
 * later term, lost when none does. While the ledger has not caught up (the
 * same term still shows as current) it stays open.
 */
function decideClosings(snapshot: CadenceSnapshot, out: CadenceDecisions['closings'][number][]): void {
  for (const renewal of snapshot.tracked.values()) {
    if (isClosed(renewal.stage) || !renewal.date.isBefore(snapshot.asOf)) continue;
    const states = renewal.subscriptionIds.map((id) => snapshot.afterRenewal.get(id));
    const renewed = states.filter((state): state is AccountSubscription => state !== undefined && state.status === 'active' && state.termEnd !== null && state.termEnd.isAfter(renewal.date));
    const pending = states.some((state) => state !== undefined && state.status === 'active' && state.termEnd !== null && !state.termEnd.isAfter(renewal.date));
    if (renewed.length > 0 && !pending) {
      const annual = renewed.reduce((sum, state) => sum.plus(monthlyValue(state) ?? Decimal.ZERO), Decimal.ZERO).timesInteger(12);
      out.push({ renewalId: renewal.id, outcome: 'won', annualValue: annual, reason: `${renewed.length} of ${states.length} subscriptions renewed` });
    } else if (renewed.length === 0 && !pending) {
      out.push({ renewalId: renewal.id, outcome: 'lost', annualValue: Decimal.ZERO, reason: 'no subscription renewed' });
    }
  }
}
