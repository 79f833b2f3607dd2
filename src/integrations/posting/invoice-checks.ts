import { Decimal } from '../../domain/money/decimal.ts';
import { type PostableInvoice } from './model.ts';
import { decimalPlaces, extendedToCent, refuse, requiredDate, requiredDecimal, requiredText } from './payload-fields.ts';

/**
 * Checks an invoice is complete and adds up before any accounting payload is
 * built from it: an accounting system that receives a document that does not
 * add up either rejects it or, worse, silently recomputes it.
 */
export function checkPostableInvoice(invoice: PostableInvoice): void {
  requiredText(invoice.id, 'invoice.id');
  requiredText(invoice.number, 'invoice.number');
  if (invoice.kind !== 'invoice' && invoice.kind !== 'credit_note') refuse('invoice.kind', `must be invoice or credit_note (got ${String(invoice.kind)})`);
  const issuedOn = requiredDate(invoice.issuedOn, 'invoice.issuedOn');
  const dueOn = requiredDate(invoice.dueOn, 'invoice.dueOn');
  if (dueOn.isBefore(issuedOn)) refuse('invoice.dueOn', `${dueOn.toString()} is before issuedOn ${issuedOn.toString()}`);
  if (!/^[A-Z]{3}$/.test(invoice.currency ?? '')) refuse('invoice.currency', `must be an ISO 4217 code such as GBP (got ${String(invoice.currency)})`);
  if (!invoice.customer) refuse('invoice.customer', 'is required');
  requiredText(invoice.customer.accountId, 'invoice.customer.accountId');
  requiredText(invoice.customer.name, 'invoice.customer.name');
  if (!Array.isArray(invoice.lines) || invoice.lines.length === 0) refuse('invoice.lines', 'has no lines');

  const creditNote = invoice.kind === 'credit_note';
  const lineNumbers = new Set<number>();
  let subtotal = Decimal.ZERO;
  let tax = Decimal.ZERO;
  invoice.lines.forEach((line, index) => {
    const at = `invoice.lines[${index}]`;
    if (!Number.isSafeInteger(line.lineNumber) || line.lineNumber < 1) refuse(`${at}.lineNumber`, 'must be a positive integer');
    if (lineNumbers.has(line.lineNumber)) refuse(`${at}.lineNumber`, `${line.lineNumber} appears twice`);
    lineNumbers.add(line.lineNumber);
    requiredText(line.description, `${at}.description`);
    requiredText(line.glAccount, `${at}.glAccount`);
    const quantity = requiredDecimal(line.quantity, `${at}.quantity`);
    const unitPrice = requiredDecimal(line.unitPrice, `${at}.unitPrice`);
    const amount = requiredDecimal(line.amount, `${at}.amount`);
    requiredDecimal(line.taxRate, `${at}.taxRate`);
    const taxAmount = requiredDecimal(line.taxAmount, `${at}.taxAmount`);
    const start = requiredDate(line.serviceStart, `${at}.serviceStart`);
    const end = requiredDate(line.serviceEnd, `${at}.serviceEnd`);
    if (end.isBefore(start)) refuse(`${at}.serviceEnd`, `${end.toString()} is before serviceStart ${start.toString()}`);
    if (decimalPlaces(amount) > 2) refuse(`${at}.amount`, `${amount.toString()} has more than 2 decimals`);
    if (decimalPlaces(taxAmount) > 2) refuse(`${at}.taxAmount`, `${taxAmount.toString()} has more than 2 decimals`);
    if (quantity.isZero()) refuse(`${at}.quantity`, 'is zero');
    const extended = extendedToCent(quantity, unitPrice);
    if (!extended.equals(amount)) {
      refuse(`${at}.amount`, `${amount.toString()} is not quantity × unitPrice (${quantity.toString()} × ${unitPrice.toString()} = ${extended.toString()} to the cent)`);
    }
    if (creditNote && amount.sign() > 0) refuse(`${at}.amount`, `a credit note's line amounts are negative (got ${amount.toString()})`);
    if (!taxAmount.isZero() && taxAmount.sign() !== amount.sign()) refuse(`${at}.taxAmount`, `${taxAmount.toString()} has the opposite sign of amount ${amount.toString()}`);
    subtotal = subtotal.plus(amount);
    tax = tax.plus(taxAmount);
  });

  const statedSubtotal = requiredDecimal(invoice.subtotal, 'invoice.subtotal');
  const statedTax = requiredDecimal(invoice.tax, 'invoice.tax');
  const statedTotal = requiredDecimal(invoice.total, 'invoice.total');
  if (!statedSubtotal.equals(subtotal)) refuse('invoice.subtotal', `${statedSubtotal.toString()} is not the sum of the line amounts (${subtotal.toString()})`);
  if (!statedTax.equals(tax)) refuse('invoice.tax', `${statedTax.toString()} is not the sum of the line tax amounts (${tax.toString()})`);
  if (!statedTotal.equals(subtotal.plus(tax))) refuse('invoice.total', `${statedTotal.toString()} is not subtotal + tax (${subtotal.plus(tax).toString()})`);
}
