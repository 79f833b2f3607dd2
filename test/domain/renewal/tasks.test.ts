import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RenewalPolicy } from '../../../src/domain/renewal/policy.ts';
import { slaBreaches, tasksToCreate } from '../../../src/domain/renewal/tasks.ts';
import { day } from '../../support/account-subscription.ts';

const policy: RenewalPolicy = { ...DEFAULT_POLICY, accountManager: 'ana', escalationOwner: 'ops-lead', execCallBeforeRenewal: true };
const renewal = { date: day('2027-01-31'), hasPack: false, atRisk: false, healthScore: 80, closed: false };
const view = (tasks: ReturnType<typeof tasksToCreate>) => tasks.map((task) => [task.kind, task.assignee, task.dueOn.toString()]);

describe('renewal tasks', () => {
  it('creates prepare first, then review, client call and exec call once the pack exists', () => {
    expect(view(tasksToCreate(renewal, policy, day('2026-10-03'), new Set()))).toEqual([['prepare', 'ana', '2026-10-08']]);
    expect(view(tasksToCreate({ ...renewal, hasPack: true }, policy, day('2026-11-02'), new Set(['prepare'])))).toEqual([
      ['review', 'ana', '2026-11-05'],
      ['client_call', 'ana', '2026-11-12'],
      ['exec_call', 'ana', '2026-11-16'],
    ]);
  });

  it('creates a save play when the renewal is at risk, and nothing twice', () => {
    const atRisk = { ...renewal, hasPack: true, atRisk: true, healthScore: 41 };
    const tasks = tasksToCreate(atRisk, policy, day('2026-11-02'), new Set(['prepare', 'review', 'client_call', 'exec_call']));
    expect(tasks.map((task) => [task.kind, task.reason])).toEqual([['save_play', 'health 41 is below the at-risk threshold 50']]);
  });

  it('goes to the escalation owner when the account has no manager, and is never due after the renewal date', () => {
    const tasks = tasksToCreate(renewal, { ...policy, accountManager: null }, day('2027-01-29'), new Set());
    expect(view(tasks)).toEqual([['prepare', 'ops-lead', '2027-01-31']]);
  });

  it('creates nothing for a closed or past renewal', () => {
    expect(tasksToCreate({ ...renewal, closed: true }, policy, day('2026-11-02'), new Set())).toEqual([]);
    expect(tasksToCreate(renewal, policy, day('2027-02-01'), new Set())).toEqual([]);
  });

  it('escalates open tasks the day after their due date, once', () => {
    const open = [
      { kind: 'review' as const, dueOn: day('2026-11-05'), escalated: false },
      { kind: 'prepare' as const, dueOn: day('2026-11-01'), escalated: true },
    ];
    expect(slaBreaches(open, day('2026-11-05'))).toEqual([]);
    expect(slaBreaches(open, day('2026-11-06')).map((task) => task.kind)).toEqual(['review']);
  });
});
