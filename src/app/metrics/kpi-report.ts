import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Explanation } from '../../domain/explanation.ts';
import { type ClosedRenewal } from '../../domain/metrics/closed-renewal.ts';
import { cotermedMrr } from '../../domain/metrics/cotermed-mrr.ts';
import { cycleTime } from '../../domain/metrics/cycle-time.ts';
import { type DayCount, disputeRate } from '../../domain/metrics/dispute-rate.ts';
import { forecastAccuracy } from '../../domain/metrics/forecast-accuracy.ts';
import { type Comparison, KPI_DEFINITIONS, type KpiKey, type KpiUnit, onTarget } from '../../domain/metrics/kpi-definitions.ts';
import { mainMrrCurrency, mrrSnapshot, type MrrSnapshot } from '../../domain/metrics/mrr-snapshot.ts';
import { type MrrMovementKind, mrrMovements } from '../../domain/metrics/mrr-movements.ts';
import { type KpiFigure } from '../../domain/metrics/percent.ts';
import { monthEndWindow, monthLabel, quartersOverlapping, type QuarterPeriod, trailingWindow, trendMonthEnds } from '../../domain/metrics/report-periods.ts';
import { grossRevenueRetention, netRevenueRetention } from '../../domain/metrics/retention.ts';
import { type AccountSubscription } from '../../domain/portfolio/account-subscription.ts';
import { resolvePolicy } from '../../domain/renewal/policy.ts';
import { accountSubscriptionsOn } from '../../store/account-subscriptions.ts';
import { closedRenewalsBetween, disputesOpenedPerDay, invoicesIssuedPerDay, metricsAccounts, type MetricsAccount } from '../../store/metrics-inputs.ts';
import { loadPolicySettings } from '../../store/policy-settings.ts';
import { type Store } from '../../store/store.ts';

export const MAX_REPORT_MONTHS = 36;

/** ISO 4217's "no currency": what MRR is measured in when nothing recurs at all (every MRR figure is then empty). */
const NO_CURRENCY = 'XXX';

export interface KpiReportOptions {
  readonly asOf: CalendarDate;
  /** The trailing window, in months (1–36). */
  readonly months: number;
}

export interface KpiTrendPoint {
  /** `2026-10` (a month end) or `2026-Q4` (a quarter; the running one up to asOf). */
  readonly period: string;
  readonly value: string | null;
}

export interface KpiView {
  readonly key: KpiKey;
  readonly label: string;
  readonly value: string | null;
  readonly unit: KpiUnit;
  readonly target: { readonly text: string; readonly value: string; readonly comparison: Comparison };
  readonly onTarget: boolean | null;
  readonly explanation: Explanation;
  readonly trend: readonly KpiTrendPoint[];
}

export interface WaterfallView {
  readonly from: string;
  readonly to: string;
  readonly currency: string | null;
  readonly starting: string;
  readonly expansion: string;
  readonly contraction: string;
  readonly churn: string;
  readonly new: string;
  readonly ending: string;
  readonly explanation: Explanation;
}

export interface AccountMovementView {
  readonly accountId: string;
  readonly accountName: string;
  readonly starting: string;
  readonly ending: string;
  readonly movement: MrrMovementKind;
}

export interface KpiReport {
  readonly asOf: string;
  /** The currency carrying the most MRR on asOf (else on the window's first day); null when nothing recurs. */
  readonly currency: string | null;
  readonly months: number;
  readonly kpis: readonly KpiView[];
  readonly waterfall: WaterfallView;
  readonly accounts: readonly AccountMovementView[];
}

/** Everything the report reads, in one transaction. */
interface ReportInputs {
  readonly ledger: ReadonlyMap<string, readonly AccountSubscription[]>;
  readonly accounts: readonly MetricsAccount[];
  readonly policyAnchors: ReadonlyMap<string, string | null>;
  readonly renewals: readonly ClosedRenewal[];
  readonly invoices: readonly DayCount[];
  readonly disputes: readonly DayCount[];
}

/**
 * The six KPIs on `asOf` with their explanations and trends, the MRR
 * waterfall over the trailing `months` and each account's movement.
 * NRR, GRR and the waterfall compare MRR on asOf − months with MRR on asOf;
 * forecast accuracy, cycle time and the dispute rate count what happened in
 * between; co-termed MRR is measured on asOf. Trends: NRR and GRR over the
 * `months` ending on each of the last `months` month ends, co-termed MRR on
 * each of them, the others per calendar quarter of the window.
 */
export async function kpiReport(store: Store, organizationId: string, options: KpiReportOptions): Promise<KpiReport> {
  const { asOf, months } = options;
  if (!Number.isSafeInteger(months) || months < 1 || months > MAX_REPORT_MONTHS) throw new InvalidInputError(`months must be a whole number from 1 to ${MAX_REPORT_MONTHS}`, 'months');
  const window = trailingWindow(asOf, months);
  const monthEnds = trendMonthEnds(asOf, months);
  const quarters = quartersOverlapping(window.days);
  const firstDay = (quarters[0] as QuarterPeriod).start;
  const ledgerDays = [asOf, window.from, ...monthEnds, ...monthEnds.map((end) => monthEndWindow(end, months).from)];
  const inputs = await readInputs(store, organizationId, ledgerDays, firstDay, asOf);

  const currency = mainMrrCurrency(ledgerOn(inputs, asOf)) ?? mainMrrCurrency(ledgerOn(inputs, window.from));
  const code = currency ?? NO_CURRENCY;
  const snapshots: SnapshotCache = { inputs, currency: code, byDay: new Map() };

  const waterfall = mrrMovements(snapshotOn(snapshots, window.from), snapshotOn(snapshots, asOf));
  const monthly = monthEnds.map((end) => {
    const movements = mrrMovements(snapshotOn(snapshots, monthEndWindow(end, months).from), snapshotOn(snapshots, end));
    return {
      period: monthLabel(end),
      nrr: netRevenueRetention(movements).value,
      grr: grossRevenueRetention(movements).value,
      cotermed: cotermedMrr(end, ledgerOn(inputs, end), code, inputs.policyAnchors).value,
    };
  });
  const quarterly = quarters.map((quarter) => ({
    period: quarter.label,
    forecast: forecastAccuracy(inputs.renewals, quarter, code).value,
    cycle: cycleTime(inputs.renewals, quarter).value,
    disputes: disputeRate(inputs.disputes, inputs.invoices, quarter).value,
  }));

  const figures: Record<KpiKey, { figure: KpiFigure; trend: KpiTrendPoint[] }> = {
    forecast_accuracy: { figure: forecastAccuracy(inputs.renewals, window.days, code), trend: quarterly.map((point) => trendPoint(point.period, point.forecast)) },
    nrr: { figure: netRevenueRetention(waterfall), trend: monthly.map((point) => trendPoint(point.period, point.nrr)) },
    grr: { figure: grossRevenueRetention(waterfall), trend: monthly.map((point) => trendPoint(point.period, point.grr)) },
    cotermed_mrr: { figure: cotermedMrr(asOf, ledgerOn(inputs, asOf), code, inputs.policyAnchors), trend: monthly.map((point) => trendPoint(point.period, point.cotermed)) },
    cycle_time: { figure: cycleTime(inputs.renewals, window.days), trend: quarterly.map((point) => trendPoint(point.period, point.cycle)) },
    dispute_rate: { figure: disputeRate(inputs.disputes, inputs.invoices, window.days), trend: quarterly.map((point) => trendPoint(point.period, point.disputes)) },
  };

  const names = new Map(inputs.accounts.map((account) => [account.id, account.name]));
  return {
    asOf: asOf.toString(),
    currency,
    months,
    kpis: KPI_DEFINITIONS.map((definition) => {
      const { figure, trend } = figures[definition.key];
      return {
        key: definition.key,
        label: definition.label,
        value: figure.value?.toString() ?? null,
        unit: definition.unit,
        target: { text: definition.target.text, value: definition.target.value.toString(), comparison: definition.target.comparison },
        onTarget: onTarget(figure.value, definition.target),
        explanation: figure.explanation,
        trend,
      };
    }),
    waterfall: {
      from: window.from.toString(),
      to: asOf.toString(),
      currency,
      starting: waterfall.starting.toString(),
      expansion: waterfall.expansion.toString(),
      contraction: waterfall.contraction.toString(),
      churn: waterfall.churn.toString(),
      new: waterfall.new.toString(),
      ending: waterfall.ending.toString(),
      explanation: waterfall.explanation,
    },
    accounts: waterfall.accounts
      .map((account) => ({ accountId: account.accountId, accountName: names.get(account.accountId) ?? account.accountId, starting: account.starting.toString(), ending: account.ending.toString(), movement: account.movement }))
      .sort(byAccountName),
  };
}

async function readInputs(store: Store, organizationId: string, ledgerDays: readonly CalendarDate[], firstDay: CalendarDate, lastDay: CalendarDate): Promise<ReportInputs> {
  const days = [...new Set(ledgerDays.map(String))].sort();
  const from = firstDay.toString();
  const until = lastDay.toString();
  // One query after the other: inside a transaction the connection runs one at a time.
  return store.transaction(async ({ db }) => {
    const ledger = new Map<string, readonly AccountSubscription[]>();
    for (const day of days) ledger.set(day, await accountSubscriptionsOn(db, organizationId, day));
    const accounts = await metricsAccounts(db, organizationId);
    const settings = await loadPolicySettings(db, organizationId);
    const renewals = await closedRenewalsBetween(db, organizationId, from, until);
    const invoices = await invoicesIssuedPerDay(db, organizationId, from, until);
    const disputes = await disputesOpenedPerDay(db, organizationId, from, until);
    const policyAnchors = new Map(accounts.map((account) => [account.id, resolvePolicy(settings, account.id, account.parentId).policy.anchor]));
    return { ledger, accounts, policyAnchors, renewals, invoices, disputes };
  });
}

/** Per-account MRR of each day read, computed once: a day is often both a month end and another window's first day. */
interface SnapshotCache {
  readonly inputs: ReportInputs;
  readonly currency: string;
  readonly byDay: Map<string, MrrSnapshot>;
}

function snapshotOn(cache: SnapshotCache, day: CalendarDate): MrrSnapshot {
  const key = day.toString();
  let snapshot = cache.byDay.get(key);
  if (!snapshot) {
    snapshot = mrrSnapshot(day, ledgerOn(cache.inputs, day), cache.currency);
    cache.byDay.set(key, snapshot);
  }
  return snapshot;
}

function ledgerOn(inputs: ReportInputs, day: CalendarDate): readonly AccountSubscription[] {
  return inputs.ledger.get(day.toString()) ?? [];
}

function trendPoint(period: string, value: KpiFigure['value']): KpiTrendPoint {
  return { period, value: value?.toString() ?? null };
}

function byAccountName(a: AccountMovementView, b: AccountMovementView): number {
  return a.accountName.localeCompare(b.accountName) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
}

