import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type InvoiceLine, type MicrosoftCharge } from '../../domain/reconcile/model.ts';
import { type PsaRow } from '../../imports/psa/psa-format.ts';

const SUBSCRIPTION_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface PsaInvoiceLines {
  readonly lines: InvoiceLine[];
  /** Billable lines that name no subscription at all (the MSP's own services, other vendors). */
  readonly notMicrosoft: number;
  /** Lines the PSA does not bill the client for (DoNotBill, NoCharge). */
  readonly notBilled: number;
}

/**
 * A PSA export as invoice lines. A line belongs to the Microsoft
 * subscription whose id its description or product names (as PSA syncs and
 * careful MSPs write them), and to that subscription's customer; a line
 * naming a subscription Microsoft's file does not bill keeps the name, to be
 * reported as matching none. It invoices
 * from its effective date — or, when ConnectWise does not prorate it, from
 * the next month, the partial month going uninvoiced — to its cancelled
 * date, or for as long as Microsoft's file charges when it is open. Its unit
 * price is the client's monthly price (its amount: a month of it).
 */
export function psaInvoiceLines(rows: readonly { row: PsaRow; location: string }[], charges: readonly MicrosoftCharge[]): PsaInvoiceLines {
  const customerOf = new Map(charges.map((charge) => [charge.subscriptionId.toLowerCase(), charge]));
  const lastCharged = charges.reduce<CalendarDate | undefined>((latest, charge) => (!latest || charge.end.isAfter(latest) ? charge.end : latest), undefined);
  const lines: InvoiceLine[] = [];
  let notMicrosoft = 0;
  let notBilled = 0;
  for (const { row, location } of rows) {
    if (!row.billCustomer) {
      notBilled += 1;
      continue;
    }
    const named = [...`${row.description ?? ''} ${row.product}`.matchAll(SUBSCRIPTION_ID)].map((match) => match[0].toLowerCase());
    const charge = named.map((id) => customerOf.get(id)).find((found) => found !== undefined);
    if (named.length === 0 || !row.effectiveDate || !lastCharged) {
      notMicrosoft += 1;
      continue;
    }
    const unprorated = row.prorate === false && row.effectiveDate.day !== 1;
    const start = unprorated ? row.effectiveDate.lastDayOfMonth().addDays(1) : row.effectiveDate;
    const end = row.cancelledDate ?? lastCharged;
    if (end.isBefore(start)) continue;
    const quantity = Number(row.quantity.round(0, 'truncate').toString());
    // A subscription Microsoft's file does not bill stays named: the line is reported as matching none.
    lines.push({
      location,
      customerId: charge?.customerId ?? row.companyId ?? row.contractId,
      subscriptionId: charge?.subscriptionId ?? named[0],
      skuId: charge?.skuId,
      description: row.description ?? row.product,
      start,
      end,
      quantity,
      unitPrice: row.unitPrice,
      amount: row.unitPrice.timesInteger(quantity).round(2, 'halfUp'),
      ...(unprorated ? { unproratedFrom: row.effectiveDate } : {}),
    });
  }
  return { lines, notMicrosoft, notBilled };
}
