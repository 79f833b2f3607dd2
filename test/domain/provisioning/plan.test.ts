import { describe, expect, it } from 'vitest';
import { type PlanInput, planProvisioning } from '../../../src/domain/provisioning/plan.ts';
import { effectiveGrants, grantableScopes, roleGrants } from '../../../src/domain/access/roles.ts';

const SUBSCRIPTIONS: PlanInput['subscriptions'] = [
  { id: 'e3', kind: 'nce', tenantId: 'tenant-1', productName: 'Microsoft 365 E3', skuId: '0001', quantity: 40 },
  { id: 'visio', kind: 'nce', tenantId: 'tenant-1', productName: 'Visio Plan 2', skuId: '0002', quantity: 8 },
  { id: 'msa', kind: 'msp_service', tenantId: null, productName: 'Managed Services', skuId: null, quantity: 40 },
];

function plan(lines: PlanInput['lines'], coterm: PlanInput['coterm'] = null) {
  return planProvisioning({ renewalDate: '2027-03-01', currency: 'USD', lines, coterm, subscriptions: SUBSCRIPTIONS });
}

describe('the provisioning plan of an accepted option', () => {
  it('schedules the renewal of a licence at the quoted quantity, and flags a reduction for approval', () => {
    const actions = plan([{ subscriptionId: 'e3', action: 'renew', productName: 'Microsoft 365 E3', quantity: 35, term: 'P1Y', billing: 'monthly', monthlyValue: '1260.00' }]);
    expect(actions.map((action) => [action.id, action.kind, action.fromQuantity, action.toQuantity, action.requiresApproval, action.description])).toEqual([
      ['a1', 'partner_center.schedule_next_term', 40, 35, true, 'At renewal on 2027-03-01: Microsoft 365 E3 × 35 (now 40)'],
      ['a2', 'psa.change', 40, 35, true, 'PSA agreement: Microsoft 365 E3 40 → 35 from 2027-03-01'],
      ['a3', 'invoice.line', null, 35, false, 'From 2027-03-01: Microsoft 365 E3 × 35, 1260.00 USD a month'],
    ]);
    expect(actions[0]).toMatchObject({ customerId: 'tenant-1', subscriptionId: 'e3', skuId: '0001', customTermEndDate: null, effective: '2027-03-01' });
  });

  it('migrates to another product at renewal without naming the old SKU, and keeps an unchanged service out of the PSA', () => {
    const actions = plan([
      { subscriptionId: 'e3', action: 'migrate', productName: 'Microsoft 365 E5', quantity: 40, term: 'P1Y', billing: 'annual', monthlyValue: '2280.00' },
      { subscriptionId: 'msa', action: 'renew', productName: 'Managed Services', quantity: 40, term: 'P12M', billing: 'monthly', monthlyValue: '3000.00' },
    ]);
    expect(actions.map((action) => [action.kind, action.productName, action.skuId, action.toQuantity])).toEqual([
      ['partner_center.schedule_next_term', 'Microsoft 365 E5', null, 40],
      ['psa.change', 'Microsoft 365 E5', null, 40],
      ['invoice.line', 'Microsoft 365 E5', null, 40],
      ['invoice.line', 'Managed Services', null, 40],
    ]);
    expect(actions[0]?.description).toBe('At renewal on 2027-03-01: Microsoft 365 E3 → Microsoft 365 E5 × 40');
  });

  it('orders an add-on aligned to the anchor’s next occurrence, and aligns the co-termed subscriptions the option leaves alone', () => {
    const actions = plan(
      [
        { subscriptionId: 'e3', action: 'renew', productName: 'Microsoft 365 E3', quantity: 40, term: 'P1Y', billing: 'monthly', monthlyValue: '1440.00' },
        { subscriptionId: 'e3', action: 'add', productName: 'Microsoft Defender for Endpoint P2', quantity: 40, term: 'P1Y', billing: 'monthly', monthlyValue: '208.00' },
        { subscriptionId: 'msa', action: 'add', productName: 'BCDR add-on', quantity: 40, term: 'P12M', billing: 'monthly', monthlyValue: '400.00' },
      ],
      {
        anchor: '2027-02-28',
        lines: [
          { subscriptionId: 'visio', productName: 'Visio Plan 2', description: 'stub term', start: '2027-06-01', end: '2028-02-29', amount: '97.38', explanation: '8 × 144.00 × 274/366' },
          { subscriptionId: 'msa', productName: 'Managed Services', description: 'prorated to the anchor', start: '2027-04-01', end: '2028-02-29', amount: '32750.00', explanation: 'daily proration' },
        ],
      },
    );
    expect(actions.map((action) => [action.id, action.kind, action.productName, action.customTermEndDate, action.effective, action.amount])).toEqual([
      ['a1', 'partner_center.schedule_next_term', 'Microsoft 365 E3', null, '2027-03-01', null],
      ['a2', 'partner_center.order', 'Microsoft Defender for Endpoint P2', '2028-02-29', '2027-03-01', null],
      ['a3', 'psa.change', 'Microsoft Defender for Endpoint P2', null, '2027-03-01', null],
      ['a4', 'msp_service.change', 'BCDR add-on', '2028-02-29', '2027-03-01', null],
      ['a5', 'psa.change', 'BCDR add-on', null, '2027-03-01', null],
      ['a6', 'partner_center.schedule_next_term', 'Visio Plan 2', '2028-02-29', '2027-06-01', null],
      ['a7', 'msp_service.change', 'Managed Services', '2028-02-29', '2027-04-01', null],
      ['a8', 'invoice.line', 'Visio Plan 2', null, '2027-06-01', '97.38'],
      ['a9', 'invoice.line', 'Managed Services', null, '2027-04-01', '32750.00'],
      ['a10', 'invoice.line', 'Microsoft 365 E3', null, '2027-03-01', '1440.00'],
      ['a11', 'invoice.line', 'Microsoft Defender for Endpoint P2', null, '2027-03-01', '208.00'],
      ['a12', 'invoice.line', 'BCDR add-on', null, '2027-03-01', '400.00'],
    ]);
    expect(actions.some((action) => action.requiresApproval)).toBe(false);
    expect(actions[7]?.explanation).toBe('8 × 144.00 × 274/366');
  });
});

describe('roles and token scopes', () => {
  it('grants each role its work, and a token never more than its scopes and its user’s role', () => {
    expect(roleGrants('billing')).toEqual(['read', 'billing']);
    expect(roleGrants('account_manager')).toEqual(['read', 'renewals']);
    expect(roleGrants('portal_contact')).toEqual(['portal']);
    expect(effectiveGrants('admin', ['read', 'billing'])).toEqual(['read', 'billing']);
    expect(effectiveGrants('read_only', ['read', 'billing'])).toEqual(['read']);
    expect(grantableScopes('account_manager')).toEqual(['read', 'renewals']);
    expect(grantableScopes('portal_contact')).toEqual([]);
  });
});
