import { type CalendarDate } from '../../domain/calendar/date.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type DemoCalendar } from './calendar.ts';
import { type DemoClient } from './clients.ts';
import { segmentOn, type SubscriptionHistory } from './history.ts';
import { type Random } from './random.ts';

export type UsageSignal = 'seats_assigned' | 'azure_consumption' | 'backup_utilisation' | 'endpoint_coverage' | 'tickets';

/** One row of coterm's usage file. */
export interface UsageRecord {
  readonly client: string;
  readonly signal: UsageSignal;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly value: Decimal;
  readonly capacity: Decimal | undefined;
  readonly category: string;
  readonly subscriptionId: string;
}

const TICKET_CATEGORIES = ['password reset', 'new user setup', 'hardware', 'network', 'email', 'printing'];

/** A client's usage profile: shelfware, Azure growth, backup fill, coverage gaps, security questions. */
export interface UsageProfile {
  /** Share of purchased seats nobody uses. */
  readonly unassigned: number;
  /** Azure plan subscription and monthly spend, when the client has Azure. */
  readonly azure: { readonly subscriptionId: string; readonly start: number; readonly growth: number } | undefined;
  readonly backupStart: number;
  readonly backupGrowth: number;
  readonly uncoveredDevices: number;
  /** Asks how to use its security tools at least 3 times a quarter (an upsell signal). */
  readonly securityQuestions: boolean;
}

export function usageProfile(random: Random): UsageProfile {
  const growing = random.chance(0.35);
  return {
    unassigned: random.chance(0.4) ? random.int(5, 20) / 100 : 0,
    azure: random.chance(0.4)
      ? { subscriptionId: random.guid(), start: random.int(150, 1800), growth: growing ? random.int(6, 10) / 100 : random.int(-2, 2) / 100 }
      : undefined,
    backupStart: random.int(35, 70) / 100,
    // Most backups grow slowly; some fill up towards (and past) 80% of the TB contracted.
    backupGrowth: random.chance(0.3) ? random.int(20, 40) / 1000 : random.int(0, 10) / 1000,
    uncoveredDevices: random.chance(0.2) ? random.int(3, 10) : random.int(0, 2),
    securityQuestions: random.chance(0.25),
  };
}

/**
 * A client's monthly signals over the invoiced year: seats assigned against
 * seats Microsoft billed at each month end, Azure consumption (growing for
 * some towards a reserved-instance threshold), backup storage used against the
 * TB contracted (some past 80%), devices covered by endpoint security, and
 * tickets by category (some clients asking ≥3 security how-to questions a quarter, a few
 * struggling with a surge of tickets in the last quarter).
 */
export function clientUsage(random: Random, client: DemoClient, profile: UsageProfile, histories: readonly SubscriptionHistory[], calendar: DemoCalendar): UsageRecord[] {
  const records: UsageRecord[] = [];
  const name = client.name.name;
  const backup = client.services.find((service) => service.service === 'Backup (per TB)');
  const endpoint = client.services.find((service) => service.service === 'Endpoint Security');
  calendar.months.forEach((periodStart, month) => {
    const periodEnd = periodStart.lastDayOfMonth();
    const row = (signal: UsageSignal, value: Decimal, capacity: Decimal | undefined, category = '', subscriptionId = ''): void => {
      records.push({ client: name, signal, periodStart, periodEnd, value, capacity, category, subscriptionId });
    };
    for (const history of histories) {
      const segment = segmentOn(history, periodEnd);
      if (!segment) continue;
      const idle = Math.min(segment.quantity - 1, Math.round(segment.quantity * profile.unassigned) + (random.chance(0.25) ? 1 : 0));
      row('seats_assigned', Decimal.fromInteger(segment.quantity - Math.max(0, idle)), Decimal.fromInteger(segment.quantity), '', history.id);
    }
    if (profile.azure) {
      const spend = profile.azure.start * (1 + profile.azure.growth) ** month * (0.97 + random.int(0, 6) / 100);
      row('azure_consumption', cents(spend), undefined, 'Virtual Machines', profile.azure.subscriptionId);
      row('azure_consumption', cents(spend * (0.1 + random.int(0, 10) / 100)), undefined, 'Storage', profile.azure.subscriptionId);
    }
    if (backup && !backup.start.isAfter(periodEnd)) {
      const used = Math.min(0.98, profile.backupStart + profile.backupGrowth * month) * backup.quantity;
      row('backup_utilisation', cents(used), Decimal.fromInteger(backup.quantity));
    }
    if (endpoint && !endpoint.start.isAfter(periodEnd)) {
      row('endpoint_coverage', Decimal.fromInteger(Math.max(0, endpoint.quantity - profile.uncoveredDevices - random.int(0, 1))), Decimal.fromInteger(endpoint.quantity));
    }
    const lastQuarter = month >= calendar.months.length - 3;
    const security = profile.securityQuestions && lastQuarter ? random.int(1, 3) : random.chance(0.15) ? 1 : 0;
    if (security > 0) row('tickets', Decimal.fromInteger(security), undefined, 'security how-to');
    // A few clients are struggling in the last quarter (an outage, a bad migration): their ticket volume
    // rises several-fold, which is what puts a renewal at risk.
    const strain = lastQuarter && client.index % 7 === 3 ? 8 : 1;
    for (const category of TICKET_CATEGORIES) {
      const count = random.int(0, Math.max(1, Math.round(client.users / 15)) * strain);
      if (count > 0) row('tickets', Decimal.fromInteger(count), undefined, category);
    }
  });
  return records;
}

function cents(value: number): Decimal {
  return Decimal.ratio(BigInt(Math.round(value * 100)), 100n, 2, 'halfUp');
}
