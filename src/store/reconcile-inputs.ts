import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type BillingPlan, type Period, type TermDuration } from '../domain/calendar/periods.ts';
import { canonicalChargeType } from '../domain/ledger/billed-line.ts';
import { parseBilling, parseTermDuration } from '../domain/ledger/term-and-billing.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type PricedCharge } from '../domain/reconcile/charge-arithmetic.ts';
import { type AzureInvoiced, type PlanPrice } from '../domain/reconcile/ledger-checks.ts';
import { type InvoiceLine } from '../domain/reconcile/model.ts';
import { type PsaRow } from '../imports/psa/psa-format.ts';
import { copyRows, sqlLiteral } from './copy-text.ts';
import { parseCache } from './parse-cache.ts';
import { type Schema } from './schema.ts';
import { type SqlConnection } from './sql-connection.ts';

export interface BilledInPeriod {
  readonly charges: PricedCharge[];
  /** Rows of the month that name no subscription or no charge dates (credits, adjustments): not compared. */
  readonly notPlaced: { readonly rows: number; readonly amount: Decimal };
}

/**
 * Microsoft's rows whose charge period touches the month, from every
 * imported reconciliation file (a row imported twice is stored once), in the
 * files' order (a change's credit and charge rows share a day: their order
 * tells the seats). A million rows cross as one COPY result.
 */
export async function billedInPeriod(connection: SqlConnection, organizationId: string, period: Period): Promise<BilledInPeriod> {
  const start = sqlLiteral(period.start.toString());
  const end = sqlLiteral(period.end.toString());
  const text = await connection.copyTo(
    `SELECT import_id, line_number, customer_id, subscription_id, sku_id, product_name, charge_type, charge_start, charge_end,
            coalesce(billable_quantity, quantity), subtotal, currency, unit_price, coalesce(billing_frequency, term_and_billing_cycle), subscription_start, subscription_end
       FROM billed_lines
      WHERE organization_id = ${sqlLiteral(organizationId)} AND subscription_key <> '' AND subscription_id IS NOT NULL
        AND charge_start <= ${end}::date AND charge_end >= ${start}::date
      ORDER BY import_id, line_number`,
  );
  const date = parseCache(CalendarDate.parse);
  const decimal = parseCache(Decimal.parse);
  const plan = parseCache((text: string) => parseBilling(text));
  const chargeTypeOf = parseCache((text: string) => canonicalChargeType(text) ?? null);
  const charges: PricedCharge[] = [];
  for (const [importId, line, customerId, subscriptionId, skuId, productName, chargeType, chargeStart, chargeEnd, quantity, subtotal, currencyCode, unitPrice, billing, termStart, termEnd] of copyRows(text, 16)) {
    const type = chargeTypeOf(chargeType!);
    if (!type) continue;
    const billingPlan = billing ? plan(billing) : undefined;
    charges.push({
      location: `import ${importId} line ${line}`,
      customerId: customerId ?? '',
      customerName: undefined,
      subscriptionId: subscriptionId!,
      skuId: skuId ?? undefined,
      productName: productName ?? undefined,
      chargeType: type,
      start: date(chargeStart!),
      end: date(chargeEnd!),
      quantity: quantity === null ? 0 : Math.round(Number(quantity)),
      subtotal: decimal(subtotal!),
      currency: currencyCode ?? undefined,
      unitPrice: unitPrice === null ? undefined : decimal(unitPrice),
      billing: billingPlan && billingPlan !== 'onetime' ? billingPlan : undefined,
      termStart: termStart ? date(termStart) : undefined,
      termEnd: termEnd ? date(termEnd) : undefined,
    });
  }
  const unplaced = await connection.query<{ rows: string; amount: string | null }>(
    `SELECT count(*)::text AS rows, sum(subtotal)::text AS amount FROM billed_lines
      WHERE organization_id = $1 AND (subscription_key = '' OR charge_start IS NULL OR charge_end IS NULL) AND order_date BETWEEN $2::date AND $3::date`,
    [organizationId, period.start.toString(), period.end.toString()],
  );
  return { charges, notPlaced: { rows: Number(unplaced.rows[0]?.rows ?? 0), amount: Decimal.parse(unplaced.rows[0]?.amount ?? '0') } };
}

/** A client subscription as reconciliation needs it: whose it is and what it is. */
export interface KnownSubscription {
  readonly accountId: string | null;
  readonly tenantId: string | null;
  readonly kind: string;
  readonly productName: string;
}

/** Every subscription by lower-cased id (a portfolio has hundreds of thousands: only what every check needs). */
export async function knownSubscriptions(connection: SqlConnection, organizationId: string): Promise<Map<string, KnownSubscription>> {
  const text = await connection.copyTo(`SELECT lower(id), account_id, tenant_id, kind, product_name FROM subscriptions WHERE organization_id = ${sqlLiteral(organizationId)}`);
  const known = new Map<string, KnownSubscription>();
  for (const [id, accountId, tenantId, kind, productName] of copyRows(text, 5)) known.set(id!, { accountId, tenantId, kind: kind!, productName: productName! });
  return known;
}

/** A subscription's plan over some days, as the ledger has it: what SKU-mix errors are judged against. */
export interface SubscriptionPlan {
  /** `CFQ7TTC0LCHC:0002`: the catalog's, else as Microsoft's rows name it. */
  readonly catalogItemId: string | null;
  readonly family: string | null;
  readonly from: CalendarDate;
  /** Inclusive; null while it lasts. */
  readonly to: CalendarDate | null;
  readonly term: string | null;
  readonly billing: string | null;
  readonly currency: string | null;
  /** What Microsoft charges for one unit and billing cycle (the ledger's price). */
  readonly unitPrice: string | null;
}

/** The plans some subscriptions (lower-cased ids) had during a period, in date order. */
export async function subscriptionPlans(connection: SqlConnection, organizationId: string, ids: readonly string[], period: Period): Promise<Map<string, SubscriptionPlan[]>> {
  const plans = new Map<string, SubscriptionPlan[]>();
  if (ids.length === 0) return plans;
  const rows = await connection.query<{ id: string; catalog_item_id: string | null; family: string | null; valid_from: string; valid_to: string | null; term: string | null; billing: string | null; currency: string | null; unit_price: string | null }>(
    `SELECT lower(v.subscription_id) AS id, v.valid_from::text, v.valid_to::text, v.term, v.billing, v.currency, v.unit_price::text AS unit_price, c.family,
            coalesce(s.catalog_item_id, (SELECT b.product_id || ':' || b.sku_id FROM billed_lines b
                                          WHERE b.organization_id = s.organization_id AND b.subscription_key = s.id AND b.product_id IS NOT NULL AND b.sku_id IS NOT NULL LIMIT 1)) AS catalog_item_id
       FROM subscription_versions v
       JOIN subscriptions s ON s.organization_id = v.organization_id AND s.id = v.subscription_id
       LEFT JOIN catalog_items c ON c.organization_id = s.organization_id AND c.id = s.catalog_item_id
      WHERE v.organization_id = $1 AND lower(v.subscription_id) = ANY($2::text[]) AND v.valid_from <= $4::date AND (v.valid_to IS NULL OR v.valid_to > $3::date)
      ORDER BY v.subscription_id, v.valid_from`,
    [organizationId, ids, period.start.toString(), period.end.toString()],
  );
  for (const row of rows.rows) {
    const list = plans.get(row.id) ?? [];
    // valid_to is the first day of the next version.
    list.push({
      catalogItemId: row.catalog_item_id,
      family: row.family,
      from: CalendarDate.parse(row.valid_from),
      to: row.valid_to ? CalendarDate.parse(row.valid_to).addDays(-1) : null,
      term: row.term,
      billing: row.billing,
      currency: row.currency,
      unitPrice: row.unit_price,
    });
    plans.set(row.id, list);
  }
  return plans;
}

export interface CotermInvoiced {
  /** Lines of Microsoft licences, as the seat comparison reads them (unit price per month). */
  readonly lines: InvoiceLine[];
  readonly azure: AzureInvoiced[];
  readonly accountsInvoiced: ReadonlySet<string>;
}

/**
 * What coterm's issued invoices and credit notes charged for the days of the
 * month, line by line: a line of an earlier month's invoice covers them too
 * (an annual licence is invoiced when its year starts). Lines of Microsoft
 * licences go to the seat comparison, Azure lines to the margin check.
 */
export async function cotermInvoiced(connection: SqlConnection, organizationId: string, period: Period, known: ReadonlyMap<string, KnownSubscription>): Promise<CotermInvoiced> {
  const text = await connection.copyTo(
    // No description: coterm writes it from the product and the dates, both known here (and it is most of the bytes).
    `SELECT i.number, i.account_id, l.line_number, l.subscription_id, l.kind, l.quantity, l.unit_price, l.amount, l.service_start, l.service_end
       FROM invoices i JOIN invoice_lines l ON l.organization_id = i.organization_id AND l.invoice_id = i.id
      WHERE i.organization_id = ${sqlLiteral(organizationId)} AND i.status = 'issued'
        AND l.service_start <= ${sqlLiteral(period.end.toString())}::date AND l.service_end >= ${sqlLiteral(period.start.toString())}::date`,
  );
  const date = parseCache(CalendarDate.parse);
  const decimal = parseCache(Decimal.parse);
  const lines: InvoiceLine[] = [];
  const azure: AzureInvoiced[] = [];
  const accountsInvoiced = new Set<string>();
  for (const [number, accountId, lineNumber, subscriptionId, kind, quantity, unitPrice, amount, serviceStart, serviceEnd] of copyRows(text, 10)) {
    accountsInvoiced.add(accountId!);
    const location = `${number} line ${lineNumber}`;
    const start = date(serviceStart!);
    const end = date(serviceEnd!);
    if (kind === 'azure') {
      azure.push({ accountId: accountId!, subscriptionId: subscriptionId ?? '', periodStart: start, amount: decimal(amount!), location });
      continue;
    }
    const subscription = subscriptionId ? known.get(subscriptionId.toLowerCase()) : undefined;
    if (!subscription || (subscription.kind !== 'nce' && subscription.kind !== 'legacy_csp')) continue;
    // An upfront line's price covers its whole cycle: per month for the comparison.
    const months = start.year === end.year && start.month === end.month ? 1 : Math.max(1, start.monthIndexDistance(end.addDays(1)));
    lines.push({
      location,
      customerId: subscription.tenantId ?? accountId!,
      subscriptionId: subscriptionId!,
      // coterm's lines name their subscription: no matching by SKU.
      skuId: undefined,
      description: subscription.productName,
      start,
      end,
      quantity: Number(quantity),
      unitPrice: months === 1 ? decimal(unitPrice!) : Decimal.quotient(decimal(unitPrice!), Decimal.fromInteger(months), 4, 'halfEven').trimmed(2),
      amount: decimal(amount!),
    });
  }
  return { lines, azure, accountsInvoiced };
}

/** The PSA's agreement lines in force during the month, as the PSA export reads them. */
export async function psaLinesInForce(db: Kysely<Schema>, organizationId: string, period: Period): Promise<{ row: PsaRow; location: string }[]> {
  const rows = await db
    .selectFrom('psa_contract_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((where) => where.or([where('cancelled_date', 'is', null), where('cancelled_date', '>=', period.start.toString())]))
    .where((where) => where.or([where('effective_date', 'is', null), where('effective_date', '<=', period.end.toString())]))
    .orderBy('system')
    .orderBy('external_id')
    .execute();
  return rows.map((row) => ({
    location: `${row.system} ${row.external_id}`,
    row: {
      system: row.system as PsaRow['system'],
      externalId: row.external_id,
      contractId: row.contract_id,
      contractName: row.contract_name ?? undefined,
      companyId: row.company_id ?? undefined,
      companyName: row.company_name ?? undefined,
      product: row.product,
      description: row.description ?? undefined,
      quantity: Decimal.parse(row.quantity),
      unitPrice: Decimal.parse(row.unit_price),
      unitCost: row.unit_cost === null ? undefined : Decimal.parse(row.unit_cost),
      billCustomer: row.bill_customer,
      effectiveDate: row.effective_date ? CalendarDate.parse(row.effective_date) : undefined,
      cancelledDate: row.cancelled_date ? CalendarDate.parse(row.cancelled_date) : undefined,
      prorate: row.prorate ?? undefined,
    },
  }));
}

/** Every term and plan of each SKU in the price list on a day: what a SKU-mix error is recognised by. */
export async function planPrices(db: Kysely<Schema>, organizationId: string, skuIds: readonly string[], day: CalendarDate): Promise<Map<string, PlanPrice[]>> {
  const plans = new Map<string, PlanPrice[]>();
  if (skuIds.length === 0) return plans;
  const rows = await db
    .selectFrom('price_list_rows')
    .select(['product_id', 'sku_id', 'term', 'billing', 'currency', 'unit_price'])
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(product_id || ':' || sku_id) = ANY(${skuIds.map((id) => id.toLowerCase())}::text[])`)
    .where('effective_start', '<=', day.toString())
    .where((where) => where.or([where('effective_end', 'is', null), where('effective_end', '>=', day.toString())]))
    .where('tier_min', '=', '0')
    .execute();
  for (const row of rows) {
    const term = parseTermDuration(row.term);
    const billing = parseBilling(row.billing);
    if (!term || !billing || billing === 'onetime') continue;
    const key = `${row.product_id}:${row.sku_id}`.toLowerCase();
    const list = plans.get(key) ?? [];
    list.push({ term: term as TermDuration, billing: billing as BillingPlan, unitPrice: Decimal.parse(row.unit_price), currency: row.currency });
    plans.set(key, list);
  }
  return plans;
}
