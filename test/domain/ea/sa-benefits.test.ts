import { describe, expect, it } from 'vitest';
import { SA_BENEFIT_CHECKS } from '../../../src/domain/ea/sa-benefits.ts';

describe('Software Assurance benefits at risk when extending', () => {
  it('lists the six benefits with their risk', () => {
    expect(SA_BENEFIT_CHECKS.map((check) => [check.benefit, check.risk])).toEqual([
      ['Planning Services Days', 'High'],
      ['Training Vouchers', 'Medium'],
      ['License Mobility Rights', 'Low'],
      ['Step-Up Licensing Rights', 'Medium'],
      ['Spread Payments', 'High'],
      ['Home Use Programme', 'Low'],
    ]);
    for (const check of SA_BENEFIT_CHECKS) expect(check.requiredAction.length).toBeGreaterThan(0);
    expect(SA_BENEFIT_CHECKS[0]?.requiredAction).toMatch(/VLSC/);
  });
});
