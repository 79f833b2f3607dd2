import { CalendarDate } from '../calendar/date.ts';
import { Decimal, type RoundingMode } from '../money/decimal.ts';
import { type ChargeType } from './model.ts';

/**
 * Microsoft's examples truncate in two places: seat-change rows truncate the
 * line total (9.408 × 12 = 112.896 → 112.89), cancel and upgrade rows truncate
 * the effective unit price first (9.4297 → 9.42, × 10 = 94.20).
 */
export type TruncationVariant = 'lineTotal' | 'unitPrice';

/**
 * Cycles anchored on the 29th–31st are shorter or longer than the calendar
 * month they start in (Jan 31–Feb 27 is 28 days, January has 31). Microsoft's
 * docs define the divisor as "days in the month the cycle starts" without
 * settling this case; `cycleLength` never prorates above 100%.
 */
export type CycleDaysRule = 'cycleLength' | 'calendarMonth';

export interface ExtendedServiceTermSettings {
  /** Terms ending on or after this date roll into the EST instead of expiring. */
  readonly effectiveFrom: CalendarDate;
  /** …when the subscription was bought on or after this date. */
  readonly purchasedFrom: CalendarDate;
  readonly upliftWithMonthlyPlan: Decimal;
  readonly upliftWithoutMonthlyPlan: Decimal;
  readonly priceRounding: RoundingMode;
}

export interface NceSettings {
  /** Days after purchase, renewal or a seat addition during which cancelling or reducing is allowed. */
  readonly cancellationWindowDays: number;
  readonly cycleDaysRule: CycleDaysRule;
  readonly roundingMode: RoundingMode;
  readonly truncationVariant: Readonly<Record<ChargeType, TruncationVariant>>;
  readonly extendedServiceTerm: ExtendedServiceTermSettings;
  /**
   * `error` stops at the first change Partner Center would refuse; `skip`
   * reports it as a warning and goes on (replaying history in which Microsoft
   * support granted an exception).
   */
  readonly onRefusedChange: 'error' | 'skip';
}

/** The per-charge-type variants that reproduce Microsoft's worked examples. */
export const MICROSOFT_TRUNCATION_VARIANTS: Readonly<Record<ChargeType, TruncationVariant>> = {
  new: 'lineTotal',
  cycleCharge: 'lineTotal',
  renew: 'lineTotal',
  addQuantity: 'lineTotal',
  removeQuantity: 'lineTotal',
  extendTerm: 'lineTotal',
  cancelImmediate: 'unitPrice',
  convert: 'unitPrice',
  moveQuantity: 'unitPrice',
};

export const DEFAULT_NCE_SETTINGS: NceSettings = {
  cancellationWindowDays: 7,
  cycleDaysRule: 'cycleLength',
  roundingMode: 'truncate',
  truncationVariant: MICROSOFT_TRUNCATION_VARIANTS,
  extendedServiceTerm: {
    effectiveFrom: CalendarDate.of(2026, 5, 4),
    purchasedFrom: CalendarDate.of(2025, 4, 1),
    upliftWithMonthlyPlan: Decimal.parse('0.03'),
    upliftWithoutMonthlyPlan: Decimal.parse('0.23'),
    priceRounding: 'halfUp',
  },
  onRefusedChange: 'error',
};

/** Cancellation regimes Microsoft has run: 72 hours at NCE launch (2022-01-10), 7 days since 2022-03-17. */
export const CANCELLATION_REGIMES = {
  launch2022: 3,
  current: 7,
} as const;

export type CancellationRegime = keyof typeof CANCELLATION_REGIMES;

/** One truncation variant for every charge type (a reconciler tries both). */
export function uniformTruncation(variant: TruncationVariant): Record<ChargeType, TruncationVariant> {
  const entries = Object.keys(MICROSOFT_TRUNCATION_VARIANTS).map((type) => [type, variant]);
  return Object.fromEntries(entries) as Record<ChargeType, TruncationVariant>;
}
