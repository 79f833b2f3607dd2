import { Decimal, pow10 } from '../../domain/money/decimal.ts';
import { type DocumentLineFigures, documentLineFigures } from './document-lines.ts';
import { checkPostableInvoice } from './invoice-checks.ts';
import { type PostableInvoice, type Posting } from './model.ts';
import { decimalPlaces, exactNumber, extendedToCent, rateKey, refuse, requiredText } from './payload-fields.ts';

export interface XeroPostingConfig {
  /** Tax rate in percent (`20`) → Xero TaxType (`OUTPUT2`). */
  readonly taxTypeByRate: Readonly<Record<string, string>>;
  /** Issued invoices are AUTHORISED; DRAFT leaves them for review in Xero. */
  readonly status?: 'DRAFT' | 'AUTHORISED';
}

/** Xero keeps 4 decimals of quantity and (with unitdp=4) of unit amount; an Idempotency-Key holds 128 characters. */
const MAX_DECIMALS = 4;
const IDEMPOTENCY_KEY_MAX = 128;

/**
 * Xero Accounting API Invoices (ACCREC) or CreditNotes (ACCRECCREDIT), created
 * with PUT. Posting is made repeatable by the Idempotency-Key header, which the
 * poster adds from the idempotency key.
 */
export function xeroInvoicePosting(invoice: PostableInvoice, config: XeroPostingConfig): Posting {
  checkPostableInvoice(invoice);
  if (!config?.taxTypeByRate) refuse('config.taxTypeByRate', 'is required');
  const contactId = requiredText(invoice.customer.externalIds?.xero, 'invoice.customer.externalIds.xero');
  const creditNote = invoice.kind === 'credit_note';
  const idempotencyKey = `coterm-${creditNote ? 'credit-note' : 'invoice'}-${invoice.id}`;
  if (idempotencyKey.length > IDEMPOTENCY_KEY_MAX) refuse('invoice.id', `makes an Idempotency-Key longer than Xero's ${IDEMPOTENCY_KEY_MAX} characters`);

  let needsFourDecimals = false;
  const lineItems = invoice.lines.map((line, index) => {
    const at = `invoice.lines[${index}]`;
    const figures = documentLineFigures(invoice, line);
    const taxType = config.taxTypeByRate[rateKey(line.taxRate)];
    if (taxType === undefined) refuse(`${at}.taxRate`, `no Xero TaxType is mapped to rate ${rateKey(line.taxRate)}% (config.taxTypeByRate)`);
    if (decimalPlaces(figures.quantity) > MAX_DECIMALS) refuse(`${at}.quantity`, `Xero keeps at most ${MAX_DECIMALS} decimals (got ${line.quantity.toString()})`);
    const lineAmount = invoice.taxInclusive ? figures.amount.plus(figures.taxAmount) : figures.amount;
    const unitAmount = statedUnitAmount(figures, lineAmount, invoice.taxInclusive);
    if (unitAmount !== undefined && decimalPlaces(unitAmount) > 2) needsFourDecimals = true;
    return {
      Description: line.description,
      Quantity: exactNumber(figures.quantity, `${at}.quantity`),
      ...(unitAmount === undefined ? {} : { UnitAmount: exactNumber(unitAmount, `${at}.unitPrice`) }),
      AccountCode: line.glAccount,
      TaxType: taxType,
      LineAmount: exactNumber(lineAmount, `${at}.amount`),
      TaxAmount: exactNumber(figures.taxAmount, `${at}.taxAmount`),
    };
  });

  const document = {
    Type: creditNote ? 'ACCRECCREDIT' : 'ACCREC',
    Contact: { ContactID: contactId },
    Date: invoice.issuedOn.toString(),
    // A credit note has no due date; it names the invoice it credits instead.
    ...(creditNote
      ? { CreditNoteNumber: invoice.number, ...(invoice.creditedNumber ? { Reference: invoice.creditedNumber } : {}) }
      : { DueDate: invoice.dueOn.toString(), InvoiceNumber: invoice.number }),
    CurrencyCode: invoice.currency,
    LineAmountTypes: invoice.taxInclusive ? 'Inclusive' : 'Exclusive',
    Status: config.status ?? 'AUTHORISED',
    LineItems: lineItems,
  };
  const collection = creditNote ? 'CreditNotes' : 'Invoices';
  return {
    target: 'xero',
    idempotencyKey,
    requests: [
      {
        method: 'PUT',
        // Without unitdp=4 Xero rounds unit amounts to 2 decimals, and a prorated unit price has more.
        path: `/api.xro/2.0/${collection}${needsFourDecimals ? '?unitdp=4' : ''}`,
        body: { [collection]: [document] },
        description: `${creditNote ? 'credit note' : 'invoice'} ${invoice.number} for ${invoice.customer.name}`,
      },
    ],
  };
}

/**
 * The unit amount to state, or undefined to let Xero derive it from the line
 * amount and quantity: stated only when it is exact in 4 decimals and
 * reproduces the line amount. A tax-inclusive line states its gross unit price.
 */
function statedUnitAmount(figures: DocumentLineFigures, lineAmount: Decimal, taxInclusive: boolean): Decimal | undefined {
  const candidate = taxInclusive ? exactQuotient(lineAmount, figures.quantity) : figures.unitPrice;
  if (candidate === undefined || decimalPlaces(candidate) > MAX_DECIMALS) return undefined;
  return extendedToCent(figures.quantity, candidate).equals(lineAmount) ? candidate.trimmed() : undefined;
}

/** a / b when it terminates within 4 decimals. */
function exactQuotient(a: Decimal, b: Decimal): Decimal | undefined {
  const quotient = Decimal.ratio(a.units * pow10(b.scale), b.units * pow10(a.scale), MAX_DECIMALS, 'truncate');
  return quotient.times(b).equals(a) ? quotient : undefined;
}
