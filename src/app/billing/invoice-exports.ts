import { stringify } from 'csv-stringify/sync';
import { type StoredInvoice } from '../../store/invoice-records.ts';

const COLUMNS = [
  'InvoiceNumber', 'InvoiceId', 'Kind', 'Status', 'IssuedOn', 'DueOn', 'Period', 'AccountId', 'BillingEntityId', 'Currency',
  'Line', 'SubscriptionId', 'LineKind', 'Description', 'ServiceStart', 'ServiceEnd', 'Quantity', 'UnitPrice', 'Amount', 'Net', 'Tax', 'TaxRate', 'GlAccount',
  'CreditsLine', 'Formula', 'Explanation', 'AdjustmentReason',
] as const;

/** One CSV row per invoice line, for the ledger or a BI tool: GL account, net and tax per line. */
export function invoiceLinesCsv(invoices: readonly StoredInvoice[]): string {
  const rows = invoices.flatMap((invoice) =>
    invoice.lines.map((line) => [
      invoice.number ?? '',
      invoice.id,
      invoice.kind,
      invoice.status,
      invoice.issuedOn?.toString() ?? '',
      invoice.dueOn?.toString() ?? '',
      invoice.period,
      invoice.accountId,
      invoice.billingEntityId ?? '',
      invoice.currency,
      line.lineNumber,
      line.subscriptionId ?? '',
      line.kind,
      line.description,
      line.serviceStart.toString(),
      line.serviceEnd.toString(),
      line.quantity.toString(),
      line.unitPrice.toString(),
      line.amount.toString(),
      line.net.toString(),
      line.tax.toString(),
      invoice.taxRule.rate.toString(),
      line.glAccount,
      line.creditsLineNumber ?? '',
      line.explanation.formula,
      line.explanation.text,
      line.adjustment?.reason ?? '',
    ]),
  );
  return stringify(rows, { header: true, columns: [...COLUMNS] });
}
