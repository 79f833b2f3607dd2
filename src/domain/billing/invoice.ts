import { type Explanation } from '../explanation.ts';
import { groupBy } from '../group-by.ts';
import { Decimal } from '../money/decimal.ts';
import { azureCharge } from './azure-charges.ts';
import { type ChargeRules, subscriptionCharges } from './charges.ts';
import { type AzureConsumption, type BillableSubscription, type BillingPeriod, type InvoiceLine } from './model.ts';
import { productSetting } from './product-settings.ts';
import { type TaxRule, taxLines } from './tax.ts';

/** A line with its place on the invoice and its tax. */
export interface PricedLine extends InvoiceLine {
  readonly lineNumber: number;
  readonly net: Decimal;
  readonly tax: Decimal;
}

/** Lines with their tax and the invoice's totals. */
export interface PricedInvoice {
  readonly currency: string;
  readonly lines: readonly PricedLine[];
  readonly subtotal: Decimal;
  readonly tax: Decimal;
  readonly total: Decimal;
  readonly taxRule: TaxRule;
  readonly taxExplanation: Explanation;
}

/** Who an invoice is addressed to: the account, or one of its billing entities. */
export interface BillTo {
  readonly accountId: string;
  readonly billingEntityId: string | null;
}

export interface DraftInvoice extends PricedInvoice, BillTo {
  readonly period: string;
  /** What a reviewer should look at: items priced at cost, subscriptions with no price. */
  readonly warnings: readonly string[];
}

export interface InvoiceRunInput {
  readonly period: BillingPeriod;
  readonly subscriptions: readonly BillableSubscription[];
  readonly azure: readonly AzureConsumption[];
  readonly rules: ChargeRules;
  /** The billing entity an account's subscriptions without one are invoiced to (null: the account itself). */
  readonly defaultBillingEntity: (accountId: string) => string | null;
  /** The currency of an account's Azure consumption when its billing entity says (else the account's only currency, else `defaultCurrency`). */
  readonly azureCurrency: (billTo: BillTo) => string | undefined;
  readonly defaultCurrency: string;
  readonly taxRule: (billTo: BillTo) => TaxRule;
}

/**
 * The month's draft invoices: one per account (or billing entity) and
 * currency, with every subscription's charges and the Azure consumption,
 * taxed by the billing entity's rule.
 */
export function draftInvoices(input: InvoiceRunInput): DraftInvoice[] {
  const drafts = new Map<string, { billTo: BillTo; currency: string; lines: InvoiceLine[]; warnings: string[] }>();
  const draftFor = (billTo: BillTo, currencyCode: string) => {
    const key = `${billTo.accountId}\u0000${billTo.billingEntityId ?? ''}\u0000${currencyCode}`;
    let draft = drafts.get(key);
    if (!draft) drafts.set(key, (draft = { billTo, currency: currencyCode, lines: [], warnings: [] }));
    return draft;
  };
  for (const subscription of input.subscriptions) {
    const billTo = { accountId: subscription.accountId, billingEntityId: subscription.billingEntityId ?? input.defaultBillingEntity(subscription.accountId) };
    const lines = subscriptionCharges(subscription, input.period, input.rules);
    for (const line of lines) draftFor(billTo, line.currency).lines.push(line);
    const unpriced = subscription.versions.some((version) => version.quantity > 0 && version.status === 'active' && !version.unitPrice && overlapsPeriod(version, input.period));
    if (unpriced) draftFor(billTo, subscription.versions.find((version) => version.currency)?.currency ?? input.defaultCurrency).warnings.push(`${subscription.productName} (${subscription.id}) has no price in the ledger for part of the month and is not charged for it.`);
  }
  const currencies = accountCurrencies(input.subscriptions);
  for (const consumption of input.azure) {
    const billTo = { accountId: consumption.accountId, billingEntityId: input.defaultBillingEntity(consumption.accountId) };
    const own = currencies.get(consumption.accountId);
    const code = input.azureCurrency(billTo) ?? (own?.size === 1 ? [...own][0]! : input.defaultCurrency);
    const glAccount = productSetting({ skuId: null, family: null, kind: 'azure_plan' }, input.rules.productSettings).glAccount;
    draftFor(billTo, code).lines.push(azureCharge(consumption, code, input.rules.priceRules, glAccount));
  }
  return [...drafts.values()]
    .filter((draft) => draft.lines.length > 0 || draft.warnings.length > 0)
    .map((draft) => {
      const atCost = new Set(draft.lines.filter((line) => line.kind !== 'manual' && line.pricing.formula === 'price = cost').map((line) => line.description.split(',')[0]!));
      return {
        ...draft.billTo,
        period: input.period.id,
        ...priceInvoice(orderLines(draft.lines), input.taxRule(draft.billTo), draft.currency),
        warnings: [...draft.warnings, ...[...atCost].map((product) => `${product} is priced at cost: no margin rule matches it.`)],
      };
    })
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || (a.billingEntityId ?? '').localeCompare(b.billingEntityId ?? '') || a.currency.localeCompare(b.currency));
}

/** The currencies each account's subscriptions are priced in. */
export function accountCurrencies(subscriptions: readonly BillableSubscription[]): Map<string, Set<string>> {
  const currencies = new Map<string, Set<string>>();
  for (const subscription of subscriptions) {
    for (const version of subscription.versions) {
      if (!version.currency) continue;
      const set = currencies.get(subscription.accountId) ?? new Set<string>();
      set.add(version.currency);
      currencies.set(subscription.accountId, set);
    }
  }
  return currencies;
}

/** Numbers the lines, taxes them and totals the invoice: used for drafts and again after each adjustment. */
export function priceInvoice(lines: readonly InvoiceLine[], taxRule: TaxRule, currencyCode: string): PricedInvoice {
  const taxes = taxLines(lines.map((line) => line.amount), taxRule, currencyCode);
  const priced = lines.map((line, index) => ({ ...line, lineNumber: index + 1, ...taxes.lines[index]! }));
  const subtotal = sum(priced.map((line) => line.net));
  const tax = sum(priced.map((line) => line.tax));
  return { currency: currencyCode, lines: priced, subtotal, tax, total: subtotal.plus(tax), taxRule, taxExplanation: taxes.explanation };
}

function orderLines(lines: readonly InvoiceLine[]): InvoiceLine[] {
  const bySubscription = groupBy(lines, (line) => line.subscriptionId ?? '');
  return [...bySubscription.values()]
    .sort((a, b) => a[0]!.description.localeCompare(b[0]!.description))
    .flatMap((group) => [...group].sort((a, b) => a.serviceStart.compare(b.serviceStart)));
}

function overlapsPeriod(version: { readonly from: BillingPeriod['start']; readonly to: BillingPeriod['end'] | null }, period: BillingPeriod): boolean {
  return !version.from.isAfter(period.end) && (version.to === null || !version.to.isBefore(period.start));
}

function sum(amounts: readonly Decimal[]): Decimal {
  return amounts.reduce((total, amount) => total.plus(amount), Decimal.ZERO);
}
