import { InvalidInputError } from '../errors.ts';
import { CANCELLATION_REGIMES, type CancellationRegime } from '../nce/settings.ts';

export type RenewalType = 'auto_renew' | 'opt_in';
export type CoTermPreference = 'always' | 'on_change' | 'never';
export type TaskKind = 'prepare' | 'review' | 'client_call' | 'save_play' | 'exec_call';

export const TASK_KINDS: readonly TaskKind[] = ['prepare', 'review', 'client_call', 'save_play', 'exec_call'];

/** How renewals of an account are run: the global defaults with the account's overrides applied. */
export interface RenewalPolicy {
  readonly renewalType: RenewalType;
  /** Days before a renewal date that notices go out, largest first (90/60/30). */
  readonly noticeDays: readonly number[];
  /** Days before the renewal date that the renewal pack is generated (T-90). */
  readonly packLeadDays: number;
  /** Who tasks go to: the account manager; the escalation owner when unset. */
  readonly accountManager: string | null;
  /** Who a missed SLA or an at-risk renewal escalates to. */
  readonly escalationOwner: string;
  readonly coTermPreference: CoTermPreference;
  /** The co-term anchor as `MM-DD` (the last day of the co-termed term each year), or null when none is chosen. */
  readonly anchor: string | null;
  /** The client's budget (fiscal) year end as `MM-DD`: a candidate anchor. */
  readonly budgetYearEnd: string | null;
  readonly separateInvoicePerBillingEntity: boolean;
  readonly execCallBeforeRenewal: boolean;
  readonly cancellationRegime: CancellationRegime;
  /** A health score below this flags the renewal at risk and creates a save-play task. */
  readonly atRiskThreshold: number;
  /** Days each kind of task may stay open before it escalates. */
  readonly taskSlaDays: Readonly<Record<TaskKind, number>>;
  /** Strategic accounts get 45 days instead of 30 as the cycle-time target. */
  readonly strategic: boolean;
  /** Where client renewal notices go; the account manager receives them when unset. */
  readonly noticeRecipient: string | null;
}

export type PolicyField = keyof RenewalPolicy;

export const DEFAULT_POLICY: RenewalPolicy = {
  renewalType: 'auto_renew',
  noticeDays: [90, 60, 30],
  packLeadDays: 90,
  accountManager: null,
  escalationOwner: 'renewals-manager',
  coTermPreference: 'on_change',
  anchor: null,
  budgetYearEnd: null,
  separateInvoicePerBillingEntity: false,
  execCallBeforeRenewal: false,
  cancellationRegime: 'current',
  atRiskThreshold: 50,
  taskSlaDays: { prepare: 5, review: 3, client_call: 10, save_play: 5, exec_call: 14 },
  strategic: false,
  noticeRecipient: null,
};

export const POLICY_FIELDS = Object.keys(DEFAULT_POLICY) as PolicyField[];

/** One stored setting: a field's value at a scope, with who set it and when. */
export interface PolicySetting {
  readonly field: PolicyField;
  readonly value: unknown;
  /** '' for the organization-wide setting, else the account it overrides. */
  readonly accountId: string;
  readonly setBy: string;
  /** ISO timestamp. */
  readonly setAt: string;
}

export type PolicySource =
  | { readonly scope: 'default' }
  | { readonly scope: 'global' | 'account' | 'parent'; readonly accountId: string; readonly setBy: string; readonly setAt: string };

export interface ResolvedPolicy {
  readonly policy: RenewalPolicy;
  readonly sources: Readonly<Record<PolicyField, PolicySource>>;
}

/**
 * The policy that applies to an account: built-in defaults, overridden by the
 * organization's settings, then by the parent account's (a subsidiary shares
 * its parent's anchor and terms), then by the account's own.
 */
export function resolvePolicy(settings: readonly PolicySetting[], accountId: string, parentAccountId: string | null): ResolvedPolicy {
  const policy: Record<string, unknown> = { ...DEFAULT_POLICY };
  const sources = Object.fromEntries(POLICY_FIELDS.map((field) => [field, { scope: 'default' }])) as Record<PolicyField, PolicySource>;
  const layers: { scopeOf: string; scope: 'global' | 'parent' | 'account' }[] = [
    { scopeOf: '', scope: 'global' },
    ...(parentAccountId ? [{ scopeOf: parentAccountId, scope: 'parent' as const }] : []),
    { scopeOf: accountId, scope: 'account' },
  ];
  for (const { scopeOf, scope } of layers) {
    for (const setting of settings) {
      if (setting.accountId !== scopeOf) continue;
      // An SLA override names only the task kinds it changes.
      policy[setting.field] = setting.field === 'taskSlaDays' ? { ...(policy.taskSlaDays as object), ...(setting.value as object) } : setting.value;
      sources[setting.field] = { scope, accountId: setting.accountId, setBy: setting.setBy, setAt: setting.setAt };
    }
  }
  return { policy: policy as unknown as RenewalPolicy, sources };
}

const LABELS: Readonly<Record<PolicyField, (policy: RenewalPolicy) => string>> = {
  renewalType: (p) => (p.renewalType === 'auto_renew' ? 'auto-renew' : 'opt-in renewal'),
  noticeDays: (p) => `notices at ${p.noticeDays.map((days) => `T-${days}`).join('/')} (${Math.max(...p.noticeDays)}-day notice)`,
  packLeadDays: (p) => `renewal pack at T-${p.packLeadDays}`,
  accountManager: (p) => `account manager ${p.accountManager ?? '(none: tasks go to the escalation owner)'}`,
  escalationOwner: (p) => `escalates to ${p.escalationOwner}`,
  coTermPreference: (p) => `co-term ${p.coTermPreference === 'on_change' ? 'on change only' : p.coTermPreference}`,
  anchor: (p) => (p.anchor ? `anchor ${p.anchor} each year` : 'no anchor chosen'),
  budgetYearEnd: (p) => (p.budgetYearEnd ? `budget year ends ${p.budgetYearEnd}` : 'budget year end unknown'),
  separateInvoicePerBillingEntity: (p) => (p.separateInvoicePerBillingEntity ? 'a separate invoice per billing entity' : 'one invoice per account'),
  execCallBeforeRenewal: (p) => (p.execCallBeforeRenewal ? 'exec call before every renewal' : 'no exec call required'),
  cancellationRegime: (p) => `${CANCELLATION_REGIMES[p.cancellationRegime]}-day cancellation window`,
  atRiskThreshold: (p) => `at risk below health ${p.atRiskThreshold}`,
  taskSlaDays: (p) => `task SLAs ${Object.entries(p.taskSlaDays).map(([kind, days]) => `${kind} ${days}d`).join(', ')}`,
  strategic: (p) => (p.strategic ? 'strategic account (45-day cycle target)' : 'standard account (30-day cycle target)'),
  noticeRecipient: (p) => `client notices to ${p.noticeRecipient ?? 'the account manager (no client contact set)'}`,
};

/** Each field as a sentence with where it came from: "notices at T-120/… : account override, set by ana on 2026-11-02". */
export function explainPolicy(resolved: ResolvedPolicy): { field: PolicyField; text: string }[] {
  return POLICY_FIELDS.map((field) => {
    const source = resolved.sources[field];
    const origin =
      source.scope === 'default'
        ? 'default'
        : `${source.scope === 'global' ? 'organization setting' : source.scope === 'parent' ? `parent account ${source.accountId}'s override` : 'account override'}, set by ${source.setBy} on ${source.setAt.slice(0, 10)}`;
    return { field, text: `${LABELS[field](resolved.policy)}: ${origin}` };
  });
}

/** Reads a value typed on a command line or sent by a form; throws naming the field when it is not valid. */
export function parsePolicyValue(field: string, text: string): { field: PolicyField; value: unknown } {
  const name = policyField(field);
  const value = text.trim();
  const fail = (expected: string): never => {
    throw new InvalidInputError(`${field} must be ${expected}, got "${text}"`, field);
  };
  const oneOf = (choices: readonly string[]): string => (choices.includes(value) ? value : fail(`one of ${choices.join(', ')}`));
  const whole = (min: number, max: number, item = value): number => {
    const number = /^\d+$/.test(item) ? Number(item) : NaN;
    return Number.isInteger(number) && number >= min && number <= max ? number : fail(`a whole number from ${min} to ${max}`);
  };
  const flag = (): boolean => (['true', 'yes', '1'].includes(value.toLowerCase()) ? true : ['false', 'no', '0'].includes(value.toLowerCase()) ? false : fail('true or false'));
  const optionalText = (): string | null => (value === '' || value.toLowerCase() === 'none' ? null : value);
  switch (name) {
    case 'renewalType':
      return { field: name, value: oneOf(['auto_renew', 'opt_in']) };
    case 'noticeDays': {
      const days = value.split(/[/,\s]+/).filter(Boolean).map((item) => whole(1, 730, item));
      if (days.length === 0) fail('one or more day counts such as 120/90/60/30');
      return { field: name, value: [...new Set(days)].sort((a, b) => b - a) };
    }
    case 'packLeadDays':
      return { field: name, value: whole(1, 730) };
    case 'atRiskThreshold':
      return { field: name, value: whole(0, 100) };
    case 'accountManager':
    case 'noticeRecipient':
      return { field: name, value: optionalText() };
    case 'escalationOwner':
      return { field: name, value: value === '' ? fail('a person or team') : value };
    case 'coTermPreference':
      return { field: name, value: oneOf(['always', 'on_change', 'never']) };
    case 'anchor':
    case 'budgetYearEnd':
      return { field: name, value: value === '' || value === 'none' ? null : anchorOf(value, fail) };
    case 'separateInvoicePerBillingEntity':
    case 'execCallBeforeRenewal':
    case 'strategic':
      return { field: name, value: flag() };
    case 'cancellationRegime':
      return { field: name, value: oneOf(Object.keys(CANCELLATION_REGIMES)) };
    case 'taskSlaDays': {
      const entries = value.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
      const sla: Record<string, number> = {};
      for (const [kind, days] of entries) {
        if (!kind || days === undefined || !(TASK_KINDS as readonly string[]).includes(kind)) fail(`pairs such as review=3,client_call=10 with kinds ${TASK_KINDS.join(', ')}`);
        sla[kind as string] = whole(1, 365, days);
      }
      return { field: name, value: sla };
    }
  }
}

export function policyField(name: string): PolicyField {
  if (!(POLICY_FIELDS as string[]).includes(name)) throw new InvalidInputError(`unknown policy field "${name}" (one of ${POLICY_FIELDS.join(', ')})`, name);
  return name as PolicyField;
}

/** `12-31` or a full date `2026-12-31` → `12-31`; Feb 29 is refused (an anchor must recur every year). */
function anchorOf(value: string, fail: (expected: string) => never): string {
  const match = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(value);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (!match || days === undefined || day < 1 || day > days) return fail('a month and day MM-DD that occurs every year, e.g. 12-31');
  return `${match[1]}-${match[2]}`;
}
