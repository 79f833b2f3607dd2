import { type BillingPlan, type Period, periodDays } from '../calendar/periods.ts';
import { Decimal, pow10, type RoundingMode } from '../money/decimal.ts';
import { type CycleDaysRule, type TruncationVariant } from './settings.ts';

/** Decimals shown for an effective unit price that does not terminate (the exact value stays in the calculation). */
export const EFFECTIVE_UNIT_PRICE_DECIMALS = 6;

/**
 * Everything needed to recompute and explain one charge row. A full cycle
 * bills the unit price; a prorated row bills
 * UnitPrice ÷ CycleDays × BillingDays per unit.
 */
export type ChargeCalculation = FullCycleCalculation | ProratedCalculation;

interface CalculationBase {
  readonly unitPrice: Decimal;
  readonly quantity: number;
  /** +1 for a charge, −1 for a refund. */
  readonly direction: 1 | -1;
  readonly variant: TruncationVariant;
  readonly mode: RoundingMode;
  readonly minorUnits: number;
}

export interface FullCycleCalculation extends CalculationBase {
  readonly kind: 'fullCycle';
  readonly period: Period;
}

export interface ProratedCalculation extends CalculationBase {
  readonly kind: 'prorated';
  /** The days billed or refunded, both ends counted. */
  readonly billed: Period;
  readonly billingDays: number;
  /** The whole charge cycle the divisor comes from (for a co-term stub, the aligned cycle it is part of). */
  readonly cycle: Period;
  readonly cycleDays: number;
  readonly cycleDaysBasis: 'cycleLength' | 'calendarMonth';
  /** True when billing days exceeded the divisor and were capped to a full cycle. */
  readonly capped: boolean;
}

export interface ChargeAmount {
  readonly effectiveUnitPrice: Decimal;
  readonly subtotal: Decimal;
}

/** The divisor of daily proration for a charge cycle. */
export function cycleDaysOf(cycle: Period, billing: BillingPlan, rule: CycleDaysRule): { days: number; basis: 'cycleLength' | 'calendarMonth' } {
  if (billing === 'monthly' && rule === 'calendarMonth') return { days: cycle.start.daysInMonth(), basis: 'calendarMonth' };
  return { days: periodDays(cycle), basis: 'cycleLength' };
}

export function computeCharge(calculation: ChargeCalculation): ChargeAmount {
  const { unitPrice, quantity, direction, variant, mode, minorUnits } = calculation;
  let effectiveUnitPrice: Decimal;
  let subtotal: Decimal;
  if (calculation.kind === 'fullCycle') {
    effectiveUnitPrice = variant === 'unitPrice' ? unitPrice.round(Math.min(unitPrice.scale, minorUnits), mode) : unitPrice;
    subtotal = effectiveUnitPrice.timesInteger(quantity).round(minorUnits, mode);
  } else {
    const numerator = unitPrice.units * BigInt(calculation.billingDays);
    const denominator = pow10(unitPrice.scale) * BigInt(calculation.cycleDays);
    if (variant === 'unitPrice') {
      effectiveUnitPrice = Decimal.ratio(numerator, denominator, minorUnits, mode);
      subtotal = effectiveUnitPrice.timesInteger(quantity);
    } else {
      effectiveUnitPrice = Decimal.ratio(numerator, denominator, EFFECTIVE_UNIT_PRICE_DECIMALS, 'truncate').trimmed(minorUnits);
      subtotal = Decimal.ratio(numerator * BigInt(quantity), denominator, minorUnits, mode);
    }
  }
  return direction === 1
    ? { effectiveUnitPrice, subtotal }
    : { effectiveUnitPrice: effectiveUnitPrice.negated(), subtotal: subtotal.negated() };
}

/** Unrounded per-unit price of a prorated calculation, as an exact fraction. */
export function exactEffectiveUnitPrice(calculation: ProratedCalculation): { numerator: bigint; denominator: bigint } {
  return {
    numerator: calculation.unitPrice.units * BigInt(calculation.billingDays),
    denominator: pow10(calculation.unitPrice.scale) * BigInt(calculation.cycleDays),
  };
}
