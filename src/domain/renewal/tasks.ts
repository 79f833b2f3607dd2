import { type CalendarDate, minDate } from '../calendar/date.ts';
import { type RenewalPolicy, type TaskKind } from './policy.ts';

/** A task the scan should create for a renewal. */
export interface TaskToCreate {
  readonly kind: TaskKind;
  readonly assignee: string;
  readonly dueOn: CalendarDate;
  readonly reason: string;
}

export interface RenewalForTasks {
  readonly date: CalendarDate;
  readonly hasPack: boolean;
  readonly atRisk: boolean;
  readonly healthScore: number;
  readonly closed: boolean;
}

/**
 * The tasks a renewal needs today that it does not have yet: prepare as soon
 * as it is tracked; review and the client call once its pack exists; an exec
 * call when the policy asks for one; a save play when its health is below
 * the at-risk threshold. Each is due after its SLA, never after the renewal date.
 */
export function tasksToCreate(renewal: RenewalForTasks, policy: RenewalPolicy, asOf: CalendarDate, existing: ReadonlySet<TaskKind>): TaskToCreate[] {
  if (renewal.closed || asOf.isAfter(renewal.date)) return [];
  const assignee = policy.accountManager ?? policy.escalationOwner;
  const wanted: { kind: TaskKind; when: boolean; reason: string }[] = [
    { kind: 'prepare', when: true, reason: 'check seats, prices and mapping before the pack goes out' },
    { kind: 'review', when: renewal.hasPack, reason: 'review and adjust the generated renewal pack' },
    { kind: 'client_call', when: renewal.hasPack, reason: 'present the hold / harden / modernize options to the client' },
    { kind: 'exec_call', when: renewal.hasPack && policy.execCallBeforeRenewal, reason: 'the account policy requires an executive call before renewal' },
    { kind: 'save_play', when: renewal.atRisk, reason: `health ${renewal.healthScore} is below the at-risk threshold ${policy.atRiskThreshold}` },
  ];
  return wanted
    .filter((task) => task.when && !existing.has(task.kind))
    .map((task) => ({ kind: task.kind, assignee, dueOn: minDate(asOf.addDays(policy.taskSlaDays[task.kind]), renewal.date), reason: task.reason }));
}

export interface OpenTask {
  readonly kind: TaskKind;
  readonly dueOn: CalendarDate;
  readonly escalated: boolean;
}

/** Open tasks past their due date that have not been escalated yet. */
export function slaBreaches<T extends OpenTask>(tasks: readonly T[], asOf: CalendarDate): T[] {
  return tasks.filter((task) => !task.escalated && task.dueOn.isBefore(asOf));
}
