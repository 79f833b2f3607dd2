import { CalendarDate, daysInclusive } from '../calendar/date.ts';
import { groupBy } from '../group-by.ts';
import { Decimal } from '../money/decimal.ts';
import { type Coverage, type Finding, type InvoiceLine, type SeatFindingCategory, type MicrosoftCharge, type ReconciliationReport } from './model.ts';

export interface StandaloneInput {
  readonly charges: readonly MicrosoftCharge[];
  readonly invoiced: readonly InvoiceLine[];
  /** The days audited; by default the month the file invoices, within the invoice lines' span (see auditedDays). */
  readonly period?: { readonly start: CalendarDate; readonly end: CalendarDate };
}

/** Decimals kept while adding up a difference day by day, before the impact is rounded to cents. */
const WORKING_SCALE = 10;

/**
 * A quick audit with no setup: per subscription, the seats Microsoft billed
 * on each audited day against the seats invoiced, each difference
 * valued at the invoiced unit price (Microsoft's charge when nothing was
 * invoiced). What one file cannot judge is listed in the coverage, never
 * reported as a finding: customers with no invoice line at all (an audit
 * that cannot see their invoices must not invent undercharges), and
 * invoice lines for subscriptions the file does not bill (an annual term
 * is billed in another month; a cancelled one is not billed at all).
 */
export function reconcileStandalone(input: StandaloneInput): ReconciliationReport {
  const period = input.period ?? auditedDays(input.charges, input.invoiced);
  const inPeriod = input.charges.filter((charge) => overlaps(charge, period));
  const skipped = input.charges.filter((charge) => !overlaps(charge, period));
  const bySubscription = groupBy(inPeriod, (charge) => key(charge.subscriptionId));
  // Seats are read from charges in date order; a file's order within a day is kept (the sort is stable).
  for (const charges of bySubscription.values()) charges.sort((a, b) => a.start.compare(b.start));
  const customersInvoiced = new Set(input.invoiced.map((line) => key(line.customerId)));

  // Lines outside the period stay with their subscription: a line starting next month can explain a gap in this one.
  const linesBySubscription = new Map<string, InvoiceLine[]>();
  const unmappedLines: InvoiceLine[] = [];
  const bySku = subscriptionsBySku(bySubscription);
  let matchedInvoiceLines = 0;
  for (const line of input.invoiced) {
    const subscription = subscriptionOf(line, bySubscription, bySku);
    const inPeriodLine = overlaps(line, period);
    if (subscription === undefined) {
      if (inPeriodLine) unmappedLines.push(line);
      continue;
    }
    if (inPeriodLine) matchedInvoiceLines += 1;
    const lines = linesBySubscription.get(subscription);
    if (lines) lines.push(line);
    else linesBySubscription.set(subscription, [line]);
  }

  const findings: Finding[] = [];
  let matchedRows = 0;
  let matchedAmount = Decimal.ZERO;
  for (const [subscription, charges] of bySubscription) {
    const lines = linesBySubscription.get(subscription) ?? [];
    if (lines.some((line) => overlaps(line, period))) {
      matchedRows += charges.length;
      matchedAmount = charges.reduce((sum, charge) => sum.plus(charge.subtotal), matchedAmount);
    }
    const first = charges[0] as MicrosoftCharge;
    if (!customersInvoiced.has(key(first.customerId))) continue;
    findings.push(...subscriptionFindings(charges, lines, period));
  }

  const total = (charges: readonly MicrosoftCharge[]): Decimal => charges.reduce((sum, charge) => sum.plus(charge.subtotal), Decimal.ZERO);
  const billed = total(inPeriod);
  const billedCustomers = new Map(inPeriod.map((charge) => [key(charge.customerId), charge.customerId]));
  const coverage: Coverage = {
    period,
    microsoftRows: inPeriod.length,
    microsoftAmount: billed,
    matchedRows,
    matchedAmount,
    unmatchedRows: inPeriod.length - matchedRows,
    unmatchedAmount: billed.minus(matchedAmount),
    skippedRows: skipped.length,
    skippedAmount: total(skipped),
    invoiceLines: input.invoiced.length,
    matchedInvoiceLines,
    unmatchedInvoiceLines: unmappedLines.map((line) => ({ location: line.location, customerId: line.customerId, subscriptionId: line.subscriptionId ?? null, skuId: line.skuId ?? null })),
    customersWithoutInvoice: [...billedCustomers].filter(([customer]) => !customersInvoiced.has(customer)).map(([, id]) => id).sort(),
    nothingMatched: matchedRows === 0,
  };
  return { findings: findings.sort((a, b) => b.impact.compare(a.impact) || a.subscriptionId.localeCompare(b.subscriptionId)), coverage };
}

/** Seats on one day, from Microsoft and from the invoice, and the rows behind them. */
interface DaySeats {
  readonly microsoft: number;
  readonly invoiced: number;
  /** Microsoft's charge for one seat that day (the stating charge's subtotal spread over its days and seats). */
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
  // Named helpers, not closures: this runs once per subscription, a million times on a large month.
  const findings: Finding[] = [];
  let run: Stretch[] = [];
  let runStart = period.start;
  let runEnd = period.start;
  const audited = charges.map((charge) => ({ charge, until: auditedEnd(charge) }));
  // The seats change only where a charge or a line starts or ends: each stretch between is read once.
  for (const stretch of stretches(period, audited, lines)) {
    const covered = audited.some(({ charge, until }) => !stretch.start.isBefore(charge.start) && !stretch.start.isAfter(until));
    const seats = covered ? seatsOn(stretch.start, charges, lines) : undefined;
    const previous = run.at(-1)?.seats;
    if (previous && (!seats || previous.microsoft !== seats.microsoft || previous.invoiced !== seats.invoiced)) run = closeRun(findings, run, runStart, runEnd, lines);
    if (!seats || seats.microsoft === seats.invoiced) continue;
    if (run.length === 0) runStart = stretch.start;
    runEnd = stretch.end;
    run.push({ seats, days: daysInclusive(stretch.start, stretch.end) });
  }
  closeRun(findings, run, runStart, runEnd, lines);
  return findings;
}

/** Days in a row with the same seats on both sides. */
interface Stretch {
  readonly seats: DaySeats;
  readonly days: number;
}

/** A run of differing days becomes a finding; the next run starts empty. */
function closeRun(findings: Finding[], run: readonly Stretch[], from: CalendarDate, until: CalendarDate, lines: readonly InvoiceLine[]): Stretch[] {
  if (run.length > 0) findings.push(differenceFinding(run, from, until, lines));
  return [];
}

/** The period cut wherever a charge (or its audited part) or an invoice line starts or ends. */
function stretches(period: Period, audited: readonly { readonly charge: MicrosoftCharge; readonly until: CalendarDate }[], lines: readonly InvoiceLine[]): Period[] {
  const cuts = new Map<number, CalendarDate>([[period.start.epochDay, period.start]]);
  for (const { charge, until } of audited) {
    cutAt(cuts, period, charge.start);
    cutAt(cuts, period, charge.end.addDays(1));
    cutAt(cuts, period, until.addDays(1));
  }
  for (const line of lines) {
    cutAt(cuts, period, line.start);
    cutAt(cuts, period, line.end.addDays(1));
  }
  const starts = [...cuts.values()].sort((a, b) => a.compare(b));
  return starts.map((start, index) => ({ start, end: starts[index + 1]?.addDays(-1) ?? period.end }));
}

function cutAt(cuts: Map<number, CalendarDate>, period: Period, day: CalendarDate): void {
  if (day.isAfter(period.start) && !day.isAfter(period.end)) cuts.set(day.epochDay, day);
}

/** Charge types that move seats between subscriptions (an upgrade of part of them): they add or take away, rather than restate the quantity. */
const SEAT_MOVES: ReadonlySet<MicrosoftCharge['chargeType']> = new Set(['convert', 'moveQuantity']);

/**
 * Microsoft's seats on a day, from the charges covering it in date order: a
 * cycle, renewal or purchase charge states the quantity, and so does the
 * new-quantity half of a change (a change is billed as a credit of the old
 * quantity and a charge of the new one — and an annual term's base charge
 * sits in an earlier month's file); seats moved to another subscription are
 * taken away; a cancellation leaves none. The charge per seat and day is the
 * last stating charge's.
 */
function seatsOn(day: CalendarDate, charges: readonly MicrosoftCharge[], lines: readonly InvoiceLine[]): DaySeats | undefined {
  let seats = 0;
  let stating: MicrosoftCharge | undefined;
  let cancelled = false;
  const covering: MicrosoftCharge[] = [];
  for (const charge of charges) {
    if (day.isBefore(charge.start) || day.isAfter(charge.end)) continue;
    covering.push(charge);
    const credit = charge.subtotal.sign() < 0;
    if (charge.chargeType === 'cancelImmediate') {
      seats = 0;
      cancelled = true;
    } else if (SEAT_MOVES.has(charge.chargeType)) seats += credit ? -charge.quantity : charge.quantity;
    else if (!credit && charge.quantity > 0) {
      seats = charge.quantity;
      stating = charge;
    }
  }
  // Only seats moved or credited, against a quantity stated in an earlier month's file: this file cannot tell the day's seats.
  if (!stating && !cancelled) return undefined;
  const invoicedLines = lines.filter((line) => !day.isBefore(line.start) && !day.isAfter(line.end));
  return {
    microsoft: Math.max(seats, 0),
    invoiced: invoicedLines.reduce((sum, line) => sum + line.quantity, 0),
    microsoftSeatDay: stating ? divide(stating.subtotal, stating.quantity * daysInclusive(stating.start, stating.end)) : Decimal.ZERO,
    unitPrice: invoicedLines[0]?.unitPrice,
    extendedServiceTerm: stating?.chargeType === 'extendTerm',
    charges: covering,
    lines: invoicedLines,
  };
}

function differenceFinding(run: readonly Stretch[], from: CalendarDate, until: CalendarDate, lines: readonly InvoiceLine[]): Finding {
  const first = run[0]!.seats;
  const difference = first.microsoft - first.invoiced;
  const seats = Math.abs(difference);
  // Seats the invoice takes up only from the line's first full month: its partial first month was never invoiced.
  const unprorated = difference > 0 ? lines.find((line) => line.unproratedFrom?.equals(from) && until.isBefore(line.start)) : undefined;
  const category = unprorated ? 'proration_miscalculation' : categoryOf(first, lines.length > 0);
  const charge = first.charges[0];
  const priced = unprorated?.unitPrice ?? run.find((stretch) => stretch.seats.unitPrice !== undefined)?.seats.unitPrice;
  let impact = Decimal.ZERO;
  let explanation: string;
  let annualised: Decimal;
  if (priced) {
    impact = monthlyPriceOver(priced.timesInteger(seats), from, until);
    // A partial month missed once does not recur.
    annualised = unprorated ? Decimal.ZERO : priced.timesInteger(seats * 12);
    const source = unprorated ? `the price of ${unprorated.location}, which starts on ${unprorated.start.toString()} unprorated` : 'the invoiced unit price';
    explanation = `${seats} seats × ${priced.toString()} a month (${source}), prorated by day over ${from.toString()} – ${until.toString()} (${daysInclusive(from, until)} days)`;
  } else {
    for (const stretch of run) impact = impact.plus(stretch.seats.microsoftSeatDay.timesInteger(seats * stretch.days));
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
      microsoft: [...new Set(run.flatMap((stretch) => stretch.seats.charges.map(describeCharge)))],
      invoiced: [...new Set(run.flatMap((stretch) => stretch.seats.lines.map(describeLine)))],
    },
  };
}

function categoryOf(day: DaySeats, invoicedAtAll: boolean): SeatFindingCategory {
  if (day.microsoft > day.invoiced) {
    if (day.invoiced > 0) return 'untracked_seat_addition';
    if (day.extendedServiceTerm) return 'unexpected_est_not_invoiced';
    return invoicedAtAll ? 'untracked_seat_addition' : 'not_invoiced';
  }
  return day.microsoft <= 0 ? 'cancelled_still_billed' : 'downgrade_not_reflected';
}

const SUGGESTIONS: Readonly<Record<SeatFindingCategory, (seats: number) => string>> = {
  proration_miscalculation: (seats) => `invoice the partial month of the ${seats} seats from the day Microsoft started billing them, and prorate the agreement line`,
  untracked_seat_addition: (seats) => `add ${seats} seats to the client's agreement from the day Microsoft started billing them, and invoice the days missed`,
  downgrade_not_reflected: (seats) => `reduce the invoiced quantity by ${seats} seats from the day Microsoft's quantity fell, and credit the days overbilled`,
  cancelled_still_billed: () => 'end the agreement line on the day Microsoft cancelled the subscription, and credit the days invoiced since',
  not_invoiced: (seats) => `invoice the ${seats} seats Microsoft bills, or cancel the subscription if nobody uses it`,
  unexpected_est_not_invoiced: () => 'the subscription runs on in the Extended Service Term: invoice it, or cancel it and let the client choose a new term',
};

/** A monthly amount over some days: each day a 1/(days in its month) share. */
export function monthlyPriceOver(monthly: Decimal, from: CalendarDate, until: CalendarDate): Decimal {
  let total = Decimal.ZERO;
  // The same share for every day of a month: one division per month.
  for (let start = from; !start.isAfter(until); start = start.lastDayOfMonth().addDays(1)) {
    const end = until.isBefore(start.lastDayOfMonth()) ? until : start.lastDayOfMonth();
    total = total.plus(divide(monthly, start.daysInMonth()).timesInteger(daysInclusive(start, end)));
  }
  return total;
}

interface Period {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/**
 * The days a charge is audited on: a month at most from its start. A monthly
 * cycle running into next month is audited whole (next month's file starts
 * with the next cycle); an annual or triennial charge paid upfront, over its
 * first month — the rest of its term has no charge in any later file to
 * compare with, and invoices for months to come do not exist yet.
 */
function auditedEnd(charge: MicrosoftCharge): CalendarDate {
  const monthLater = charge.start.addMonths(1).addDays(-1);
  return charge.end.isBefore(monthLater) ? charge.end : monthLater;
}

/**
 * The month the file invoices (the calendar month most charges start in),
 * within the span of the invoice lines. Days of next month stay out even
 * when a cycle runs into them: next month's file may change their seats.
 */
function auditedDays(charges: readonly MicrosoftCharge[], invoiced: readonly InvoiceLine[]): Period {
  const counts = new Map<string, number>();
  for (const charge of charges) {
    const month = charge.start.toString().slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  const [month] = [...counts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))[0] ?? [];
  if (!month) throw new RangeError('no Microsoft charge to reconcile');
  const start = CalendarDate.parse(`${month}-01`);
  const end = start.lastDayOfMonth();
  if (invoiced.length === 0) return { start, end };
  const invoicedFrom = invoiced.reduce((earliest, line) => (line.start.isBefore(earliest) ? line.start : earliest), end);
  const invoicedUntil = invoiced.reduce((latest, line) => (line.end.isAfter(latest) ? line.end : latest), start);
  const from = invoicedFrom.isAfter(start) ? invoicedFrom : start;
  const until = invoicedUntil.isBefore(end) ? invoicedUntil : end;
  return until.isBefore(from) ? { start, end } : { start: from, end: until };
}

/** The subscriptions of each customer and SKU, for invoice lines that name no subscription. */
function subscriptionsBySku(bySubscription: ReadonlyMap<string, readonly MicrosoftCharge[]>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const [subscription, charges] of bySubscription) {
    for (const charge of charges) {
      if (charge.skuId === undefined) continue;
      const skuKey = `${key(charge.customerId)} ${key(charge.skuId)}`;
      const subscriptions = index.get(skuKey) ?? new Set<string>();
      subscriptions.add(subscription);
      index.set(skuKey, subscriptions);
    }
  }
  return index;
}

/** A line's subscription: the one it names, or the customer's only subscription of its SKU. */
function subscriptionOf(line: InvoiceLine, bySubscription: ReadonlyMap<string, readonly MicrosoftCharge[]>, bySku: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  if (line.subscriptionId) return bySubscription.has(key(line.subscriptionId)) ? key(line.subscriptionId) : undefined;
  if (!line.skuId) return undefined;
  const candidates = bySku.get(`${key(line.customerId)} ${key(line.skuId)}`);
  return candidates?.size === 1 ? [...candidates][0] : undefined;
}

function overlaps(item: { readonly start: CalendarDate; readonly end: CalendarDate }, period: Period): boolean {
  return !item.end.isBefore(period.start) && !item.start.isAfter(period.end);
}

function divide(value: Decimal, by: number): Decimal {
  return Decimal.ratio(value.units, BigInt(by) * 10n ** BigInt(value.scale), WORKING_SCALE, 'halfEven');
}

const key = (id: string): string => id.trim().toLowerCase();

function describeCharge(charge: MicrosoftCharge): string {
  return `${charge.location}: ${charge.chargeType} ${charge.quantity} × ${charge.productName ?? charge.skuId ?? ''} ${charge.start.toString()} – ${charge.end.toString()} = ${charge.subtotal.toString()}${charge.currency ? ` ${charge.currency}` : ''}`;
}

function describeLine(line: InvoiceLine): string {
  return `${line.location}: ${line.quantity} × ${line.unitPrice.toString()} ${line.description ?? line.skuId ?? ''} ${line.start.toString()} – ${line.end.toString()} = ${line.amount.toString()}`;
}
