import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, explainPolicy, parsePolicyValue, type PolicySetting, resolvePolicy } from '../../../src/domain/renewal/policy.ts';

const setting = (field: PolicySetting['field'], value: unknown, accountId = '', setBy = 'ana', setAt = '2026-11-02T09:00:00Z'): PolicySetting => ({ field, value, accountId, setBy, setAt });

describe('renewal policy', () => {
  it('applies defaults, then the organization, then the parent account, then the account', () => {
    const settings = [
      setting('noticeDays', [90, 60, 30]),
      setting('escalationOwner', 'ops-lead'),
      setting('anchor', '12-31', 'PARENT', 'bo'),
      setting('noticeDays', [120, 90, 60, 30], 'CHILD', 'cy', '2026-10-01T08:00:00Z'),
    ];
    const { policy, sources } = resolvePolicy(settings, 'CHILD', 'PARENT');
    expect(policy.noticeDays).toEqual([120, 90, 60, 30]);
    expect(policy.escalationOwner).toBe('ops-lead');
    expect(policy.anchor).toBe('12-31');
    expect(policy.packLeadDays).toBe(DEFAULT_POLICY.packLeadDays);
    expect(sources.noticeDays).toEqual({ scope: 'account', accountId: 'CHILD', setBy: 'cy', setAt: '2026-10-01T08:00:00Z' });
    expect(sources.anchor).toMatchObject({ scope: 'parent', accountId: 'PARENT' });
    expect(sources.packLeadDays).toEqual({ scope: 'default' });
  });

  it('explains each field with where it came from', () => {
    const resolved = resolvePolicy([setting('noticeDays', [120, 90, 60, 30], 'A', 'cy', '2026-10-01T08:00:00Z')], 'A', null);
    const lines = Object.fromEntries(explainPolicy(resolved).map(({ field, text }) => [field, text]));
    expect(lines.noticeDays).toBe('notices at T-120/T-90/T-60/T-30 (120-day notice): account override, set by cy on 2026-10-01');
    expect(lines.packLeadDays).toBe('renewal pack at T-90: default');
    expect(lines.cancellationRegime).toBe('7-day cancellation window: default');
  });

  it('merges a partial SLA override with the defaults', () => {
    const { policy } = resolvePolicy([setting('taskSlaDays', { review: 1 }, 'A')], 'A', null);
    expect(policy.taskSlaDays).toEqual({ ...DEFAULT_POLICY.taskSlaDays, review: 1 });
  });

  it('parses values typed by a person and names the field when one is wrong', () => {
    expect(parsePolicyValue('noticeDays', '30/120, 60 90').value).toEqual([120, 90, 60, 30]);
    expect(parsePolicyValue('anchor', '2026-12-31').value).toBe('12-31');
    expect(parsePolicyValue('anchor', 'none').value).toBeNull();
    expect(parsePolicyValue('execCallBeforeRenewal', 'yes').value).toBe(true);
    expect(parsePolicyValue('taskSlaDays', 'review=2, client_call=7').value).toEqual({ review: 2, client_call: 7 });
    expect(() => parsePolicyValue('anchor', '02-29')).toThrow('anchor must be a month and day MM-DD that occurs every year, e.g. 12-31, got "02-29"');
    expect(() => parsePolicyValue('noticeDays', '90/abc')).toThrow('noticeDays must be a whole number from 1 to 730, got "90/abc"');
    expect(() => parsePolicyValue('coTermPreference', 'sometimes')).toThrow('coTermPreference must be one of always, on_change, never');
    expect(() => parsePolicyValue('colour', 'red')).toThrow('unknown policy field "colour"');
    expect(() => parsePolicyValue('taskSlaDays', 'lunch=2')).toThrow('taskSlaDays must be pairs such as review=3,client_call=10');
  });
});
