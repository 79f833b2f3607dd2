import { stringify } from 'csv-stringify/sync';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type ChargeLine, type SubscriptionOutcome } from '../../domain/nce/model.ts';
import { RECON_COLUMNS, type ReconColumn, reconRow } from '../../imports/recon-csv.ts';
import { type DemoClient } from './clients.ts';
import { type SubscriptionHistory } from './history.ts';
import { type LeakageEntry } from './leakage.ts';
import { type SubscriptionInfo } from './portfolio.ts';
import { demoProduct, type DemoPriceList } from './price-list.ts';
import { type PsaAddition } from './psa.ts';
import { hashGuid } from './random.ts';
import { type UsageRecord } from './usage.ts';

function csv(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return stringify([columns, ...rows]);
}

const date = (value: CalendarDate | undefined): string => value?.toString() ?? '';

/** Microsoft's license-based price list (docs/import-formats.md "pricelist"). */
export function priceListCsv(prices: DemoPriceList): string {
  const columns = [
    'ProductTitle', 'ProductId', 'SkuId', 'SkuTitle', 'Publisher', 'SkuDescription', 'UnitOfMeasure', 'TermDuration', 'BillingPlan', 'Market', 'Currency',
    'UnitPrice', 'PricingTierRangeMin', 'PricingTierRangeMax', 'EffectiveStartDate', 'EffectiveEndDate', 'Tags', 'ERP Price',
  ];
  return csv(
    columns,
    prices.rows.map((row) => [
      row.product.name, row.product.productId, row.product.skuId, row.product.name, 'Microsoft Corporation', `${row.product.name} (${row.term} ${row.billing})`, 'Licenses',
      row.term, row.billing === 'monthly' ? 'Monthly' : 'Annual', 'US', 'USD', row.unitPrice.toString(), '', '', date(row.effectiveStart), date(row.effectiveEnd),
      'License', row.unitPrice.toString(),
    ]),
  );
}

/** The MSP's contract list (docs/import-formats.md "services"). */
export function servicesCsv(clients: readonly DemoClient[]): string {
  const columns = [
    'ContractId', 'Client', 'ClientDomain', 'Service', 'Quantity', 'UnitPrice', 'Currency', 'BillingPeriod', 'StartDate', 'EndDate', 'TermMonths', 'AutoRenew',
    'NoticeDays', 'ProrationPolicy', 'ParentClient',
  ];
  return csv(
    columns,
    clients.flatMap((client) =>
      client.services.map((line) => [
        line.contractId, client.name.name, client.contractDomain ?? '', line.service, line.quantity, line.unitPrice.toString(), 'USD', 'monthly',
        date(line.start), date(line.end), line.termMonths, String(line.autoRenew), line.noticeDays, line.proration, client.parent?.name.name ?? '',
      ]),
    ),
  );
}

/** The partner the reconciliation files are addressed to. */
export interface PartnerIdentity {
  readonly partnerId: string;
  readonly mpnId: string;
  /** Invoice numbers are this plus the month's number, so a month keeps its invoice number whatever the as-of day. */
  readonly invoiceBase: number;
}

export interface ReconLine {
  readonly line: ChargeLine;
  readonly client: DemoClient;
  readonly info: SubscriptionInfo;
}

/** One month's reconciliation file: the rows Microsoft invoiced that month, in Microsoft's columns. */
export function reconCsv(partner: PartnerIdentity, month: CalendarDate, lines: readonly ReconLine[]): string {
  const invoice = `G${String(partner.invoiceBase + month.year * 12 + month.month).padStart(9, '0')}`;
  return stringify(
    lines.map(({ line, client, info }) => {
      const product = demoProduct(line.product);
      const row: Record<ReconColumn, string> = reconRow(line);
      Object.assign(row, {
        PartnerId: partner.partnerId,
        CustomerName: client.tenant.name,
        CustomerDomainName: client.tenant.domain,
        CustomerCountry: 'US',
        InvoiceNumber: invoice,
        MpnId: partner.mpnId,
        OrderId: info.orderId,
        ProductId: product.productId,
        AvailabilityId: product.availabilityId,
        SubscriptionDescription: line.product,
        AlternateId: info.alternateId,
        PCToBCExchangeRateDate: month.toString(),
        ReferenceId: hashGuid(`${client.tenant.id}/${line.reference}`),
      } satisfies Partial<Record<ReconColumn, string>>);
      return row;
    }),
    { header: true, columns: [...RECON_COLUMNS] },
  );
}

/** A subscription as Partner Center's API lists it on the as-of day (with its customer, as exporters add). */
export interface SnapshotSubscription {
  readonly info: SubscriptionInfo;
  readonly outcome: SubscriptionOutcome;
  readonly history: SubscriptionHistory | undefined;
  /** Seats still inside their 7-day window on the as-of day. */
  readonly refundable: number;
}

const SNAPSHOT_STATUS: Readonly<Record<SubscriptionOutcome['status'], string>> = {
  pending: 'pending',
  active: 'active',
  extendedServiceTerm: 'active',
  cancelled: 'deleted',
  expired: 'expired',
  ended: 'deleted',
};

/** Partner Center's `GET /customers/{id}/subscriptions` for every customer, as one `{"totalCount", "items"}` list. */
export function subscriptionsJson(subscriptions: readonly SnapshotSubscription[]): string {
  const items = subscriptions.map(({ info, outcome, history, refundable }) => {
    const product = demoProduct(outcome.product);
    const extended = outcome.status === 'extendedServiceTerm';
    // During the Extended Service Term the commitment shown is the term that ended; the EST runs month to month.
    const term = extended && history?.lastTerm ? history.lastTerm : { start: outcome.termStart, end: outcome.termEnd, term: outcome.term, billing: outcome.billing };
    const active = outcome.status === 'active';
    const next = outcome.scheduledNextTerm;
    const nextProduct = next?.product ? demoProduct(next.product) : product;
    return {
      id: info.id,
      customerId: info.client.tenant.id,
      customerName: info.client.tenant.name,
      customerDomain: info.client.tenant.domain,
      offerId: `${product.productId}:${product.skuId}:${product.availabilityId}`,
      offerName: product.name,
      friendlyName: product.name,
      quantity: outcome.quantity,
      unitType: 'Licenses',
      unitPrice: outcome.unitPrice.toString(),
      currency: 'USD',
      creationDate: info.purchased.toString(),
      effectiveStartDate: term.start?.toString(),
      commitmentEndDate: term.end?.toString(),
      status: SNAPSHOT_STATUS[outcome.status],
      autoRenewEnabled: outcome.autoRenew,
      isTrial: false,
      billingType: 'license',
      billingCycle: term.billing,
      termDuration: term.term,
      orderId: info.orderId,
      ...(active ? { refundableQuantity: { totalQuantity: refundable, details: [] }, cancellationAllowedUntilDate: term.start?.addDays(7).toString() } : {}),
      ...(next
        ? {
            scheduledNextTermInstructions: {
              product: {
                productId: nextProduct.productId,
                skuId: nextProduct.skuId,
                availabilityId: nextProduct.availabilityId,
                billingCycle: next.billing ?? outcome.billing,
                termDuration: next.term ?? outcome.term,
              },
              quantity: next.quantity ?? outcome.quantity,
              ...(next.customTermEnd ? { customTermEndDate: next.customTermEnd.toString() } : {}),
            },
          }
        : {}),
      attributes: { objectType: 'Subscription' },
    };
  });
  return `${JSON.stringify({ totalCount: items.length, items, attributes: { objectType: 'Collection' } }, null, 2)}\n`;
}

/** ConnectWise agreement additions (docs/import-formats.md "psa"), dates as the API writes them. */
export function psaCsv(additions: readonly PsaAddition[]): string {
  const columns = [
    'agreementId', 'agreementName', 'company.id', 'company.name', 'id', 'product.identifier', 'description', 'quantity', 'unitPrice', 'unitCost',
    'billCustomer', 'effectiveDate', 'cancelledDate', 'prorateCurrentPeriodFlag',
  ];
  const apiDate = (value: CalendarDate | undefined): string => (value ? `${value.toString()}T00:00:00Z` : '');
  return csv(
    columns,
    additions.map((addition) => [
      addition.agreementId, addition.agreementName, addition.companyId, addition.companyName, addition.id, addition.product, addition.description,
      addition.quantity, addition.unitPrice.toString(), addition.unitCost?.toString() ?? '', 'Billable', apiDate(addition.effectiveDate),
      apiDate(addition.cancelledDate), String(addition.prorate),
    ]),
  );
}

/** coterm's usage file (docs/import-formats.md "usage"). */
export function usageCsv(records: readonly UsageRecord[]): string {
  const columns = ['Client', 'Signal', 'PeriodStart', 'PeriodEnd', 'Value', 'Capacity', 'Category', 'SubscriptionId'];
  return csv(
    columns,
    records.map((record) => [
      record.client, record.signal, date(record.periodStart), date(record.periodEnd), record.value.toString(), record.capacity?.toString() ?? '', record.category,
      record.subscriptionId,
    ]),
  );
}

/** The manifest of planted leaks. */
export function leakagesJson(asOf: CalendarDate, seed: number, entries: readonly LeakageEntry[]): string {
  const byKind: Record<string, number> = {};
  for (const entry of entries) byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
  return `${JSON.stringify({ asOf: asOf.toString(), seed, total: entries.length, byKind, leakages: entries }, null, 2)}\n`;
}
