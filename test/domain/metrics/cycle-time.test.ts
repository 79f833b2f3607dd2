import { describe, expect, it } from 'vitest';
import { cycleTime } from '../../../src/domain/metrics/cycle-time.ts';
import { closedRenewal, day } from './fixtures.ts';

const Q4 = { start: day('2026-10-01'), end: day('2026-12-31') };

const signedQuote = closedRenewal({ id: 'signed', closedOn: '2026-10-02', packGeneratedOn: '2026-09-01', signedOn: '2026-09-20' });
const markedWon = closedRenewal({ id: 'marked-won', closedOn: '2026-10-31', packGeneratedOn: '2026-10-01' });
const slow = closedRenewal({ id: 'slow', closedOn: '2026-11-21', packGeneratedOn: '2026-10-10', signedOn: '2026-11-21' });

describe('days-to-renewal cycle time', () => {
  it('counts days from the pack to the signature (else the day it was won): the median, with the mean beside it', () => {
    const result = cycleTime(
      [
        signedQuote,
        markedWon,
        slow,
        closedRenewal({ id: 'no-pack', closedOn: '2026-11-01', packGeneratedOn: null }),
        closedRenewal({ id: 'lost', outcome: 'lost', closedOn: '2026-11-01', packGeneratedOn: '2026-08-01' }),
        closedRenewal({ id: 'before', closedOn: '2026-09-30', packGeneratedOn: '2026-01-01' }),
      ],
      Q4,
    );
    // 19, 30 and 42 days: median 30, mean 91 ÷ 3 = 30.33…
    expect([result.value?.toString(), result.median?.toString(), result.mean?.toString(), result.renewals]).toEqual(['30.0', '30.0', '30.3', 3]);
    expect(result.explanation).toEqual({
      formula: 'days = signed − pack generated, per renewal won; value = median of the days',
      inputs: { from: '2026-10-01', to: '2026-12-31', renewals: 3, signedByQuote: 2, recordedAsWon: 1, totalDays: 91, withoutPack: 1, days: '19 30 42', median: '30.0', mean: '30.3' },
      rounding: 'rounded half up to 1 decimal, once, from the exact quotient',
      text: '2026-10-01 – 2026-12-31: 3 renewals won, pack to signature in a median of 30.0 days (mean 91 ÷ 3 = 30.3); 2 signed through a quote, 1 dated by the day they were won. 1 won without a pack are left out.',
    });
  });

  it('takes the middle two for an even count', () => {
    const quick = closedRenewal({ id: 'quick', closedOn: '2026-11-06', packGeneratedOn: '2026-11-01' });
    const result = cycleTime([signedQuote, markedWon, slow, quick], Q4);
    // 5, 19, 30, 42: median (19 + 30) ÷ 2, mean 96 ÷ 4
    expect([result.median?.toString(), result.mean?.toString()]).toEqual(['24.5', '24.0']);
  });

  it('rounds the mean once, half up: 0.25 days shows as 0.3', () => {
    const sameDay = (id: string) => closedRenewal({ id, closedOn: '2026-10-05', packGeneratedOn: '2026-10-05' });
    const result = cycleTime([sameDay('a'), sameDay('b'), sameDay('c'), closedRenewal({ id: 'd', closedOn: '2026-10-06', packGeneratedOn: '2026-10-05' })], Q4);
    expect([result.median?.toString(), result.mean?.toString()]).toEqual(['0.0', '0.3']);
  });

  it('is null when nothing was won', () => {
    const result = cycleTime([closedRenewal({ id: 'lost', outcome: 'lost', closedOn: '2026-11-01' })], Q4);
    expect([result.value, result.median, result.mean, result.renewals]).toEqual([null, null, null, 0]);
    expect(result.explanation.text).toBe('2026-10-01 – 2026-12-31: no renewal with a pack was won.');
  });
});
