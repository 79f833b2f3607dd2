import { type DemoClient } from './clients.ts';

/** The MSP's renewal team in the demo. */
const ACCOUNT_MANAGERS = ['ana.ruiz@northwind-msp.example', 'ben.okafor@northwind-msp.example', 'chloe.martin@northwind-msp.example'];
const ESCALATION_OWNER = 'renewals-lead@northwind-msp.example';

/** A policy field set once by the MSP: for the organization (client undefined) or one client. */
export interface DemoPolicySetting {
  readonly client: DemoClient | undefined;
  readonly field: string;
  readonly value: string;
}

/**
 * How an MSP would configure renewals in its first week: an escalation owner,
 * an account manager per client, notices to the client's IT contact, and the
 * overrides seed 000 names — a 120-day contractual notice, an exec call
 * before renewal for the largest clients, a 12-31 anchor for a few.
 */
export function demoPolicies(clients: readonly DemoClient[]): DemoPolicySetting[] {
  const settings: DemoPolicySetting[] = [{ client: undefined, field: 'escalationOwner', value: ESCALATION_OWNER }];
  const largest = [...clients].sort((a, b) => b.users - a.users).slice(0, Math.max(1, Math.round(clients.length / 10)));
  for (const client of clients) {
    settings.push({ client, field: 'accountManager', value: ACCOUNT_MANAGERS[client.index % ACCOUNT_MANAGERS.length] as string });
    if (client.contractDomain) settings.push({ client, field: 'noticeRecipient', value: `it@${client.contractDomain}` });
    if (client.index % 9 === 4) settings.push({ client, field: 'noticeDays', value: '120/90/60/30' });
    if (client.index % 11 === 7) settings.push({ client, field: 'anchor', value: '12-31' });
    if (largest.includes(client)) {
      settings.push({ client, field: 'execCallBeforeRenewal', value: 'true' });
      settings.push({ client, field: 'strategic', value: 'true' });
    }
  }
  return settings;
}
