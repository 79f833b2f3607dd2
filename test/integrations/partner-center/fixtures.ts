import { PartnerCenterClient, type PartnerCenterClientOptions } from '../../../src/integrations/partner-center/client.ts';
import { PartnerCenterError } from '../../../src/integrations/partner-center/errors.ts';
import { type PartnerCenterStandInHandle, startPartnerCenterStandIn } from '../../../src/integrations/partner-center/stand-in/server.ts';

export const TODAY = '2025-03-10';
export const TOKEN = 'pc-token-eyJ0eXAiOiJKV1Qi';

/** Contoso Dental's tenant, and Fabrikam's, whose subscriptions Contoso can never co-term with. */
export const CONTOSO = '8f2d6c4a-1b3e-4d5f-9a7c-0e1f2a3b4c5d';
export const FABRIKAM = '2c9e7a10-5d4b-4f3a-8e21-7b6c5d4e3f2a';

export const BUSINESS_PREMIUM = 'CFQ7TTC0LCHC:0002:CFQ7TTC0N8SS';
export const M365_E3 = 'CFQ7TTC0LFLX:0001:CFQ7TTC0N1ZX';
export const M365_E5 = 'CFQ7TTC0LFK5:0001:CFQ7TTC0N2BR';
export const EXCHANGE_P1 = 'CFQ7TTC0LH16:0001:CFQ7TTC0KNPB';
export const TEAMS_ESSENTIALS = 'CFQ7TTC0RM8K:0001:CFQ7TTC0S3X1';
export const VISIO_P2 = 'CFQ7TTC0HD32:0001:CFQ7TTC0LH0F';
export const DEFENDER = 'CFQ7TTC0LGQ2:0001:CFQ7TTC0LGQ3';

/** 8 seats bought 2024-07-01 and 2 added 2025-03-05: on TODAY only those 2 can still be removed (window closes 2025-03-12). */
export const SUB_BP = '6a1d0c55-0000-4000-8000-00000000b001';
/** Ends 2025-10-14; auto-renew off. */
export const SUB_EXO = '6a1d0c55-0000-4000-8000-00000000e001';
/** A monthly term ending 2025-03-19: an annual term never co-terms with it. */
export const SUB_TEAMS = '6a1d0c55-0000-4000-8000-00000000c001';
/** Suspended: neither changeable nor a co-term candidate. */
export const SUB_VISIO = '6a1d0c55-0000-4000-8000-00000000d001';
/** Ends 2025-08-31, outside its window: an existing subscription Business Premium seats can be upgraded into. */
export const SUB_E3 = '6a1d0c55-0000-4000-8000-00000000a001';
/** Fabrikam's, ending 2025-05-31. */
export const SUB_FABRIKAM = '6a1d0c55-0000-4000-8000-00000000f001';

export function startStandIn(): Promise<PartnerCenterStandInHandle> {
  return startPartnerCenterStandIn({
    today: TODAY,
    accessToken: TOKEN,
    customers: {
      [CONTOSO]: [
        {
          id: SUB_BP,
          offerId: BUSINESS_PREMIUM,
          productName: 'Microsoft 365 Business Premium',
          quantity: 10,
          termDuration: 'P1Y',
          billingCycle: 'monthly',
          creationDate: '2024-07-01',
          seatBatches: [
            { added: '2024-07-01', quantity: 8 },
            { added: '2025-03-05', quantity: 2 },
          ],
        },
        {
          id: SUB_EXO,
          offerId: EXCHANGE_P1,
          productName: 'Exchange Online (Plan 1)',
          quantity: 5,
          termDuration: 'P1Y',
          billingCycle: 'annual',
          autoRenewEnabled: false,
          creationDate: '2024-10-15',
        },
        { id: SUB_TEAMS, offerId: TEAMS_ESSENTIALS, productName: 'Microsoft Teams Essentials', quantity: 3, termDuration: 'P1M', billingCycle: 'monthly', creationDate: '2025-02-20' },
        {
          id: SUB_VISIO,
          offerId: VISIO_P2,
          productName: 'Visio Plan 2',
          quantity: 2,
          termDuration: 'P1Y',
          billingCycle: 'annual',
          status: 'suspended',
          creationDate: '2024-05-01',
        },
        { id: SUB_E3, offerId: M365_E3, productName: 'Microsoft 365 E3', quantity: 4, termDuration: 'P1Y', billingCycle: 'monthly', creationDate: '2024-09-01' },
      ],
      [FABRIKAM]: [
        { id: SUB_FABRIKAM, offerId: BUSINESS_PREMIUM, productName: 'Microsoft 365 Business Premium', quantity: 20, termDuration: 'P1Y', billingCycle: 'annual', creationDate: '2024-06-01' },
      ],
    },
    upgrades: { [BUSINESS_PREMIUM]: [M365_E3, M365_E5] },
    productNames: { [M365_E5]: 'Microsoft 365 E5', [DEFENDER]: 'Microsoft Defender for Business' },
  });
}

/** A client that records the waits it would make instead of sleeping. */
export function clientFor(standIn: PartnerCenterStandInHandle, options: Partial<PartnerCenterClientOptions> = {}): { client: PartnerCenterClient; waits: number[] } {
  const waits: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { client: new PartnerCenterClient({ baseUrl: standIn.url, accessToken: TOKEN, sleep, ...options }), waits };
}

export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfter: string | null;
}

/** A request straight to the stand-in, for rules the builders would never let a request break. */
export async function raw(standIn: PartnerCenterStandInHandle, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), retryAfter: response.headers.get('retry-after') };
}

/** The error a call was refused with; fails the test when it was not. */
export async function refusal(call: Promise<unknown>): Promise<PartnerCenterError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof PartnerCenterError)) throw new Error(`expected a PartnerCenterError, got ${String(outcome)}`);
  return outcome;
}

/** Partner Center's error body. */
export function microsoftError(code: number, description: string): Record<string, unknown> {
  return { code, description, data: [], source: 'PartnerFD' };
}
