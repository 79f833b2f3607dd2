import { describe, expect, it } from 'vitest';
import { type LedgerEvent } from '../../../src/domain/ledger/events.ts';
import { foldLedger } from '../../../src/domain/ledger/fold.ts';

const at = (effectiveDate: string, type: LedgerEvent['type'], payload: LedgerEvent['payload'], sequence: number): LedgerEvent => ({ effectiveDate, type, payload, sequence });

describe('folding the ledger into versions', () => {
  it('orders events by date then recording, merges same-day changes and skips no-ops', () => {
    const versions = foldLedger('Office 365 E3', [
      at('2024-03-10', 'upgrade', { quantityDelta: -5 }, 4),
      at('2023-08-16', 'purchase', { quantity: 20, unitPrice: '23.00', termStart: '2023-08-16', termEnd: '2024-08-15' }, 1),
      at('2024-01-05', 'seat_change', { quantity: 20 }, 2),
      at('2024-03-10', 'seat_change', { quantity: 22 }, 3),
    ]);
    expect(versions.map((v) => [v.validFrom, v.validTo, v.status, v.quantity])).toEqual([
      ['2023-08-16', '2024-03-10', 'active', 20],
      ['2024-03-10', null, 'active', 17],
    ]);
  });

  it('ends a subscription whose seats all moved out, and keeps it for a full upgrade in place', () => {
    const moved = foldLedger('E3', [at('2024-01-01', 'purchase', { quantity: 5 }, 1), at('2024-02-01', 'upgrade', { quantityDelta: -5 }, 2)]);
    expect(moved.at(-1)?.status).toBe('ended');
    const inPlace = foldLedger('E3', [
      at('2024-01-01', 'purchase', { quantity: 5 }, 1),
      at('2024-02-01', 'upgrade', { quantityDelta: -5 }, 2),
      at('2024-02-01', 'upgrade', { quantityDelta: 5, productName: 'E5' }, 3),
    ]);
    expect(inPlace.map((v) => [v.validFrom, v.status, v.quantity, v.productName])).toEqual([
      ['2024-01-01', 'active', 5, 'E3'],
      ['2024-02-01', 'active', 5, 'E5'],
    ]);
  });
});
