import { type Decimal } from '../../domain/money/decimal.ts';
import { type PostableInvoice, type PostableInvoiceLine } from './model.ts';

/** A line's figures as an accounting document carries them. */
export interface DocumentLineFigures {
  readonly quantity: Decimal;
  readonly unitPrice: Decimal;
  readonly amount: Decimal;
  readonly taxAmount: Decimal;
}

/**
 * Accounting systems keep a credit note's lines positive: the document type
 * (credit memo, ACCRECCREDIT) already says the money goes back. coterm's credit
 * notes carry negative amounts, so their signs are turned, on the quantity when
 * the credit is for returned seats and on the price otherwise, which keeps
 * quantity × unit price = amount.
 */
export function documentLineFigures(invoice: PostableInvoice, line: PostableInvoiceLine): DocumentLineFigures {
  if (invoice.kind === 'invoice') return line;
  const quantityCarriesSign = line.quantity.sign() < 0;
  return {
    quantity: quantityCarriesSign ? line.quantity.negated() : line.quantity,
    unitPrice: quantityCarriesSign ? line.unitPrice : line.unitPrice.negated(),
    amount: line.amount.negated(),
    taxAmount: line.taxAmount.negated(),
  };
}
