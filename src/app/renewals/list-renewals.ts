import { type CalendarDate } from '../../domain/calendar/date.ts';
import { accountHealth } from '../../domain/renewal/health.ts';
import { nextAction, type SlaState } from '../../domain/renewal/next-action.ts';
import { resolvePolicy } from '../../domain/renewal/policy.ts';
import { renewalEvents } from '../../domain/renewal/renewal-event.ts';
import { type RenewalStage } from '../../domain/renewal/stages.ts';
import { type CadenceSession, signalWindow } from './run-cadence-day.ts';

export interface RenewalRow {
  readonly id: string;
  readonly accountId: string;
  readonly accountName: string;
  /** Last day of the terms that renew. */
  readonly date: string;
  readonly daysLeft: number;
  readonly subscriptions: number;
  readonly notRenewing: number;
  readonly currency: string | null;
  readonly annualValue: string;
  readonly health: { readonly score: number; readonly band: 'green' | 'amber' | 'red' };
  /** `untracked` until the cadence has run over the renewal. */
  readonly stage: RenewalStage | 'untracked';
  readonly hasPack: boolean;
  readonly nextAction: string;
  readonly owner: string;
  readonly sla: SlaState;
}

export interface RenewalFilter {
  readonly owner?: string;
  readonly health?: 'green' | 'amber' | 'red';
  readonly stage?: string;
}

/**
 * Every renewal in the next `within` days, from the ledger as it is today —
 * so a renewal shows up even before the cadence has tracked it — with the
 * stage, pack, tasks and health the cadence recorded.
 */
export async function listRenewals(session: CadenceSession, asOf: CalendarDate, within: number, filter: RenewalFilter = {}): Promise<RenewalRow[]> {
  const day = asOf.toString();
  const until = asOf.addDays(within);
  // One after the other: a session is a transaction, whose connection runs one query at a time.
  const accounts = await session.accounts();
  const settings = await session.policySettings();
  const subscriptions = await session.subscriptionsOn(day, { termEndBetween: { from: day, until: until.toString() } });
  const tracked = await session.trackedRenewals(day);
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const events = renewalEvents(subscriptions, asOf, until);
  const untrackedAccounts = [...new Set(events.filter((event) => !tracked.get(event.id)?.healthBand).map((event) => event.accountId))];
  const signals = await session.usageSignals(untrackedAccounts, signalWindow(asOf));
  const rows = events.map((event): RenewalRow => {
    const policy = resolvePolicy(settings, event.accountId, byId.get(event.accountId)?.parentId ?? null).policy;
    const known = tracked.get(event.id);
    const live = known && known.healthScore !== null && known.healthBand ? { score: known.healthScore, band: known.healthBand } : accountHealth(signals.get(event.accountId) ?? [], asOf);
    const next = nextAction(
      {
        date: event.date,
        stage: known?.stage ?? 'untracked',
        hasPack: known?.hasPack ?? false,
        tasks: (known?.tasks ?? []).map((task) => ({ kind: task.kind, status: task.status, assignee: task.assignee, dueOn: task.dueOn, escalatedTo: task.escalatedTo })),
      },
      policy,
      asOf,
    );
    const value = event.values[0];
    return {
      id: event.id,
      accountId: event.accountId,
      accountName: byId.get(event.accountId)?.name ?? event.accountId,
      date: event.date.toString(),
      daysLeft: asOf.daysUntil(event.date),
      subscriptions: event.subscriptionIds.length,
      notRenewing: event.notRenewing.length,
      currency: value?.currency ?? null,
      annualValue: value ? value.annual.round(2, 'halfUp').toString() : '0.00',
      health: { score: live.score, band: live.band },
      stage: known?.stage ?? 'untracked',
      hasPack: known?.hasPack ?? false,
      nextAction: next.text,
      owner: next.owner,
      sla: next.sla,
    };
  });
  return rows.filter(
    (row) => (!filter.owner || row.owner === filter.owner) && (!filter.health || row.health.band === filter.health) && (!filter.stage || row.stage === filter.stage),
  );
}
