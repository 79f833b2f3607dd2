import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type BilledLine, canonicalChargeType } from '../../domain/ledger/billed-line.ts';
import { CellError, type RowReader } from '../csv/cells.ts';

/**
 * Microsoft's NCE invoice reconciliation file. Headers match by name, without
 * case or punctuation; older files say MPNID/ResellerMPNID, API exports use
 * camelCase and `totalForCustomer`.
 */
export const RECON_COLUMNS = {
  partnerId: ['PartnerId', 'PartnerTenantId'],
  customerId: ['CustomerId', 'CustomerTenantId'],
  customerName: ['CustomerName', 'CustomerCompanyName'],
  customerDomain: ['CustomerDomainName'],
  customerCountry: ['CustomerCountry'],
  invoiceNumber: ['InvoiceNumber'],
  mpnId: ['MpnId', 'MPNID'],
  tier2MpnId: ['Tier2MpnId', 'ResellerMPNID', 'ResellerMpnId'],
  orderId: ['OrderId'],
  orderDate: ['OrderDate'],
  productId: ['ProductId'],
  skuId: ['SkuId'],
  availabilityId: ['AvailabilityId'],
  skuName: ['SkuName'],
  productName: ['ProductName'],
  chargeType: ['ChargeType'],
  unitPrice: ['UnitPrice'],
  quantity: ['Quantity'],
  subtotal: ['Subtotal'],
  taxTotal: ['TaxTotal'],
  total: ['Total', 'totalForCustomer'],
  currency: ['Currency'],
  subscriptionDescription: ['SubscriptionDescription'],
  subscriptionId: ['SubscriptionId'],
  chargeStartDate: ['ChargeStartDate'],
  chargeEndDate: ['ChargeEndDate'],
  termAndBillingCycle: ['TermAndBillingCycle'],
  effectiveUnitPrice: ['EffectiveUnitPrice'],
  alternateId: ['AlternateId'],
  billableQuantity: ['BillableQuantity'],
  billingFrequency: ['BillingFrequency'],
  pcToBcExchangeRate: ['PCToBCExchangeRate'],
  subscriptionStartDate: ['SubscriptionStartDate'],
  subscriptionEndDate: ['SubscriptionEndDate'],
  referenceId: ['ReferenceId'],
  promotionId: ['PromotionId'],
} as const;

/** A reconciliation row: the billed line plus Microsoft's other columns, all as validated canonical text. */
export interface ReconRow extends BilledLine {
  readonly partnerId: string | undefined;
  readonly customerName: string | undefined;
  readonly customerDomain: string | undefined;
  readonly customerCountry: string | undefined;
  readonly invoiceNumber: string | undefined;
  readonly orderId: string | undefined;
  readonly orderDate: string | undefined;
  readonly productId: string | undefined;
  readonly availabilityId: string | undefined;
  readonly skuName: string | undefined;
  readonly quantity: string | undefined;
  readonly effectiveUnitPrice: string | undefined;
  readonly taxTotal: string | undefined;
  readonly total: string | undefined;
  readonly subscriptionDescription: string | undefined;
  readonly termAndBillingCycle: string | undefined;
  readonly alternateId: string | undefined;
  readonly pcToBcExchangeRate: string | undefined;
  readonly promotionId: string | undefined;
}

export const reconFormat: ImportFormat<ReconRow> = {
  kind: 'recon',
  columns: RECON_COLUMNS,
  required: ['customerId', 'chargeType', 'subtotal', 'subscriptionId', 'chargeStartDate', 'chargeEndDate'],
  read(row: RowReader): ReconRow {
    const chargeTypeText = row.requiredText('chargeType');
    const chargeType = canonicalChargeType(chargeTypeText);
    if (!chargeType) throw new CellError(`ChargeType "${chargeTypeText}" is not a reconciliation charge type`);
    const quantity = row.decimalText('quantity');
    const chargeStart = row.dateText('chargeStartDate');
    const chargeEnd = row.dateText('chargeEndDate');
    if (chargeStart && chargeEnd && chargeEnd < chargeStart) throw new CellError(`ChargeEndDate ${chargeEnd} is before ChargeStartDate ${chargeStart}`);
    return {
      partnerId: row.id('partnerId'),
      customerId: row.id('customerId'),
      customerName: row.text('customerName'),
      customerDomain: row.text('customerDomain')?.toLowerCase(),
      customerCountry: row.text('customerCountry'),
      invoiceNumber: row.id('invoiceNumber'),
      orderId: row.id('orderId'),
      orderDate: row.dateText('orderDate'),
      productId: row.id('productId'),
      skuId: row.id('skuId'),
      availabilityId: row.id('availabilityId'),
      skuName: row.text('skuName'),
      productName: row.text('productName') ?? row.text('skuName'),
      chargeType,
      unitPrice: row.decimalText('unitPrice'),
      quantity,
      billableQuantity: row.decimalText('billableQuantity') ?? quantity,
      subtotal: row.requiredDecimalText('subtotal'),
      taxTotal: row.decimalText('taxTotal'),
      total: row.decimalText('total'),
      currency: row.text('currency')?.toUpperCase(),
      subscriptionDescription: row.text('subscriptionDescription'),
      subscriptionId: row.id('subscriptionId'),
      chargeStart,
      chargeEnd,
      termAndBillingCycle: row.text('termAndBillingCycle'),
      effectiveUnitPrice: row.decimalText('effectiveUnitPrice'),
      alternateId: row.id('alternateId'),
      billingFrequency: row.text('billingFrequency'),
      pcToBcExchangeRate: row.decimalText('pcToBcExchangeRate'),
      subscriptionStart: row.dateText('subscriptionStartDate'),
      subscriptionEnd: row.dateText('subscriptionEndDate'),
      referenceId: row.id('referenceId'),
      promotionId: row.id('promotionId'),
    };
  },
};
