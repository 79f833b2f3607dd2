import { type CalendarDate, daysInclusive, maxDate, minDate } from '../calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, type Period, type TermDuration } from '../calendar/periods.ts';
import { azureCharge } from '../billing/azure-charges.ts';
import { type AzureConsumption } from '../billing/model.ts';
import { customerPrice, type PriceRule, ruleFor } from '../billing/price-rules.ts';
import { groupBy } from '../group-by.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type Finding, type InvoiceLine, type MicrosoftCharge } from './model.ts';
import { monthlyPriceOver } from './standalone.ts';

/** What the client was invoiced for a month of Azure consumption. */
export interface AzureInvoiced {
  readonly accountId: string;
  readonly subscriptionId: string;
  readonly periodStart: CalendarDate;
  readonly amount: Decimal;
  readonly location: string;
}

/**
 * Azure consumption invoiced against the client's margin schedule: the
 * month's cost marked up by its rule, compared with what the invoices carry
 * for that month (nothing invoiced is a difference too).
 */
export function azureMarginFindings(consumption: readonly AzureConsumption[], invoiced: readonly AzureInvoiced[], rules: readonly PriceRule[], currencyOf: (accountId: string) => string): Finding[] {
  const invoicedBy = groupBy(invoiced, (line) => azureKey(line.accountId, line.subscriptionId, line.periodStart));
  const findings: Finding[] = [];
  for (const month of consumption) {
    const code = currencyOf(month.accountId);
    const expected = azureCharge(month, code, rules, '').amount;
    const lines = invoicedBy.get(azureKey(month.accountId, month.subscriptionId, month.periodStart)) ?? [];
    const billed = lines.reduce((sum, line) => sum.plus(line.amount), Decimal.ZERO);
    const difference = expected.minus(billed);
    if (difference.isZero()) continue;
    const impact = difference.abs();
    findings.push({
      category: 'azure_billing_mismatch',
      customerId: month.accountId,
      subscriptionId: month.subscriptionId,
      productName: 'Azure consumption',
      from: month.periodStart,
      until: month.periodEnd,
      microsoftSeats: 1,
      invoicedSeats: lines.length,
      direction: difference.sign() > 0 ? 'underbilled' : 'overbilled',
      impact,
      annualised: impact.timesInteger(12),
      currency: code,
      explanation: `Azure cost ${month.cost.toString()} ${code} at the margin schedule is ${expected.toString()}; invoiced ${billed.toString()}.`,
      suggestion: difference.sign() > 0 ? `invoice the missing ${impact.toString()} ${code} of Azure consumption` : `credit the ${impact.toString()} ${code} of Azure consumption invoiced above the margin schedule`,
      evidence: { microsoft: [`Azure consumption ${month.periodStart.toString()} – ${month.periodEnd.toString()}: cost ${month.cost.toString()}`], invoiced: lines.map((line) => line.location) },
    });
  }
  return findings;
}

function azureKey(accountId: string, subscriptionId: string, periodStart: CalendarDate): string {
  return `${accountId}\u0000${subscriptionId}\u0000${periodStart.toString()}`;
}

/** A Microsoft price-list price of the subscription's SKU: one unit for one billing cycle. */
export interface PlanPrice {
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly unitPrice: Decimal;
  readonly currency: string;
}

export interface PricedSubscription {
  readonly accountId: string;
  readonly customerId: string;
  readonly subscriptionId: string;
  readonly productName: string;
  readonly skuId: string;
  readonly family: string | null;
  readonly term: TermDuration;
  readonly billing: BillingPlan;
  readonly currency: string;
  /** What Microsoft charges for this subscription per billing cycle (its locked price), when the ledger knows it. */
  readonly cost: Decimal | undefined;
}

/** Prices a cent apart are the same price rounded another way (a markup on the monthly or on the yearly price). */
const CENT = Decimal.parse('0.01');
const near = (a: Decimal, b: Decimal): boolean => a.minus(b).abs().compare(CENT) <= 0;

/**
 * SKU-mix errors: a client invoiced at the monthly price of another term or
 * billing plan of the same SKU — a month-to-month licence at the annual
 * price (revenue lost), an annual one at the monthly plan's (a client
 * overcharged, a dispute waiting). Each plan's client price is the price
 * list's price through the client's margin rule, per month; a line whose
 * price is, to the cent, another plan's — and neither its own plan's nor
 * that of what Microsoft actually charges (a locked price) — is one. With no
 * margin rule for the client, its prices cannot be judged.
 */
export function skuMixFindings(subscription: PricedSubscription, lines: readonly InvoiceLine[], plans: readonly PlanPrice[], rules: readonly PriceRule[], period: Period): Finding[] {
  const item = { accountId: subscription.accountId, family: subscription.family, skuId: subscription.skuId };
  if (!ruleFor(item, rules)) return [];
  const monthly = (plan: Pick<PlanPrice, 'unitPrice' | 'billing' | 'currency'>) => {
    const cycle = customerPrice({ ...item, cost: plan.unitPrice, currency: plan.currency }, rules).unitPrice;
    return Decimal.quotient(cycle, Decimal.fromInteger(BILLING_MONTHS[plan.billing]), currency(plan.currency).minorUnits, 'halfUp');
  };
  const own = plans.find((plan) => plan.term === subscription.term && plan.billing === subscription.billing && plan.currency === subscription.currency);
  if (!own) return [];
  const ownPrice = subscription.cost ? monthly({ unitPrice: subscription.cost, billing: subscription.billing, currency: subscription.currency }) : monthly(own);
  const listPrice = monthly(own);
  const findings: Finding[] = [];
  for (const line of lines) {
    if (line.quantity <= 0 || near(line.unitPrice, ownPrice) || near(line.unitPrice, listPrice)) continue;
    const other = plans.find((plan) => plan !== own && plan.currency === subscription.currency && near(monthly(plan), line.unitPrice));
    if (!other) continue;
    const from = maxDate(line.start, period.start);
    const until = minDate(line.end, period.end);
    if (until.isBefore(from)) continue;
    const perSeat = ownPrice.minus(line.unitPrice);
    const underbilled = perSeat.sign() > 0;
    const impact = monthlyPriceOver(perSeat.abs().timesInteger(line.quantity), from, until).round(2, 'halfUp');
    findings.push({
      category: 'sku_mix_error',
      customerId: subscription.customerId,
      subscriptionId: subscription.subscriptionId,
      productName: subscription.productName,
      from,
      until,
      microsoftSeats: line.quantity,
      invoicedSeats: line.quantity,
      direction: underbilled ? 'underbilled' : 'overbilled',
      impact,
      annualised: perSeat.abs().timesInteger(line.quantity * 12),
      currency: subscription.currency,
      explanation: `Invoiced at ${line.unitPrice.toString()} a month, the ${other.term}/${other.billing} price; Microsoft bills ${subscription.term}/${subscription.billing}, priced ${ownPrice.toString()} a month: ${line.quantity} × ${perSeat.abs().toString()} a month too ${underbilled ? 'little' : 'much'}, over ${daysInclusive(from, until)} days.`,
      suggestion: underbilled
        ? `price the line at ${ownPrice.toString()} (${subscription.term}/${subscription.billing}) or move the subscription to ${other.term}/${other.billing} at its next renewal`
        : `price the line at ${ownPrice.toString()} (${subscription.term}/${subscription.billing}) and credit the client the difference`,
      evidence: { microsoft: [`price list ${subscription.skuId} ${subscription.term}/${subscription.billing} ${own.unitPrice.toString()}`], invoiced: [line.location] },
    });
  }
  return findings;
}

/**
 * Microsoft rows for subscriptions no client is mapped to: nobody can invoice
 * them until someone says whose they are (`coterm mapping`).
 */
export function unmappedFindings(charges: readonly MicrosoftCharge[]): Finding[] {
  return [...groupBy(charges, (charge) => charge.subscriptionId.toLowerCase()).values()].map((rows) => {
    const first = rows[0]!;
    const billed = rows.reduce((sum, row) => sum.plus(row.subtotal), Decimal.ZERO);
    return {
      category: 'unmapped_record',
      customerId: first.customerId,
      subscriptionId: first.subscriptionId,
      productName: first.productName,
      from: rows.reduce((earliest, row) => minDate(earliest, row.start), first.start),
      until: rows.reduce((latest, row) => maxDate(latest, row.end), first.end),
      microsoftSeats: Math.max(...rows.map((row) => row.quantity)),
      invoicedSeats: 0,
      direction: 'underbilled',
      impact: billed.round(2, 'halfUp'),
      annualised: billed.timesInteger(12).round(2, 'halfUp'),
      currency: first.currency,
      explanation: `Microsoft billed ${billed.toString()} for a subscription of customer ${first.customerName ?? first.customerId} that is mapped to no client (annualised as if every month were like this one).`,
      suggestion: `map customer ${first.customerId} to its client (coterm mapping list / resolve), then invoice it`,
      evidence: { microsoft: rows.slice(0, 20).map((row) => row.location), invoiced: [] },
    };
  });
}
