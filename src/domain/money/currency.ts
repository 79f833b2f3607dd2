import { InvalidInputError } from '../errors.ts';

/** An ISO 4217 currency and the number of decimals its amounts are rounded to. */
export interface Currency {
  readonly code: string;
  readonly minorUnits: number;
}

const cache = new Map<string, Currency>();
let knownCodes: Set<string> | undefined;

/**
 * Looks up an ISO 4217 code (case-insensitive); minor units come from the
 * runtime's CLDR data (JPY 0, EUR 2, BHD 3). `field` names the input an
 * unknown code came from.
 */
export function currency(code: string, field?: string): Currency {
  const normalized = code.trim().toUpperCase();
  const cached = cache.get(normalized);
  if (cached) return cached;
  knownCodes ??= new Set(Intl.supportedValuesOf('currency'));
  if (!knownCodes.has(normalized)) throw new UnknownCurrencyError(`"${code}" is not an ISO 4217 currency code`, field);
  const minorUnits = new Intl.NumberFormat('en', { style: 'currency', currency: normalized }).resolvedOptions().maximumFractionDigits ?? 2;
  const found: Currency = { code: normalized, minorUnits };
  cache.set(normalized, found);
  return found;
}

export class UnknownCurrencyError extends InvalidInputError {
  override name = 'UnknownCurrencyError';
}
