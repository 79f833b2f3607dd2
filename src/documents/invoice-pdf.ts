import { type StoredInvoice } from '../store/invoice-records.ts';
import { type Column, COLOR, FONT, longDate, renderPdf, type Row, SIZE, utcDate } from './pdf-layout.ts';

export interface InvoicePdfOptions {
  /** The seller when the invoice is still a draft (an issued one carries its own). */
  readonly sellerName: string;
  /** For a credited invoice: its number, printed on the credit note. */
  readonly creditedNumber?: string;
  /** Deflate the page content (default true); tests turn it off to read the text. */
  readonly compress?: boolean;
}

/**
 * An invoice or credit note as the client receives it: seller and client,
 * dates, every line with its service period and the arithmetic behind it,
 * totals with the tax rule. A draft says so on every page.
 */
export function renderInvoicePdf(invoice: StoredInvoice, options: InvoicePdfOptions): Promise<Buffer> {
  const title = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const reference = invoice.number ?? `DRAFT ${invoice.id}`;
  const seller = invoice.parties?.seller ?? { name: options.sellerName, address: '', taxId: '' };
  const billTo = invoice.parties?.billTo;
  return renderPdf(
    { Title: `${title} ${reference}`, Author: seller.name, Subject: `${title} for ${billTo?.name ?? invoice.accountId}, ${invoice.period}`, CreationDate: utcDate(invoice.issuedOn?.toString() ?? `${invoice.period}-01`) },
    options.compress ?? true,
    (layout) => {
      layout.paragraph(seller.name, { font: FONT.bold, size: 14, color: COLOR.accent, after: 2 });
      if (seller.address) layout.paragraph(seller.address, { size: SIZE.small, color: COLOR.muted, after: 2 });
      if (seller.taxId) layout.paragraph(`Tax id ${seller.taxId}`, { size: SIZE.small, color: COLOR.muted });
      layout.space(18);
      layout.paragraph(`${title} ${reference}`, { font: FONT.bold, size: 22, color: COLOR.accent, after: 12 });
      layout.keyValues([
        ['Bill to', [billTo?.name ?? invoice.accountId, billTo?.taxId ? `tax id ${billTo.taxId}` : ''].filter(Boolean).join(', ')],
        ['Account', invoice.accountId + (invoice.billingEntityId ? ` / ${invoice.billingEntityId}` : '')],
        ['Billing month', invoice.period],
        ['Issued on', invoice.issuedOn ? longDate(invoice.issuedOn.toString()) : 'not issued: draft for review'],
        ...(invoice.dueOn ? [['Due on', longDate(invoice.dueOn.toString())] as const] : []),
        ...(options.creditedNumber ? [['Credits invoice', options.creditedNumber] as const] : []),
        ...(invoice.reason ? [['Reason', invoice.reason] as const] : []),
      ]);
      layout.space(12);
      const columns: Column[] = [
        { header: '#', weight: 0.4 },
        { header: 'Description', weight: 5 },
        { header: 'Quantity', weight: 1, align: 'right' },
        { header: 'Unit price', weight: 1.2, align: 'right' },
        { header: 'Amount', weight: 1.3, align: 'right' },
        { header: 'Tax', weight: 1.1, align: 'right' },
      ];
      const rows: Row[] = invoice.lines.map((line) => ({
        cells: [String(line.lineNumber), { main: line.description, sub: line.explanation.text }, line.quantity.toString(), line.unitPrice.toString(), line.amount.toString(), line.tax.toString()],
      }));
      rows.push({ cells: ['', 'Subtotal', '', '', '', invoice.subtotal.toString()], total: true });
      rows.push({ cells: ['', `${invoice.taxRule.name} ${invoice.taxRule.rate.toString()} %${invoice.taxRule.inclusive ? ' (included in prices)' : ''}`, '', '', '', invoice.tax.toString()], total: true });
      rows.push({ cells: ['', `Total ${invoice.currency}`, '', '', '', invoice.total.toString()], total: true });
      layout.table(columns, rows);
      layout.space(8);
      layout.paragraph(`Amounts in ${invoice.currency}. ${invoice.taxRule.explanation.text} Each line shows how it was calculated; daily proration counts both the first and the last day of a period.`, { size: SIZE.small, color: COLOR.muted });
      layout.footers(1, (page, pages) => `${seller.name} \u00b7 ${title} ${reference} \u00b7 Page ${page} of ${pages}`);
    },
  );
}
