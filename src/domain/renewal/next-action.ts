import { type CalendarDate } from '../calendar/date.ts';
import { dueOn } from './cadence.ts';
import { taskName } from './notice-text.ts';
import { type RenewalPolicy, type TaskKind } from './policy.ts';
import { isClosed, type RenewalStage } from './stages.ts';

export type SlaState = 'on_track' | 'due_today' | 'overdue' | 'escalated' | 'none';

export interface NextAction {
  readonly text: string;
  readonly owner: string;
  readonly dueOn: CalendarDate | null;
  readonly sla: SlaState;
}

export interface RenewalProgress {
  readonly date: CalendarDate;
  readonly stage: RenewalStage | 'untracked';
  readonly hasPack: boolean;
  readonly tasks: readonly { readonly kind: TaskKind; readonly status: string; readonly assignee: string; readonly dueOn: CalendarDate; readonly escalatedTo: string | null }[];
}

/** What should happen next on a renewal: its most urgent open task, else the pack, else nothing. */
export function nextAction(renewal: RenewalProgress, policy: RenewalPolicy, asOf: CalendarDate): NextAction {
  const owner = policy.accountManager ?? policy.escalationOwner;
  if (renewal.stage !== 'untracked' && isClosed(renewal.stage)) return { text: `closed (${renewal.stage})`, owner, dueOn: null, sla: 'none' };
  const open = renewal.tasks.filter((task) => task.status === 'open').sort((a, b) => a.dueOn.compare(b.dueOn));
  const task = open[0];
  if (task) {
    const sla: SlaState = task.escalatedTo ? 'escalated' : task.dueOn.isBefore(asOf) ? 'overdue' : task.dueOn.equals(asOf) ? 'due_today' : 'on_track';
    const escalated = task.escalatedTo ? `, escalated to ${task.escalatedTo}` : '';
    return { text: `${taskName(task.kind)} by ${task.dueOn.toString()}${escalated}`, owner: task.assignee, dueOn: task.dueOn, sla };
  }
  if (!renewal.hasPack) {
    const packOn = dueOn(renewal.date, policy.packLeadDays);
    return packOn.isAfter(asOf)
      ? { text: `renewal pack on ${packOn.toString()} (T-${policy.packLeadDays})`, owner, dueOn: packOn, sla: 'on_track' }
      : { text: 'renewal pack due now: run the cadence (coterm worker --once)', owner, dueOn: packOn, sla: packOn.isBefore(asOf) ? 'overdue' : 'due_today' };
  }
  return { text: 'await the client decision; record won or lost', owner, dueOn: renewal.date, sla: renewal.date.isBefore(asOf) ? 'overdue' : 'on_track' };
}
