import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Store } from '../../store/store.ts';
import { audit, findInvoice } from '../../store/invoice-records.ts';

export interface DisputeView {
  readonly id: number;
  readonly invoiceNumber: string;
  readonly openedOn: string;
  readonly reason: string;
  readonly status: 'open' | 'resolved';
  readonly resolvedOn: string | null;
  readonly resolution: string | null;
}

/** Records that a client disputes an issued invoice (the dispute-rate KPI counts these). */
export async function openDispute(store: Store, organizationId: string, invoiceNumber: string, reason: string, openedOn: CalendarDate, actor: string): Promise<DisputeView> {
  if (reason.trim() === '') throw new InvalidInputError('a dispute needs a reason', 'reason');
  return store.transaction(async ({ db }) => {
    const invoice = await findInvoice(db, organizationId, invoiceNumber);
    if (!invoice || invoice.status !== 'issued') throw new InvalidInputError(`no issued invoice "${invoiceNumber}"`, 'invoice');
    const row = await db
      .insertInto('invoice_disputes')
      .values({ organization_id: organizationId, invoice_id: invoice.id, opened_on: openedOn.toString(), reason, opened_by: actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(db, organizationId, actor, 'invoice.dispute', invoice.id, { dispute: row.id, reason });
    return { id: Number(row.id), invoiceNumber: invoice.number!, openedOn: openedOn.toString(), reason, status: 'open', resolvedOn: null, resolution: null };
  });
}

/** Closes an invoice's open dispute with what was decided (often a credit note). */
export async function resolveDispute(store: Store, organizationId: string, invoiceNumber: string, resolution: string, resolvedOn: CalendarDate, actor: string): Promise<DisputeView> {
  if (resolution.trim() === '') throw new InvalidInputError('a resolution needs a text', 'resolution');
  return store.transaction(async ({ db }) => {
    const invoice = await findInvoice(db, organizationId, invoiceNumber);
    if (!invoice) throw new InvalidInputError(`no invoice "${invoiceNumber}"`, 'invoice');
    const row = await db
      .updateTable('invoice_disputes')
      .set({ status: 'resolved', resolved_on: resolvedOn.toString(), resolution })
      .where('organization_id', '=', organizationId)
      .where('invoice_id', '=', invoice.id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new InvalidInputError(`invoice ${invoice.number ?? invoice.id} has no open dispute`, 'invoice');
    await audit(db, organizationId, actor, 'invoice.dispute_resolved', invoice.id, { dispute: row.id, resolution });
    return { id: Number(row.id), invoiceNumber: invoice.number!, openedOn: row.opened_on, reason: row.reason, status: 'resolved', resolvedOn: resolvedOn.toString(), resolution };
  });
}
