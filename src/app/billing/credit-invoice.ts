import { InvalidInputError } from '../../domain/errors.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type Store } from '../../store/store.ts';
import { audit, findInvoice, insertInvoice, loadInvoices, type StoredLine } from '../../store/invoice-records.ts';
import { summarizeDraft, type InvoiceSummary } from './invoice-summary.ts';

/**
 * A draft credit note reversing lines of an issued invoice (all of them by
 * default), each line the exact negative of the original — net and tax as
 * they were issued, not taxed again — so crediting everything brings the
 * client's balance back to zero to the cent. A line is credited once.
 */
export async function creditInvoice(store: Store, organizationId: string, invoiceNumber: string, lineNumbers: readonly number[] | undefined, reason: string, actor: string): Promise<InvoiceSummary> {
  if (reason.trim() === '') throw new InvalidInputError('a credit note needs a reason', 'reason');
  return store.transaction(async ({ db }) => {
    const invoice = await findInvoice(db, organizationId, invoiceNumber);
    if (!invoice) throw new InvalidInputError(`no invoice "${invoiceNumber}"`, 'invoice');
    if (invoice.kind !== 'invoice' || invoice.status !== 'issued') throw new InvalidInputError(`only an issued invoice can be credited; ${invoice.number ?? invoice.id} is ${invoice.status === 'draft' ? 'a draft (change it instead)' : 'a credit note'}`, 'invoice');
    const earlier = (await loadInvoices(db, organizationId, { kind: 'credit_note' })).filter((note) => note.creditsInvoiceId === invoice.id);
    const creditedBy = new Map(earlier.flatMap((note) => note.lines.map((line) => [line.creditsLineNumber, note.number ?? note.id] as const)));
    const chosen = lineNumbers ?? invoice.lines.map((line) => line.lineNumber);
    const lines: StoredLine[] = chosen.map((lineNumber, index) => {
      const line = invoice.lines.find((candidate) => candidate.lineNumber === lineNumber);
      if (!line) throw new InvalidInputError(`invoice ${invoice.number} has no line ${lineNumber}`, 'line');
      const by = creditedBy.get(lineNumber);
      if (by) throw new InvalidInputError(`line ${lineNumber} of ${invoice.number} is already credited by ${by}`, 'line');
      return {
        ...line,
        lineNumber: index + 1,
        kind: 'credit',
        description: `Credit: ${line.description}`,
        quantity: line.quantity.negated(),
        amount: line.amount.negated(),
        net: line.net.negated(),
        tax: line.tax.negated(),
        explanation: { formula: 'amount = − credited line', inputs: { invoice: invoice.number!, line: lineNumber, amount: line.amount.toString() }, rounding: 'none (exactly the credited line)', text: `Reverses line ${lineNumber} of ${invoice.number}: ${reason}.` },
        adjustment: null,
        creditsLineNumber: lineNumber,
      };
    });
    const sum = (pick: (line: StoredLine) => Decimal) => lines.reduce((total, line) => total.plus(pick(line)), Decimal.ZERO);
    const note = {
      id: `${invoice.id}-credit-${earlier.length + 1}`,
      kind: 'credit_note' as const,
      accountId: invoice.accountId,
      billingEntityId: invoice.billingEntityId,
      period: invoice.period,
      currency: invoice.currency,
      subtotal: sum((line) => line.net),
      tax: sum((line) => line.tax),
      total: sum((line) => line.net.plus(line.tax)),
      taxRule: invoice.taxRule,
      warnings: [],
      creditsInvoiceId: invoice.id,
      reason,
      lines,
    };
    await insertInvoice(db, organizationId, note);
    await audit(db, organizationId, actor, 'invoice.credit', note.id, { credits: invoice.number, lines: chosen, reason });
    return summarizeDraft(note);
  });
}
