import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type ChargeLine } from '../../../src/domain/nce/model.ts';
import { chargeArithmeticFindings, type PricedCharge } from '../../../src/domain/reconcile/charge-arithmetic.ts';
import { simulate } from '../../support/nce.ts';
import { WORKED_EXAMPLES } from '../../support/recon-files.ts';

/** A shadow-billed row as the reconciliation file gives it back: no calculation, just its columns. */
function asBilled(line: ChargeLine, index: number): PricedCharge {
  return {
    location: `line ${index + 2}`,
    customerId: 'c1',
    customerName: undefined,
    subscriptionId: line.subscription,
    skuId: undefined,
    productName: line.product,
    chargeType: line.chargeType,
    start: line.chargeStart,
    end: line.chargeEnd,
    quantity: line.quantity,
    subtotal: line.subtotal,
    currency: line.currency,
    unitPrice: line.unitPrice,
    billing: line.billing,
    termStart: line.termStart,
    termEnd: line.termEnd,
  };
}

const COTERMED_AND_MONTH_END = {
  subscriptions: [
    // Bought on the 31st: its cycles run 31 Jan – 27 Feb, 28 Feb – 30 Mar, …
    { id: 'MONTH-END', product: 'Microsoft 365 Business Basic', unitPrice: '6.00', currency: 'USD', term: 'P1M', billing: 'monthly', start: '2026-01-31', quantity: 12 },
    { id: 'ANCHOR', product: 'Microsoft 365 E3', unitPrice: '432.00', currency: 'USD', term: 'P1Y', billing: 'annual', start: '2025-07-01', quantity: 30 },
    // Co-termed to ANCHOR's end, 30 June: the first year is a 137-day stub of the cycle 1 Jul 2025 – 30 Jun 2026.
    { id: 'STUB', product: 'Microsoft 365 E3', unitPrice: '432.00', currency: 'USD', term: 'P1Y', billing: 'annual', start: '2026-02-14', quantity: 10, customTermEnd: '2026-06-30' },
    { id: 'MONTHLY-STUB', product: 'Microsoft 365 E3', unitPrice: '37.80', currency: 'USD', term: 'P1Y', billing: 'monthly', start: '2026-02-14', quantity: 4, customTermEnd: '2026-06-30' },
  ],
  events: [
    { date: '2026-03-10', subscription: 'STUB', type: 'setQuantity', quantity: 12 },
    { date: '2026-03-12', subscription: 'STUB', type: 'setQuantity', quantity: 11 },
    { date: '2026-02-16', subscription: 'MONTH-END', type: 'setQuantity', quantity: 15 },
  ],
  through: '2026-08-31',
};

describe('Microsoft charges recomputed', () => {
  it("find nothing to dispute in Microsoft's worked examples, co-termed stubs and month-end cycles", () => {
    for (const scenario of [WORKED_EXAMPLES, COTERMED_AND_MONTH_END]) {
      const billed = simulate(scenario).lines.map(asBilled);
      expect(billed.length).toBeGreaterThan(8);
      expect(chargeArithmeticFindings(billed)).toEqual([]);
    }
  });

  it('find a row Microsoft billed off its own calculation, with the calculation', () => {
    const billed = simulate(COTERMED_AND_MONTH_END).lines.map(asBilled);
    const stub = billed.findIndex((charge) => charge.subscriptionId === 'STUB' && charge.chargeType === 'new');
    billed[stub] = { ...billed[stub]!, subtotal: Decimal.parse('1700.00') };
    const findings = chargeArithmeticFindings(billed);
    expect(findings.map((finding) => [finding.subscriptionId, finding.direction, finding.impact.toString(), finding.explanation])).toEqual([
      // 4320 × 137/365 = 1621.479…, truncated as Microsoft does.
      ['STUB', 'overbilled', '78.53', 'Microsoft billed 1700.00; 10 × 432.00 × 137/365 days of the cycle 2025-07-01 – 2026-06-30 = 1621.47: over by 78.53.'],
    ]);
  });
});
