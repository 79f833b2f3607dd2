import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type TermDuration } from '../../domain/calendar/periods.ts';
import { type NextTermSnapshot, parseSnapshotStatus, type SubscriptionSnapshot } from '../../domain/ledger/snapshot.ts';
import { type Billing, parseBilling, parseTermDuration } from '../../domain/ledger/term-and-billing.ts';
import { currency, UnknownCurrencyError } from '../../domain/money/currency.ts';
import { CellError, repairSkuId, type RowReader } from '../csv/cells.ts';

/**
 * Partner Center subscriptions: the API's subscription resource (JSON,
 * nested fields named with dots) or the portal's export (CSV). Headers match
 * by name, without case or punctuation.
 */
export const SUBSCRIPTIONS_COLUMNS = {
  subscriptionId: ['id', 'Subscription ID'],
  customerId: ['Customer ID', 'CustomerTenantId'],
  customerName: ['Customer Name', 'CompanyName'],
  customerDomain: ['Domain', 'CustomerDomainName'],
  offerId: ['Offer ID'],
  offerName: ['Offer name', 'FriendlyName', 'Product name'],
  quantity: ['Quantity', 'Seats'],
  status: ['Status'],
  creationDate: ['Created date'],
  effectiveStartDate: ['Start date', 'Term start date'],
  commitmentEndDate: ['End date', 'Term end date', 'Commitment end date'],
  autoRenewEnabled: ['Auto renew', 'Auto-renew'],
  billingCycle: ['Billing frequency', 'Billing cycle'],
  termDuration: ['Term', 'Term duration'],
  unitPrice: ['Unit price'],
  currency: ['Currency'],
  refundableQuantity: ['refundableQuantity.totalQuantity'],
  cancellationAllowedUntilDate: ['Cancellation allowed until'],
  nextTermProductId: ['scheduledNextTermInstructions.product.productId'],
  nextTermSkuId: ['scheduledNextTermInstructions.product.skuId'],
  nextTermAvailabilityId: ['scheduledNextTermInstructions.product.availabilityId'],
  nextTermBillingCycle: ['scheduledNextTermInstructions.product.billingCycle'],
  nextTermDuration: ['scheduledNextTermInstructions.product.termDuration'],
  nextTermQuantity: ['scheduledNextTermInstructions.quantity'],
  nextTermCustomTermEndDate: ['scheduledNextTermInstructions.customTermEndDate'],
} as const;

export interface SubscriptionRow extends SubscriptionSnapshot {
  readonly customerId: string;
  readonly customerName: string | undefined;
  readonly customerDomain: string | undefined;
  /** From offerId `product:sku:availability`. */
  readonly productId: string | undefined;
  readonly availabilityId: string | undefined;
  readonly kind: 'nce' | 'legacy_csp';
}

export const subscriptionsFormat: ImportFormat<SubscriptionRow> = {
  kind: 'subscriptions',
  columns: SUBSCRIPTIONS_COLUMNS,
  required: ['subscriptionId', 'customerId', 'offerName', 'quantity'],
  read(row: RowReader): SubscriptionRow {
    const subscriptionId = row.requiredId('subscriptionId');
    const customerId = row.requiredId('customerId');
    const productName = row.requiredText('offerName');
    row.requiredText('quantity');
    const quantity = seats(row, 'quantity') ?? 0;
    const statusText = row.text('status');
    const status = statusText === undefined ? undefined : parseSnapshotStatus(statusText);
    if (statusText !== undefined && !status) throw new CellError(`status "${statusText}" is not active, suspended, expired, disabled or deleted`);
    const term = termOf(row, 'termDuration');
    const billing = billingOf(row, 'billingCycle');
    const effectiveStartDate = row.date('effectiveStartDate');
    const commitmentEndDate = row.date('commitmentEndDate');
    if (effectiveStartDate && commitmentEndDate?.isBefore(effectiveStartDate)) {
      throw new CellError(`commitmentEndDate ${commitmentEndDate.toString()} is before effectiveStartDate ${effectiveStartDate.toString()}`);
    }
    const unitPrice = row.decimal('unitPrice');
    if (unitPrice && unitPrice.sign() < 0) throw new CellError(`unitPrice ${unitPrice.toString()} is negative`);
    const [productId, rawSkuId, availabilityId] = (row.id('offerId') ?? '').split(':').map((part) => part.trim() || undefined);
    const skuId = optionalSkuId(rawSkuId);
    return {
      subscriptionId,
      customerId,
      customerName: row.text('customerName'),
      customerDomain: row.text('customerDomain')?.toLowerCase(),
      productId: skuId ? productId : undefined,
      skuId,
      availabilityId,
      productName,
      kind: term ? 'nce' : 'legacy_csp',
      quantity,
      status,
      creationDate: row.date('creationDate'),
      effectiveStartDate,
      commitmentEndDate,
      autoRenew: autoRenewOf(row),
      term,
      billing,
      unitPrice,
      currency: currencyOf(row),
      refundableQuantity: seats(row, 'refundableQuantity'),
      cancellationAllowedUntil: row.date('cancellationAllowedUntilDate'),
      nextTerm: nextTermOf(row),
    };
  },
};

function seats(row: RowReader, column: string): number | undefined {
  const value = row.integer(column);
  if (value !== undefined && value < 0) throw new CellError(`${column} ${value} is negative`);
  return value;
}

function termOf(row: RowReader, column: string): TermDuration | undefined {
  const text = row.text(column);
  if (text === undefined) return undefined;
  const term = parseTermDuration(text);
  if (!term) throw new CellError(`${column} "${text}" is not P1M, P1Y or P3Y`);
  return term;
}

/** Billing cycle; the API says `none` or `unknown` for offers without one. */
function billingOf(row: RowReader, column: string): Billing | undefined {
  const text = row.text(column);
  if (text === undefined || /^(none|unknown)$/i.test(text)) return undefined;
  const billing = parseBilling(text);
  if (!billing) throw new CellError(`${column} "${text}" is not monthly, annual, triennial or one-time`);
  return billing;
}

/** The portal writes On/Off, the API true/false. */
function autoRenewOf(row: RowReader): boolean | undefined {
  const text = row.text('autoRenewEnabled')?.toLowerCase();
  if (text === 'on' || text === 'enabled') return true;
  if (text === 'off' || text === 'disabled') return false;
  return row.boolean('autoRenewEnabled');
}

function currencyOf(row: RowReader): string | undefined {
  const text = row.text('currency');
  if (text === undefined) return undefined;
  try {
    return currency(text).code;
  } catch (error) {
    if (error instanceof UnknownCurrencyError) throw new CellError(`currency "${text}" is not an ISO 4217 currency code`);
    throw error;
  }
}

function nextTermOf(row: RowReader): NextTermSnapshot | undefined {
  const next: NextTermSnapshot = {
    productId: row.id('nextTermProductId'),
    skuId: optionalSkuId(row.id('nextTermSkuId')),
    availabilityId: row.id('nextTermAvailabilityId'),
    quantity: seats(row, 'nextTermQuantity'),
    term: termOf(row, 'nextTermDuration'),
    billing: billingOf(row, 'nextTermBillingCycle'),
    customTermEnd: row.date('nextTermCustomTermEndDate'),
  };
  return Object.values(next).some((value) => value !== undefined) ? next : undefined;
}

function optionalSkuId(text: string | undefined): string | undefined {
  return text === undefined ? undefined : repairSkuId(text);
}
