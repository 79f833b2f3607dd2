import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { accountHealth, healthBand } from '../../../src/domain/renewal/health.ts';
import { type UsageSignal, type UsageSignalKind } from '../../../src/domain/renewal/usage.ts';

const d = CalendarDate.parse;
const asOf = d('2025-06-30');

/** A monthly signal for the month starting on `month` (YYYY-MM). */
function signal(kind: UsageSignalKind, month: string, value: string, capacity: string | null = null, extra: Partial<UsageSignal> = {}): UsageSignal {
  const periodStart = d(`${month}-01`);
  return { kind, subscriptionId: null, periodStart, periodEnd: periodStart.lastDayOfMonth(), value: Decimal.parse(value), capacity: capacity === null ? null : Decimal.parse(capacity), category: '', ...extra };
}
const seats = (assigned: string, purchased: string, subscriptionId = 'sub-1', month = '2025-06') => signal('seats_assigned', month, assigned, purchased, { subscriptionId });
const tickets = (count: string, month = '2025-06', category = 'password reset') => signal('tickets', month, count, null, { category });
const factor = (signals: UsageSignal[], name: string) => accountHealth(signals, asOf).factors.find((row) => row.factor === name);

describe('account health: a points model an AM can redo by hand', () => {
  it('scores an account without signals 100, green, with a factor that says nothing was measured', () => {
    const health = accountHealth([], asOf);
    expect(health).toEqual({
      score: 100,
      band: 'green',
      atRisk: false,
      atRiskThreshold: 50,
      factors: [{ factor: 'no_signals', points: 0, evidence: 'No usage or ticket signal ended on or before 2025-06-30: nothing to deduct, the score stays 100 unmeasured.' }],
    });
  });

  it('ignores signals whose period has not ended by the as-of day', () => {
    expect(accountHealth([seats('1', '20', 'sub-1', '2025-07')], asOf).factors.map((row) => row.factor)).toEqual(['no_signals']);
  });

  it('lists every factor, unmeasured ones with 0 points and the reason', () => {
    const health = accountHealth([seats('18', '20')], asOf);
    expect(health.score).toBe(100);
    expect(health.factors).toEqual([
      { factor: 'ticket_volume', points: 0, evidence: '0 tickets in 2025-04-02..2025-06-30 for 18 seats in use = 0.00 per seat (at most 1.0 per seat → 0)' },
      { factor: 'shelfware', points: 0, evidence: '18 of 20 seats assigned = 90.0% (at least 80% → 0)' },
      { factor: 'endpoint_coverage', points: 0, evidence: 'not scored: no endpoint_coverage signal with devices contracted' },
      { factor: 'backup_capacity', points: 0, evidence: 'not scored: no backup_utilisation signal with TB contracted' },
    ]);
  });

  describe('ticket volume: tickets of the last 90 days per seat in use', () => {
    const withTickets = (count: string) => factor([seats('20', '20'), tickets(count)], 'ticket_volume');

    it('deducts nothing at 1.0 per seat, 10 above it, 20 above 1.5, 30 above 2.0', () => {
      expect(withTickets('20')?.points).toBe(0);
      expect(withTickets('21')?.points).toBe(-15);
      expect(withTickets('30')?.points).toBe(-15);
      expect(withTickets('31')?.points).toBe(-30);
      expect(withTickets('40')?.points).toBe(-30);
      expect(withTickets('41')?.points).toBe(-50);
      expect(withTickets('31')?.evidence).toBe('31 tickets in 2025-04-02..2025-06-30 for 20 seats in use = 1.55 per seat (above 1.5 per seat → −30)');
    });

    it('counts tickets whose period ended in the 90 days up to the as-of day, summing categories', () => {
      const inWindow: UsageSignal = { ...tickets('10'), periodStart: d('2025-03-03'), periodEnd: d('2025-04-02') };
      const tooOld: UsageSignal = { ...tickets('100'), periodStart: d('2025-03-02'), periodEnd: d('2025-04-01') };
      const result = factor([seats('10', '10'), inWindow, tooOld, tickets('3', '2025-05', 'security how-to'), tickets('2', '2025-06')], 'ticket_volume');
      expect(result?.evidence).toBe('15 tickets in 2025-04-02..2025-06-30 for 10 seats in use = 1.50 per seat (above 1.0 per seat → −15)');
    });

    it('relates tickets to the latest seats in use of every subscription', () => {
      const signals = [seats('5', '5', 'a', '2025-05'), seats('10', '12', 'a'), seats('10', '10', 'b'), tickets('41')];
      expect(factor(signals, 'ticket_volume')?.evidence).toBe('41 tickets in 2025-04-02..2025-06-30 for 20 seats in use = 2.05 per seat (above 2.0 per seat → −50)');
    });

    it('does not score tickets without seats to relate them to, and says so', () => {
      expect(factor([tickets('50')], 'ticket_volume')).toEqual({
        factor: 'ticket_volume',
        points: 0,
        evidence: '50 tickets in 2025-04-02..2025-06-30; not scored: no seats in use to relate them to (no seats_assigned signal)',
      });
    });
  });

  describe('shelfware: seats assigned against seats purchased', () => {
    it('deducts 10 below 80% and 20 below 60%, compared exactly', () => {
      expect(factor([seats('16', '20')], 'shelfware')?.points).toBe(0);
      expect(factor([seats('15', '20')], 'shelfware')?.points).toBe(-10);
      expect(factor([seats('12', '20')], 'shelfware')?.points).toBe(-10);
      expect(factor([seats('11', '20')], 'shelfware')?.points).toBe(-20);
      expect(factor([seats('79.99', '100')], 'shelfware')?.points).toBe(-10);
    });

    it('weighs subscriptions by seats and names those below 80%, using each one’s latest month', () => {
      const signals = [seats('1', '10', 'visio', '2025-05'), seats('2', '10', 'visio'), seats('38', '40', 'm365')];
      expect(factor(signals, 'shelfware')).toEqual({ factor: 'shelfware', points: 0, evidence: '40 of 50 seats assigned = 80.0% (at least 80% → 0); below 80%: visio 2/10' });
    });
  });

  it('deducts for endpoint coverage below 95% (10) and below 90% (20)', () => {
    const coverage = (covered: string) => factor([signal('endpoint_coverage', '2025-06', covered, '100')], 'endpoint_coverage');
    expect(coverage('95')?.points).toBe(0);
    expect(coverage('94')?.points).toBe(-10);
    expect(coverage('90')?.points).toBe(-10);
    expect(coverage('89')?.evidence).toBe('89 of 100 devices covered = 89.0% (below 90% → −20) on 2025-06-30');
  });

  it('deducts for backup above 90% full (10) and at or over capacity (20)', () => {
    const backup = (used: string) => factor([signal('backup_utilisation', '2025-06', used, '10')], 'backup_capacity');
    expect(backup('9')?.points).toBe(0);
    expect(backup('9.01')?.points).toBe(-10);
    expect(backup('9.01')?.evidence).toBe('9.01 of 10 TB used = 90.1% (above 90% → −10) on 2025-06-30');
    expect(backup('10')?.points).toBe(-20);
    expect(backup('11.5')?.points).toBe(-20);
  });

  it('adds the factors up: 100 − 30 − 20 − 20 − 20 = 10, red and at risk', () => {
    const signals = [seats('11', '20'), tickets('25'), signal('endpoint_coverage', '2025-06', '8', '10'), signal('backup_utilisation', '2025-06', '4', '4')];
    const health = accountHealth(signals, asOf);
    expect(health.factors.map((row) => row.points)).toEqual([-50, -20, -20, -20]);
    expect(health.score).toBe(0);
    expect(health.band).toBe('red');
    expect(health.atRisk).toBe(true);
  });

  it('flags at risk below the threshold given', () => {
    const signals = [seats('15', '20'), tickets('25')]; // 25 ÷ 15 = 1.67 per seat: −30; 75%: −10 → 60
    expect(accountHealth(signals, asOf).score).toBe(60);
    expect(accountHealth(signals, asOf).band).toBe('amber');
    expect(accountHealth(signals, asOf).atRisk).toBe(false);
    expect(accountHealth(signals, asOf, { atRiskThreshold: 65 }).atRisk).toBe(true);
    expect(accountHealth(signals, asOf, { atRiskThreshold: 60 }).atRisk).toBe(false);
  });

  it('bands scores: green from 70, amber from 50, red below', () => {
    expect([100, 70, 69, 50, 49, 0].map(healthBand)).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
  });

  it('always gives an integer score in 0..100 that the factors add up to, with a consistent band and flag', () => {
    const kinds: UsageSignalKind[] = ['seats_assigned', 'azure_consumption', 'backup_utilisation', 'endpoint_coverage', 'tickets'];
    const anySignal = fc
      .record({
        kind: fc.constantFrom(...kinds),
        subscription: fc.constantFrom(null, 'a', 'b'),
        monthsBack: fc.integer({ min: -1, max: 8 }),
        value: fc.integer({ min: 0, max: 5000 }),
        capacity: fc.option(fc.integer({ min: 0, max: 5000 })),
        category: fc.constantFrom('', 'security how-to', 'email'),
      })
      .map(({ kind, subscription, monthsBack, value, capacity, category }): UsageSignal => {
        const periodStart = d('2025-06-01').addMonths(-monthsBack);
        return { kind, subscriptionId: subscription, periodStart, periodEnd: periodStart.lastDayOfMonth(), value: Decimal.of(BigInt(value), 1), capacity: capacity === null ? null : Decimal.of(BigInt(capacity), 1), category };
      });
    fc.assert(
      fc.property(fc.array(anySignal, { maxLength: 25 }), fc.integer({ min: 0, max: 100 }), (signals, threshold) => {
        const health = accountHealth(signals, asOf, { atRiskThreshold: threshold });
        expect(Number.isInteger(health.score)).toBe(true);
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        expect(health.band).toBe(health.score >= 70 ? 'green' : health.score >= 50 ? 'amber' : 'red');
        expect(health.atRisk).toBe(health.score < threshold);
        expect(health.factors.length).toBeGreaterThan(0);
        for (const row of health.factors) expect(row.points).toBeLessThanOrEqual(0);
        expect(health.score).toBe(Math.max(0, 100 + health.factors.reduce((total, row) => total + row.points, 0)));
        expect(accountHealth([...signals].reverse(), asOf, { atRiskThreshold: threshold })).toEqual(health);
      }),
    );
  });
});
