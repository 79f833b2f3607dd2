import { describe, expect, it } from 'vitest';
import { mrrMovements } from '../../../src/domain/metrics/mrr-movements.ts';
import { grossRevenueRetention, netRevenueRetention } from '../../../src/domain/metrics/retention.ts';
import { snapshot } from './fixtures.ts';

describe('net and gross revenue retention', () => {
  const movements = mrrMovements(
    snapshot('2025-11-22', { A: '100.0000', B: '200.0000', C: '50.0000', D: '80.0000' }),
    snapshot('2026-11-22', { A: '150.0000', B: '120.0000', D: '80.0000', E: '70.0000' }),
  );

  it('NRR = (starting + expansion − churn − contraction) ÷ starting, new business left out', () => {
    // (430 + 50 − 50 − 80) ÷ 430 = 81.395…%
    expect(netRevenueRetention(movements)).toEqual({
      value: expect.objectContaining({ units: 814n, scale: 1 }),
      explanation: {
        formula: 'NRR = (starting + expansion − churn − contraction) ÷ starting × 100',
        inputs: { from: '2025-11-22', to: '2026-11-22', currency: 'USD', starting: '430.0000', expansion: '50.0000', churn: '50.0000', contraction: '80.0000' },
        rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
        text: 'NRR 2025-11-22 → 2026-11-22: (430.0000 + 50.0000 − 50.0000 − 80.0000) ÷ 430.0000 × 100 = 81.4% (USD).',
      },
    });
  });

  it('GRR = (starting − churn − contraction) ÷ starting', () => {
    // (430 − 50 − 80) ÷ 430 = 69.767…%
    const grr = grossRevenueRetention(movements);
    expect(grr.value?.toString()).toBe('69.8');
    expect(grr.explanation.text).toBe('GRR 2025-11-22 → 2026-11-22: (430.0000 − 50.0000 − 80.0000) ÷ 430.0000 × 100 = 69.8% (USD).');
  });

  it('rounds once, half up: 100.05% shows as 100.1%', () => {
    const grown = mrrMovements(snapshot('2026-01-31', { A: '400.0000' }), snapshot('2026-02-28', { A: '400.2000' }));
    expect(netRevenueRetention(grown).value?.toString()).toBe('100.1');
    expect(grossRevenueRetention(grown).value?.toString()).toBe('100.0');
  });

  it('is 0% when every account churned, and above 100% when the ones that stayed grew', () => {
    const churned = mrrMovements(snapshot('2026-01-31', { A: '10.0000' }), snapshot('2026-02-28', { B: '99.0000' }));
    expect([netRevenueRetention(churned).value?.toString(), grossRevenueRetention(churned).value?.toString()]).toEqual(['0.0', '0.0']);
    const grew = mrrMovements(snapshot('2026-01-31', { A: '80.0000', B: '20.0000' }), snapshot('2026-02-28', { A: '120.0000', B: '10.0000' }));
    expect([netRevenueRetention(grew).value?.toString(), grossRevenueRetention(grew).value?.toString()]).toEqual(['130.0', '90.0']);
  });

  it('is null with no MRR at the start: a portfolio of new accounts has nothing to retain', () => {
    const fresh = mrrMovements(snapshot('2026-01-31', {}), snapshot('2026-02-28', { A: '50.0000' }));
    expect(netRevenueRetention(fresh)).toEqual({
      value: null,
      explanation: {
        formula: 'NRR = (starting + expansion − churn − contraction) ÷ starting × 100',
        inputs: { from: '2026-01-31', to: '2026-02-28', currency: 'USD', starting: '0.0000', expansion: '0.0000', churn: '0.0000', contraction: '0.0000' },
        rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
        text: 'No USD MRR on 2026-01-31: NRR 2026-01-31 → 2026-02-28 is not defined.',
      },
    });
    expect(grossRevenueRetention(fresh).value).toBeNull();
  });
});
