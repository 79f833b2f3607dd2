import { type CalendarDate } from '../../calendar/date.ts';
import { Decimal } from '../../money/decimal.ts';
import { type PriceListEntry } from '../../nce/model.ts';
import { type AccountSubscription, monthlyValue } from '../../portfolio/account-subscription.ts';
import { isLive, microsoftPlan } from '../renewal-pricing.ts';
import { roundMoney } from '../round-money.ts';
import { sum } from '../usage.ts';
import { firstOfMonth, type Play, playOptions, sameCurrency } from './play.ts';

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

