import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { currency } from '../../domain/money/currency.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type Store } from '../../store/store.ts';
import { productSettings } from '../../store/billing-inputs.ts';
import { productSetting } from '../../domain/billing/product-settings.ts';
import { audit, replaceDraft, type StoredLine } from '../../store/invoice-records.ts';
import { editableDraft, repriced } from './draft-invoice.ts';
import { summarizeDraft, type InvoiceSummary } from './invoice-summary.ts';

export interface LineChange {
  readonly quantity?: Decimal;
  readonly unitPrice?: Decimal;
  /** Sets the amount outright; otherwise it is quantity × unit price. */
  readonly amount?: Decimal;
  readonly description?: string;
}

/**
 * Changes a draft's line for a stated reason. The line keeps what it was and
 * who changed it and why, its explanation says the amount was set by review,
 * and the invoice is taxed and totalled again. A run of the month leaves an
 * adjusted draft alone.
 */
export async function adjustInvoiceLine(store: Store, organizationId: string, invoiceId: string, lineNumber: number, change: LineChange, reason: string, actor: string, at: string): Promise<InvoiceSummary> {
  requireReason(reason);
  return store.transaction(async ({ db }) => {
    const invoice = await editableDraft(db, organizationId, invoiceId);
    const line = invoice.lines.find((candidate) => candidate.lineNumber === lineNumber);
    if (!line) throw new InvalidInputError(`invoice ${invoice.id} has no line ${lineNumber}`, 'line');
    const quantity = change.quantity ?? line.quantity;
    const unitPrice = change.unitPrice ?? line.unitPrice;
    const places = currency(invoice.currency).minorUnits;
    const amount = (change.amount ?? (change.quantity || change.unitPrice ? quantity.times(unitPrice) : line.amount)).round(places, 'halfUp');
    const adjusted: StoredLine = {
      ...line,
      quantity,
      unitPrice,
      amount,
      description: change.description ?? line.description,
      explanation: {
        formula: change.amount ? 'amount = set by review' : 'amount = quantity × unit price',
        inputs: { quantity: quantity.toString(), unitPrice: unitPrice.toString(), was: line.amount.toString() },
        rounding: `half up to ${places} decimals`,
        text: `Adjusted by ${actor} from ${line.amount.toString()} to ${amount.toString()} ${invoice.currency}: ${reason}. Before: ${line.explanation.text}`,
      },
      adjustment: { reason, by: actor, at, was: { quantity: line.quantity.toString(), unitPrice: line.unitPrice.toString(), amount: line.amount.toString(), description: line.description } },
    };
    const updated = repriced(invoice, invoice.lines.map((candidate) => (candidate === line ? adjusted : candidate)));
    await replaceDraft(db, organizationId, updated);
    await audit(db, organizationId, actor, 'invoice.adjust_line', invoice.id, { lineNumber, reason, was: line.amount.toString(), now: amount.toString() });
    return summarizeDraft(updated);
  });
}

/** Adds a line the ledger does not know (a one-off charge or goodwill credit) to a draft, for a stated reason. */
export async function addInvoiceLine(
  store: Store,
  organizationId: string,
  invoiceId: string,
  line: { readonly description: string; readonly amount: Decimal; readonly glAccount?: string; readonly serviceStart: CalendarDate; readonly serviceEnd: CalendarDate },
  reason: string,
  actor: string,
  at: string,
): Promise<InvoiceSummary> {
  requireReason(reason);
  return store.transaction(async ({ db }) => {
    const invoice = await editableDraft(db, organizationId, invoiceId);
    const amount = line.amount.round(currency(invoice.currency).minorUnits, 'halfUp');
    const glAccount = line.glAccount ?? productSetting({ skuId: null, family: null, kind: 'msp_service' }, await productSettings(db, organizationId)).glAccount;
    const added: StoredLine = {
      lineNumber: invoice.lines.length + 1,
      subscriptionId: null,
      kind: 'manual',
      description: line.description,
      quantity: Decimal.fromInteger(1),
      unitPrice: amount,
      amount,
      currency: invoice.currency,
      net: amount,
      tax: Decimal.ZERO,
      glAccount,
      serviceStart: line.serviceStart,
      serviceEnd: line.serviceEnd,
      explanation: { formula: 'amount = set by review', inputs: { amount: amount.toString() }, rounding: 'none', text: `Added by ${actor}: ${reason}.` },
      pricing: { formula: 'price = set by review', inputs: {}, rounding: 'none', text: 'Set by review.' },
      adjustment: { reason, by: actor, at },
      creditsLineNumber: null,
    };
    const updated = repriced(invoice, [...invoice.lines, added]);
    await replaceDraft(db, organizationId, updated);
    await audit(db, organizationId, actor, 'invoice.add_line', invoice.id, { reason, amount: amount.toString(), description: line.description });
    return summarizeDraft(updated);
  });
}

function requireReason(reason: string): void {
  if (reason.trim() === '') throw new InvalidInputError('an adjustment needs a reason', 'reason');
}
