import { type Kysely } from 'kysely';
import { renderInvoicePdf } from '../../documents/invoice-pdf.ts';
import { sellerSettings } from '../../store/billing-configuration.ts';
import { findInvoice, type StoredInvoice } from '../../store/invoice-records.ts';
import { type Schema } from '../../store/schema.ts';

/** An invoice or credit note as the client receives it (a credit note names the invoice it credits). */
export async function invoiceDocument(db: Kysely<Schema>, organizationId: string, invoice: StoredInvoice): Promise<Buffer> {
  const credited = invoice.creditsInvoiceId ? await findInvoice(db, organizationId, invoice.creditsInvoiceId) : undefined;
  return renderInvoicePdf(invoice, { sellerName: (await sellerSettings(db, organizationId)).name, ...(credited?.number ? { creditedNumber: credited.number } : {}) });
}
