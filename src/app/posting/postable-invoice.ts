import { Decimal } from '../../domain/money/decimal.ts';
import { type PostableInvoice } from '../../integrations/posting/model.ts';
import { type StoredInvoice } from '../../store/invoice-records.ts';

/** An issued invoice or credit note as accounting receives it, with the client's id in each accounting system. */
export function postableInvoice(invoice: StoredInvoice, context: { readonly creditedNumber?: string; readonly customerName: string; readonly externalIds: { readonly quickbooks?: string; readonly xero?: string } }): PostableInvoice {
  return {
    // The number is the invoice's lasting, unique name: idempotency keys are made from it.
    id: invoice.number!,
    number: invoice.number!,
    kind: invoice.kind,
    ...(context.creditedNumber ? { creditedNumber: context.creditedNumber } : {}),
    issuedOn: invoice.issuedOn!,
    dueOn: invoice.dueOn!,
    currency: invoice.currency,
    taxInclusive: invoice.taxRule.inclusive,
    customer: { accountId: invoice.accountId, name: context.customerName, externalIds: context.externalIds },
    lines: invoice.lines.map((line) => ({
      lineNumber: line.lineNumber,
      description: line.description,
      // Accounting systems want quantity × unit price = amount: a prorated or tax-inclusive line goes as one unit of its net amount.
      ...(line.quantity.times(line.unitPrice).round(2, 'halfUp').equals(line.net) ? { quantity: line.quantity, unitPrice: line.unitPrice } : { quantity: ONE, unitPrice: line.net }),
      amount: line.net,
      taxRate: invoice.taxRule.rate,
      taxAmount: line.tax,
      glAccount: line.glAccount,
      serviceStart: line.serviceStart,
      serviceEnd: line.serviceEnd,
    })),
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
  };
}

const ONE = Decimal.fromInteger(1);
