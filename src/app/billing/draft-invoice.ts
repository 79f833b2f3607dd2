import { InvalidInputError } from '../../domain/errors.ts';
import { priceInvoice } from '../../domain/billing/invoice.ts';
import { type Kysely } from 'kysely';
import { type Schema } from '../../store/schema.ts';
import { findInvoice, type NewInvoice, type StoredInvoice, type StoredLine } from '../../store/invoice-records.ts';

/** A draft by id, or a clear refusal: unknown, or issued (corrections to issued invoices are credit notes). */
export async function editableDraft(db: Kysely<Schema>, organizationId: string, idOrNumber: string): Promise<StoredInvoice> {
  const invoice = await findInvoice(db, organizationId, idOrNumber);
  if (!invoice) throw new InvalidInputError(`no invoice "${idOrNumber}"`, 'invoice');
  if (invoice.status === 'issued') throw new InvalidInputError(`invoice ${invoice.number} is issued and cannot be changed; correct it with a credit note`, 'invoice');
  return invoice;
}

/** The draft with new lines: renumbered, taxed again by its tax rule, totals recomputed; adjustments and credit links kept. */
export function repriced(invoice: StoredInvoice, lines: readonly StoredLine[]): NewInvoice {
  const priced = priceInvoice(lines, invoice.taxRule, invoice.currency);
  return {
    ...invoice,
    subtotal: priced.subtotal,
    tax: priced.tax,
    total: priced.total,
    taxRule: { ...invoice.taxRule, explanation: priced.taxExplanation },
    lines: priced.lines.map((line, index) => ({ ...line, adjustment: lines[index]!.adjustment, creditsLineNumber: lines[index]!.creditsLineNumber })),
  };
}
