import { type CalendarDate } from '../calendar/date.ts';
import { currency as currencyOf } from '../money/currency.ts';
import { Decimal, pow10 } from '../money/decimal.ts';
import { type PriceListEntry } from '../nce/model.ts';
import { type PriceBook } from '../nce/price-list.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';
import { consumptionTrend, type Fraction, fractionToDecimal, monthLabel, PROJECTION_MONTHS, TREND_MONTHS } from './consumption-trend.ts';
import { isLive, microsoftPlan, ownedSeats, type PriceSources, renewalLine, type ServiceCatalogEntry, upgradeFor } from './renewal-pricing.ts';
import { roundMoney } from './round-money.ts';
import { type UpgradeGoal, upgradePathsFor } from './upgrade-paths.ts';
import { isAboveShare, latestMeasurements, percentOf, signalsInLastDays, sum, type UsageSignal, wholeUnitsUp } from './usage.ts';

/**
 * The revenue plays of seed 000 as rules: each reads the account and returns
 * recommendations with the evidence that triggered them, or nothing. Plays do
 * not decide; the AM presents or drops what they find.
 */
export type PlayName = 'anchor_and_expand' | 'usage_to_upgrade' | 'inflation_guard' | 'reserved_instance';

/** Plays move money in different directions; this says what `monthlyImpact` measures. */
export type ImpactKind =
  /** anchor_and_expand: the incentive offered, one month of the MSP services' value. */
  | 'incentive'
  /** usage_to_upgrade: what the upgrade adds to the monthly bill. */
  | 'added_revenue'
  /** inflation_guard: what the price rise adds to the monthly bill (what a lock protects against). */
  | 'price_increase'
  /** reserved_instance: the client's projected monthly saving. */
  | 'client_saving';

export interface Recommendation {
  readonly play: PlayName;
  readonly title: string;
  readonly evidence: readonly string[];
  readonly proposal: string;
  /** Rounded half up to the currency's minor units; absent when the play has nothing priced to offer. */
  readonly monthlyImpact?: Decimal;
  readonly impact?: ImpactKind;
  readonly currency: string;
  /** The subscriptions the recommendation is about (empty for account-wide ones). */
  readonly subscriptionIds: readonly string[];
}

export interface PlayOptions {
  /** Tickets in a category matching /security/i within `ticketWindowDays` that trigger the harden path (default 3). */
  readonly securityTicketMinimum: number;
  readonly ticketWindowDays: number;
  /** Backup utilisation above this percentage of capacity triggers the BCDR add-on (default 80). */
  readonly backupUtilisationPercent: number;
  /** Projected monthly Azure spend that opens a reserved-instance conversation (default 1000, in the account's currency). */
  readonly reservedInstanceThreshold: Decimal;
  /** Assumed reserved-instance discount on compute (default 0.40): an assumption, stated as such. */
  readonly reservedInstanceDiscount: Decimal;
  /** Meter categories counted as compute (default Virtual Machines). */
  readonly computeCategories: readonly string[];
  /** Months after a renewal in which a future-dated list price rise is looked for (default 12). */
  readonly priceRiseLookaheadMonths: number;
}

export const DEFAULT_PLAY_OPTIONS: PlayOptions = {
  securityTicketMinimum: 3,
  ticketWindowDays: 90,
  backupUtilisationPercent: 80,
  reservedInstanceThreshold: Decimal.parse('1000'),
  reservedInstanceDiscount: Decimal.parse('0.40'),
  computeCategories: ['Virtual Machines'],
  priceRiseLookaheadMonths: 12,
};

/** Length of the price lock anchor-and-expand offers. */
export const PRICE_LOCK_MONTHS = 24;

export interface PlayContext {
  readonly asOf: CalendarDate;
  /** The day the renewal under discussion takes effect: upgrades are priced on it. */
  readonly renewalDate: CalendarDate;
  /** The account's currency: every amount a play quotes is in it. */
  readonly currency: string;
  /** The account's subscriptions (all of them, not only those renewing). */
  readonly subscriptions: readonly AccountSubscription[];
  readonly signals: readonly UsageSignal[];
  readonly priceBook: PriceBook;
  readonly serviceCatalog?: readonly ServiceCatalogEntry[];
  /** The co-term anchor (a common term end date); default: the end of a 12-month term starting on the renewal date. */
  readonly anchor?: CalendarDate;
  readonly options?: Partial<PlayOptions>;
}

export type Play = (context: PlayContext) => Recommendation[];

/**
 * Anchor and expand: two or more distinct term end dates among the account's
 * live term-based subscriptions → align them on one anchor, with an incentive
 * stated in money: one month of the MSP services as credit, or a 24-month
 * price lock on them (the MSP can lock only its own prices; a Microsoft
 * licence's price is fixed by its own term).
 */
export const anchorAndExpand: Play = (context) => {
  const { currency } = context;
  const termBased = context.subscriptions.filter((subscription) => isLive(subscription) && subscription.termEnd !== null && subscription.kind !== 'azure_plan');
  const byEnd = new Map<string, AccountSubscription[]>();
  for (const subscription of termBased) {
    const key = (subscription.termEnd as CalendarDate).toString();
    byEnd.set(key, [...(byEnd.get(key) ?? []), subscription]);
  }
  if (byEnd.size < 2) return [];
  const anchor = context.anchor ?? context.renewalDate.addMonths(12).addDays(-1);
  const evidence = [`${byEnd.size} different term end dates across ${termBased.length} term-based subscriptions`];
  for (const end of [...byEnd.keys()].sort()) {
    evidence.push(`${end}: ${(byEnd.get(end) ?? []).map((subscription) => `${subscription.productName} (${subscription.id})`).join(', ')}`);
  }
  const services = context.subscriptions.filter((subscription) => isLive(subscription) && subscription.kind === 'msp_service' && sameCurrency(subscription.currency, currency));
  const valued = services.flatMap((subscription) => {
    const value = monthlyValue(subscription);
    return value ? [{ subscription, value }] : [];
  });
  const monthly = roundMoney(sum(valued.map((row) => row.value)), currency);
  const alignment = `Align every term to end on ${anchor.toString()}: one renewal conversation and one invoice a year from then on.`;
  if (monthly.isZero()) {
    evidence.push(`No priced MSP service in ${currency} on the account: no service credit or price lock to quote`);
    return [{ play: 'anchor_and_expand', title: `Co-term ${byEnd.size} renewal dates on ${anchor.toString()}`, evidence, proposal: alignment, currency, subscriptionIds: termBased.map((s) => s.id) }];
  }
  evidence.push(`MSP services: ${monthly.toString()} ${currency} a month (${valued.map((row) => `${row.subscription.productName} ${roundMoney(row.value, currency).toString()}`).join(', ')})`);
  const lock = roundMoney(sum(valued.map((row) => row.value)).timesInteger(PRICE_LOCK_MONTHS), currency);
  return [
    {
      play: 'anchor_and_expand',
      title: `Co-term ${byEnd.size} renewal dates on ${anchor.toString()}`,
      evidence,
      proposal:
        `${alignment} Incentive, one of: one month of managed services as credit, ${monthly.toString()} ${currency}; ` +
        `or a ${PRICE_LOCK_MONTHS}-month price lock on the managed services at ${monthly.toString()} ${currency} a month (${lock.toString()} ${currency} over the lock).`,
      monthlyImpact: monthly,
      impact: 'incentive',
      currency,
      subscriptionIds: termBased.map((subscription) => subscription.id),
    },
  ];
};

/**
 * Usage to upgrade: security how-to tickets (a category matching /security/i,
 * at least 3 in the last 90 days) on an account with a suite below Microsoft's
 * security tier → that suite's harden path; backup storage above 80% of the TB
 * contracted in the latest month → the BCDR add-on.
 */
export const usageToUpgrade: Play = (context) => [...securityQuestions(context), ...backupFilling(context)];

function securityQuestions(context: PlayContext): Recommendation[] {
  const options = playOptions(context);
  const tickets = signalsInLastDays(context.signals, 'tickets', context.asOf, options.ticketWindowDays)
    .filter((signal) => /security/i.test(signal.category))
    // Listed by period, then category, whatever order the signals were imported in.
    .sort((a, b) => a.periodEnd.compare(b.periodEnd) || a.periodStart.compare(b.periodStart) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const count = sum(tickets.map((signal) => signal.value));
  if (count.compare(Decimal.fromInteger(options.securityTicketMinimum)) < 0) return [];
  const suites = context.subscriptions.filter((subscription) => isLive(subscription) && upgradePathsFor(subscription)?.belowSecurityTier === true);
  if (suites.length === 0) return [];
  const ticketEvidence =
    `${count.toString()} security tickets in the last ${options.ticketWindowDays} days (at least ${options.securityTicketMinimum} trigger the play): ` +
    tickets.map((signal) => `${signal.category} ${signal.periodStart.toString()}..${signal.periodEnd.toString()}: ${signal.value.toString()}`).join('; ');
  const sources = priceSources(context);
  const owned = ownedSeats(context.subscriptions);
  return suites.map((suite) => {
    const upgrade = priceUpgrade(suite, 'harden', context, sources, owned);
    const evidence = [ticketEvidence, `${suite.productName} (${suite.id}): ${suite.quantity} seats, below Microsoft's security tier`, ...upgrade.evidence];
    if (!upgrade.offered) {
      return { play: 'usage_to_upgrade', title: `Security questions on ${suite.productName}: no priced security upgrade`, evidence, proposal: `Review the security questions with the client; no harden path of ${suite.productName} can be priced (see evidence).`, currency: context.currency, subscriptionIds: [suite.id] };
    }
    return {
      play: 'usage_to_upgrade',
      title: `Security questions on ${suite.productName}: ${upgrade.summary}`,
      evidence,
      proposal: `${upgrade.summary}, ${upgrade.why}: ${upgrade.monthly.toString()} ${context.currency} more a month from ${context.renewalDate.toString()}.`,
      monthlyImpact: upgrade.monthly,
      impact: 'added_revenue',
      currency: context.currency,
      subscriptionIds: [suite.id],
    };
  });
}

function backupFilling(context: PlayContext): Recommendation[] {
  const options = playOptions(context);
  const backups = context.subscriptions.filter((subscription) => isLive(subscription) && subscription.kind === 'msp_service' && /backup/i.test(subscription.productName));
  const sources = priceSources(context);
  const owned = ownedSeats(context.subscriptions);
  return latestMeasurements(context.signals, 'backup_utilisation', context.asOf).flatMap((measurement) => {
    const { capacity } = measurement;
    if (!capacity || capacity.isZero() || !isAboveShare(measurement.value, capacity, options.backupUtilisationPercent)) return [];
    const evidence = [
      `Backup ${measurement.subscriptionId ?? '(account)'} ${measurement.periodStart.toString()}..${measurement.periodEnd.toString()}: ` +
        `${measurement.value.toString()} of ${capacity.toString()} TB used = ${percentOf(measurement.value, capacity).toString()}% (above ${options.backupUtilisationPercent}%)`,
    ];
    // A signal names its backup subscription, or the account has only one to attribute it to.
    const service = measurement.subscriptionId !== null ? backups.find((s) => s.id === measurement.subscriptionId) : backups.length === 1 ? backups[0] : undefined;
    const title = 'Backup storage filling up: BCDR add-on';
    if (!service) {
      evidence.push('No single backup service subscription to size the BCDR add-on on');
      return [{ play: 'usage_to_upgrade', title, evidence, proposal: 'Propose the BCDR add-on with immutable storage, and more TB before backups fail.', currency: context.currency, subscriptionIds: [] }];
    }
    const upgrade = priceUpgrade(service, 'harden', context, sources, owned);
    evidence.push(...upgrade.evidence);
    if (!upgrade.offered) {
      return [{ play: 'usage_to_upgrade', title, evidence, proposal: 'Propose the BCDR add-on with immutable storage, and more TB before backups fail (not priced: see evidence).', currency: context.currency, subscriptionIds: [service.id] }];
    }
    return [
      {
        play: 'usage_to_upgrade',
        title,
        evidence,
        proposal: `${upgrade.summary}, ${upgrade.why}: ${upgrade.monthly.toString()} ${context.currency} more a month; review the TB contracted too.`,
        monthlyImpact: upgrade.monthly,
        impact: 'added_revenue',
        currency: context.currency,
        subscriptionIds: [service.id],
      },
    ];
  });
}

type PricedUpgrade =
  | { readonly offered: true; readonly summary: string; readonly why: string; readonly monthly: Decimal; readonly evidence: string[] }
  | { readonly offered: false; readonly evidence: string[] };

/** A subscription's upgrade for a goal, priced on the renewal date, as the monthly amount it adds. */
function priceUpgrade(subscription: AccountSubscription, goal: UpgradeGoal, context: PlayContext, sources: PriceSources, owned: Map<string, number>): PricedUpgrade {
  const renewal = renewalLine(subscription, sources);
  if ('excluded' in renewal) return { offered: false, evidence: [`${subscription.productName} cannot be priced: ${renewal.excluded}`] };
  const seats = latestMeasurements(context.signals, 'seats_assigned', context.asOf).find((row) => row.subscriptionId === subscription.id);
  const outcome = upgradeFor(subscription, renewal, goal, { sources, seatsInUse: seats ? wholeUnitsUp(seats.value) : null, owned });
  if (!outcome.offered) return { offered: false, evidence: outcome.reasons.map((reason) => `${goal} path: ${reason}`) };
  const { line, step } = outcome;
  const added = outcome.replacesRenewal ? line.monthlyValue.minus(renewal.monthlyValue) : line.monthlyValue;
  const summary = step.kind === 'migrate' ? `move ${line.quantity} seats of ${subscription.productName} to ${line.productName}` : `add ${line.productName} × ${line.quantity}`;
  return {
    offered: true,
    summary: summary.charAt(0).toUpperCase() + summary.slice(1),
    why: step.why,
    monthly: roundMoney(added, context.currency),
    evidence: [...outcome.skipped.map((reason) => `${goal} path: ${reason}`), `${line.productName} at ${line.unitPrice.toString()} ${context.currency} per ${line.billing ?? 'cycle'} cycle from ${line.priceSource}`],
  };
}

/**
 * Inflation guard: Microsoft's list price for a subscription's product, term
 * and billing on its next renewal (the day after its term ends) is above its
 * contract price, or a rise is dated within `priceRiseLookaheadMonths` after
 * that renewal → one proposal of a 12- or 24-month term lock, with the monthly
 * and annual impact of the rise at the current quantity. The price book is
 * asked one date at a time, so later rises are found on the renewal day and
 * the 1st of each following month (Microsoft's NCE list changes monthly, on the 1st).
 */
export const inflationGuard: Play = (context) => {
  const { currency } = context;
  const options = playOptions(context);
  const rises: { subscription: AccountSubscription; text: string; monthly: Decimal }[] = [];
  for (const subscription of context.subscriptions) {
    const plan = microsoftPlan(subscription);
    const { unitPrice, termEnd } = subscription;
    if (!isLive(subscription) || !plan || !unitPrice || !termEnd || !sameCurrency(subscription.currency, currency)) continue;
    const renewsOn = termEnd.addDays(1);
    const atRenewal = context.priceBook.priceOn(subscription.productName, plan.term, plan.billing, currency, renewsOn);
    let rise: { from: Decimal; entry: PriceListEntry; on: CalendarDate; when: string } | undefined;
    if (atRenewal && atRenewal.unitPrice.compare(unitPrice) > 0) {
      rise = { from: unitPrice, entry: atRenewal, on: renewsOn, when: `at its renewal on ${renewsOn.toString()}` };
    } else {
      const base = atRenewal ?? { unitPrice };
      for (let month = 1; month <= options.priceRiseLookaheadMonths && !rise; month += 1) {
        const probe = firstOfMonth(renewsOn).addMonths(month);
        const later = context.priceBook.priceOn(subscription.productName, plan.term, plan.billing, currency, probe);
        if (later && later.unitPrice.compare(base.unitPrice) > 0 && later.unitPrice.compare(unitPrice) > 0) {
          rise = { from: base.unitPrice, entry: later, on: later.effectiveStart, when: `from ${later.effectiveStart.toString()}, after its renewal on ${renewsOn.toString()}` };
        }
      }
    }
    if (!rise) continue;
    const delta = rise.entry.unitPrice.minus(rise.from);
    const monthly = monthlyValue({ ...subscription, unitPrice: delta }) ?? Decimal.ZERO;
    rises.push({
      subscription,
      monthly,
      text:
        `${subscription.productName} (${subscription.id}), ${subscription.quantity} × ${plan.term} ${plan.billing}: ${rise.from.toString()} → ${rise.entry.unitPrice.toString()} ${currency} ` +
        `(list price effective ${rise.entry.effectiveStart.toString()}) ${rise.when}: +${delta.toString()} per unit per cycle, ` +
        `+${roundMoney(monthly, currency).toString()} a month, +${roundMoney(monthly.timesInteger(12), currency).toString()} a year`,
    });
  }
  if (rises.length === 0) return [];
  const monthly = sum(rises.map((rise) => rise.monthly));
  const annual = roundMoney(monthly.timesInteger(12), currency);
  return [
    {
      play: 'inflation_guard',
      title: `Microsoft price rise on ${rises.length} subscription${rises.length === 1 ? '' : 's'}: ${annual.toString()} ${currency} a year`,
      evidence: rises.map((rise) => rise.text),
      proposal:
        `Propose a term lock before the rise reaches the client: a 12-month term fixes the price for the term, a 24-month lock for two years. ` +
        `Unlocked, the rise adds ${roundMoney(monthly, currency).toString()} ${currency} a month, ${annual.toString()} ${currency} a year at today's quantities; present it with the bundle's value.`,
      monthlyImpact: roundMoney(monthly, currency),
      impact: 'price_increase',
      currency,
      subscriptionIds: rises.map((rise) => rise.subscription.id),
    },
  ];
};

/**
 * Reserved instance: a least-squares line through the account's monthly Azure
 * totals of the last 6 ended months, projected 3 months past the window, at or
 * above the threshold (default 1,000 a month) → an RI conversation, with the
 * saving at an assumed discount (default 40%) on projected compute spend,
 * stated as an assumption. A falling or flat-below-threshold trend does not
 * trigger: reservations commit for one to three years.
 */
export const reservedInstance: Play = (context) => {
  const { currency } = context;
  const options = playOptions(context);
  const trend = consumptionTrend(context.signals, context.asOf);
  if (!trend.line) return [];
  const horizon = TREND_MONTHS - 1 + PROJECTION_MONTHS;
  const projected = trend.line.valueAt(horizon);
  if (!atLeast(projected, options.reservedInstanceThreshold)) return [];
  const lastMonth = trend.months[trend.months.length - 1] as (typeof trend.months)[number];
  const projectedMonth = monthLabel(lastMonth.start.addMonths(PROJECTION_MONTHS));
  const compute = consumptionTrend(context.signals, context.asOf, options.computeCategories);
  const computeProjected = compute.line ? compute.line.valueAt(horizon) : { numerator: 0n, denominator: 1n };
  const computeBase: Fraction = computeProjected.numerator > 0n ? computeProjected : { numerator: 0n, denominator: 1n };
  const discount = options.reservedInstanceDiscount;
  const saving = fractionToDecimal({ numerator: computeBase.numerator * discount.units, denominator: computeBase.denominator * pow10(discount.scale) }, minorUnitsOf(currency));
  const percent = discount.timesInteger(100).trimmed().toString();
  const categories = options.computeCategories.join(', ');
  return [
    {
      play: 'reserved_instance',
      title: `Azure spend trending to ${fractionToDecimal(projected, minorUnitsOf(currency)).toString()} ${currency} a month: reserved-instance conversation`,
      evidence: [
        `Azure consumption by month: ${trend.months.map((month) => `${month.month} ${month.total ? month.total.toString() : '—'}`).join(', ')}`,
        `Least-squares trend over ${trend.line.points} months: ${signed(fractionToDecimal(trend.line.slope, minorUnitsOf(currency)))} ${currency} a month`,
        `Projected for ${projectedMonth} (${PROJECTION_MONTHS} months after ${lastMonth.month}): ${fractionToDecimal(projected, minorUnitsOf(currency)).toString()} ${currency} a month, at or above the ${options.reservedInstanceThreshold.toString()} ${currency} threshold`,
        `Projected compute (${categories}) for ${projectedMonth}: ${fractionToDecimal(computeBase, minorUnitsOf(currency)).toString()} ${currency} a month`,
        `Assumption: reserved instances save ${percent}% of compute spend; the real discount depends on VM series, region and a 1- or 3-year term`,
      ],
      proposal:
        `Open a reserved-instance conversation: at the assumed ${percent}% discount on compute a reservation would save about ${saving.toString()} ${currency} a month ` +
        `(${roundMoney(saving.timesInteger(12), currency).toString()} ${currency} a year), and is a 1- or 3-year commitment to co-term with the renewal.`,
      monthlyImpact: saving,
      impact: 'client_saving',
      currency,
      subscriptionIds: [],
    },
  ];
};

/** The plays in the order a pack lists them. */
export const PLAYS: readonly Play[] = [anchorAndExpand, usageToUpgrade, inflationGuard, reservedInstance];

export function recommendPlays(context: PlayContext): Recommendation[] {
  return PLAYS.flatMap((play) => play(context));
}

function playOptions(context: PlayContext): PlayOptions {
  return { ...DEFAULT_PLAY_OPTIONS, ...context.options };
}

function priceSources(context: PlayContext): PriceSources {
  return { priceBook: context.priceBook, serviceCatalog: context.serviceCatalog ?? [], date: context.renewalDate, currency: context.currency };
}

function sameCurrency(code: string | null, currency: string): boolean {
  return code !== null && code.toUpperCase() === currency.toUpperCase();
}

function atLeast(fraction: Fraction, threshold: Decimal): boolean {
  return fraction.numerator * pow10(threshold.scale) >= threshold.units * fraction.denominator;
}

function minorUnitsOf(code: string): number {
  return currencyOf(code).minorUnits;
}

function signed(value: Decimal): string {
  return value.sign() >= 0 ? `+${value.toString()}` : value.toString();
}

function firstOfMonth(date: CalendarDate): CalendarDate {
  return date.addDays(1 - date.day);
}
