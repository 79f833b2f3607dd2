import { type BillingPlan, type TermDuration } from '../domain/calendar/periods.ts';
import { type ChargeLine } from '../domain/nce/model.ts';

/** The columns of Microsoft's NCE invoice reconciliation file, in Microsoft's order. */
export const RECON_COLUMNS = [
  'PartnerId', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'InvoiceNumber', 'MpnId',
  'Tier2MpnId', 'OrderId', 'OrderDate', 'ProductId', 'SkuId', 'AvailabilityId', 'SkuName', 'ProductName', 'ChargeType',
  'UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'Currency', 'PriceAdjustmentDescription', 'PublisherName',
  'PublisherId', 'SubscriptionDescription', 'SubscriptionId', 'ChargeStartDate', 'ChargeEndDate', 'TermAndBillingCycle',
  'EffectiveUnitPrice', 'UnitType', 'AlternateId', 'BillableQuantity', 'BillingFrequency', 'PricingCurrency',
  'PCToBCExchangeRate', 'PCToBCExchangeRateDate', 'MeterDescription', 'ReservationOrderId', 'CreditReasonCode',
  'SubscriptionStartDate', 'SubscriptionEndDate', 'ReferenceId', 'ProductQualifiers', 'PromotionId',
] as const;

export type ReconColumn = (typeof RECON_COLUMNS)[number];

const TERM_TEXT: Readonly<Record<TermDuration, string>> = { P1M: 'One-Month', P1Y: 'One-Year', P3Y: 'Three-Years' };
const BILLING_TEXT: Readonly<Record<BillingPlan, string>> = { monthly: 'monthly', annual: 'yearly', triennial: 'triennial' };
const BILLING_FREQUENCY: Readonly<Record<BillingPlan, string>> = { monthly: 'Monthly', annual: 'Annual', triennial: 'Triennial' };

/** One shadow-billed row in the reconciliation file's columns (no tax, billing currency = pricing currency). */
export function reconRow(line: ChargeLine): Record<ReconColumn, string> {
  const row = Object.fromEntries(RECON_COLUMNS.map((column) => [column, ''])) as Record<ReconColumn, string>;
  const subtotal = line.subtotal.toString();
  Object.assign(row, {
    CustomerId: line.customer ?? '',
    OrderDate: line.orderDate.toString(),
    SkuId: line.sku ?? '',
    SkuName: line.product,
    ProductName: line.product,
    ChargeType: line.chargeType,
    UnitPrice: line.unitPrice.toString(),
    Quantity: String(line.quantity),
    Subtotal: subtotal,
    TaxTotal: '0',
    Total: subtotal,
    Currency: line.currency,
    PublisherName: 'Microsoft Corporation',
    SubscriptionId: line.subscription,
    ChargeStartDate: line.chargeStart.toString(),
    ChargeEndDate: line.chargeEnd.toString(),
    TermAndBillingCycle: `${TERM_TEXT[line.term]} commitment for ${BILLING_TEXT[line.billing]} billing`,
    EffectiveUnitPrice: line.effectiveUnitPrice.toString(),
    UnitType: 'Licenses',
    BillableQuantity: String(line.quantity),
    BillingFrequency: BILLING_FREQUENCY[line.billing],
    PricingCurrency: line.currency,
    PCToBCExchangeRate: '1',
    SubscriptionStartDate: line.termStart.toString(),
    SubscriptionEndDate: line.termEnd.toString(),
    ReferenceId: line.reference,
  } satisfies Partial<Record<ReconColumn, string>>);
  return row;
}
