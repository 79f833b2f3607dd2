import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { type Store } from '../../store/store.ts';
import { billingParties } from '../../store/billing-inputs.ts';
import { sellerSettings } from '../../store/billing-configuration.ts';
import { audit, loadInvoices, markIssued, takeNextNumber, type InvoiceFilter } from '../../store/invoice-records.ts';
import { summarize, type InvoiceSummary } from './invoice-summary.ts';

/**
 * Issues drafts: each gets the next number of its series (`INV-2026-00042`,
 * credit notes `CN-2026-00003`, by year of issue), its issue and due dates,
 * and a copy of the seller and client as they are today. All in one
 * transaction: either every draft asked for is issued, or none is and no
 * number is used.
 */
export async function issueInvoices(store: Store, organizationId: string, which: { readonly ids?: readonly string[]; readonly period?: string }, on: CalendarDate, actor: string): Promise<InvoiceSummary[]> {
  return store.transaction(async ({ db }) => {
    const filter: InvoiceFilter = which.ids ? { ids: which.ids } : { period: which.period!, status: 'draft' };
    const invoices = await loadInvoices(db, organizationId, filter);
    if (which.ids) {
      const found = new Set(invoices.flatMap((invoice) => [invoice.id, invoice.number]));
      const missing = which.ids.find((id) => !found.has(id));
      if (missing) throw new InvalidInputError(`no draft invoice "${missing}"`, 'invoice');
      const issued = invoices.find((invoice) => invoice.status === 'issued');
      if (issued) throw new InvalidInputError(`invoice ${issued.number} is already issued`, 'invoice');
    }
    const seller = await sellerSettings(db, organizationId);
    const parties = await billingParties(db, organizationId);
    const dueOn = on.addDays(seller.paymentTermsDays);
    const result: InvoiceSummary[] = [];
    // Credit notes after invoices, each in id order, so numbers follow a stable order.
    const ordered = [...invoices].sort((a, b) => Number(a.kind === 'credit_note') - Number(b.kind === 'credit_note') || a.id.localeCompare(b.id));
    for (const invoice of ordered) {
      const prefix = invoice.kind === 'invoice' ? seller.invoicePrefix : seller.creditNotePrefix;
      const series = `${prefix}-${on.year}`;
      const number = `${series}-${String(await takeNextNumber(db, organizationId, series)).padStart(5, '0')}`;
      const party = parties.get(invoice.accountId);
      const entity = party?.entities.find((candidate) => candidate.id === invoice.billingEntityId);
      await markIssued(db, organizationId, invoice.id, {
        number,
        issuedOn: on,
        dueOn,
        issuedBy: actor,
        parties: {
          seller: { name: seller.name, address: seller.address, taxId: seller.taxId },
          billTo: { accountId: invoice.accountId, name: entity?.name ?? party?.name ?? invoice.accountId, billingEntityId: invoice.billingEntityId, country: entity?.country ?? party?.country ?? null, taxId: entity?.taxId ?? null },
        },
      });
      await audit(db, organizationId, actor, 'invoice.issue', invoice.id, { number, issuedOn: on.toString(), total: invoice.total.toString(), currency: invoice.currency });
      result.push(summarize({ ...invoice, status: 'issued', number, issuedOn: on, dueOn }));
    }
    return result;
  });
}
