import { stringify } from 'csv-stringify/sync';
import { Decimal } from '../../domain/money/decimal.ts';
import { KPI_DEFINITIONS, onTarget } from '../../domain/metrics/kpi-definitions.ts';
import { type KpiReport } from './kpi-report.ts';

/** One figure of one KPI for one period: the flat rows a BI tool (Power BI) loads. */
export interface KpiFeedRow {
  /** `2026-10` (a month end), `2026-Q4` (a quarter) or the report's day `2026-11-22` (the current value). */
  readonly period: string;
  readonly kpi: string;
  readonly value: string | null;
  readonly unit: string;
  /** The target's threshold; how it compares is in docs/kpis.md. */
  readonly target: string;
  readonly on_target: boolean | null;
}

export const KPI_FEED_COLUMNS = ['period', 'kpi', 'value', 'unit', 'target', 'on_target'] as const;
export const MRR_MOVEMENT_COLUMNS = ['account_id', 'account_name', 'currency', 'starting_mrr', 'ending_mrr', 'movement'] as const;

const TARGETS = new Map(KPI_DEFINITIONS.map((definition) => [definition.key, definition.target]));

/** Per KPI: a row per trend period, then its current value (period = asOf). */
export function kpiFeedRows(report: KpiReport): KpiFeedRow[] {
  const rows: KpiFeedRow[] = [];
  for (const kpi of report.kpis) {
    const target = TARGETS.get(kpi.key);
    for (const point of kpi.trend) {
      rows.push({ period: point.period, kpi: kpi.key, value: point.value, unit: kpi.unit, target: kpi.target.value, on_target: target ? onTarget(point.value === null ? null : Decimal.parse(point.value), target) : null });
    }
    rows.push({ period: report.asOf, kpi: kpi.key, value: kpi.value, unit: kpi.unit, target: kpi.target.value, on_target: kpi.onTarget });
  }
  return rows;
}

/** The feed as CSV with a header row; a missing value or flag is an empty cell. */
export function kpiFeedCsv(rows: readonly KpiFeedRow[]): string {
  return stringify(
    rows.map((row) => [row.period, row.kpi, row.value ?? '', row.unit, row.target, row.on_target === null ? '' : String(row.on_target)]),
    { header: true, columns: [...KPI_FEED_COLUMNS] },
  );
}

/** Each account's MRR at both ends of the report's window and what its change counts as. */
export function mrrMovementsCsv(report: KpiReport): string {
  return stringify(
    report.accounts.map((account) => [account.accountId, account.accountName, report.currency ?? '', account.starting, account.ending, account.movement]),
    { header: true, columns: [...MRR_MOVEMENT_COLUMNS] },
  );
}
