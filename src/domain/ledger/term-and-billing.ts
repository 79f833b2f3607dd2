import { BILLING_MONTHS, type BillingPlan, TERM_MONTHS, type TermDuration } from '../calendar/periods.ts';

/** How a subscription or a price-list row is paid: Microsoft's billing plans, or once (one-time purchases). */
export type Billing = BillingPlan | 'onetime';

/** Spellings of a term seen in price lists, the API and the portal, compared without case, spaces or punctuation. */
const TERMS: ReadonlyMap<string, TermDuration> = new Map([
  ['p1m', 'P1M'],
  ['1month', 'P1M'],
  ['p1y', 'P1Y'],
  ['p12m', 'P1Y'],
  ['1year', 'P1Y'],
  ['p3y', 'P3Y'],
  ['p36m', 'P3Y'],
  ['3years', 'P3Y'],
]);

const BILLINGS: ReadonlyMap<string, Billing> = new Map([
  ['monthly', 'monthly'],
  ['month', 'monthly'],
  ['annual', 'annual'],
  ['annually', 'annual'],
  ['yearly', 'annual'],
  ['triennial', 'triennial'],
  ['onetime', 'onetime'],
]);

function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `P1Y`, `p1y`, `1 Year` → `P1Y`; undefined for anything that is not an NCE term. */
export function parseTermDuration(text: string): TermDuration | undefined {
  return TERMS.get(key(text));
}

/** `Annual`, `yearly` → `annual`; `OneTime`, `one_time` → `onetime`; undefined otherwise. */
export function parseBilling(text: string): Billing | undefined {
  return BILLINGS.get(key(text));
}

/** A plan cannot bill less often than the term lasts (no annual billing of a monthly term); one-time always fits. */
export function billsWithinTerm(term: TermDuration, billing: Billing): boolean {
  return billing === 'onetime' || BILLING_MONTHS[billing] <= TERM_MONTHS[term];
}
