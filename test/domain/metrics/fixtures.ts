import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { type ClosedRenewal } from '../../../src/domain/metrics/closed-renewal.ts';
import { type MrrSnapshot } from '../../../src/domain/metrics/mrr-snapshot.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';

export const day = (text: string): CalendarDate => CalendarDate.parse(text);
export const money = (text: string): Decimal => Decimal.parse(text);

type Fields = Omit<Partial<AccountSubscription>, 'unitPrice' | 'termEnd'> & { id: string; unitPrice?: string; termEnd?: string | null };

/**
 * An active annual NCE licence of account A billed monthly in USD: one seat
 * at `unitPrice` a month, so its MRR is the unit price.
 */
export function subscription(fields: Fields): AccountSubscription {
  const { unitPrice = '100.00', termEnd = '2027-03-31', ...rest } = fields;
  return {
    kind: 'nce',
    accountId: 'A',
    tenantId: 'T-A',
    productName: 'Microsoft 365 Business Premium',
    skuId: null,
    status: 'active',
    quantity: 1,
    currency: 'USD',
    term: 'P1Y',
    billing: 'monthly',
    termStart: null,
    autoRenew: true,
    purchased: null,
    ...rest,
    unitPrice: Decimal.parse(unitPrice),
    termEnd: termEnd === null ? null : CalendarDate.parse(termEnd),
  };
}

/** An MSP service of account A: one unit at `unitPrice` a month on a contract of `termMonths`. */
export function mspService(fields: Fields & { termMonths?: number }): AccountSubscription {
  const { termMonths = 12, ...rest } = fields;
  return subscription({ kind: 'msp_service', term: null, billing: null, tenantId: null, service: { billing: 'monthly', termMonths, noticeDays: 30, prorationPolicy: 'daily' }, ...rest });
}

/** Per-account MRR in USD on a day, from `{ account: 'amount' }`. */
export function snapshot(on: string, amounts: Readonly<Record<string, string>>, leftOut: Readonly<Record<string, string>> = {}): MrrSnapshot {
  const byAccount = new Map(Object.entries(amounts).map(([account, amount]) => [account, Decimal.parse(amount)]));
  const total = [...byAccount.values()].reduce((sum, amount) => sum.plus(amount), Decimal.ZERO);
  return { on: day(on), currency: 'USD', byAccount, total, leftOut: new Map(Object.entries(leftOut).map(([code, amount]) => [code, Decimal.parse(amount)])) };
}

/** A renewal won in USD on `closedOn`, its pack generated 30 days before, forecast and closed at 1200.00. */
export function closedRenewal(fields: Partial<Omit<ClosedRenewal, 'closedOn' | 'packGeneratedOn' | 'signedOn' | 'forecastAnnualValue' | 'closedAnnualValue'>> & {
  id: string;
  closedOn: string;
  packGeneratedOn?: string | null;
  signedOn?: string | null;
  forecast?: string | null;
  closed?: string | null;
}): ClosedRenewal {
  const { closedOn, packGeneratedOn, signedOn = null, forecast = '1200.00', closed = '1200.00', ...rest } = fields;
  const closedDay = day(closedOn);
  return {
    accountId: 'A',
    outcome: 'won',
    currency: 'USD',
    ...rest,
    closedOn: closedDay,
    packGeneratedOn: packGeneratedOn === undefined ? closedDay.addDays(-30) : packGeneratedOn === null ? null : day(packGeneratedOn),
    signedOn: signedOn === null ? null : day(signedOn),
    forecastAnnualValue: forecast === null ? null : money(forecast),
    closedAnnualValue: closed === null ? null : money(closed),
  };
}
