import { type CalendarDate } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { ownedSeats, type PricedLine, type PriceSources, renewalLine, upgradeFor } from './renewal-pricing.ts';
import { roundMoney } from './round-money.ts';
import { type UpgradeGoal, upgradePathsFor } from './upgrade-paths.ts';
import { latestMeasurements, sum, type UsageSignal, wholeUnitsUp } from './usage.ts';

export type OptionName = 'hold' | 'harden' | 'modernize';

/** A priced line of an option: the priced line with its money rounded half up to minor units, and its annual value. */
export interface OptionLine extends PricedLine {
  /** 12 × the unrounded monthly value, rounded once. */
  readonly annualValue: Decimal;
}

export interface OptionTotals {
  /** Sums of the lines as shown, so an option adds up on paper. */
  readonly monthly: Decimal;
  readonly annual: Decimal;
  readonly monthlyDeltaVsHold: Decimal;
  readonly annualDeltaVsHold: Decimal;
}

/** An upgrade a path has but that could not be offered, and why. */
export interface NotOffered {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly reason: string;
}

export interface CommercialOption {
  readonly name: OptionName;
  readonly description: string;
  readonly lines: readonly OptionLine[];
  readonly totals: OptionTotals;
  readonly notOffered: readonly NotOffered[];
}

export interface CommercialOptions {
  readonly hold: CommercialOption;
  readonly harden: CommercialOption;
  readonly modernize: CommercialOption;
  /** Renewing subscriptions no option can price (e.g. consumption-billed), with the reason. */
  readonly excluded: readonly NotOffered[];
}

const DESCRIPTIONS: Readonly<Record<OptionName, string>> = {
  hold: 'Status quo: every subscription renews at its current quantity at the price in force on the renewal date.',
  harden: 'Hold plus the security upgrade of each harden path, add-ons sized by the seats in use.',
  modernize: 'Hold with each modernize path: tier migrations and bundles at the current quantity.',
};

/**
 * The three commercial options of a renewal: hold, harden and modernize. An
 * upgrade that migrates replaces its hold line; an add-on sits after it.
 */
export function commercialOptions(
  renewing: readonly AccountSubscription[],
  account: readonly AccountSubscription[],
  signals: readonly UsageSignal[],
  asOf: CalendarDate,
  sources: PriceSources,
): CommercialOptions {
  const excluded: NotOffered[] = [];
  const holds: { subscription: AccountSubscription; line: PricedLine }[] = [];
  for (const subscription of renewing) {
    if ((subscription.currency ?? sources.currency).toUpperCase() !== sources.currency.toUpperCase()) {
      excluded.push({ subscriptionId: subscription.id, productName: subscription.productName, reason: `billed in ${subscription.currency ?? '?'}, not ${sources.currency}` });
      continue;
    }
    const line = renewalLine(subscription, sources);
    if ('excluded' in line) excluded.push({ subscriptionId: subscription.id, productName: subscription.productName, reason: line.excluded });
    else holds.push({ subscription, line });
  }
  const seats = new Map(latestMeasurements(signals, 'seats_assigned', asOf).map((row) => [row.subscriptionId, wholeUnitsUp(row.value)]));
  const upgraded = (goal: UpgradeGoal): { lines: PricedLine[]; notOffered: NotOffered[] } => {
    const owned = ownedSeats(account);
    const lines: PricedLine[] = [];
    const notOffered: NotOffered[] = [];
    for (const { subscription, line } of holds) {
      const outcome = upgradeFor(subscription, line, goal, { sources, seatsInUse: seats.get(subscription.id) ?? null, owned });
      lines.push(...(!outcome.offered ? [line] : outcome.replacesRenewal ? [outcome.line] : [line, outcome.line]));
      // Preferred alternatives passed over are "not offered" too; a product without a path is simply renewed.
      const reasons = outcome.offered ? outcome.skipped : (upgradePathsFor(subscription)?.[goal].length ?? 0) > 0 ? outcome.reasons : [];
      notOffered.push(...reasons.map((reason) => ({ subscriptionId: subscription.id, productName: subscription.productName, reason })));
    }
    return { lines, notOffered };
  };
  const holdLines = holds.map((row) => shown(row.line, sources.currency));
  const holdTotals = totalsOf(holdLines, sources.currency);
  const option = (name: OptionName, lines: readonly OptionLine[], notOffered: readonly NotOffered[]): CommercialOption => {
    const totals = totalsOf(lines, sources.currency);
    return {
      name,
      description: DESCRIPTIONS[name],
      lines,
      totals: { ...totals, monthlyDeltaVsHold: totals.monthly.minus(holdTotals.monthly), annualDeltaVsHold: totals.annual.minus(holdTotals.annual) },
      notOffered,
    };
  };
  const harden = upgraded('harden');
  const modernize = upgraded('modernize');
  return {
    hold: option('hold', holdLines, []),
    harden: option(
      'harden',
      harden.lines.map((line) => shown(line, sources.currency)),
      harden.notOffered,
    ),
    modernize: option(
      'modernize',
      modernize.lines.map((line) => shown(line, sources.currency)),
      modernize.notOffered,
    ),
    excluded,
  };
}

function shown(line: PricedLine, currency: string): OptionLine {
  return {
    subscriptionId: line.subscriptionId,
    action: line.action,
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    term: line.term,
    billing: line.billing,
    monthlyValue: roundMoney(line.monthlyValue, currency),
    annualValue: roundMoney(line.monthlyValue.timesInteger(12), currency),
    priceSource: line.priceSource,
  };
}

function totalsOf(lines: readonly OptionLine[], currency: string): { monthly: Decimal; annual: Decimal } {
  const zero = roundMoney(Decimal.ZERO, currency);
  return {
    monthly: zero.plus(sum(lines.map((line) => line.monthlyValue))),
    annual: zero.plus(sum(lines.map((line) => line.annualValue))),
  };
}
