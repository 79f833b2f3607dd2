import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerPrice, ruleFor, type PriceRule } from '../../../src/domain/billing/price-rules.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const rule = (id: number, scope: Partial<PriceRule>, method: PriceRule['method'], value: string): PriceRule => ({ id, accountId: null, family: null, skuId: null, ...scope, method, value: Decimal.parse(value) });

const rules = [
  rule(1, {}, 'markup', '15'),
  rule(2, { family: 'Microsoft 365' }, 'markup', '12'),
  rule(3, { accountId: 'acme' }, 'margin', '20'),
  rule(4, { skuId: 'CFQ7TTC0LCHC:0002' }, 'fixed', '21.50'),
  rule(5, { family: 'microsoft 365' }, 'markup', '11'),
];

describe('price rules', () => {
  it('take the most specific rule: SKU, then account, then family, the latest on a tie', () => {
    expect(ruleFor({ accountId: 'other', family: null, skuId: null }, rules)?.id).toBe(1);
    expect(ruleFor({ accountId: 'other', family: 'Microsoft 365', skuId: null }, rules)?.id).toBe(5);
    expect(ruleFor({ accountId: 'acme', family: 'Microsoft 365', skuId: null }, rules)?.id).toBe(3);
    expect(ruleFor({ accountId: 'acme', family: 'Microsoft 365', skuId: 'cfq7ttc0lchc:0002' }, rules)?.id).toBe(4);
    expect(ruleFor({ accountId: 'acme', family: null, skuId: null }, [])).toBeUndefined();
  });

  it('price exactly: markup and margin rounded half up once, fixed as written, at cost without a rule', () => {
    const item = (accountId: string, cost: string) => ({ accountId, family: null, skuId: null, cost: Decimal.parse(cost), currency: 'USD' });
    expect(customerPrice(item('other', '12.50'), rules).unitPrice.toString()).toBe('14.38'); // 14.375
    expect(customerPrice(item('acme', '12.50'), rules).unitPrice.toString()).toBe('15.63'); // 15.625
    expect(customerPrice({ ...item('acme', '12.50'), skuId: 'CFQ7TTC0LCHC:0002' }, rules).unitPrice.toString()).toBe('21.50');
    const atCost = customerPrice(item('acme', '12.50'), []);
    expect(atCost.unitPrice.toString()).toBe('12.50');
    expect(atCost.explanation.text).toBe('No margin rule matches; priced at cost 12.50 USD.');
    expect(customerPrice({ ...item('other', '1000'), currency: 'JPY' }, rules).unitPrice.toString()).toBe('1150');
  });

  it('never round a markup or margin price by more than half a cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 0, max: 9_000 }), fc.boolean(), (costCents, basisPoints, margin) => {
        const cost = Decimal.of(costCents, 2);
        const percent = Decimal.of(BigInt(basisPoints), 2);
        const price = customerPrice({ accountId: 'a', family: null, skuId: null, cost, currency: 'EUR' }, [rule(1, {}, margin ? 'margin' : 'markup', percent.toString())]).unitPrice;
        // exact price p satisfies p × 10000 = cost × (10000 + bp) (markup) or p × (10000 − bp) = cost × 10000 (margin)
        const exactNumerator = margin ? costCents * 10_000n : costCents * BigInt(10_000 + basisPoints);
        const exactDenominator = margin ? BigInt(10_000 - basisPoints) : 10_000n;
        const errorTimesTwo = 2n * (price.unitsAt(2) * exactDenominator - exactNumerator);
        return errorTimesTwo <= exactDenominator && -errorTimesTwo < exactDenominator;
      }),
    );
  });
});
