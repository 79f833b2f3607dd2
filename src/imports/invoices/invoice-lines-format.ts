import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type InvoiceLine } from '../../domain/reconcile/model.ts';
import { CellError, type RowReader } from '../csv/cells.ts';

/**
 * What the partner invoiced its clients, one line per service period
 * (docs/import-formats.md "invoice lines"): a billing system's export, or a
 * PSA's invoice lines. Headers match without case or punctuation; extra
 * columns are ignored.
 */
export const INVOICE_LINE_COLUMNS = {
  customerId: ['CustomerId', 'CustomerTenantId', 'TenantId'],
  subscriptionId: ['SubscriptionId'],
  skuId: ['SkuId'],
  description: ['Description', 'ProductName', 'Product'],
  chargeStartDate: ['ChargeStartDate', 'ServiceStartDate', 'PeriodStart'],
  chargeEndDate: ['ChargeEndDate', 'ServiceEndDate', 'PeriodEnd'],
  quantity: ['Quantity', 'Qty'],
  unitPrice: ['UnitPrice'],
  amount: ['Amount', 'LineAmount', 'Subtotal'],
} as const;

export const invoiceLinesFormat: ImportFormat<InvoiceLine> = {
  kind: 'invoice lines',
  columns: INVOICE_LINE_COLUMNS,
  required: ['customerId', 'skuId', 'chargeStartDate', 'chargeEndDate', 'quantity', 'unitPrice', 'amount'],
  read(row: RowReader, record): InvoiceLine {
    const start = row.requiredDate('chargeStartDate');
    const end = row.requiredDate('chargeEndDate');
    if (end.isBefore(start)) throw new CellError(`ChargeEndDate ${end.toString()} is before ChargeStartDate ${start.toString()}`);
    const quantity = row.requiredDecimal('quantity');
    const seats = quantity.round(0, 'truncate');
    if (!quantity.equals(seats)) throw new CellError(`Quantity ${quantity.toString()} is not a whole number of seats`);
    const subscriptionId = row.id('subscriptionId');
    const skuId = row.id('skuId');
    if (!subscriptionId && !skuId) throw new CellError('SubscriptionId and SkuId are both empty: nothing names what the line invoices');
    return {
      location: record.location,
      customerId: row.requiredId('customerId'),
      subscriptionId,
      skuId,
      description: row.text('description'),
      start,
      end,
      quantity: Number(seats.toString()),
      unitPrice: row.requiredDecimal('unitPrice'),
      amount: row.requiredDecimal('amount'),
    };
  },
};
