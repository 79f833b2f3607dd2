import { type CalendarDate } from '../calendar/date.ts';
import { type BenefitRisk, SA_BENEFIT_CHECKS, type SaBenefitCheck } from './sa-benefits.ts';

/** What a benefit without a stated balance needs before the amendment. */
export const BALANCE_NOT_STATED = 'balance not stated — extract the SA benefits statement from VLSC before the amendment';

const RISK_ORDER: Readonly<Record<BenefitRisk, number>> = { High: 0, Medium: 1, Low: 2 };

/** A Software Assurance benefit balance as the customer's VLSC statement gives it. */
export interface SaBenefitBalance {
  /** One of the benefits of SA_BENEFIT_CHECKS. */
  readonly benefit: string;
  /** Free text as the statement shows it: "10 days", "12 vouchers". */
  readonly balance: string;
  readonly expires?: CalendarDate;
}

export interface StatedBalance {
  readonly balance: string;
  readonly expires?: CalendarDate;
  /** How the expiry sits against the agreement's new end, when it matters. */
  readonly note?: string;
}

export interface SaBenefitLine extends SaBenefitCheck {
  /** The balances the input states for the benefit (several when, say, voucher batches expire on different days). */
  readonly balances: readonly StatedBalance[];
  /** No balance given: BALANCE_NOT_STATED. */
  readonly missing?: string;
}

/**
 * How the agreement changes at the target: extended to it (its benefits must
 * be carried forward to the new end) or terminated early at it (a balance
 * running past the target is lost unless transferred).
 */
export type BenefitChange = { readonly kind: 'extension'; readonly newEnd: CalendarDate } | { readonly kind: 'earlyTermination'; readonly terminatedAt: CalendarDate };

/**
 * Every Software Assurance benefit at risk when the agreement changes, with
 * the balances stated for it, the risk, the concern and the verification
 * required before signing; High risk first, then Medium, then Low. A benefit
 * with no stated balance is listed as such: the statement must be complete
 * for every agreement in the co-terming.
 */
export function saBenefitStatement(balances: readonly SaBenefitBalance[], change: BenefitChange): SaBenefitLine[] {
  return [...SA_BENEFIT_CHECKS]
    .sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk])
    .map((check) => {
      const stated = balances.filter((entry) => entry.benefit === check.benefit).map((entry) => statedBalance(entry, change));
      return { ...check, balances: stated, ...(stated.length === 0 ? { missing: BALANCE_NOT_STATED } : {}) };
    });
}

function statedBalance(entry: SaBenefitBalance, change: BenefitChange): StatedBalance {
  const { balance, expires } = entry;
  if (!expires) return { balance };
  const note = expiryNote(expires, change);
  return { balance, expires, ...(note ? { note } : {}) };
}

function expiryNote(expires: CalendarDate, change: BenefitChange): string | undefined {
  if (change.kind === 'extension') {
    return expires.isBefore(change.newEnd)
      ? `expires ${expires.toString()}, before the new end date ${change.newEnd.toString()}: require the amendment to carry it forward to ${change.newEnd.toString()}`
      : undefined;
  }
  return expires.isAfter(change.terminatedAt)
    ? `expires ${expires.toString()}, after the early termination date ${change.terminatedAt.toString()}: the unused balance is lost on early termination unless it is used or its transfer is confirmed in writing`
    : undefined;
}
