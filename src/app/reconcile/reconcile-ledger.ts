import { billingMonth } from '../../domain/billing/model.ts';
import { type BillingPlan, type TermDuration } from '../../domain/calendar/periods.ts';
import { groupBy } from '../../domain/group-by.ts';
import { parseBilling, parseTermDuration } from '../../domain/ledger/term-and-billing.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { chargeArithmeticFindings, type PricedCharge } from '../../domain/reconcile/charge-arithmetic.ts';
import { azureMarginFindings, skuMixFindings, unmappedFindings } from '../../domain/reconcile/ledger-checks.ts';
import { type Coverage, type Finding, type InvoiceLine } from '../../domain/reconcile/model.ts';
import { reconcileStandalone } from '../../domain/reconcile/standalone.ts';
import { azureConsumption, billingParties, priceRules } from '../../store/billing-inputs.ts';
import { sellerSettings } from '../../store/billing-configuration.ts';
import { loadFindings, recordRun, type StoredFinding } from '../../store/finding-records.ts';
import { billedInPeriod, cotermInvoiced, knownSubscriptions, planPrices, psaLinesInForce, subscriptionPlans, type KnownSubscription } from '../../store/reconcile-inputs.ts';
import { type SqlConnection } from '../../store/sql-connection.ts';
import { type Store } from '../../store/store.ts';
import { psaInvoiceLines } from './psa-invoice-lines.ts';

/** Where "what the client was invoiced" comes from: coterm's issued invoices, or the PSA's agreement lines. */
export type InvoicedSource = 'coterm' | 'psa';

export interface LedgerReconciliation {
  readonly period: string;
  readonly runId: number;
  readonly invoicedSource: InvoicedSource;
  readonly coverage: LedgerCoverage;
  /** Every finding of the month still found, with the status people gave it. */
  readonly findings: readonly StoredFinding[];
}

export interface LedgerCoverage extends Coverage {
  /** Rows of the month without a subscription or dates (credits, adjustments): not compared. */
  readonly microsoftRowsNotPlaced: { readonly rows: number; readonly amount: Decimal };
  /** Rows for subscriptions mapped to no client: reported as unmapped findings, not compared. */
  readonly unmappedRows: number;
  readonly azureMonthsChecked: number;
  readonly chargesRecomputed: number;
}

/**
 * The month against the ledger. What Microsoft billed (every imported
 * reconciliation row of the month) against what the client was invoiced
 * (coterm's issued invoices; the PSA's agreement lines when the month has
 * none, or when asked), seat by seat and day by day as in the quick audit;
 * then what only the ledger can tell: Microsoft's rows recomputed, Azure
 * against the margin schedule, SKU-mix errors against the price list, and
 * rows of subscriptions mapped to no client. Findings are stored; a run again
 * updates them and keeps their status.
 */
export async function reconcileLedger(store: Store, organizationId: string, periodId: string, options: { readonly source?: InvoicedSource; readonly actor: string }): Promise<LedgerReconciliation> {
  const period = billingMonth(periodId);
  return store.transaction(async ({ db, connection }) => {
    // One after the other: a transaction holds one connection, which runs one query at a time.
    const known = await knownSubscriptions(connection, organizationId);
    const billed = await billedInPeriod(connection, organizationId, period);
    const coterm = await cotermInvoiced(connection, organizationId, period, known);
    const rules = await priceRules(db, organizationId);
    const consumption = await azureConsumption(db, organizationId, period);
    const parties = await billingParties(db, organizationId);
    const seller = await sellerSettings(db, organizationId);
    const source: InvoicedSource = options.source ?? (coterm.accountsInvoiced.size > 0 ? 'coterm' : 'psa');
    const subscriptionOf = (charge: { readonly subscriptionId: string }) => known.get(charge.subscriptionId.toLowerCase());
    const mapped: PricedCharge[] = [];
    const unmapped: PricedCharge[] = [];
    for (const charge of billed.charges) (subscriptionOf(charge)?.accountId ? mapped : unmapped).push(charge);

    const invoiced: InvoiceLine[] = source === 'coterm' ? coterm.lines : psaInvoiceLines(await psaLinesInForce(db, organizationId, period), mapped).lines;
    const seats = reconcileStandalone({ charges: mapped, invoiced, period });
    const accountCurrencies = new Map<string, Set<string>>();
    for (const charge of mapped) {
      if (!charge.currency) continue;
      const accountId = subscriptionOf(charge)!.accountId!;
      accountCurrencies.set(accountId, (accountCurrencies.get(accountId) ?? new Set<string>()).add(charge.currency));
    }
    // As the invoice run prices Azure: the billing entity's currency, else the account's only one, else the default.
    const azureCurrency = (accountId: string) => {
      const own = accountCurrencies.get(accountId);
      return parties.get(accountId)?.entities[0]?.currency ?? (own?.size === 1 ? [...own][0]! : seller.defaultCurrency);
    };
    // coterm prices its own lines from the ledger's cost by the margin rules: SKU-mix errors are the PSA's.
    const skuMix = source === 'psa' ? await skuMixErrors(db, connection, organizationId, period, invoiced, known, rules) : [];
    const findings: Finding[] = [
      ...seats.findings,
      ...chargeArithmeticFindings(mapped),
      ...(source === 'coterm' ? azureMarginFindings(consumption, coterm.azure, rules, azureCurrency) : []),
      ...skuMix,
      ...unmappedFindings(unmapped),
    ];
    const accountOf = (finding: Finding): string | null => (finding.category === 'azure_billing_mismatch' ? finding.customerId : (subscriptionOf(finding)?.accountId ?? null));
    const unmappedAmount = unmapped.reduce((sum, charge) => sum.plus(charge.subtotal), Decimal.ZERO);
    const coverage: LedgerCoverage = {
      ...seats.coverage,
      microsoftRows: seats.coverage.microsoftRows + unmapped.length,
      microsoftAmount: seats.coverage.microsoftAmount.plus(unmappedAmount),
      unmatchedRows: seats.coverage.unmatchedRows + unmapped.length,
      unmatchedAmount: seats.coverage.unmatchedAmount.plus(unmappedAmount),
      microsoftRowsNotPlaced: billed.notPlaced,
      unmappedRows: unmapped.length,
      azureMonthsChecked: source === 'coterm' ? consumption.length : 0,
      chargesRecomputed: mapped.length,
    };
    const runId = await recordRun({ db, connection }, organizationId, { period: period.id, source, actor: options.actor, coverage, findings: findings.map((finding) => ({ ...finding, accountId: accountOf(finding) })) });
    return { period: period.id, runId, invoicedSource: source, coverage, findings: await loadFindings(db, organizationId, { period: period.id }) };
  });
}

async function skuMixErrors(
  db: Parameters<typeof planPrices>[0],
  connection: SqlConnection,
  organizationId: string,
  period: ReturnType<typeof billingMonth>,
  invoiced: readonly InvoiceLine[],
  known: ReadonlyMap<string, KnownSubscription>,
  rules: Awaited<ReturnType<typeof priceRules>>,
): Promise<Finding[]> {
  const bySubscription = groupBy(
    invoiced.filter((line) => line.subscriptionId),
    (line) => line.subscriptionId!.toLowerCase(),
  );
  const plansOf = await subscriptionPlans(connection, organizationId, [...bySubscription.keys()], period);
  // Each line is judged against the plan in force on its first day in the month: a renewal can change the plan mid-month.
  const candidates = [...bySubscription].flatMap(([id, lines]) => {
    const subscription = known.get(id);
    if (!subscription?.accountId) return [];
    const byPlan = groupBy(lines, (line) => {
      const day = line.start.isBefore(period.start) ? period.start : line.start;
      return String(plansOf.get(id)?.findIndex((plan) => !plan.from.isAfter(day) && (plan.to === null || !plan.to.isBefore(day))) ?? -1);
    });
    return [...byPlan].flatMap(([index, planLines]) => {
      const plan = plansOf.get(id)?.[Number(index)];
      const term = plan?.term ? parseTermDuration(plan.term) : undefined;
      const billing = plan?.billing ? parseBilling(plan.billing) : undefined;
      if (!plan?.catalogItemId || !plan.currency || !term || !billing || billing === 'onetime') return [];
      return [{ subscription, accountId: subscription.accountId!, catalogItemId: plan.catalogItemId, plan, currency: plan.currency, term, billing, lines: planLines }];
    });
  });
  const prices = await planPrices(db, organizationId, [...new Set(candidates.map((candidate) => candidate.catalogItemId))], period.start);
  return candidates.flatMap(({ subscription, accountId, catalogItemId, plan, currency, term, billing, lines }) =>
    skuMixFindings(
      {
        accountId,
        customerId: subscription.tenantId ?? accountId,
        subscriptionId: lines[0]!.subscriptionId!,
        productName: subscription.productName,
        skuId: catalogItemId,
        family: plan.family,
        term: term as TermDuration,
        billing: billing as BillingPlan,
        currency,
        cost: plan.unitPrice === null ? undefined : Decimal.parse(plan.unitPrice),
      },
      lines,
      prices.get(catalogItemId.toLowerCase()) ?? [],
      rules,
      period,
    ),
  );
}
