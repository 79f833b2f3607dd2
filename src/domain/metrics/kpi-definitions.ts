import { Decimal } from '../money/decimal.ts';

export type KpiKey = 'forecast_accuracy' | 'nrr' | 'grr' | 'cotermed_mrr' | 'cycle_time' | 'dispute_rate';
export type KpiUnit = 'percent' | 'days' | 'per_100';
export type Comparison = '<' | '<=' | '>' | '>=';

export interface KpiTarget {
  readonly text: string;
  readonly value: Decimal;
  readonly comparison: Comparison;
}

export interface KpiDefinition {
  readonly key: KpiKey;
  readonly label: string;
  readonly unit: KpiUnit;
  readonly target: KpiTarget;
}

function target(text: string, comparison: Comparison, value: string): KpiTarget {
  return { text, comparison, value: Decimal.parse(value) };
}

/** The six KPIs in the order they are reported, with the targets of the MSP playbook (seed 000). */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { key: 'forecast_accuracy', label: 'Renewal forecast accuracy (error %)', unit: 'percent', target: target('< ±5%', '<', '5') },
  { key: 'nrr', label: 'Net revenue retention', unit: 'percent', target: target('> 115%', '>', '115') },
  { key: 'grr', label: 'Gross revenue retention', unit: 'percent', target: target('> 92%', '>', '92') },
  { key: 'cotermed_mrr', label: 'Co-termed MRR', unit: 'percent', target: target('≥ 70%', '>=', '70') },
  { key: 'cycle_time', label: 'Days to renewal (median)', unit: 'days', target: target('≤ 30 days', '<=', '30') },
  { key: 'dispute_rate', label: 'Invoice disputes per 100 invoices', unit: 'per_100', target: target('< 2 per 100 invoices', '<', '2') },
];

/**
 * Whether a KPI's value meets its target, judged on the value as shown (one
 * decimal) so that the flag never contradicts the figure beside it; null
 * when there is no value.
 */
export function onTarget(value: Decimal | null, kpiTarget: KpiTarget): boolean | null {
  if (value === null) return null;
  const order = value.compare(kpiTarget.value);
  switch (kpiTarget.comparison) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
