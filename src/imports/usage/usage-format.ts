import { type ImportFormat } from '../../app/imports/import-format.ts';
import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type Decimal } from '../../domain/money/decimal.ts';
import { CellError, type RowReader } from '../csv/cells.ts';

export type UsageSignalKind = 'seats_assigned' | 'azure_consumption' | 'backup_utilisation' | 'endpoint_coverage' | 'tickets';

export const USAGE_SIGNAL_KINDS: readonly UsageSignalKind[] = ['seats_assigned', 'azure_consumption', 'backup_utilisation', 'endpoint_coverage', 'tickets'];

/** coterm's usage and ticket signals (docs/import-formats.md). */
export const USAGE_COLUMNS = {
  client: ['Client', 'ClientName', 'AccountId'],
  signal: ['Signal', 'SignalKind'],
  periodStart: ['PeriodStart'],
  periodEnd: ['PeriodEnd'],
  value: ['Value'],
  capacity: ['Capacity'],
  category: ['Category'],
  subscriptionId: ['SubscriptionId'],
} as const;

/** One measurement of a client's usage over a period. */
export interface UsageRow {
  /** A client name or an account id. */
  readonly client: string;
  readonly kind: UsageSignalKind;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly value: Decimal;
  readonly capacity: Decimal | undefined;
  /** '' when absent: part of the signal's identity. */
  readonly category: string;
  /** '' for a signal about the whole account. */
  readonly subscriptionId: string;
}

/** `Seats assigned`, `backup-utilization` → the signal kind (case, spaces, hyphens and the US spelling tolerated). */
export function usageSignalKind(text: string): UsageSignalKind | undefined {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_').replace('utilization', 'utilisation');
  return (USAGE_SIGNAL_KINDS as readonly string[]).includes(key) ? (key as UsageSignalKind) : undefined;
}

export const usageFormat: ImportFormat<UsageRow> = {
  kind: 'usage',
  columns: USAGE_COLUMNS,
  required: ['client', 'signal', 'periodStart', 'periodEnd', 'value'],
  read(row: RowReader): UsageRow {
    const client = row.requiredText('client');
    const signal = row.requiredText('signal');
    const kind = usageSignalKind(signal);
    if (!kind) throw new CellError(`Signal "${signal}" is not one of ${USAGE_SIGNAL_KINDS.join(', ')}`);
    const periodStart = row.requiredDate('periodStart');
    const periodEnd = row.requiredDate('periodEnd');
    if (periodEnd.isBefore(periodStart)) throw new CellError(`PeriodEnd ${periodEnd.toString()} is before PeriodStart ${periodStart.toString()}`);
    return {
      client,
      kind,
      periodStart,
      periodEnd,
      value: notNegative(row, 'value', 'Value', row.requiredDecimal('value')),
      capacity: notNegative(row, 'capacity', 'Capacity', row.decimal('capacity')),
      category: row.text('category') ?? '',
      subscriptionId: row.id('subscriptionId') ?? '',
    };
  },
};

function notNegative<T extends Decimal | undefined>(row: RowReader, column: string, name: string, value: T): T {
  if (value && value.sign() < 0) throw new CellError(`${name} "${row.text(column) ?? ''}" is negative`);
  return value;
}
