import { type Explanation } from '../../domain/explanation.ts';
import { explainLine } from '../../domain/nce/explain.ts';
import { type ChargeLine, type SimulationWarning, type SubscriptionOutcome } from '../../domain/nce/model.ts';

/** A charge row as the command line and the API show it: amounts as decimal strings, dates as ISO dates. */
export interface ChargeLineView {
  subscription: string;
  customer?: string;
  product: string;
  sku?: string;
  chargeType: string;
  orderDate: string;
  chargeStart: string;
  chargeEnd: string;
  unitPrice: string;
  effectiveUnitPrice: string;
  quantity: number;
  subtotal: string;
  currency: string;
  reference: string;
  term: string;
  billing: string;
  termStart: string;
  termEnd: string;
  explanation: Explanation;
}

export function chargeLineView(line: ChargeLine): ChargeLineView {
  return {
    subscription: line.subscription,
    ...(line.customer ? { customer: line.customer } : {}),
    product: line.product,
    ...(line.sku === undefined ? {} : { sku: line.sku }),
    chargeType: line.chargeType,
    orderDate: line.orderDate.toString(),
    chargeStart: line.chargeStart.toString(),
    chargeEnd: line.chargeEnd.toString(),
    unitPrice: line.unitPrice.toString(),
    effectiveUnitPrice: line.effectiveUnitPrice.toString(),
    quantity: line.quantity,
    subtotal: line.subtotal.toString(),
    currency: line.currency,
    reference: line.reference,
    term: line.term,
    billing: line.billing,
    termStart: line.termStart.toString(),
    termEnd: line.termEnd.toString(),
    explanation: explainLine(line),
  };
}

export interface WarningView {
  code: string;
  date: string;
  subscription: string;
  message: string;
}

export function warningView(warning: SimulationWarning): WarningView {
  return { code: warning.code, date: warning.date.toString(), subscription: warning.subscription, message: warning.message };
}

export interface SubscriptionOutcomeView {
  id: string;
  product: string;
  status: string;
  quantity: number;
  unitPrice: string;
  term: string;
  billing: string;
  termStart?: string;
  termEnd?: string;
  autoRenew: boolean;
  scheduledNextTerm?: Record<string, string | number>;
}

export function subscriptionOutcomeView(outcome: SubscriptionOutcome): SubscriptionOutcomeView {
  const scheduled = outcome.scheduledNextTerm
    ? Object.fromEntries(Object.entries(outcome.scheduledNextTerm).map(([key, value]) => [key, typeof value === 'number' ? value : String(value)]))
    : undefined;
  return {
    id: outcome.id,
    product: outcome.product,
    status: outcome.status,
    quantity: outcome.quantity,
    unitPrice: outcome.unitPrice.toString(),
    term: outcome.term,
    billing: outcome.billing,
    ...(outcome.termStart ? { termStart: outcome.termStart.toString() } : {}),
    ...(outcome.termEnd ? { termEnd: outcome.termEnd.toString() } : {}),
    autoRenew: outcome.autoRenew,
    ...(scheduled ? { scheduledNextTerm: scheduled } : {}),
  };
}
