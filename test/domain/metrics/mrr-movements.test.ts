import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MrrSnapshot } from '../../../src/domain/metrics/mrr-snapshot.ts';
import { mrrMovements } from '../../../src/domain/metrics/mrr-movements.ts';
import { grossRevenueRetention, netRevenueRetention } from '../../../src/domain/metrics/retention.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { day, snapshot } from './fixtures.ts';

describe('the MRR waterfall', () => {
  it('splits the change account by account: expansion, contraction, churn, new, flat', () => {
    const movements = mrrMovements(
      snapshot('2025-11-22', { A: '100.0000', B: '200.0000', C: '50.0000', D: '80.0000' }),
      snapshot('2026-11-22', { A: '150.0000', B: '120.0000', D: '80.0000', E: '70.0000' }),
    );
    expect({
      starting: movements.starting.toString(),
      expansion: movements.expansion.toString(),
      contraction: movements.contraction.toString(),
      churn: movements.churn.toString(),
      new: movements.new.toString(),
      ending: movements.ending.toString(),
    }).toEqual({ starting: '430.0000', expansion: '50.0000', contraction: '80.0000', churn: '50.0000', new: '70.0000', ending: '420.0000' });
    expect(movements.accounts.map((account) => [account.accountId, account.starting.toString(), account.ending.toString(), account.movement])).toEqual([
      ['A', '100.0000', '150.0000', 'expansion'],
      ['B', '200.0000', '120.0000', 'contraction'],
      ['C', '50.0000', '0.0000', 'churn'],
      ['D', '80.0000', '80.0000', 'flat'],
      ['E', '0.0000', '70.0000', 'new'],
    ]);
    expect(movements.explanation).toEqual({
      formula: 'ending = starting + expansion − contraction − churn + new',
      inputs: {
        from: '2025-11-22',
        to: '2026-11-22',
        currency: 'USD',
        starting: '430.0000',
        expansion: '50.0000',
        contraction: '80.0000',
        churn: '50.0000',
        new: '70.0000',
        ending: '420.0000',
        expandedAccounts: 1,
        contractedAccounts: 1,
        churnedAccounts: 1,
        newAccounts: 1,
        flatAccounts: 1,
      },
      rounding: 'none: sums of monthly values, each 4 decimals (half-even)',
      text: 'MRR 2025-11-22 → 2026-11-22 in USD: 430.0000 + 50.0000 expansion (1 account) − 80.0000 contraction (1) − 50.0000 churn (1) + 70.0000 new (1) = 420.0000.',
    });
  });

  it('counts an account whose MRR fell to zero as churned, and leaves out accounts with none at either end', () => {
    const movements = mrrMovements(snapshot('2026-01-31', { A: '10.0000', Z: '0.0000' }), snapshot('2026-02-28', { A: '0', Z: '0.0000' }));
    expect(movements.accounts.map((account) => [account.accountId, account.movement])).toEqual([['A', 'churn']]);
    expect(movements.churn.toString()).toBe('10.0000');
    expect(movements.ending.toString()).toBe('0.0000');
  });

  it('is all zeros with no MRR at either end', () => {
    const movements = mrrMovements(snapshot('2026-01-31', {}), snapshot('2026-02-28', {}));
    expect([movements.starting, movements.expansion, movements.contraction, movements.churn, movements.new, movements.ending].map(String)).toEqual(['0.0000', '0.0000', '0.0000', '0.0000', '0.0000', '0.0000']);
    expect(movements.accounts).toEqual([]);
  });

  it('says which currencies it left out', () => {
    const movements = mrrMovements(snapshot('2026-01-31', { A: '10.0000' }, { EUR: '5.0000' }), snapshot('2026-02-28', { A: '10.0000' }, { GBP: '7.5000' }));
    expect(movements.otherCurrencies).toEqual(['EUR', 'GBP']);
    expect(movements.explanation.text).toBe(
      'MRR 2026-01-31 → 2026-02-28 in USD: 10.0000 + 0.0000 expansion (0 accounts) − 0.0000 contraction (0) − 0.0000 churn (0) + 0.0000 new (0) = 10.0000. MRR in other currencies is left out (at the start: EUR 5.0000; at the end: GBP 7.5000).',
    );
    expect(netRevenueRetention(movements).explanation.text).toBe('NRR 2026-01-31 → 2026-02-28: (10.0000 + 0.0000 − 0.0000 − 0.0000) ÷ 10.0000 × 100 = 100.0% (USD). MRR in EUR, GBP is left out.');
  });

  it('refuses to compare two currencies', () => {
    const euros: MrrSnapshot = { ...snapshot('2026-02-28', {}), currency: 'EUR' };
    expect(() => mrrMovements(snapshot('2026-01-31', {}), euros)).toThrow('MRR of USD cannot be compared with MRR of EUR');
  });
});

/** Per-account MRR with 4 decimals, some accounts at zero, some missing. */
const accountMrr = fc.dictionary(
  fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'),
  fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10_000_000_000n })).map((units) => Decimal.of(units, 4)),
);

function snapshotOf(on: string, amounts: Record<string, Decimal>): MrrSnapshot {
  const byAccount = new Map(Object.entries(amounts));
  return { on: day(on), currency: 'USD', byAccount, total: [...byAccount.values()].reduce((sum, amount) => sum.plus(amount), Decimal.ZERO), leftOut: new Map() };
}

describe('waterfall properties', () => {
  it('starting + expansion − contraction − churn + new = ending, exactly, and each part is the sum of its accounts', () => {
    fc.assert(
      fc.property(accountMrr, accountMrr, (before, after) => {
        const movements = mrrMovements(snapshotOf('2025-11-30', before), snapshotOf('2026-11-30', after));
        const { starting, expansion, contraction, churn, ending } = movements;
        expect(starting.plus(expansion).minus(contraction).minus(churn).plus(movements.new).equals(ending)).toBe(true);
        expect(starting.equals(snapshotOf('2025-11-30', before).total)).toBe(true);
        expect(ending.equals(snapshotOf('2026-11-30', after).total)).toBe(true);
        for (const part of [expansion, contraction, churn, movements.new]) expect(part.sign()).toBeGreaterThanOrEqual(0);
        const churned = movements.accounts.filter((account) => account.movement === 'churn');
        expect(churned.every((account) => account.ending.isZero() && !account.starting.isZero())).toBe(true);
        expect(churned.reduce((sum, account) => sum.plus(account.starting), Decimal.ZERO).equals(churn)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('GRR ≤ NRR whenever both are defined, and both are null exactly when nothing was there at the start', () => {
    fc.assert(
      fc.property(accountMrr, accountMrr, (before, after) => {
        const movements = mrrMovements(snapshotOf('2025-11-30', before), snapshotOf('2026-11-30', after));
        const nrr = netRevenueRetention(movements).value;
        const grr = grossRevenueRetention(movements).value;
        expect(nrr === null).toBe(movements.starting.isZero());
        expect(grr === null).toBe(movements.starting.isZero());
        if (nrr && grr) {
          expect(grr.compare(nrr)).toBeLessThanOrEqual(0);
          expect(grr.compare(Decimal.fromInteger(100))).toBeLessThanOrEqual(0);
          expect(grr.sign()).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
