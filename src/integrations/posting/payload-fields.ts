import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { Decimal } from '../../domain/money/decimal.ts';

/** Builders refuse incomplete input before anything is sent; the message names the field. */
export function refuse(field: string, problem: string): never {
  throw new InvalidInputError(`${field}: ${problem}`, field);
}

export function requiredText(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') refuse(field, 'is required');
  return value;
}

export function requiredDecimal(value: Decimal | undefined, field: string): Decimal {
  if (!(value instanceof Decimal)) refuse(field, 'is required (a Decimal)');
  return value;
}

export function requiredDate(value: CalendarDate | undefined, field: string): CalendarDate {
  if (value === undefined || value === null || typeof value.toString !== 'function' || typeof value.epochDay !== 'number') {
    refuse(field, 'is required (a CalendarDate)');
  }
  return value;
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * The Decimal as a JSON number, refusing any value a double would not carry
 * exactly: the number is read back from its own text and compared.
 */
export function exactNumber(value: Decimal, field: string): number {
  const number = Number(value.toString());
  const text = String(number);
  if (!PLAIN_NUMBER.test(text) || !Decimal.parse(text).equals(value)) {
    refuse(field, `${value.toString()} cannot be written exactly as a JSON number`);
  }
  return number;
}

/** Decimals after trailing zeros are dropped: 12.0600 has 2. */
export function decimalPlaces(value: Decimal): number {
  return value.trimmed().scale;
}

/** Midnight UTC of the day: how the PSAs' REST APIs write a date-only field. */
export function midnightUtc(date: CalendarDate): string {
  return `${date.toString()}T00:00:00Z`;
}

/** quantity × unitPrice to the cent, half up: the rule accounting systems check a line by. */
export function extendedToCent(quantity: Decimal, unitPrice: Decimal): Decimal {
  return quantity.times(unitPrice).round(2, 'halfUp');
}

/** A rate as a map key: `20`, `20.0` and `20.00` are the same rate. */
export function rateKey(rate: Decimal): string {
  return rate.trimmed().toString();
}
