import { type CalendarDate } from '../calendar/date.ts';
import { type RenewalValue } from './renewal-event.ts';
import { type TaskKind } from './policy.ts';

export interface NoticeText {
  readonly subject: string;
  readonly body: string;
}

const TASK_NAMES: Readonly<Record<TaskKind, string>> = {
  prepare: 'Prepare',
  review: 'Review the pack',
  client_call: 'Client call',
  save_play: 'Save play',
  exec_call: 'Executive call',
};

export function taskName(kind: TaskKind): string {
  return TASK_NAMES[kind];
}

function money(values: readonly RenewalValue[]): string {
  return values.map((value) => `${value.currency} ${value.annual.round(2, 'halfUp').toString()} a year`).join(' + ') || 'no priced subscriptions';
}

/** The T-N renewal notice to the client (or its account manager when no client contact is set). */
export function renewalNoticeText(input: {
  accountName: string;
  renewalDate: CalendarDate;
  daysBefore: number;
  /** Days actually left: fewer than `daysBefore` when the renewal was first seen after that notice's day. */
  daysLeft: number;
  products: readonly string[];
  values: readonly RenewalValue[];
  notRenewing: readonly string[];
  renewalType: 'auto_renew' | 'opt_in';
}): NoticeText {
  const renewsOn = input.renewalDate.addDays(1).toString();
  const how =
    input.renewalType === 'auto_renew'
      ? `They renew automatically on ${renewsOn} unless you tell us otherwise.`
      : `They renew on ${renewsOn} only once you approve the renewal.`;
  const lines = [
    `Hello ${input.accountName},`,
    '',
    `In ${input.daysLeft} days, on ${input.renewalDate.toString()}, the current term of these services ends:`,
    ...input.products.map((product) => `  - ${product}`),
    '',
    `Renewing value: ${money(input.values)}. ${how}`,
    ...(input.notRenewing.length > 0 ? ['', `${input.notRenewing.length} of them are set not to renew; we will confirm with you what should happen to them.`] : []),
    '',
    'Your account manager will send you the renewal options (hold, harden, modernize) with the co-terming option and every prorated amount explained.',
  ];
  return { subject: `Renewal notice: your services renew on ${renewsOn} (T-${input.daysBefore})`, body: lines.join('\n') };
}

/** The internal message when a task misses its SLA. */
export function escalationText(input: { accountName: string; renewalDate: CalendarDate; kind: TaskKind; assignee: string; dueOn: CalendarDate }): NoticeText {
  return {
    subject: `Escalation: ${taskName(input.kind)} for ${input.accountName} is overdue`,
    body: [
      `The task "${taskName(input.kind)}" for the renewal of ${input.accountName} on ${input.renewalDate.toString()} was due on ${input.dueOn.toString()} and is still open.`,
      `It is assigned to ${input.assignee}. This message escalates it to you under the renewal policy.`,
    ].join('\n'),
  };
}
