import { type CalendarDate, daysInclusive } from '../../domain/calendar/date.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { invoicesAfter, monthKey } from './calendar.ts';
import { type SubscriptionHistory } from './history.ts';
import { type LeakKind } from './leak-kinds.ts';
import { type PlantedLeak } from './portfolio.ts';
import { honestLines, mixedUpLine, type PsaLicenceLine } from './psa.ts';
import { type DemoPriceList } from './price-list.ts';

/** One planted leak as leakages.json lists it: what a reconciliation should find, and what it is worth. */
export interface LeakageEntry {
  readonly id: string;
  readonly kind: LeakKind;
  readonly client: string;
  /** The account the contract list gives the client (in a database without other accounts). */
  readonly account: string;
  readonly tenantId: string;
  readonly psaCompanyId: string;
  readonly subscriptionId: string;
  readonly product: string;
  /** The day of the change the PSA missed. */
  readonly date: string;
  /** Its month (YYYY-MM). */
  readonly month: string;
  /** `underbilled`: the MSP invoices less than Microsoft's charges imply (revenue lost); `overbilled`: the client is invoiced for more than it has (a dispute waiting). */
  readonly direction: 'underbilled' | 'overbilled';
  readonly currency: 'USD';
  /** The difference on each monthly invoice, at the client's prices (0 for a one-off). */
  readonly monthlyImpact: string;
  /** Invoices affected through the as-of day (the 1sts of the months after the change; for the EST, the months of EST billed). */
  readonly invoices: number;
  /** Expected money impact through the as-of day. */
  readonly impactToDate: string;
  /** What Microsoft bills and what the PSA invoices, on the as-of day (or the day of the change). */
  readonly microsoft: { readonly quantity: number; readonly unitCost: string };
  readonly psa: { readonly quantity: number; readonly unitPrice: string };
  readonly description: string;
}

/** The manifest entry of a planted leak, its impact computed from the billing history and the client's prices. */
export function leakageEntry(id: string, leak: PlantedLeak, history: SubscriptionHistory, prices: DemoPriceList, asOf: CalendarDate): LeakageEntry {
  const { client } = leak;
  const honest = honestLines(history, client);
  const at = (day: CalendarDate): PsaLicenceLine => {
    const line = honest.find((candidate) => !candidate.from.isAfter(day) && (!candidate.to || !candidate.to.isBefore(day))) ?? honest.at(-1);
    if (!line) throw new Error(`subscription ${history.id} was never billed`);
    return line;
  };
  const base = {
    id,
    kind: leak.kind,
    client: client.name.name,
    account: client.accountId,
    tenantId: client.tenant.id,
    psaCompanyId: client.psa.companyId,
    subscriptionId: history.id,
    date: leak.date.toString(),
    month: monthKey(leak.date),
    currency: 'USD' as const,
  };
  const money = (value: Decimal): string => value.round(2, 'halfUp').toString();
  const recurring = (line: PsaLicenceLine, seats: number, invoices: number, direction: LeakageEntry['direction'], psaQuantity: number, description: string): LeakageEntry => {
    const monthly = line.unitPrice.timesInteger(seats);
    return {
      ...base,
      product: line.product,
      direction,
      monthlyImpact: money(monthly),
      invoices,
      impactToDate: money(monthly.timesInteger(invoices)),
      microsoft: { quantity: line.quantity, unitCost: money(line.unitCost) },
      psa: { quantity: psaQuantity, unitPrice: money(line.unitPrice) },
      description,
    };
  };
  switch (leak.kind) {
    case 'untracked_seat_addition': {
      const line = at(asOf);
      return recurring(line, leak.seats, invoicesAfter(leak.date, asOf), 'underbilled', line.quantity - leak.seats,
        `${leak.seats} seats added in Partner Center on ${leak.date.toString()} never reached the PSA: Microsoft bills ${line.quantity}, the client is invoiced for ${line.quantity - leak.seats}`);
    }
    case 'cancelled_still_billed': {
      const line = at(leak.date.addDays(-1));
      return recurring(line, line.quantity, invoicesAfter(leak.date, asOf), 'overbilled', line.quantity,
        `cancelled in Partner Center on ${leak.date.toString()} (inside its 7-day window) but the PSA addition was never closed: the client is still invoiced for ${line.quantity} seats`);
    }
    case 'downgrade_not_reflected': {
      const line = at(asOf);
      return recurring(line, leak.seats, invoicesAfter(leak.date, asOf), 'overbilled', line.quantity + leak.seats,
        `renewed on ${leak.date.toString()} with ${leak.seats} fewer seats (scheduled next-term quantity) but the PSA still invoices ${line.quantity + leak.seats}`);
    }
    case 'sku_mix_error': {
      const line = at(asOf);
      const wrong = mixedUpLine(line, client, prices);
      const difference = line.unitPrice.minus(wrong.unitPrice);
      const direction = difference.sign() >= 0 ? 'underbilled' : 'overbilled';
      const monthly = difference.abs().timesInteger(line.quantity);
      const invoices = invoicesAfter(leak.date, asOf);
      return {
        ...base,
        product: line.product,
        direction,
        monthlyImpact: money(monthly),
        invoices,
        impactToDate: money(monthly.timesInteger(invoices)),
        microsoft: { quantity: line.quantity, unitCost: money(line.unitCost) },
        psa: { quantity: line.quantity, unitPrice: money(wrong.unitPrice) },
        description: `a ${line.term} term billed ${line.billing} is invoiced at the ${wrong.billing === 'annual' ? 'upfront (annual) monthly equivalent' : 'monthly-billing'} price ${money(wrong.unitPrice)} instead of ${money(line.unitPrice)}`,
      };
    }
    case 'unexpected_est_not_invoiced': {
      const line = at(asOf);
      const months = history.lines.filter((charge) => charge.chargeType === 'extendTerm' && !charge.chargeStart.isAfter(asOf)).length;
      return recurring(line, line.quantity, months, 'underbilled', 0,
        `auto-renew was off and nobody cancelled: from ${leak.date.toString()} Microsoft bills the Extended Service Term at ${money(line.unitCost)} per seat per month, and the PSA closed the addition at the term end`);
    }
    case 'proration_miscalculation': {
      const line = at(leak.date);
      const daysInMonth = leak.date.daysInMonth();
      const remaining = daysInclusive(leak.date, leak.date.lastDayOfMonth());
      const oneOff = Decimal.ratio(line.unitPrice.timesInteger(leak.seats * remaining).units, BigInt(daysInMonth) * 10n ** BigInt(line.unitPrice.scale), 2, 'halfUp');
      return {
        ...base,
        product: line.product,
        direction: 'underbilled',
        monthlyImpact: '0',
        invoices: 1,
        impactToDate: money(oneOff),
        microsoft: { quantity: line.quantity, unitCost: money(line.unitCost) },
        psa: { quantity: line.quantity, unitPrice: money(line.unitPrice) },
        description: `${leak.seats} seats added on ${leak.date.toString()}: Microsoft prorated ${remaining} of ${daysInMonth} days, the PSA addition was not prorated (prorateCurrentPeriodFlag false), so the partial month was never invoiced`,
      };
    }
  }
}
