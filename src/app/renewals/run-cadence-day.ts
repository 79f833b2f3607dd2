import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type LedgerEvent } from '../../domain/ledger/events.ts';
import { type PriceListEntry } from '../../domain/nce/model.ts';
import { groupBy } from '../../domain/group-by.ts';
import { DEFAULT_NCE_SETTINGS } from '../../domain/nce/settings.ts';
import { type AccountSubscription } from '../../domain/portfolio/account-subscription.ts';
import { type CadenceDecisions, decideCadenceDay, horizonDays, type TrackedRenewal } from '../../domain/renewal/cadence-day.ts';
import { type AccountHealth, accountHealth } from '../../domain/renewal/health.ts';
import { type RenewalEvent } from '../../domain/renewal/renewal-event.ts';
import { type PolicySetting, type RenewalPolicy, resolvePolicy } from '../../domain/renewal/policy.ts';
import { LATEST_MEASUREMENT_KINDS, type UsageSignal } from '../../domain/renewal/usage.ts';
import { TREND_MONTHS } from '../../domain/renewal/consumption-trend.ts';
import { composeInProcess, type PackAccount, type PackBatch, type PackComposerFactory } from './pack-composer.ts';

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

export interface SignalWindow {
  /** Signals whose period ended on or after this day. */
  readonly since: string;
  /** Of these kinds only the latest period ended on or before `asOf`, per subscription (or the account). */
  readonly latestOnly?: { readonly kinds: readonly string[]; readonly asOf: string };
}

/** What one day of the cadence reads and writes, inside one transaction. */
export interface CadenceSession {
  /** Holds the organization's cadence lock until the transaction ends: one day runs at a time, whatever the number of workers. */
  lockCadence(): Promise<void>;
  accounts(): Promise<readonly AccountRecord[]>;
  policySettings(): Promise<readonly PolicySetting[]>;
  /** Client subscriptions on `day`, optionally only some accounts or terms ending in a range. */
  subscriptionsOn(day: string, filter: { accountIds?: readonly string[]; termEndBetween?: { from: string; until: string } }): Promise<AccountSubscription[]>;
  trackedRenewals(from: string): Promise<Map<string, TrackedRenewal>>;
  usageSignals(accountIds: readonly string[], window: SignalWindow): Promise<Map<string, UsageSignal[]>>;
  instructionEvents(subscriptionIds: readonly string[]): Promise<Map<string, LedgerEvent[]>>;
  priceList(): Promise<readonly PriceListEntry[]>;
  /** Writes the day's decisions, packs apart. */
  apply(asOf: string, decisions: CadenceDecisions): Promise<void>;
  /** Stores packs (their documents as JSON) of renewals the day's decisions track, moving them to pack ready. */
  storePacks(asOf: string, packs: readonly { readonly renewalId: string; readonly json: string }[]): Promise<void>;
  recordRun(asOf: string, summary: CadenceSummary): Promise<void>;
  /** The audit-log row of a change a person asked for, in the session's transaction. */
  audit(actor: string, action: string, renewalId: string, details: object): Promise<void>;
}

export interface CadencePort {
  transaction<T>(work: (session: CadenceSession) => Promise<T>): Promise<T>;
}

export interface CadenceSummary {
  readonly asOf: string;
  readonly renewalsTracked: number;
  readonly newRenewals: number;
  readonly packsGenerated: number;
  readonly tasksCreated: number;
  readonly noticesQueued: number;
  readonly noticesSuperseded: number;
  readonly escalations: number;
  readonly warnings: number;
  readonly closed: { readonly won: number; readonly lost: number };
}

const PACKS_PER_BATCH = 200;
/** Batches composed ahead of the writes: enough to keep a composer thread busy while the day's decisions are written. */
const BATCHES_AHEAD = 16;

/** Usage looked at for health and packs: the last six months (the Azure trend needs them), and of seats, backup and endpoints only the latest. */
export function signalWindow(asOf: CalendarDate): SignalWindow {
  return { since: asOf.addMonths(-TREND_MONTHS).toString(), latestOnly: { kinds: LATEST_MEASUREMENT_KINDS, asOf: asOf.toString() } };
}

/**
 * One day of the renewal cadence for one organization, in one transaction:
 * read the portfolio, decide (domain), generate the packs due, write it all.
 * Notices are only queued here; delivering them is a separate step after the
 * commit, so a crash never sends a notice the database does not record.
 */
export async function runCadenceDay(port: CadencePort, asOf: CalendarDate, composerFor: PackComposerFactory = composeInProcess): Promise<CadenceSummary> {
  return port.transaction(async (session) => {
    await session.lockCadence();
    const day = asOf.toString();
    // One after the other: the session's transaction runs one query at a time.
    const accounts = await session.accounts();
    const settings = await session.policySettings();
    const byId = new Map(accounts.map((account) => [account.id, account]));
    const policies = new Map<string, RenewalPolicy>();
    // resolvePolicy reads only the settings of the organization, the parent and the account: hand it those (in their order), not all of them.
    const settingsOf = groupBy(settings, (setting) => setting.accountId);
    const policyOf = (accountId: string): RenewalPolicy => {
      let policy = policies.get(accountId);
      if (!policy) {
        const parentId = byId.get(accountId)?.parentId ?? null;
        const scoped = [...(settingsOf.get('') ?? []), ...(parentId ? (settingsOf.get(parentId) ?? []) : []), ...(accountId === '' ? [] : (settingsOf.get(accountId) ?? []))];
        policy = resolvePolicy(scoped, accountId, parentId).policy;
        policies.set(accountId, policy);
      }
      return policy;
    };
    const horizon = asOf.addDays(horizonDays([...new Set(['', ...settingsOf.keys()])].map(policyOf)));
    // Every subscription of the day, read once: the horizon's are tracked, and packs and closings need whole accounts.
    const onDay = await session.subscriptionsOn(day, {});
    const tracked = await session.trackedRenewals(day);
    const subscriptions = onDay.filter((subscription) => subscription.termEnd !== null && !subscription.termEnd.isBefore(asOf) && !subscription.termEnd.isAfter(horizon));
    const accountIds = [...new Set([...subscriptions.map((s) => s.accountId), ...[...tracked.values()].map((r) => r.accountId)])];
    const signals = await session.usageSignals(accountIds, signalWindow(asOf));
    const instructionEvents = await session.instructionEvents(subscriptions.map((subscription) => subscription.id));

    const healthOf = new Map<string, AccountHealth>();
    const health = (accountId: string): AccountHealth => {
      let result = healthOf.get(accountId);
      if (!result) {
        result = accountHealth(signals.get(accountId) ?? [], asOf, { atRiskThreshold: policyOf(accountId).atRiskThreshold });
        healthOf.set(accountId, result);
      }
      return result;
    };
    const decisions = decideCadenceDay(
      {
        asOf,
        accountName: (id) => byId.get(id)?.name ?? id,
        policyOf,
        subscriptions,
        tracked,
        healthOf: health,
        instructionEvents,
        afterRenewal: new Map(onDay.map((subscription) => [subscription.id, subscription])),
        extendedServiceTerm: DEFAULT_NCE_SETTINGS.extendedServiceTerm,
      },
      horizon,
    );

    const accountSubscriptions = groupBy(onDay, (subscription) => subscription.accountId);
    const batchOf = (events: readonly RenewalEvent[]): PackBatch => {
      const accounts: Record<string, PackAccount> = {};
      for (const { accountId } of events) {
        accounts[accountId] ??= {
          account: { id: accountId, name: byId.get(accountId)?.name ?? accountId },
          policy: policyOf(accountId),
          subscriptions: accountSubscriptions.get(accountId) ?? [],
          signals: signals.get(accountId) ?? [],
          health: health(accountId),
        };
      }
      return { asOf, events, accounts };
    };
    const packsGenerated = await writeDay(session, day, decisions, batchOf, composerFor);
    const summary: CadenceSummary = {
      asOf: day,
      renewalsTracked: tracked.size + decisions.newRenewals.length,
      newRenewals: decisions.newRenewals.length,
      packsGenerated,
      tasksCreated: decisions.tasks.length,
      noticesQueued: decisions.notices.filter((notice) => notice.status === 'queued').length,
      noticesSuperseded: decisions.notices.filter((notice) => notice.status === 'superseded').length,
      escalations: decisions.escalations.length,
      warnings: decisions.warnings.length,
      closed: {
        won: decisions.closings.filter((closing) => closing.outcome === 'won').length,
        lost: decisions.closings.filter((closing) => closing.outcome === 'lost').length,
      },
    };
    await session.recordRun(day, summary);
    return summary;
  });
}

/**
 * Writes the day's decisions and its packs, a batch at a time (a first day
 * composes thousands: holding them all would cost more memory than
 * statements). Batches are composed ahead while the writes run, so that a
 * composer on another thread keeps both cores busy. Returns the packs stored.
 */
async function writeDay(
  session: CadenceSession,
  day: string,
  decisions: CadenceDecisions,
  batchOf: (events: readonly RenewalEvent[]) => PackBatch,
  composerFor: PackComposerFactory,
): Promise<number> {
  const batches: RenewalEvent[][] = [];
  for (let start = 0; start < decisions.packsDue.length; start += PACKS_PER_BATCH) batches.push(decisions.packsDue.slice(start, start + PACKS_PER_BATCH));
  if (batches.length === 0) {
    await session.apply(day, decisions);
    return 0;
  }
  const composer = composerFor(await session.priceList(), decisions.packsDue.length);
  const compose = (events: readonly RenewalEvent[]): Promise<string[]> => {
    const documents = composer.compose(batchOf(events));
    // A failure surfaces where the batch is awaited below, not as an unhandled rejection while earlier writes run.
    documents.catch(() => {});
    return documents;
  };
  try {
    const ahead = batches.slice(0, BATCHES_AHEAD).map(compose);
    let following = ahead.length;
    await session.apply(day, decisions);
    for (const events of batches) {
      const documents = await (ahead.shift() as Promise<string[]>);
      const more = batches[following++];
      if (more) ahead.push(compose(more));
      await session.storePacks(day, events.map((event, at) => ({ renewalId: event.id, json: documents[at] as string })));
    }
    return decisions.packsDue.length;
  } finally {
    await composer.close();
  }
}
