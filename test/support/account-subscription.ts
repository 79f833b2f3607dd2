import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { type AccountSubscription } from '../../src/domain/portfolio/account-subscription.ts';

type Fields = Omit<Partial<AccountSubscription>, 'unitPrice' | 'termStart' | 'termEnd' | 'purchased'> & {
  unitPrice?: string;
  termStart?: string;
  termEnd?: string;
  purchased?: string;
};

/** An active annual, monthly-billed Business Standard licence of account A, with the fields given. */
export function accountSubscription(fields: Fields = {}): AccountSubscription {
  const { unitPrice = '12.50', termStart = '2026-03-15', termEnd = '2027-03-14', purchased = '2026-03-15', ...rest } = fields;
  return {
    id: 'S1',
    kind: 'nce',
    accountId: 'A',
    tenantId: 'T-A',
    productName: 'Microsoft 365 Business Standard',
    skuId: null,
    status: 'active',
    quantity: 10,
    currency: 'USD',
    term: 'P1Y',
    billing: 'monthly',
    autoRenew: true,
    ...rest,
    unitPrice: Decimal.parse(unitPrice),
    termStart: CalendarDate.parse(termStart),
    termEnd: CalendarDate.parse(termEnd),
    purchased: CalendarDate.parse(purchased),
  };
}

export const day = (text: string): CalendarDate => CalendarDate.parse(text);
