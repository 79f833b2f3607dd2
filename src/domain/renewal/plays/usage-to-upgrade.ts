

import { Decimal } from '../../money/decimal.ts';


import { type AccountSubscription } from '../../portfolio/account-subscription.ts';
import { isLive, ownedSeats, type PriceSources, renewalLine, upgradeFor } from '../renewal-pricing.ts';
import { roundMoney } from '../round-money.ts';
import { type UpgradeGoal, upgradePathsFor } from '../upgrade-paths.ts';
import { isAboveShare, latestMeasurements, percentOf, signalsInLastDays, sum, wholeUnitsUp } from '../usage.ts';
import { type Play, type PlayContext, playOptions, priceSources, type Recommendation } from './play.ts';

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

