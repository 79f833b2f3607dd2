import { CalendarDate, daysInclusive } from '../calendar/date.ts';
import { Decimal } from '../money/decimal.ts';
import { type Coverage, type Finding, type FindingCategory, type InvoiceLine, type MicrosoftCharge, type ReconciliationReport } from './model.ts';

export interface StandaloneInput {
  readonly charges: readonly MicrosoftCharge[];
  readonly invoiced: readonly InvoiceLine[];
  /** The days audited; by default the calendar month most of Microsoft's charges start in. */
  readonly period?: { readonly start: CalendarDate; readonly end: CalendarDate };
}

/** Decimals kept while adding up a difference day by day, before the impact is rounded to cents. */
const WORKING_SCALE = 10;

/**
 * A quick audit with no setup: per subscription, the seats Microsoft billed
 * on each day of the period against the seats invoiced, each difference
 * valued at the invoiced unit price (Microsoft's charge when nothing was
 * invoiced). Customers with no invoice line at all get no finding — an audit
 * that cannot see their invoices must not invent undercharges — and are
 * listed in the coverage instead.
 */
export function reconcileStandalone(input: StandaloneInput): ReconciliationReport {
  const period = input.period ?? billingMonthOf(input.charges);
  const inPeriod = input.charges.filter((charge) => overlaps(charge, period));
  const skipped = input.charges.filter((charge) => !overlaps(charge, period));
  const bySubscription = groupBy(inPeriod, (charge) => key(charge.subscriptionId));
  const customersInvoiced = new Set(input.invoiced.map((line) => key(line.customerId)));

  const linesBySubscription = new Map<string, InvoiceLine[]>();
  const unmappedLines: InvoiceLine[] = [];
  for (const line of input.invoiced) {
    if (!overlaps(line, period)) continue;
    const subscription = subscriptionOf(line, bySubscription);
    if (subscription === undefined) unmappedLines.push(line);
    else linesBySubscription.set(subscription, [...(linesBySubscription.get(subscription) ?? []), line]);
  }

  const findings: Finding[] = [];
  let matchedRows = 0;
  let matchedAmount = Decimal.ZERO;
  for (const [subscription, charges] of bySubscription) {
    const lines = linesBySubscription.get(subscription) ?? [];
    if (lines.length > 0) {
      matchedRows += charges.length;
      matchedAmount = charges.reduce((sum, charge) => sum.plus(charge.subtotal), matchedAmount);
    }
    const first = charges[0] as MicrosoftCharge;
    if (!customersInvoiced.has(key(first.customerId))) continue;
    findings.push(...subscriptionFindings(charges, lines, period));
  }
  for (const line of unmappedLines) findings.push(unmappedInvoiceFinding(line, period));

  const total = (charges: readonly MicrosoftCharge[]): Decimal => charges.reduce((sum, charge) => sum.plus(charge.subtotal), Decimal.ZERO);
  const billedCustomers = new Map(inPeriod.map((charge) => [key(charge.customerId), charge.customerId]));
  const coverage: Coverage = {
    period,
    microsoftRows: inPeriod.length,
    microsoftAmount: total(inPeriod),
    matchedRows,
    matchedAmount,
    unmatchedRows: inPeriod.length - matchedRows,
    unmatchedAmount: total(inPeriod).minus(matchedAmount),
    skippedRows: skipped.length,
    skippedAmount: total(skipped),
    invoiceLines: input.invoiced.length,
    matchedInvoiceLines: [...linesBySubscription.values()].reduce((sum, lines) => sum + lines.length, 0),
    customersWithoutInvoice: [...billedCustomers].filter(([customer]) => !customersInvoiced.has(customer)).map(([, id]) => id).sort(),
    nothingMatched: matchedRows === 0,
  };
  return { findings: findings.sort((a, b) => b.impact.compare(a.impact) || a.subscriptionId.localeCompare(b.subscriptionId)), coverage };
}

/** Seats on one day, from Microsoft and from the invoice, and the rows behind them. */
interface DaySeats {
  readonly microsoft: number;
  readonly invoiced: number;
  /** Microsoft's charge for one seat that day (its rows' subtotal spread over their days and seats). */
  readonly microsoftSeatDay: Decimal;
  readonly unitPrice: Decimal | undefined;
  readonly extendedServiceTerm: boolean;
  readonly charges: readonly MicrosoftCharge[];
  readonly lines: readonly InvoiceLine[];
}

/**
 * Days are compared only where this file has Microsoft charges for the
 * subscription: a monthly cycle that started last month was billed in last
 * month's file, and an annual term's later months are not invoiced yet.
 */
function subscriptionFindings(charges: readonly MicrosoftCharge[], lines: readonly InvoiceLine[], period: Period): Finding[] {
  const findings: Finding[] = [];
  let run: DaySeats[] = [];
  let runStart = period.start;
  let runEnd = period.start;
  const flush = (): void => {
    if (run.length > 0) findings.push(differenceFinding(run, runStart, runEnd, lines.length > 0));
    run = [];
  };
  for (let day = period.start; !day.isAfter(period.end); day = day.addDays(1)) {
    const seats = charges.some((charge) => !day.isBefore(charge.start) && !day.isAfter(charge.end)) ? seatsOn(day, charges, lines) : undefined;
    const previous = run.at(-1);
    if (previous && (!seats || previous.microsoft !== seats.microsoft || previous.invoiced !== seats.invoiced)) flush();
    if (!seats || seats.microsoft === seats.invoiced) continue;
    if (run.length === 0) runStart = day;
    runEnd = day;
    run.push(seats);
  }
  flush();
  return findings;
}

function seatsOn(day: CalendarDate, charges: readonly MicrosoftCharge[], lines: readonly InvoiceLine[]): DaySeats {
  let microsoft = 0;
  let microsoftSeatDay = Decimal.ZERO;
  let extendedServiceTerm = false;
  const covering: MicrosoftCharge[] = [];
  for (const charge of charges) {
    if (day.isBefore(charge.start) || day.isAfter(charge.end) || charge.quantity === 0) continue;
    const sign = charge.subtotal.sign() < 0 ? -1 : 1;
    microsoft += sign * charge.quantity;
    covering.push(charge);
    if (sign > 0) {
      microsoftSeatDay = microsoftSeatDay.plus(divide(charge.subtotal, charge.quantity * daysInclusive(charge.start, charge.end)));
      extendedServiceTerm ||= charge.chargeType === 'extendTerm';
    }
  }
  const invoicedLines = lines.filter((line) => !day.isBefore(line.start) && !day.isAfter(line.end));
  return {
    microsoft,
    invoiced: invoicedLines.reduce((sum, line) => sum + line.quantity, 0),
    microsoftSeatDay,
    unitPrice: invoicedLines[0]?.unitPrice,
    extendedServiceTerm,
    charges: covering,
    lines: invoicedLines,
  };
}

function differenceFinding(run: readonly DaySeats[], from: CalendarDate, until: CalendarDate, invoicedAtAll: boolean): Finding {
  const first = run[0] as DaySeats;
  const difference = first.microsoft - first.invoiced;
  const seats = Math.abs(difference);
  const category = categoryOf(first, invoicedAtAll);
  const charge = first.charges[0];
  const priced = run.find((day) => day.unitPrice !== undefined)?.unitPrice;
  let impact = Decimal.ZERO;
  let explanation: string;
  let annualised: Decimal;
  if (priced) {
    // A month of the invoiced price per seat, prorated by day within each calendar month.
    for (let day = from; !day.isAfter(until); day = day.addDays(1)) impact = impact.plus(divide(priced.timesInteger(seats), day.daysInMonth()));
    annualised = priced.timesInteger(seats * 12);
    explanation = `${seats} seats × ${priced.toString()} a month (the invoiced unit price), prorated by day over ${from.toString()} – ${until.toString()} (${daysInclusive(from, until)} days)`;
  } else {
    for (const day of run) impact = impact.plus(day.microsoftSeatDay.timesInteger(seats));
    const perDay = first.microsoftSeatDay.round(4, 'halfUp');
    annualised = first.microsoftSeatDay.timesInteger(seats * 365);
    explanation = `${seats} seats × Microsoft's charge per seat and day (${perDay.toString()}: the rows' subtotal over their days and seats), over ${from.toString()} – ${until.toString()} (${daysInclusive(from, until)} days); nothing was invoiced to price it at`;
  }
  const direction = difference > 0 ? 'underbilled' : 'overbilled';
  return {
    category,
    customerId: charge?.customerId ?? first.lines[0]?.customerId ?? '',
    subscriptionId: charge?.subscriptionId ?? first.lines[0]?.subscriptionId ?? '',
    productName: charge?.productName ?? first.lines[0]?.description,
    from,
    until,
    microsoftSeats: first.microsoft,
    invoicedSeats: first.invoiced,
    direction,
    impact: impact.round(2, 'halfUp'),
    annualised: annualised.round(2, 'halfUp'),
    currency: charge?.currency,
    explanation,
    suggestion: SUGGESTIONS[category](seats),
    evidence: {
      microsoft: [...new Set(run.flatMap((day) => day.charges.map(describeCharge)))],
      invoiced: [...new Set(run.flatMap((day) => day.lines.map(describeLine)))],
    },
  };
}

function categoryOf(day: DaySeats, invoicedAtAll: boolean): FindingCategory {
  if (day.microsoft > day.invoiced) {
    if (day.invoiced > 0) return 'untracked_seat_addition';
    if (day.extendedServiceTerm) return 'unexpected_est_not_invoiced';
    return invoicedAtAll ? 'untracked_seat_addition' : 'not_invoiced';
  }
  return day.microsoft <= 0 ? 'cancelled_still_billed' : 'downgrade_not_reflected';
}

const SUGGESTIONS: Readonly<Record<FindingCategory, (seats: number) => string>> = {
  untracked_seat_addition: (seats) => `add ${seats} seats to the client's agreement from the day Microsoft started billing them, and invoice the days missed`,
  downgrade_not_reflected: (seats) => `reduce the invoiced quantity by ${seats} seats from the day Microsoft's quantity fell, and credit the days overbilled`,
  cancelled_still_billed: () => 'end the agreement line on the day Microsoft cancelled the subscription, and credit the days invoiced since',
  not_invoiced: (seats) => `invoice the ${seats} seats Microsoft bills, or cancel the subscription if nobody uses it`,
  unexpected_est_not_invoiced: () => 'the subscription runs on in the Extended Service Term: invoice it, or cancel it and let the client choose a new term',
  unmapped_invoice: () => "name the Microsoft subscription this line invoices (or stop invoicing it if Microsoft no longer bills it)",
};

function unmappedInvoiceFinding(line: InvoiceLine, period: Period): Finding {
  const from = line.start.isBefore(period.start) ? period.start : line.start;
  const until = line.end.isAfter(period.end) ? period.end : line.end;
  const days = daysInclusive(from, until);
  const share = divide(line.amount.timesInteger(days), daysInclusive(line.start, line.end));
  return {
    category: 'unmapped_invoice',
    customerId: line.customerId,
    subscriptionId: line.subscriptionId ?? '',
    productName: line.description,
    from,
    until,
    microsoftSeats: 0,
    invoicedSeats: line.quantity,
    direction: 'overbilled',
    impact: share.round(2, 'halfUp'),
    annualised: line.unitPrice.timesInteger(line.quantity * 12).round(2, 'halfUp'),
    currency: undefined,
    explanation: `the line's amount ${line.amount.toString()} for the ${days} of its ${daysInclusive(line.start, line.end)} days inside the period; Microsoft billed no subscription it matches`,
    suggestion: SUGGESTIONS.unmapped_invoice(line.quantity),
    evidence: { microsoft: [], invoiced: [describeLine(line)] },
  };
}

interface Period {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/** The calendar month most charges start in (the month the reconciliation file invoices). */
function billingMonthOf(charges: readonly MicrosoftCharge[]): Period {
  const counts = new Map<string, number>();
  for (const charge of charges) {
    const month = charge.start.toString().slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  const [month] = [...counts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))[0] ?? [];
  if (!month) throw new RangeError('no Microsoft charge to reconcile');
  const start = CalendarDate.parse(`${month}-01`);
  return { start, end: start.lastDayOfMonth() };
}

function subscriptionOf(line: InvoiceLine, bySubscription: ReadonlyMap<string, readonly MicrosoftCharge[]>): string | undefined {
  if (line.subscriptionId) return bySubscription.has(key(line.subscriptionId)) ? key(line.subscriptionId) : undefined;
  if (!line.skuId) return undefined;
  const candidates = [...bySubscription].filter(([, charges]) => charges.some((charge) => key(charge.customerId) === key(line.customerId) && charge.skuId !== undefined && key(charge.skuId) === key(line.skuId as string)));
  return candidates.length === 1 ? candidates[0]?.[0] : undefined;
}

function overlaps(item: { readonly start: CalendarDate; readonly end: CalendarDate }, period: Period): boolean {
  return !item.end.isBefore(period.start) && !item.start.isAfter(period.end);
}

function divide(value: Decimal, by: number): Decimal {
  return Decimal.ratio(value.units, BigInt(by) * 10n ** BigInt(value.scale), WORKING_SCALE, 'halfEven');
}

const key = (id: string): string => id.trim().toLowerCase();

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

function describeCharge(charge: MicrosoftCharge): string {
  return `${charge.location}: ${charge.chargeType} ${charge.quantity} × ${charge.productName ?? charge.skuId ?? ''} ${charge.start.toString()} – ${charge.end.toString()} = ${charge.subtotal.toString()}${charge.currency ? ` ${charge.currency}` : ''}`;
}

function describeLine(line: InvoiceLine): string {
  return `${line.location}: ${line.quantity} × ${line.unitPrice.toString()} ${line.description ?? line.skuId ?? ''} ${line.start.toString()} – ${line.end.toString()} = ${line.amount.toString()}`;
}
