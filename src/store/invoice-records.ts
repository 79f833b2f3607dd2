import { writeAudit } from './audit-log.ts';
import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type Explanation } from '../domain/explanation.ts';
import { type PricedLine } from '../domain/billing/invoice.ts';
import { type InvoiceLineKind } from '../domain/billing/model.ts';
import { type TaxRule } from '../domain/billing/tax.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type Schema } from './schema.ts';

/** A reviewer's change to a draft line, kept on the line. */
export interface LineAdjustment {
  readonly reason: string;
  readonly by: string;
  readonly at: string;
  /** The line before the change; absent for a line the reviewer added. */
  readonly was?: { readonly quantity: string; readonly unitPrice: string; readonly amount: string; readonly description: string };
}

export interface StoredLine extends PricedLine {
  readonly adjustment: LineAdjustment | null;
  readonly creditsLineNumber: number | null;
}

export interface StoredTax extends TaxRule {
  readonly explanation: Explanation;
}

/** The seller and the client as they were when the invoice was issued. */
export interface InvoiceParties {
  readonly seller: { readonly name: string; readonly address: string; readonly taxId: string };
  readonly billTo: { readonly accountId: string; readonly name: string; readonly billingEntityId: string | null; readonly country: string | null; readonly taxId: string | null };
}

export interface StoredInvoice {
  readonly id: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly status: 'draft' | 'issued';
  readonly number: string | null;
  readonly accountId: string;
  readonly billingEntityId: string | null;
  readonly period: string;
  readonly currency: string;
  readonly subtotal: Decimal;
  readonly tax: Decimal;
  readonly total: Decimal;
  readonly taxRule: StoredTax;
  readonly warnings: readonly string[];
  readonly creditsInvoiceId: string | null;
  readonly reason: string | null;
  readonly issuedOn: CalendarDate | null;
  readonly dueOn: CalendarDate | null;
  readonly issuedBy: string | null;
  readonly parties: InvoiceParties | null;
  readonly lines: readonly StoredLine[];
}

export type NewInvoice = Omit<StoredInvoice, 'status' | 'number' | 'issuedOn' | 'dueOn' | 'issuedBy' | 'parties'>;

export async function insertInvoice(db: Kysely<Schema>, organizationId: string, invoice: NewInvoice): Promise<void> {
  await db
    .insertInto('invoices')
    .values({
      organization_id: organizationId,
      id: invoice.id,
      kind: invoice.kind,
      status: 'draft',
      number: null,
      account_id: invoice.accountId,
      billing_entity_id: invoice.billingEntityId,
      period: invoice.period,
      currency: invoice.currency,
      subtotal: invoice.subtotal.toString(),
      tax: invoice.tax.toString(),
      total: invoice.total.toString(),
      tax_rule: JSON.stringify(invoice.taxRule),
      warnings: JSON.stringify(invoice.warnings),
      credits_invoice_id: invoice.creditsInvoiceId,
      reason: invoice.reason,
    })
    .execute();
  await insertLines(db, organizationId, invoice.id, invoice.lines);
}

async function insertLines(db: Kysely<Schema>, organizationId: string, invoiceId: string, lines: readonly StoredLine[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('invoice_lines')
    .values(
      lines.map((line) => ({
        organization_id: organizationId,
        invoice_id: invoiceId,
        line_number: line.lineNumber,
        subscription_id: line.subscriptionId,
        kind: line.kind,
        description: line.description,
        quantity: line.quantity.toString(),
        unit_price: line.unitPrice.toString(),
        amount: line.amount.toString(),
        net: line.net.toString(),
        tax: line.tax.toString(),
        gl_account: line.glAccount,
        service_start: line.serviceStart.toString(),
        service_end: line.serviceEnd.toString(),
        explanation: JSON.stringify(line.explanation),
        pricing: JSON.stringify(line.pricing),
        adjustment: line.adjustment ? JSON.stringify(line.adjustment) : null,
        credits_line_number: line.creditsLineNumber,
      })),
    )
    .execute();
}

/** Rewrites a draft's lines and totals (the database refuses it for an issued invoice). */
export async function replaceDraft(db: Kysely<Schema>, organizationId: string, invoice: NewInvoice): Promise<void> {
  await db.deleteFrom('invoice_lines').where('organization_id', '=', organizationId).where('invoice_id', '=', invoice.id).execute();
  await db
    .updateTable('invoices')
    .set({ subtotal: invoice.subtotal.toString(), tax: invoice.tax.toString(), total: invoice.total.toString(), tax_rule: JSON.stringify(invoice.taxRule) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoice.id)
    .where('status', '=', 'draft')
    .execute();
  await insertLines(db, organizationId, invoice.id, invoice.lines);
}

export async function deleteDrafts(db: Kysely<Schema>, organizationId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('invoices').where('organization_id', '=', organizationId).where('id', 'in', ids).where('status', '=', 'draft').execute();
}

export interface InvoiceFilter {
  readonly period?: string;
  readonly status?: 'draft' | 'issued';
  readonly accountId?: string;
  readonly kind?: 'invoice' | 'credit_note';
  readonly ids?: readonly string[];
}

/** Invoices with their lines, in number then id order. */
export async function loadInvoices(db: Kysely<Schema>, organizationId: string, filter: InvoiceFilter = {}): Promise<StoredInvoice[]> {
  if (filter.ids?.length === 0) return [];
  let query = db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId);
  if (filter.period) query = query.where('period', '=', filter.period);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.accountId) query = query.where('account_id', '=', filter.accountId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.ids) query = query.where('id', 'in', filter.ids);
  const invoices = await query.orderBy(sql`number NULLS LAST`).orderBy('id').execute();
  if (invoices.length === 0) return [];
  const lines = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', 'in', invoices.map((invoice) => invoice.id))
    .orderBy('invoice_id')
    .orderBy('line_number')
    .execute();
  const linesOf = new Map<string, StoredLine[]>();
  for (const line of lines) {
    const list = linesOf.get(line.invoice_id) ?? [];
    list.push({
      lineNumber: line.line_number,
      subscriptionId: line.subscription_id,
      kind: line.kind as InvoiceLineKind,
      description: line.description,
      quantity: Decimal.parse(line.quantity),
      unitPrice: Decimal.parse(line.unit_price),
      amount: Decimal.parse(line.amount),
      currency: '',
      net: Decimal.parse(line.net),
      tax: Decimal.parse(line.tax),
      glAccount: line.gl_account,
      serviceStart: CalendarDate.parse(line.service_start),
      serviceEnd: CalendarDate.parse(line.service_end),
      explanation: line.explanation as Explanation,
      pricing: line.pricing as Explanation,
      adjustment: line.adjustment as LineAdjustment | null,
      creditsLineNumber: line.credits_line_number,
    });
    linesOf.set(line.invoice_id, list);
  }
  return invoices.map((row) => {
    const taxRule = row.tax_rule as { name: string; rate: string; inclusive: boolean; rounding: 'line' | 'invoice'; explanation: Explanation };
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      number: row.number,
      accountId: row.account_id,
      billingEntityId: row.billing_entity_id,
      period: row.period,
      currency: row.currency,
      subtotal: Decimal.parse(row.subtotal),
      tax: Decimal.parse(row.tax),
      total: Decimal.parse(row.total),
      taxRule: { ...taxRule, rate: Decimal.parse(taxRule.rate) },
      warnings: row.warnings as string[],
      creditsInvoiceId: row.credits_invoice_id,
      reason: row.reason,
      issuedOn: row.issued_on ? CalendarDate.parse(row.issued_on) : null,
      dueOn: row.due_on ? CalendarDate.parse(row.due_on) : null,
      issuedBy: row.issued_by,
      parties: row.parties as InvoiceParties | null,
      lines: (linesOf.get(row.id) ?? []).map((line) => ({ ...line, currency: row.currency })),
    };
  });
}

/** An invoice by its id or, once issued, its number. */
export async function findInvoice(db: Kysely<Schema>, organizationId: string, idOrNumber: string): Promise<StoredInvoice | undefined> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((where) => where.or([where('id', '=', idOrNumber), where('number', '=', idOrNumber)]))
    .executeTakeFirst();
  return row ? (await loadInvoices(db, organizationId, { ids: [row.id] }))[0] : undefined;
}

/**
 * Takes the next number of a series. The upsert locks the series' row until
 * the transaction ends, so concurrent issuers queue and a rolled-back issue
 * leaves no gap.
 */
export async function takeNextNumber(db: Kysely<Schema>, organizationId: string, series: string): Promise<number> {
  const row = await db
    .insertInto('invoice_number_series')
    .values({ organization_id: organizationId, series, next_number: '2' })
    .onConflict((conflict) => conflict.columns(['organization_id', 'series']).doUpdateSet({ next_number: sql`invoice_number_series.next_number + 1` }))
    .returning('next_number')
    .executeTakeFirstOrThrow();
  return Number(row.next_number) - 1;
}

export async function markIssued(
  db: Kysely<Schema>,
  organizationId: string,
  id: string,
  issue: { readonly number: string; readonly issuedOn: CalendarDate; readonly dueOn: CalendarDate; readonly issuedBy: string; readonly parties: InvoiceParties },
): Promise<void> {
  const updated = await db
    .updateTable('invoices')
    .set({
      status: 'issued',
      number: issue.number,
      issued_on: issue.issuedOn.toString(),
      due_on: issue.dueOn.toString(),
      issued_by: issue.issuedBy,
      issued_at: sql<string>`now()`,
      parties: JSON.stringify(issue.parties),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  // Someone else issued it meanwhile: failing rolls the number back, so the series keeps no gap.
  if (updated.numUpdatedRows === 0n) throw new InvalidInputError(`invoice ${id} is no longer a draft`, 'invoice');
}

export async function audit(db: Kysely<Schema>, organizationId: string, actor: string, action: string, entityId: string, details: unknown): Promise<void> {
  await writeAudit(db, organizationId, actor, action, 'invoice', entityId, details);
}
