import { type CalendarDate } from '../calendar/date.ts';
import { DomainError } from '../errors.ts';

/**
 * The rules Partner Center enforces, with Microsoft's error code where it
 * publishes one.
 */
export const NCE_RULES = {
  SEAT_REDUCTION_WINDOW: { code: '900257', title: 'seat-reduction window' },
  CANCELLATION_WINDOW: { code: 'CANCELLATION_WINDOW', title: 'cancellation window' },
  CUSTOM_TERM_END_NOT_ALIGNED: { code: '900242', title: 'custom term end date must match an allowed end date' },
  CUSTOM_TERM_END_OUT_OF_RANGE: { code: '900245', title: 'custom term end date outside the allowed range' },
  MID_TERM_END_DATE_CHANGE: { code: 'MID_TERM_END_DATE_CHANGE', title: 'term end date is set only at purchase or renewal' },
  UPGRADE_TARGET_INELIGIBLE: { code: 'UPGRADE_TARGET_INELIGIBLE', title: 'upgrade into an existing subscription' },
  SUBSCRIPTION_NOT_ACTIVE: { code: 'SUBSCRIPTION_NOT_ACTIVE', title: 'subscription must be active' },
  EXTENDED_SERVICE_TERM_LOCKED: { code: 'EXTENDED_SERVICE_TERM_LOCKED', title: 'Extended Service Term allows only cancellation' },
  AUTO_RENEW_REQUIRED: { code: 'AUTO_RENEW_REQUIRED', title: 'scheduled next-term instructions need auto-renew on' },
  QUANTITY: { code: 'QUANTITY', title: 'seat quantity' },
  BILLING_LONGER_THAN_TERM: { code: 'BILLING_LONGER_THAN_TERM', title: 'billing cycle cannot be longer than the term' },
  CURRENCY_MISMATCH: { code: 'CURRENCY_MISMATCH', title: 'one currency per change' },
  PRICE_NOT_FOUND: { code: 'PRICE_NOT_FOUND', title: 'price for the next term' },
} as const;

export type NceRule = keyof typeof NCE_RULES;

/** Partner Center would refuse this change. */
export class NceRuleError extends DomainError {
  override name = 'NceRuleError';
  readonly code: string;

  constructor(
    readonly rule: NceRule,
    readonly date: CalendarDate,
    readonly subscription: string,
    detail: string,
    field?: string,
  ) {
    const { code, title } = NCE_RULES[rule];
    const codeLabel = /^\d+$/.test(code) ? `error ${code}, ` : '';
    super(`refused on ${date.toString()} for ${subscription} (${codeLabel}${title}): ${detail}`, field);
    this.code = code;
  }
}
