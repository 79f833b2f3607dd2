import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { defaultTermEnd, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { type Alignment, type AlignmentAction, type AlignmentOf, type CoTermPlan } from '../../../src/domain/coterm/model.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';

export const d = (text: string): CalendarDate => CalendarDate.parse(text);
export const money = (text: string): Decimal => Decimal.parse(text);

/** An active, auto-renewing NCE licence of tenant T billed monthly in EUR; `termEnd` defaults to the default end of `termStart`. */
export function nce(fields: Partial<AccountSubscription> & { id: string; termStart: CalendarDate }): AccountSubscription {
  const term: TermDuration = fields.term ?? 'P1Y';
  return {
    kind: 'nce',
    accountId: 'ACME',
    tenantId: 'T',
    productName: 'Microsoft 365 Business Standard',
    skuId: null,
    status: 'active',
    quantity: 10,
    unitPrice: money('12.50'),
    currency: 'EUR',
    term,
    billing: 'monthly',
    termEnd: defaultTermEnd(fields.termStart, term),
    autoRenew: true,
    purchased: fields.termStart,
    ...fields,
  };
}

/** An MSP service: 5 units at 100.00 a month, 12-month terms, daily proration, 30 days' notice. */
export function service(fields: Partial<AccountSubscription> & { id: string; termEnd: CalendarDate }): AccountSubscription {
  return {
    kind: 'msp_service',
    accountId: 'ACME',
    tenantId: null,
    productName: 'Managed service agreement',
    skuId: null,
    status: 'active',
    quantity: 5,
    unitPrice: money('100.00'),
    currency: 'EUR',
    term: null,
    billing: null,
    termStart: null,
    autoRenew: true,
    purchased: null,
    service: { billing: 'monthly', termMonths: 12, noticeDays: 30, prorationPolicy: 'daily' },
    ...fields,
  };
}

export function find(plan: CoTermPlan, id: string): Alignment {
  const found = plan.alignments.find((alignment) => alignment.subscriptionId === id);
  if (!found) throw new Error(`no alignment for ${id}`);
  return found;
}

/** The alignment of `id`, failing the test unless it has the expected action. */
export function expectAction<A extends AlignmentAction>(plan: CoTermPlan, id: string, action: A): AlignmentOf<A> {
  const found = find(plan, id);
  if (found.action !== action) throw new Error(`${id}: expected ${action}, got ${found.action} (${found.reason})`);
  return found as AlignmentOf<A>;
}
