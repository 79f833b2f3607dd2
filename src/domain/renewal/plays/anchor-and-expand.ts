import { type CalendarDate } from '../../calendar/date.ts';




import { type AccountSubscription, monthlyValue } from '../../portfolio/account-subscription.ts';
import { isLive } from '../renewal-pricing.ts';
import { roundMoney } from '../round-money.ts';
import { sum } from '../usage.ts';
import { type Play, PRICE_LOCK_MONTHS, sameCurrency } from './play.ts';

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

