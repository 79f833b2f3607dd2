import { InvalidInputError } from '../../domain/errors.ts';
import { quickbooksInvoicePosting } from '../../integrations/posting/quickbooks.ts';
import { xeroInvoicePosting } from '../../integrations/posting/xero.ts';
import { findInvoice, loadInvoices, type StoredInvoice } from '../../store/invoice-records.ts';
import { type Store } from '../../store/store.ts';
import { postableInvoice } from './postable-invoice.ts';
import { type PostingConfig, targetConfig } from './posting-config.ts';
import { type PostingReport, sendPostings } from './send-postings.ts';

export type AccountingTarget = 'quickbooks' | 'xero';

/**
 * Issued invoices and credit notes (a month's, or the ones named) to
 * QuickBooks Online or Xero: each as the API's document, the client by its
 * id there (`external_ids`, system `quickbooks` or `xero`), the GL accounts
 * and tax rates mapped by the configuration. A dry run unless `send`.
 */
export async function postInvoices(
  store: Store,
  organizationId: string,
  which: { readonly period?: string; readonly numbers?: readonly string[] },
  target: AccountingTarget,
  config: PostingConfig,
  options: { readonly send: boolean; readonly actor: string; readonly fetch?: typeof fetch },
): Promise<PostingReport> {
  const invoices = which.numbers ? await named(store, organizationId, which.numbers) : await loadInvoices(store.db, organizationId, { period: which.period!, status: 'issued' });
  if (invoices.length === 0) throw new InvalidInputError(`no issued invoice${which.period ? ` for ${which.period}` : ''} to post`, 'invoices');
  const accountIds = [...new Set(invoices.map((invoice) => invoice.accountId))];
  const [accounts, externalIds, credited] = await Promise.all([
    store.db.selectFrom('accounts').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', accountIds).execute(),
    store.db.selectFrom('external_ids').select(['entity_id', 'external_id']).where('organization_id', '=', organizationId).where('system', '=', target).where('entity_type', '=', 'account').where('entity_id', 'in', accountIds).execute(),
    loadInvoices(store.db, organizationId, { ids: invoices.flatMap((invoice) => (invoice.creditsInvoiceId ? [invoice.creditsInvoiceId] : [])) }),
  ]);
  const postings = invoices.map((invoice) => {
    const customer = externalIds.find((row) => row.entity_id === invoice.accountId)?.external_id;
    const creditedNumber = credited.find((candidate) => candidate.id === invoice.creditsInvoiceId)?.number ?? undefined;
    const document = postableInvoice(invoice, {
      customerName: invoice.parties?.billTo.name ?? accounts.find((account) => account.id === invoice.accountId)?.name ?? invoice.accountId,
      externalIds: customer ? { [target]: customer } : {},
      ...(creditedNumber ? { creditedNumber } : {}),
    });
    const posting = target === 'quickbooks' ? quickbooksInvoicePosting(document, targetConfig(config, 'quickbooks')) : xeroInvoicePosting(document, targetConfig(config, 'xero'));
    return { subject: { type: 'invoice' as const, id: invoice.number! }, posting };
  });
  return sendPostings(store, organizationId, postings, config, { dryRun: !options.send, actor: options.actor, ...(options.fetch ? { fetch: options.fetch } : {}) });
}

async function named(store: Store, organizationId: string, numbers: readonly string[]): Promise<StoredInvoice[]> {
  const found: StoredInvoice[] = [];
  for (const number of numbers) {
    const invoice = await findInvoice(store.db, organizationId, number);
    if (!invoice || invoice.status !== 'issued') throw new InvalidInputError(`no issued invoice "${number}": only issued invoices are posted`, 'invoices');
    found.push(invoice);
  }
  return found;
}
