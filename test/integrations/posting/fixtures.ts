import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type PostableInvoice, type SeatChangePosting } from '../../../src/integrations/posting/model.ts';
import { PostingError } from '../../../src/integrations/posting/http-poster.ts';
import { type PostingCredentials } from '../../../src/integrations/posting/vendor-requests.ts';

const d = Decimal.parse;
const day = CalendarDate.parse;

export const XERO_CONTACT_ID = '6d3c8f3e-2b7a-4c1e-9a55-0f1d2e3c4b5a';

/**
 * Contoso Dental's March invoice: 25 Business Premium seats for the month,
 * 5 more added on 15 March (17 of 31 days: 22.00 × 17/31 = 12.0645 a seat,
 * 5 × 12.0645 = 60.3225 → 60.32), and managed support booked to GL 4300.
 */
export const MARCH_INVOICE: PostableInvoice = {
  id: 'inv_2025_03_contoso',
  number: 'INV-2025-0142',
  kind: 'invoice',
  issuedOn: day('2025-03-31'),
  dueOn: day('2025-04-30'),
  currency: 'GBP',
  taxInclusive: false,
  customer: { accountId: 'contoso-dental', name: 'Contoso Dental Ltd', externalIds: { quickbooks: '58', xero: XERO_CONTACT_ID } },
  lines: [
    {
      lineNumber: 1,
      description: 'Microsoft 365 Business Premium, March 2025',
      quantity: d('25'),
      unitPrice: d('22.00'),
      amount: d('550.00'),
      taxRate: d('20'),
      taxAmount: d('110.00'),
      glAccount: '4100',
      serviceStart: day('2025-03-01'),
      serviceEnd: day('2025-03-31'),
    },
    {
      lineNumber: 2,
      description: 'Microsoft 365 Business Premium, 5 seats added 15 March (17/31 of the month)',
      quantity: d('5'),
      unitPrice: d('12.0645'),
      amount: d('60.32'),
      taxRate: d('20'),
      taxAmount: d('12.06'),
      glAccount: '4100',
      serviceStart: day('2025-03-15'),
      serviceEnd: day('2025-03-31'),
    },
    {
      lineNumber: 3,
      description: 'Managed Microsoft 365 support, 30 users',
      quantity: d('30'),
      unitPrice: d('3.50'),
      amount: d('105.00'),
      taxRate: d('20'),
      taxAmount: d('21.00'),
      glAccount: '4300',
      serviceStart: day('2025-03-01'),
      serviceEnd: day('2025-03-31'),
    },
  ],
  subtotal: d('715.32'),
  tax: d('143.06'),
  total: d('858.38'),
};

/** Two of the added seats returned within the cancellation window: 2 × 12.0645 = 24.129 → 24.13. */
export const MARCH_CREDIT_NOTE: PostableInvoice = {
  ...MARCH_INVOICE,
  id: 'cn_2025_03_contoso',
  number: 'CN-2025-0007',
  kind: 'credit_note',
  creditedNumber: 'INV-2025-0142',
  issuedOn: day('2025-04-02'),
  dueOn: day('2025-04-02'),
  lines: [
    {
      lineNumber: 1,
      description: 'Microsoft 365 Business Premium, 2 seats returned 18 March',
      quantity: d('-2'),
      unitPrice: d('12.0645'),
      amount: d('-24.13'),
      taxRate: d('20'),
      taxAmount: d('-4.83'),
      glAccount: '4100',
      serviceStart: day('2025-03-15'),
      serviceEnd: day('2025-03-31'),
    },
  ],
  subtotal: d('-24.13'),
  tax: d('-4.83'),
  total: d('-28.96'),
};

/** 25 → 30 seats on ConnectWise agreement 1842 from 15 March, replacing addition 5531. */
export const CONNECTWISE_CHANGE: SeatChangePosting = {
  id: 'chg_0311',
  system: 'connectwise',
  agreementId: '1842',
  existingLineId: '5531',
  productIdentifier: 'CSP-M365-BP-M',
  description: 'Microsoft 365 Business Premium (monthly)',
  quantity: d('30'),
  unitPrice: d('22.00'),
  unitCost: d('17.60'),
  effectiveDate: day('2025-03-15'),
};

/** The same change on Autotask contract 29684011, service 41 (contract service 88120). */
export const AUTOTASK_CHANGE: SeatChangePosting = {
  id: 'chg_0312',
  system: 'autotask',
  agreementId: '29684011',
  existingLineId: '88120',
  productIdentifier: '41',
  description: 'Microsoft 365 Business Premium (monthly)',
  quantity: d('30'),
  previousQuantity: d('25'),
  unitPrice: d('22.00'),
  unitCost: d('17.60'),
  effectiveDate: day('2025-03-15'),
};

export const QUICKBOOKS_CONFIG = { realmId: '9130357766215186', itemRefByGlAccount: { '4100': '31', '4300': '32' }, taxCodeRefByRate: { '20': '3' } };

export const XERO_CONFIG = { taxTypeByRate: { '20': 'OUTPUT2' } };

export const CREDENTIALS = {
  connectwise: { companyId: 'northwind', publicKey: 'pub-7Hq2', privateKey: 'priv-Zx91', clientId: '3f0b8c1e-5d2a-4f7e-b6a9-1c2d3e4f5a6b' },
  autotask: { integrationCode: 'KQ3V7XG2AB4CD5EF6GH7IJ8KL9M', userName: 'coterm-api@northwind-msp.example', secret: 'at-secret-4Rt' },
  quickbooks: { accessToken: 'qbo-token-eyJhbGci' },
  xero: { accessToken: 'xero-token-eyJhbGci', tenantId: 'a1b2c3d4-0000-4000-8000-000000000001' },
} satisfies Required<PostingCredentials>;

/** A request straight to a stand-in, to test a rule the builders would never let through. */
export async function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

export function basicAuth(c: typeof CREDENTIALS.connectwise): string {
  return `Basic ${Buffer.from(`${c.companyId}+${c.publicKey}:${c.privateKey}`).toString('base64')}`;
}

/** The error a posting run was refused with; fails the test when it was not refused. */
export async function refusal(run: Promise<unknown>): Promise<PostingError> {
  const outcome = await run.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof PostingError)) throw new Error(`expected a PostingError, got ${String(outcome)}`);
  return outcome;
}

/** A copy without one field, to send a stand-in an incomplete record. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  return copy as Omit<T, K>;
}
