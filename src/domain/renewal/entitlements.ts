import { type CalendarDate } from '../calendar/date.ts';
import { currency as currencyOf } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import { type AccountSubscription } from '../portfolio/account-subscription.ts';
import { consumptionTrend, fractionToDecimal, monthLabel, PROJECTION_MONTHS, TREND_MONTHS } from './consumption-trend.ts';
import { latestMeasurements, type LatestMeasurement, percentOf, type UsageSignal } from './usage.ts';

/** Seats contracted against seats in use for one renewing subscription. */
export interface SeatEntitlement {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly contracted: number;
  /** Latest seats assigned; null without a seats_assigned signal. */
  readonly assigned: Decimal | null;
  /** Assigned ÷ contracted, percent to one decimal. */
  readonly utilisationPercent: Decimal | null;
  /** The period of the measurement used. */
  readonly measuredFrom: CalendarDate | null;
  readonly measuredTo: CalendarDate | null;
}

/** Used against contracted for backup (TB) or endpoint security (devices), latest per subscription. */
export interface CapacityEntitlement {
  /** Null for an account-wide signal. */
  readonly subscriptionId: string | null;
  readonly used: Decimal;
  readonly capacity: Decimal | null;
  readonly utilisationPercent: Decimal | null;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
}

export interface AzureTrendSummary {
  /** Monthly totals of the last 6 ended months, oldest first; null for a month without data. */
  readonly months: readonly { readonly month: string; readonly total: Decimal | null }[];
  /** Months with data the line was fitted on. */
  readonly points: number;
  /** Least-squares change per month; null with fewer than 3 months of data. */
  readonly slopePerMonth: Decimal | null;
  /** `YYYY-MM`, 3 months after the window. */
  readonly projectedMonth: string;
  readonly projected: Decimal | null;
  readonly currency: string;
}

export interface Entitlements {
  readonly seats: readonly SeatEntitlement[];
  readonly azure: AzureTrendSummary;
  readonly backup: readonly CapacityEntitlement[];
  readonly endpoints: readonly CapacityEntitlement[];
}

/**
 * What the client has against what it uses: seats per renewing licence (MSP
 * services only when a seats signal measures them; Azure plans have no
 * seats), the account's Azure trend, and its backup and endpoint coverage.
 */
export function entitlementsVsUsage(subscriptions: readonly AccountSubscription[], signals: readonly UsageSignal[], asOf: CalendarDate, currency: string): Entitlements {
  const seatSignals = new Map(latestMeasurements(signals, 'seats_assigned', asOf).map((row) => [row.subscriptionId, row]));
  const seats = subscriptions.flatMap((subscription): SeatEntitlement[] => {
    const measured = seatSignals.get(subscription.id);
    if (subscription.kind === 'azure_plan' || (subscription.kind === 'msp_service' && !measured)) return [];
    return [
      {
        subscriptionId: subscription.id,
        productName: subscription.productName,
        contracted: subscription.quantity,
        assigned: measured?.value ?? null,
        utilisationPercent: measured && subscription.quantity > 0 ? percentOf(measured.value, Decimal.fromInteger(subscription.quantity)) : null,
        measuredFrom: measured?.periodStart ?? null,
        measuredTo: measured?.periodEnd ?? null,
      },
    ];
  });
  return {
    seats,
    azure: azureTrend(signals, asOf, currency),
    backup: latestMeasurements(signals, 'backup_utilisation', asOf).map(capacityEntitlement),
    endpoints: latestMeasurements(signals, 'endpoint_coverage', asOf).map(capacityEntitlement),
  };
}

function azureTrend(signals: readonly UsageSignal[], asOf: CalendarDate, currency: string): AzureTrendSummary {
  const trend = consumptionTrend(signals, asOf);
  const last = trend.months[trend.months.length - 1];
  const scale = currencyOf(currency).minorUnits;
  return {
    months: trend.months.map((month) => ({ month: month.month, total: month.total })),
    points: trend.line?.points ?? trend.months.filter((month) => month.total).length,
    slopePerMonth: trend.line ? fractionToDecimal(trend.line.slope, scale) : null,
    projectedMonth: last ? monthLabel(last.start.addMonths(PROJECTION_MONTHS)) : '',
    projected: trend.line ? fractionToDecimal(trend.line.valueAt(TREND_MONTHS - 1 + PROJECTION_MONTHS), scale) : null,
    currency,
  };
}

function capacityEntitlement(row: LatestMeasurement): CapacityEntitlement {
  return {
    subscriptionId: row.subscriptionId,
    used: row.value,
    capacity: row.capacity,
    utilisationPercent: row.capacity && !row.capacity.isZero() ? percentOf(row.value, row.capacity) : null,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
  };
}
