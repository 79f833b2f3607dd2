import { CalendarDate } from '../calendar/date.ts';
import { latestAlignedEndWithin } from '../coterm/anchor-occurrence.ts';

/**
 * What an accepted quote asks for, as concrete actions an MSP reviews before
 * anything runs: Partner Center instructions for the next term (with the
 * co-term end date), new orders aligned to the anchor, MSP service changes,
 * the invoice lines the client will see and the PSA changes to record. A
 * seat reduction is flagged: it never runs without explicit approval.
 */

export type ActionKind = 'partner_center.schedule_next_term' | 'partner_center.order' | 'msp_service.change' | 'invoice.line' | 'psa.change';

export interface ProvisioningAction {
  /** Stable within the plan (`a1`, `a2`, …): approvals name it. */
  readonly id: string;
  readonly kind: ActionKind;
  /** One line a person can review. */
  readonly description: string;
  readonly requiresApproval: boolean;
  /** First day the change applies (YYYY-MM-DD). */
  readonly effective: string;
  readonly subscriptionId: string | null;
  readonly customerId: string | null;
  readonly productName: string;
  readonly skuId: string | null;
  readonly fromQuantity: number | null;
  readonly toQuantity: number | null;
  /** The co-termed end of the new term, when the plan aligns it. */
  readonly customTermEndDate: string | null;
  readonly term: string | null;
  readonly billing: string | null;
  /** Invoice lines: the amount as quoted, its currency and how it was reached. */
  readonly amount: string | null;
  readonly currency: string | null;
  readonly explanation: string | null;
}

/** An accepted option's line, as the quote shows it. */
export interface AcceptedLine {
  readonly subscriptionId: string;
  readonly action: 'renew' | 'migrate' | 'add';
  readonly productName: string;
  readonly quantity: number;
  readonly term: string | null;
  readonly billing: string | null;
  readonly monthlyValue: string;
}

export interface CotermLine {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly description: string;
  readonly start: string;
  readonly end: string;
  readonly amount: string;
  readonly explanation: string;
}

/** A subscription of the account as the ledger has it when the plan is made. */
export interface PlannedSubscription {
  readonly id: string;
  readonly kind: string;
  readonly tenantId: string | null;
  readonly productName: string;
  readonly skuId: string | null;
  readonly quantity: number;
}

export interface PlanInput {
  /** First day of the renewed terms. */
  readonly renewalDate: string;
  readonly currency: string;
  readonly lines: readonly AcceptedLine[];
  readonly coterm: { readonly anchor: string; readonly lines: readonly CotermLine[] } | null;
  readonly subscriptions: readonly PlannedSubscription[];
}

type Draft = Omit<ProvisioningAction, 'id'>;

const BLANK: Omit<Draft, 'kind' | 'description' | 'effective' | 'productName'> = {
  requiresApproval: false,
  subscriptionId: null,
  customerId: null,
  skuId: null,
  fromQuantity: null,
  toQuantity: null,
  customTermEndDate: null,
  term: null,
  billing: null,
  amount: null,
  currency: null,
  explanation: null,
};

export function planProvisioning(input: PlanInput): ProvisioningAction[] {
  const byId = new Map(input.subscriptions.map((subscription) => [subscription.id, subscription]));
  const cotermEnd = new Map((input.coterm?.lines ?? []).map((line) => [line.subscriptionId, line.end]));
  const drafts: Draft[] = [];
  const handled = new Set<string>();
  for (const line of input.lines) {
    const current = byId.get(line.subscriptionId);
    if (line.action !== 'add') handled.add(line.subscriptionId);
    drafts.push(...lineActions(line, current, input, cotermEnd));
  }
  for (const line of input.coterm?.lines ?? []) {
    if (handled.has(line.subscriptionId)) continue;
    const current = byId.get(line.subscriptionId);
    if (current) drafts.push(alignmentAction(current, line, input.coterm?.anchor ?? line.end));
  }
  for (const line of input.coterm?.lines ?? []) {
    drafts.push({ ...BLANK, kind: 'invoice.line', description: `Co-term: ${line.productName} ${line.start} – ${line.end}: ${line.amount} ${input.currency}`, effective: line.start, subscriptionId: line.subscriptionId, productName: line.productName, amount: line.amount, currency: input.currency, explanation: line.explanation });
  }
  for (const line of input.lines) {
    drafts.push({
      ...BLANK,
      kind: 'invoice.line',
      description: `From ${input.renewalDate}: ${line.productName} × ${line.quantity}, ${line.monthlyValue} ${input.currency} a month`,
      effective: input.renewalDate,
      subscriptionId: line.action === 'add' ? null : line.subscriptionId,
      productName: line.productName,
      toQuantity: line.quantity,
      amount: line.monthlyValue,
      currency: input.currency,
      explanation: `${line.action} line of the accepted option: monthly value as quoted`,
    });
  }
  return drafts.map((draft, index) => ({ id: `a${index + 1}`, ...draft }));
}

function lineActions(line: AcceptedLine, current: PlannedSubscription | undefined, input: PlanInput, cotermEnd: ReadonlyMap<string, string>): Draft[] {
  const effective = input.renewalDate;
  const alignTo = line.action === 'add' ? (input.coterm ? alignedEnd(input.coterm.anchor, effective, line.term) : null) : (cotermEnd.get(line.subscriptionId) ?? null);
  if (line.action === 'add') {
    const customerId = current?.tenantId ?? null;
    if (isMicrosoftTerm(line.term)) {
      return [
        {
          ...BLANK,
          kind: 'partner_center.order',
          description: `Order ${line.productName} × ${line.quantity} (${line.term ?? ''} ${line.billing ?? ''})${alignTo ? `, ending ${alignTo} with the account's anchor` : ''}`,
          effective,
          customerId,
          productName: line.productName,
          toQuantity: line.quantity,
          customTermEndDate: alignTo,
          term: line.term,
          billing: line.billing,
        },
        psaChange(line.productName, null, line.quantity, effective, null),
      ];
    }
    return [serviceChange(line.productName, null, line.quantity, effective, null, alignTo), psaChange(line.productName, null, line.quantity, effective, null)];
  }
  const from = current?.quantity ?? null;
  const reduces = from !== null && line.quantity < from;
  const product = line.action === 'migrate' ? `${current?.productName ?? 'the current product'} → ${line.productName}` : line.productName;
  const actions: Draft[] = [];
  if (current?.kind === 'nce') {
    actions.push({
      ...BLANK,
      kind: 'partner_center.schedule_next_term',
      description: `At renewal on ${effective}: ${product} × ${line.quantity}${from !== null && from !== line.quantity ? ` (now ${from})` : ''}${alignTo ? `, new term ending ${alignTo}` : ''}`,
      requiresApproval: reduces,
      effective,
      subscriptionId: line.subscriptionId,
      customerId: current.tenantId,
      productName: line.productName,
      skuId: line.action === 'migrate' ? null : current.skuId,
      fromQuantity: from,
      toQuantity: line.quantity,
      customTermEndDate: alignTo,
      term: line.term,
      billing: line.billing,
    });
  } else if (from !== line.quantity || alignTo || line.action === 'migrate') {
    actions.push({ ...serviceChange(line.productName, from, line.quantity, effective, line.subscriptionId, alignTo), description: `${product}: ${from ?? 0} → ${line.quantity} from ${effective}${alignTo ? `, term ending ${alignTo}` : ''}` });
  }
  if (from !== line.quantity || line.action === 'migrate') actions.push(psaChange(line.productName, from, line.quantity, effective, line.subscriptionId));
  return actions;
}

/** A subscription the option leaves as it is but the co-term plan aligns to the anchor. */
function alignmentAction(current: PlannedSubscription, line: CotermLine, anchor: string): Draft {
  if (current.kind === 'nce') {
    return {
      ...BLANK,
      kind: 'partner_center.schedule_next_term',
      description: `At its renewal on ${line.start}: ${current.productName} × ${current.quantity}, new term ending ${line.end} (co-term to ${anchor})`,
      effective: line.start,
      subscriptionId: current.id,
      customerId: current.tenantId,
      productName: current.productName,
      skuId: current.skuId,
      fromQuantity: current.quantity,
      toQuantity: current.quantity,
      customTermEndDate: line.end,
    };
  }
  return { ...serviceChange(current.productName, current.quantity, current.quantity, line.start, current.id, line.end), description: `${current.productName}: term ${line.start} – ${line.end} (co-term to ${anchor})` };
}

/**
 * Where a term bought on `start` ends when co-termed: the latest end aligned
 * with the anchor inside its first term (as Partner Center offers it), or
 * null when nothing aligns or the term is unknown.
 */
function alignedEnd(anchor: string, start: string, term: string | null): string | null {
  const months = term ? /^P(\d+)([MY])$/.exec(term) : null;
  if (!months) return null;
  const termMonths = Number(months[1]) * (months[2] === 'Y' ? 12 : 1);
  const first = CalendarDate.parse(start);
  return latestAlignedEndWithin(CalendarDate.parse(anchor), termMonths, first, first.addMonths(termMonths).addDays(-1))?.toString() ?? null;
}

/** Microsoft's NCE terms; an MSP service's term is in months (`P12M`). */
function isMicrosoftTerm(term: string | null): boolean {
  return term === 'P1M' || term === 'P1Y' || term === 'P3Y';
}

function serviceChange(productName: string, from: number | null, to: number, effective: string, subscriptionId: string | null, alignTo: string | null): Draft {
  return {
    ...BLANK,
    kind: 'msp_service.change',
    description: `${productName}: ${from ?? 0} → ${to} from ${effective}${alignTo ? `, term ending ${alignTo}` : ''}`,
    requiresApproval: from !== null && to < from,
    effective,
    subscriptionId,
    productName,
    fromQuantity: from,
    toQuantity: to,
    customTermEndDate: alignTo,
  };
}

function psaChange(productName: string, from: number | null, to: number, effective: string, subscriptionId: string | null): Draft {
  return {
    ...BLANK,
    kind: 'psa.change',
    description: `PSA agreement: ${productName} ${from === null ? `added × ${to}` : `${from} → ${to}`} from ${effective}`,
    requiresApproval: from !== null && to < from,
    effective,
    subscriptionId,
    productName,
    fromQuantity: from,
    toQuantity: to,
  };
}
