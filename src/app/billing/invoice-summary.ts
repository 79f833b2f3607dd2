import { type NewInvoice, type StoredInvoice } from '../../store/invoice-records.ts';

/** An invoice in a list: who, how much, in what state. */
export interface InvoiceSummary {
  readonly id: string;
  readonly number: string | null;
  readonly kind: 'invoice' | 'credit_note';
  readonly status: 'draft' | 'issued';
  readonly accountId: string;
  readonly billingEntityId: string | null;
  readonly period: string;
  readonly currency: string;
  readonly lines: number;
  readonly subtotal: string;
  readonly tax: string;
  readonly total: string;
  readonly issuedOn: string | null;
  readonly dueOn: string | null;
  readonly warnings: readonly string[];
}

export function summarize(invoice: Pick<StoredInvoice, 'id' | 'number' | 'kind' | 'status' | 'accountId' | 'billingEntityId' | 'period' | 'currency' | 'lines' | 'subtotal' | 'tax' | 'total' | 'issuedOn' | 'dueOn' | 'warnings'>): InvoiceSummary {
  return {
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    status: invoice.status,
    accountId: invoice.accountId,
    billingEntityId: invoice.billingEntityId,
    period: invoice.period,
    currency: invoice.currency,
    lines: invoice.lines.length,
    subtotal: invoice.subtotal.toString(),
    tax: invoice.tax.toString(),
    total: invoice.total.toString(),
    issuedOn: invoice.issuedOn?.toString() ?? null,
    dueOn: invoice.dueOn?.toString() ?? null,
    warnings: invoice.warnings,
  };
}

/** A draft just written (not numbered, not dated). */
export function summarizeDraft(invoice: NewInvoice): InvoiceSummary {
  return summarize({ ...invoice, status: 'draft', number: null, issuedOn: null, dueOn: null });
}
