import { basename } from 'node:path';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type InvoiceLine, type MicrosoftCharge, type ReconciliationReport } from '../../domain/reconcile/model.ts';
import { reconcileStandalone } from '../../domain/reconcile/standalone.ts';
import { invoiceLinesFormat } from '../../imports/invoices/invoice-lines-format.ts';
import { type PsaRow, psaFormat } from '../../imports/psa/psa-format.ts';
import { type ReconRow, reconFormat } from '../../imports/recon/recon-format.ts';
import { type ImportFormat } from '../imports/import-format.ts';
import { type BadRow, MissingColumnsError, readRows } from '../imports/read-rows.ts';
import { psaInvoiceLines } from './psa-invoice-lines.ts';
import { ImportRejectedError, LISTED_REJECTS } from '../imports/run-import.ts';

export interface ReconcileFilesRequest {
  /** Microsoft's reconciliation file. */
  readonly recon: string;
  /** What was invoiced: invoice lines (docs/import-formats.md "invoice lines") or a PSA export. */
  readonly invoices: string;
  /** The month audited (YYYY-MM); by default every day both files cover. */
  readonly period?: string;
}

/**
 * The quick audit with no setup: two files in, the report out, nothing
 * stored. Both files are read whole before anything is compared, and a bad
 * row in either refuses the audit (every bad row listed, by file and line).
 * Rows without a subscription or charge dates (credits, adjustments) cannot
 * be placed on days and are left out.
 */
export async function reconcileFiles(request: ReconcileFilesRequest): Promise<FilesReconciliation> {
  const period = request.period === undefined ? undefined : monthOf(request.period);
  const bad: { location: string; reason: string }[] = [];
  // Microsoft's 46-column rows become compact charges as they are read: a month's file can hold a million of them.
  const charges: MicrosoftCharge[] = [];
  const recon = basename(request.recon);
  let notPlaced = { rows: 0, amount: Decimal.ZERO };
  await readRows(
    request.recon,
    reconFormat,
    (row, record) => {
      const charge = chargeOf(row, `${recon} ${record.location}`);
      if (charge) charges.push(charge);
      else notPlaced = { rows: notPlaced.rows + 1, amount: notPlaced.amount.plus(Decimal.parse(row.subtotal)) };
    },
    refuseInto(bad, recon),
  );
  const invoicesRead = await readInvoices(request.invoices, bad);
  if (bad.length > 0) throw new ImportRejectedError(bad.slice(0, LISTED_REJECTS), bad.length);
  if (charges.length === 0) throw new InvalidInputError(`${basename(request.recon)}: no row has a subscription and charge dates: nothing to reconcile`);
  const invoiced =
    invoicesRead.format === 'invoice lines'
      ? { lines: invoicesRead.rows.map(({ row, location }) => ({ ...row, location })), notMicrosoft: 0, notBilled: 0 }
      : psaInvoiceLines(invoicesRead.rows, charges);
  const report = reconcileStandalone({ charges, invoiced: invoiced.lines, ...(period ? { period } : {}) });
  return {
    ...report,
    microsoftRowsNotPlaced: notPlaced,
    invoices: { format: invoicesRead.format, linesRead: invoicesRead.rows.length, notMicrosoft: invoiced.notMicrosoft, notBilled: invoiced.notBilled },
  };
}

/** The report, and how the files were read. */
export interface FilesReconciliation extends ReconciliationReport {
  /** Microsoft rows without a subscription or charge dates (credits, adjustments): not compared. */
  readonly microsoftRowsNotPlaced: { readonly rows: number; readonly amount: Decimal };
  readonly invoices: {
    readonly format: 'invoice lines' | 'PSA export';
    readonly linesRead: number;
    /** PSA lines naming no subscription (the MSP's own services): not compared. */
    readonly notMicrosoft: number;
    /** PSA lines not billed to the client (DoNotBill, NoCharge). */
    readonly notBilled: number;
  };
}

type InvoicesRead = { readonly format: 'invoice lines'; readonly rows: { row: InvoiceLine; location: string }[] } | { readonly format: 'PSA export'; readonly rows: { row: PsaRow; location: string }[] };

/** Invoice lines, or a ConnectWise / Autotask export (told apart by their columns). */
async function readInvoices(path: string, bad: { location: string; reason: string }[]): Promise<InvoicesRead> {
  try {
    return { format: 'invoice lines', rows: await readAll(path, invoiceLinesFormat, bad) };
  } catch (error) {
    if (!(error instanceof MissingColumnsError)) throw error;
  }
  try {
    return { format: 'PSA export', rows: await readAll(path, psaFormat, bad) };
  } catch (error) {
    if (!(error instanceof MissingColumnsError)) throw error;
    throw new InvalidInputError(
      `${basename(path)} is neither invoice lines (CustomerId, SubscriptionId, SkuId, ChargeStartDate, ChargeEndDate, Quantity, UnitPrice, Amount) nor a PSA export (ConnectWise agreement additions or Autotask contract services)`,
    );
  }
}

async function readAll<Row>(path: string, format: ImportFormat<Row>, bad: { location: string; reason: string }[]): Promise<{ row: Row; location: string }[]> {
  const rows: { row: Row; location: string }[] = [];
  const file = basename(path);
  await readRows(
    path,
    format,
    (row, record) => {
      rows.push({ row, location: `${file} ${record.location}` });
    },
    refuseInto(bad, file),
  );
  return rows;
}

/** Collects a file's bad rows, named by file and line, so that both files' are listed together. */
function refuseInto(bad: { location: string; reason: string }[], file: string): (row: BadRow) => void {
  return (row) => bad.push({ location: `${file} ${row.location}`, reason: row.reason });
}

/** A reconciliation row as a dated charge, when it can be placed on days. */
function chargeOf(row: ReconRow, location: string): MicrosoftCharge | undefined {
  if (!row.subscriptionId || !row.customerId || !row.chargeStart || !row.chargeEnd) return undefined;
  return {
    location,
    customerId: row.customerId,
    customerName: row.customerName,
    subscriptionId: row.subscriptionId,
    skuId: row.skuId,
    productName: row.productName,
    chargeType: row.chargeType,
    start: CalendarDate.parse(row.chargeStart),
    end: CalendarDate.parse(row.chargeEnd),
    quantity: Number(row.billableQuantity ?? row.quantity ?? '0'),
    subtotal: Decimal.parse(row.subtotal),
    currency: row.currency,
  };
}

function monthOf(text: string): { start: CalendarDate; end: CalendarDate } {
  if (!/^\d{4}-\d{2}$/.test(text)) throw new InvalidInputError(`--period "${text}" is not a month in the form YYYY-MM`, 'period');
  const start = CalendarDate.parse(`${text}-01`);
  return { start, end: start.lastDayOfMonth() };
}
