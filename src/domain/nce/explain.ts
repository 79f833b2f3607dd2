import { exactDecimalText, type Explanation } from '../explanation.ts';
import { type RoundingMode } from '../money/decimal.ts';
import { type ChargeLine } from './model.ts';
import { type ChargeCalculation, computeCharge, exactEffectiveUnitPrice, type ProratedCalculation } from './proration.ts';

const SPREADSHEET_FUNCTION: Readonly<Record<RoundingMode, string>> = {
  truncate: 'ROUNDDOWN',
  halfUp: 'ROUND',
  halfEven: 'ROUND_HALF_EVEN',
};

const ROUNDING_WORD: Readonly<Record<RoundingMode, string>> = {
  truncate: 'truncated',
  halfUp: 'rounded half up',
  halfEven: 'rounded half to even',
};

/** Explains a charge row so finance can audit it without asking anyone. */
export function explainLine(line: ChargeLine): Explanation {
  const explanation = explainCalculation(line.calculation);
  return line.note === undefined ? explanation : { ...explanation, text: `${explanation.text}. ${noteText(line)}` };
}

function noteText(line: ChargeLine): string {
  const { note } = line;
  if (note === undefined || typeof note === 'string') return note ?? '';
  const source = note.renewalPrice;
  const price =
    source.kind === 'priceList'
      ? `Renewed at the price-list price in force on ${line.chargeStart.toString()} (effective from ${source.entry.effectiveStart.toString()})`
      : source.kind === 'instructions'
        ? 'Renewed at the price set by the scheduled next-term instructions'
        : 'No price-list row for the renewal date: renewed at the previous price';
  return note.alignedTo ? `${price}; co-termed to end ${note.alignedTo.toString()}` : price;
}

export function explainCalculation(calculation: ChargeCalculation): Explanation {
  return calculation.kind === 'fullCycle' ? explainFullCycle(calculation) : explainProrated(calculation);
}

function explainFullCycle(calculation: Extract<ChargeCalculation, { kind: 'fullCycle' }>): Explanation {
  const { unitPrice, quantity, mode, minorUnits, period } = calculation;
  const fn = SPREADSHEET_FUNCTION[mode];
  const { subtotal } = computeCharge({ ...calculation, direction: 1 });
  const exact = unitPrice.timesInteger(quantity);
  const rounded = exact.equals(subtotal) ? '' : ` → ${subtotal.toString()} (${ROUNDING_WORD[mode]} to ${minorUnits} decimals)`;
  return {
    formula: `${fn}(UnitPrice × Quantity, ${minorUnits})`,
    inputs: { unitPrice: unitPrice.toString(), quantity, chargeStart: period.start.toString(), chargeEnd: period.end.toString() },
    rounding: `${ROUNDING_WORD[mode]} to ${minorUnits} decimals`,
    text: `${sign(calculation.direction)}${unitPrice.toString()} × ${quantity} for the full cycle ${period.start.toString()} – ${period.end.toString()} = ${exact.toString()}${rounded}`,
  };
}

function explainProrated(calculation: ProratedCalculation): Explanation {
  const { unitPrice, quantity, billingDays, cycleDays, mode, minorUnits, variant, billed, cycle } = calculation;
  const fn = SPREADSHEET_FUNCTION[mode];
  const word = ROUNDING_WORD[mode];
  const { numerator, denominator } = exactEffectiveUnitPrice(calculation);
  const exactPerUnit = exactDecimalText(numerator, denominator);
  const { effectiveUnitPrice, subtotal } = computeCharge({ ...calculation, direction: 1 });
  const divisorWhy =
    calculation.cycleDaysBasis === 'calendarMonth'
      ? `days in the month the cycle ${cycle.start.toString()} – ${cycle.end.toString()} starts in`
      : `days in the charge cycle ${cycle.start.toString()} – ${cycle.end.toString()}`;
  const cappedNote = calculation.capped ? ' (capped at the cycle divisor)' : '';
  const daysText = `${billed.start.toString()} – ${billed.end.toString()} = ${billingDays} billing days${cappedNote}; ${cycleDays} = ${divisorWhy}`;
  const action = calculation.direction === 1 ? 'charged' : 'refunded';
  if (variant === 'unitPrice') {
    return {
      formula: `${fn}(UnitPrice ÷ CycleDays × BillingDays, ${minorUnits}) × Quantity`,
      inputs: inputsOf(calculation),
      rounding: `effective unit price ${word} to ${minorUnits} decimals, then multiplied by the quantity`,
      text: `${action}: ${unitPrice.toString()} ÷ ${cycleDays} × ${billingDays} = ${exactPerUnit} → ${effectiveUnitPrice.toString()} per unit (${word}); × ${quantity} = ${subtotal.toString()} (${daysText})`,
    };
  }
  const exactTotal = exactDecimalText(numerator * BigInt(quantity), denominator);
  return {
    formula: `${fn}(UnitPrice ÷ CycleDays × BillingDays × Quantity, ${minorUnits})`,
    inputs: inputsOf(calculation),
    rounding: `line total ${word} to ${minorUnits} decimals`,
    text: `${action}: ${unitPrice.toString()} ÷ ${cycleDays} × ${billingDays} = ${exactPerUnit} per unit; × ${quantity} = ${exactTotal} → ${subtotal.toString()} (${word}) (${daysText})`,
  };
}

function inputsOf(calculation: ProratedCalculation): Record<string, string | number> {
  return {
    unitPrice: calculation.unitPrice.toString(),
    quantity: calculation.quantity,
    billingDays: calculation.billingDays,
    cycleDays: calculation.cycleDays,
    billedFrom: calculation.billed.start.toString(),
    billedTo: calculation.billed.end.toString(),
    cycleStart: calculation.cycle.start.toString(),
    cycleEnd: calculation.cycle.end.toString(),
  };
}


function sign(direction: 1 | -1): string {
  return direction === 1 ? '' : 'refund of ';
}
