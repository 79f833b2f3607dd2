import { describe, expect, it } from 'vitest';
import { forecastAccuracy } from '../../../src/domain/metrics/forecast-accuracy.ts';
import { closedRenewal, day } from './fixtures.ts';

const Q4 = { start: day('2026-10-01'), end: day('2026-12-31') };

describe('renewal forecast accuracy', () => {
  it('is |Σ projected − Σ closed| ÷ Σ projected over the renewals closed in the quarter, a lost renewal closing at 0', () => {
    const renewals = [
      closedRenewal({ id: 'won-below', closedOn: '2026-10-15', forecast: '1200.00', closed: '1100.00' }),
      closedRenewal({ id: 'won-above', closedOn: '2026-11-01', forecast: '2400.00', closed: '2600.00' }),
      closedRenewal({ id: 'lost', outcome: 'lost', closedOn: '2026-12-31', forecast: '600.00', closed: '600.00' }),
      closedRenewal({ id: 'in-euros', currency: 'EUR', closedOn: '2026-11-02', forecast: '9000.00', closed: '1.00' }),
      closedRenewal({ id: 'no-pack', closedOn: '2026-11-03', packGeneratedOn: null, forecast: null, closed: '500.00' }),
      closedRenewal({ id: 'next-quarter', closedOn: '2027-01-01', forecast: '100.00', closed: '0' }),
      closedRenewal({ id: 'last-quarter', closedOn: '2026-09-30', forecast: '100.00', closed: '0' }),
    ];
    const accuracy = forecastAccuracy(renewals, Q4, 'USD');
    // |4200 − 3700| ÷ 4200 = 11.904…%
    expect([accuracy.value?.toString(), accuracy.projected.toString(), accuracy.closed.toString(), accuracy.renewals]).toEqual(['11.9', '4200.00', '3700.00', 3]);
    expect(accuracy.explanation).toEqual({
      formula: 'forecast error % = |Σ projected − Σ closed| ÷ Σ projected × 100',
      inputs: { from: '2026-10-01', to: '2026-12-31', currency: 'USD', projected: '4200.00', closed: '3700.00', renewals: 3, lost: 1, otherCurrency: 1, withoutForecast: 1 },
      rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
      text: '2026-10-01 – 2026-12-31: |4200.00 projected − 3700.00 closed| ÷ 4200.00 × 100 = 11.9% over 3 renewals (1 lost, counted at 0), USD. Left out: 1 in other currencies, 1 closed without a pack (no forecast).',
    });
  });

  it('is 0.0 when every renewal closed at its forecast', () => {
    expect(forecastAccuracy([closedRenewal({ id: 'r', closedOn: '2026-10-01' })], Q4, 'USD').value?.toString()).toBe('0.0');
  });

  it('rounds half up once: an error of 2.25% shows as 2.3%', () => {
    expect(forecastAccuracy([closedRenewal({ id: 'r', closedOn: '2026-10-01', forecast: '400.00', closed: '409.00' })], Q4, 'USD').value?.toString()).toBe('2.3');
  });

  it('is null when nothing closed in the quarter', () => {
    const accuracy = forecastAccuracy([closedRenewal({ id: 'later', closedOn: '2027-02-01' })], Q4, 'USD');
    expect(accuracy.value).toBeNull();
    expect(accuracy.explanation.text).toBe('2026-10-01 – 2026-12-31: no renewal with a forecast closed, so there is no forecast error to measure.');
  });
});
