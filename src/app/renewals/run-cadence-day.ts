import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type LedgerEvent } from '../../domain/ledger/events.ts';
import { type PriceListEntry } from '../../domain/nce/model.ts';
import { PriceBook } from '../../domain/nce/price-list.ts';
import { DEFAULT_NCE_SETTINGS } from '../../domain/nce/settings.ts';
import { type AccountSubscription } from '../../domain/portfolio/account-subscription.ts';
import { type CadenceDecisions, decideCadenceDay, horizonDays, type TrackedRenewal } from '../../domain/renewal/cadence-day.ts';
import { accountHealth } from '../../domain/renewal/health.ts';
import { type PolicySetting, type RenewalPolicy, resolvePolicy } from '../../domain/renewal/policy.ts';
import { type UsageSignal } from '../../domain/renewal/usage.ts';
import { composePack } from './compose-pack.ts';

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
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
  usageSignals(accountIds: readonly string[], since: string): Promise<Map<string, UsageSignal[]>>;
  instructionEvents(subscriptionIds: readonly string[]): Promise<Map<string, LedgerEvent[]>>;
  priceList(): Promise<readonly PriceListEntry[]>;
  apply(asOf: string, decisions: CadenceDecisions, packs: ReadonlyMap<string, unknown>): Promise<void>;
  recordRun(asOf: string, summary: CadenceSummary): Promise<void>;
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

/** Usage looked at for health and packs: the last six months (the Azure trend needs them). */
const SIGNAL_MONTHS = 6;

/**
 * One day of the renewal cadence for one organization, in one transaction:
 * read the portfolio, decide (domain), generate the packs due, write it all.
 * Notices are only queued here; delivering them is a separate step after the
 * commit, so a crash never sends a notice the database does not record.
 */
export async function runCadenceDay(port: CadencePort, asOf: CalendarDate): Promise<CadenceSummary> {
  return port.transaction(async (session) => {
    await session.lockCadence();
    const day = asOf.toString();
    const [accounts, settings] = await Promise.all([session.accounts(), session.policySettings()]);
    const byId = new Map(accounts.map((account) => [account.id, account]));
    const policies = new Map<string, RenewalPolicy>();
    // resolvePolicy reads only the settings of the organization, the parent and the account: hand it those (in their order), not all of them.
    const settingsOf = new Map<string, PolicySetting[]>();
    for (const setting of settings) {
      const list = settingsOf.get(setting.accountId);
      if (list) list.push(setting);
      else settingsOf.set(setting.accountId, [setting]);
    }
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
    const [subscriptions, tracked] = await Promise.all([
      session.subscriptionsOn(day, { termEndBetween: { from: day, until: horizon.toString() } }),
      session.trackedRenewals(day),
    ]);
    const accountIds = [...new Set([...subscriptions.map((s) => s.accountId), ...[...tracked.values()].map((r) => r.accountId)])];
    const signalsSince = asOf.addMonths(-SIGNAL_MONTHS).toString();
    const signals = await session.usageSignals(accountIds, signalsSince);
    const pastDue = [...tracked.values()].filter((renewal) => renewal.date.isBefore(asOf) && renewal.stage !== 'won' && renewal.stage !== 'lost');
    const pastIds = pastDue.flatMap((renewal) => renewal.subscriptionIds);
    const afterRenewal = pastIds.length === 0 ? [] : await session.subscriptionsOn(day, { accountIds: [...new Set(pastDue.map((renewal) => renewal.accountId))] });
    const instructionEvents = await session.instructionEvents(subscriptions.map((subscription) => subscription.id));

    const healthViews = new Map<string, { score: number; band: 'green' | 'amber' | 'red' }>();
    const decisions = decideCadenceDay(
      {
        asOf,
        accountName: (id) => byId.get(id)?.name ?? id,
        policyOf,
        subscriptions,
        tracked,
        healthOf: (accountId) => {
          let view = healthViews.get(accountId);
          if (!view) {
            const health = accountHealth(signals.get(accountId) ?? [], asOf, { atRiskThreshold: policyOf(accountId).atRiskThreshold });
            view = { score: health.score, band: health.band };
            healthViews.set(accountId, view);
          }
          return view;
        },
        instructionEvents,
        afterRenewal: new Map(afterRenewal.map((subscription) => [subscription.id, subscription])),
        extendedServiceTerm: DEFAULT_NCE_SETTINGS.extendedServiceTerm,
      },
      horizon,
    );

    const packs = new Map<string, unknown>();
    if (decisions.packsDue.length > 0) {
      const priceBook = new PriceBook(await session.priceList());
      const packAccounts = [...new Set(decisions.packsDue.map((event) => event.accountId))];
      const accountSubscriptions = groupByAccount(await session.subscriptionsOn(day, { accountIds: packAccounts }));
      for (const event of decisions.packsDue) {
        const account = byId.get(event.accountId);
        packs.set(
          event.id,
          composePack({
            asOf,
            event,
            account: { id: event.accountId, name: account?.name ?? event.accountId },
            policy: policyOf(event.accountId),
            accountSubscriptions: accountSubscriptions.get(event.accountId) ?? [],
            signals: signals.get(event.accountId) ?? [],
            priceBook,
          }),
        );
      }
    }
    await session.apply(day, decisions, packs);
    const summary: CadenceSummary = {
      asOf: day,
      renewalsTracked: tracked.size + decisions.newRenewals.length,
      newRenewals: decisions.newRenewals.length,
      packsGenerated: packs.size,
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

function groupByAccount(subscriptions: readonly AccountSubscription[]): Map<string, AccountSubscription[]> {
  const groups = new Map<string, AccountSubscription[]>();
  for (const subscription of subscriptions) {
    const group = groups.get(subscription.accountId) ?? [];
    group.push(subscription);
    groups.set(subscription.accountId, group);
  }
  return groups;
}
