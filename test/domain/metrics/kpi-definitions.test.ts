import { describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS, type KpiKey, onTarget } from '../../../src/domain/metrics/kpi-definitions.ts';
import { money } from './fixtures.ts';

const targetOf = (key: KpiKey) => KPI_DEFINITIONS.find((definition) => definition.key === key)!.target;

describe('KPI targets', () => {
  it('are the playbook targets, in the order the KPIs are reported', () => {
    expect(KPI_DEFINITIONS.map((definition) => [definition.key, definition.label, definition.unit, definition.target.comparison, definition.target.value.toString(), definition.target.text])).toEqual([
      ['forecast_accuracy', 'Renewal forecast accuracy (error %)', 'percent', '<', '5', '< ±5%'],
      ['nrr', 'Net revenue retention', 'percent', '>', '115', '> 115%'],
      ['grr', 'Gross revenue retention', 'percent', '>', '92', '> 92%'],
      ['cotermed_mrr', 'Co-termed MRR', 'percent', '>=', '70', '≥ 70%'],
      ['cycle_time', 'Days to renewal (median)', 'days', '<=', '30', '≤ 30 days'],
      ['dispute_rate', 'Invoice disputes per 100 invoices', 'per_100', '<', '2', '< 2 per 100 invoices'],
    ]);
  });

  it('judge the value as shown, exactly at the threshold by the comparison', () => {
    const judged = (key: KpiKey, value: string) => onTarget(money(value), targetOf(key));
    expect([judged('forecast_accuracy', '4.9'), judged('forecast_accuracy', '5.0')]).toEqual([true, false]);
    expect([judged('nrr', '115.1'), judged('nrr', '115.0')]).toEqual([true, false]);
    expect([judged('grr', '92.1'), judged('grr', '92.0')]).toEqual([true, false]);
    expect([judged('cotermed_mrr', '70.0'), judged('cotermed_mrr', '69.9')]).toEqual([true, false]);
    expect([judged('cycle_time', '30.0'), judged('cycle_time', '30.1')]).toEqual([true, false]);
    expect([judged('dispute_rate', '1.9'), judged('dispute_rate', '2.0')]).toEqual([true, false]);
    expect(onTarget(null, targetOf('nrr'))).toBeNull();
  });
});
