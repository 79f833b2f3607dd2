import { type CalendarDate, maxDate } from '../calendar/date.ts';
import { DomainError } from '../errors.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { MONTHLY_VALUE_SCALE } from '../portfolio/account-subscription.ts';
import { type Alignment, type AlignmentAction, type CurrencyTotals, SHARE_DECIMALS } from './model.ts';
import { monthsStarted } from './month-count.ts';

/** Actions after which the subscription's terms end on the anchor. */
export const CO_TERMED_WHEN_DONE: ReadonlySet<AlignmentAction> = new Set(['aligned', 'align_now', 'at_next_renewal', 'prorate_service']);

/** Actions that are a step to take (with a date). */
const ALIGNMENT_STEPS: ReadonlySet<AlignmentAction> = new Set(['align_now', 'at_next_renewal', 'prorate_service']);

/** Still billing: everything but cancelled, expired, ended or suspended subscriptions. */
export function isLive(alignment: Alignment): boolean {
  return !(alignment.action === 'not_renewing' && alignment.cause === 'inactive');
}

/**
 * In the co-termed MRR share: live, renewing and term-based. Azure plans
 * have no term; subscriptions that are not renewing are leaving the
 * recurring base. Subscriptions that cannot align stay in: they are the
 * share that is missing.
 */
export function countsInShare(alignment: Alignment): boolean {
  return alignment.action !== 'no_term' && alignment.action !== 'not_renewing';
}

/** The plan's figures per currency, sorted by currency code (items without a currency are left out). */
export function totalsByCurrency(asOf: CalendarDate, alignments: readonly Alignment[]): CurrencyTotals[] {
  const groups = new Map<string, Alignment[]>();
  for (const alignment of alignments) {
    if (alignment.currency === null) continue;
    const group = groups.get(alignment.currency) ?? [];
    group.push(alignment);
    groups.set(alignment.currency, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, group]) => currencyTotals(asOf, code, group));
}

function currencyTotals(asOf: CalendarDate, code: string, alignments: readonly Alignment[]): CurrencyTotals {
  const zeroMoney = Decimal.of(0n, minorUnitsOf(code));
  const zeroValue = Decimal.of(0n, MONTHLY_VALUE_SCALE);
  const sumOf = (zero: Decimal, values: (Decimal | null | undefined)[]): Decimal => values.reduce<Decimal>((total, value) => (value ? total.plus(value) : total), zero);
  const valueOf = (filter: (alignment: Alignment) => boolean): Decimal => sumOf(zeroValue, alignments.filter(filter).map((alignment) => alignment.monthlyValue));
  const inShare = valueOf(countsInShare);
  const onAnchorNow = valueOf((alignment) => alignment.action === 'aligned');
  const onAnchorWhenDone = valueOf((alignment) => CO_TERMED_WHEN_DONE.has(alignment.action));
  const done = fullyCoTermed(asOf, alignments);
  return {
    currency: code,
    stubCharges: sumOf(zeroMoney, alignments.map((alignment) => alignment.stub?.charge)),
    refunds: sumOf(zeroMoney, alignments.map((alignment) => (alignment.action === 'align_now' ? alignment.refund.amount : undefined))),
    monthlyValueTotal: valueOf(isLive),
    monthlyValueInShare: inShare,
    monthlyValueOnAnchorNow: onAnchorNow,
    monthlyValueOnAnchorWhenDone: onAnchorWhenDone,
    coTermedShareNow: share(onAnchorNow, inShare),
    coTermedShareWhenDone: share(onAnchorWhenDone, inShare),
    ...done,
  };
}

/**
 * The day the last alignment step happens: from then on every term that can
 * end on the anchor does. asOf when all that can be co-termed already is;
 * null when nothing is or can be.
 */
export function fullyCoTermed(asOf: CalendarDate, alignments: readonly Alignment[]): { fullyCoTermedOn: CalendarDate | null; monthsUntilFullyCoTermed: number | null } {
  let last: CalendarDate | null = null;
  for (const alignment of alignments) {
    if (ALIGNMENT_STEPS.has(alignment.action) && alignment.on) last = last ? maxDate(last, alignment.on) : alignment.on;
  }
  if (!last && alignments.some((alignment) => alignment.action === 'aligned')) last = asOf;
  return { fullyCoTermedOn: last, monthsUntilFullyCoTermed: last ? monthsStarted(asOf, last.addDays(-1)) : null };
}

/** part ÷ whole, rounded half up to 4 decimals; null when the whole is zero. */
function share(part: Decimal, whole: Decimal): Decimal | null {
  if (whole.isZero()) return null;
  const scale = Math.max(part.scale, whole.scale);
  return Decimal.ratio(part.unitsAt(scale), whole.unitsAt(scale), SHARE_DECIMALS, 'halfUp');
}

/** Minor units of a code, 0 for a code that is not ISO 4217 (its items cannot have been priced). */
function minorUnitsOf(code: string): number {
  try {
    return currency(code).minorUnits;
  } catch (error) {
    if (error instanceof DomainError) return 0;
    throw error;
  }
}
