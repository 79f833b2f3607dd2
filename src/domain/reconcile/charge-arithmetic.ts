import { daysInclusive } from '../calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, defaultTermEnd, gridPeriodContaining, periodDays, TERM_DURATIONS } from '../calendar/periods.ts';
import { currency } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { computeCharge, type ChargeCalculation } from '../nce/proration.ts';
import { DEFAULT_NCE_SETTINGS, type NceSettings } from '../nce/settings.ts';
import { type CalendarDate } from '../calendar/date.ts';
import { type Finding, type MicrosoftCharge } from './model.ts';

/** A Microsoft row with what its arithmetic needs: the unit price, the billing plan and the term. */
export interface PricedCharge extends MicrosoftCharge {
  readonly unitPrice: Decimal | undefined;
  readonly billing: BillingPlan | undefined;
  readonly termStart: CalendarDate | undefined;
  readonly termEnd: CalendarDate | undefined;
}

/** Differences below this are rounding, not worth a support request. */
const TOLERANCE = Decimal.parse('0.01');

const CHECKED: ReadonlySet<MicrosoftCharge['chargeType']> = new Set(['new', 'renew', 'cycleCharge', 'addQuantity', 'removeQuantity', 'cancelImmediate', 'extendTerm']);

/**
 * Microsoft's rows recomputed the way the engine bills (docs/nce-rules.md):
 * UnitPrice × Quantity × BillingDays ÷ CycleDays with Microsoft's truncation,
 * the cycle being the billing period of the term that contains the charge:
 * counted from the term's start, or — for a co-termed term, whose end is not
 * the default one — back from its end, the first cycle being the stub. A row whose subtotal is off by more than a cent
 * is a Microsoft-side error worth a support request. Rows that cannot be
 * placed on a cycle (no unit price, plan or term end; longer than a cycle)
 * are not judged.
 */
export function chargeArithmeticFindings(charges: readonly PricedCharge[], settings: NceSettings = DEFAULT_NCE_SETTINGS): Finding[] {
  const findings: Finding[] = [];
  const isDefaultTerm = defaultTerms();
  for (const charge of charges) {
    if (isWholeCycleAtFullPrice(charge, settings)) continue;
    const expected = expectedSubtotal(charge, settings, isDefaultTerm);
    if (!expected) continue;
    const difference = charge.subtotal.minus(expected.subtotal);
    if (difference.abs().compare(TOLERANCE) <= 0) continue;
    const code = charge.currency ?? 'USD';
    const recurring = charge.chargeType === 'cycleCharge' || charge.chargeType === 'renew';
    const impact = difference.abs().round(currency(code).minorUnits, 'halfUp');
    findings.push({
      category: 'microsoft_charge_mismatch',
      customerId: charge.customerId,
      subscriptionId: charge.subscriptionId,
      productName: charge.productName,
      from: charge.start,
      until: charge.end,
      microsoftSeats: charge.quantity,
      invoicedSeats: charge.quantity,
      direction: difference.sign() > 0 ? 'overbilled' : 'underbilled',
      impact,
      annualised: recurring && charge.billing ? Decimal.quotient(impact.timesInteger(12), Decimal.fromInteger(BILLING_MONTHS[charge.billing]), 2, 'halfUp') : impact,
      currency: charge.currency,
      explanation: `Microsoft billed ${charge.subtotal.toString()}; ${calculationText(expected.calculation)} = ${expected.subtotal.toString()}: ${difference.sign() > 0 ? 'over' : 'under'} by ${impact.toString()}.`,
      suggestion: 'Open a billing support request in Partner Center with the invoice line and this calculation.',
      evidence: { microsoft: [charge.location], invoiced: [] },
    });
  }
  return findings;
}

/**
 * Most rows are a whole cycle at the full price: a span of exactly one
 * billing period billed quantity × unit price can only agree with the
 * calculation, whichever cycle it is. Recognised without placing the cycle
 * (a month of a large portfolio has a million such rows).
 */
function isWholeCycleAtFullPrice(charge: PricedCharge, settings: NceSettings): boolean {
  if (!charge.unitPrice || !charge.billing || charge.subtotal.sign() <= 0 || !CHECKED.has(charge.chargeType)) return false;
  if (!charge.start.addMonths(BILLING_MONTHS[charge.billing]).equals(charge.end.addDays(1))) return false;
  return charge.unitPrice.timesInteger(charge.quantity).round(currency(charge.currency ?? 'USD').minorUnits, settings.roundingMode).equals(charge.subtotal);
}

/** Whether a term runs its default length (not co-termed), remembered per term: a subscription's rows share it. */
function defaultTerms(): (start: CalendarDate, end: CalendarDate) => boolean {
  const known = new Map<number, boolean>();
  return (start, end) => {
    const key = start.epochDay * 4_000_000 + end.epochDay;
    let isDefault = known.get(key);
    if (isDefault === undefined) {
      isDefault = TERM_DURATIONS.some((term) => defaultTermEnd(start, term).equals(end));
      known.set(key, isDefault);
    }
    return isDefault;
  };
}

function expectedSubtotal(charge: PricedCharge, settings: NceSettings, isDefaultTerm: (start: CalendarDate, end: CalendarDate) => boolean): { subtotal: Decimal; calculation: ChargeCalculation } | undefined {
  if (!CHECKED.has(charge.chargeType) || !charge.unitPrice || !charge.billing || !charge.termEnd || charge.quantity <= 0) return undefined;
  const { termStart, termEnd } = charge;
  const defaultTerm = termStart !== undefined && isDefaultTerm(termStart, termEnd);
  const cycle = gridPeriodContaining(defaultTerm ? termStart : termEnd.addDays(1), BILLING_MONTHS[charge.billing], charge.start);
  if (charge.end.isAfter(cycle.end)) return undefined;
  const direction = charge.subtotal.sign() < 0 ? -1 : 1;
  const variant = settings.truncationVariant[charge.chargeType as keyof NceSettings['truncationVariant']];
  const minorUnits = currency(charge.currency ?? 'USD').minorUnits;
  const billingDays = daysInclusive(charge.start, charge.end);
  const cycleDays = periodDays(cycle);
  const calculation: ChargeCalculation =
    billingDays === cycleDays
      ? { kind: 'fullCycle', unitPrice: charge.unitPrice, quantity: charge.quantity, direction, variant, mode: settings.roundingMode, minorUnits, period: cycle }
      : {
          kind: 'prorated',
          unitPrice: charge.unitPrice,
          quantity: charge.quantity,
          direction,
          variant,
          mode: settings.roundingMode,
          minorUnits,
          billed: { start: charge.start, end: charge.end },
          billingDays,
          cycle,
          cycleDays,
          cycleDaysBasis: 'cycleLength',
          capped: false,
        };
  return { subtotal: computeCharge(calculation).subtotal, calculation };
}

/** The calculation in words, for the rare row that is off. */
function calculationText(calculation: ChargeCalculation): string {
  return calculation.kind === 'fullCycle'
    ? `${calculation.quantity} × ${calculation.unitPrice.toString()}`
    : `${calculation.quantity} × ${calculation.unitPrice.toString()} × ${calculation.billingDays}/${calculation.cycleDays} days of the cycle ${calculation.cycle.start.toString()} – ${calculation.cycle.end.toString()}`;
}
