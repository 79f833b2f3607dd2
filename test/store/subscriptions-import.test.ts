import { describe, expect, it } from 'vitest';
import { ImportRejectedError, runImport } from '../../src/app/imports/run-import.ts';
import { subscriptionsFormat } from '../../src/imports/subscriptions/subscriptions-format.ts';
import { importStore } from '../../src/store/import-store.ts';
import { LedgerQueries } from '../../src/store/ledger-repository.ts';
import { countRecords } from '../../src/store/record-counts.ts';
import { openSubscriptionsSink } from '../../src/store/sinks/subscriptions-sink.ts';
import { type Store } from '../../src/store/store.ts';
import { writeTempFiles } from '../support/cli.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { asEuropeanExcel } from '../support/excel.ts';

const ORG = 'msp';
const handler = { format: subscriptionsFormat, openSink: openSubscriptionsSink };

const CONTOSO = { customerId: '4f1d2c6a-8b1e-4c3f-9a57-2f0e1c9d7b21', customerName: 'Contoso Ltd', customerDomain: 'contoso.onmicrosoft.com' };
const FABRIKAM = { customerId: '9b7e5d3c-1a2b-4c5d-8e9f-0a1b2c3d4e5f', customerName: 'Fabrikam Inc', customerDomain: 'fabrikam.onmicrosoft.com' };

/** Subscription ids, and the short names the assertions use. */
const IDS = {
  basic: 'a3c1e9f2-5b7d-4e8a-9c0b-1d2e3f4a5b6c',
  e3: 'b4d2f0a3-6c8e-4f9b-8d1c-2e3f4a5b6c7d',
  premium: 'c5e3a1b4-7d9f-4a0c-9e2d-3f4a5b6c7d8e',
  teams: 'd6f4b2c5-8e0a-4b1d-8f3e-4a5b6c7d8e9f',
  exchange: 'e7a5c3d6-9f1b-4c2e-9a4f-5b6c7d8e9f0a',
} as const;
const NAME_OF = new Map<string, string>(Object.entries(IDS).map(([name, id]) => [id, name]));

interface NextTerm {
  readonly productId: string;
  readonly skuId: string;
  readonly availabilityId: string;
  readonly billingCycle: string;
  readonly termDuration: string;
  readonly quantity: number;
}

/** A subscription as Partner Center's API describes it (dates ISO), with its customer. */
interface Subscription {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly customerDomain: string;
  readonly offerId: string;
  readonly offerName: string;
  readonly quantity: number;
  readonly status: string;
  readonly creationDate: string;
  readonly effectiveStartDate: string;
  readonly commitmentEndDate: string;
  readonly autoRenewEnabled: boolean;
  readonly billingCycle: string;
  readonly termDuration: string;
  readonly unitPrice: string;
  readonly currency: string;
  readonly refundableQuantity?: number;
  readonly cancellationAllowedUntilDate?: string;
  readonly next?: NextTerm;
}

/** What Partner Center showed on 1 March 2026. */
const MARCH: Subscription[] = [
  {
    id: IDS.basic, ...CONTOSO, offerId: 'CFQ7TTC0LH18:0001:CFQ7TTC0KDLJ', offerName: 'Microsoft 365 Business Basic', quantity: 12, status: 'active',
    creationDate: '2025-04-10', effectiveStartDate: '2025-04-10', commitmentEndDate: '2026-04-09', autoRenewEnabled: true, billingCycle: 'monthly',
    termDuration: 'P1Y', unitPrice: '6.30', currency: 'USD',
  },
  {
    id: IDS.e3, ...CONTOSO, offerId: 'CFQ7TTC0LFLX:0001:CFQ7TTC0K5N5', offerName: 'Microsoft 365 E3', quantity: 40, status: 'active',
    creationDate: '2024-07-01', effectiveStartDate: '2024-07-01', commitmentEndDate: '2027-06-30', autoRenewEnabled: true, billingCycle: 'annual',
    termDuration: 'P3Y', unitPrice: '432.00', currency: 'USD',
  },
  {
    id: IDS.premium, ...CONTOSO, offerId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0LKQB', offerName: 'Microsoft 365 Business Premium', quantity: 25, status: 'active',
    creationDate: '2025-10-01', effectiveStartDate: '2025-10-01', commitmentEndDate: '2026-09-30', autoRenewEnabled: true, billingCycle: 'annual',
    termDuration: 'P1Y', unitPrice: '264.00', currency: 'USD',
    next: { productId: 'CFQ7TTC0LFLX', skuId: '0001', availabilityId: 'CFQ7TTC0K5N5', billingCycle: 'annual', termDuration: 'P1Y', quantity: 25 },
  },
  {
    id: IDS.teams, ...FABRIKAM, offerId: 'CFQ7TTC0RL1G:0001:CFQ7TTC0J1FV', offerName: 'Microsoft Teams Essentials', quantity: 5, status: 'active',
    creationDate: '2026-02-15', effectiveStartDate: '2026-02-15', commitmentEndDate: '2026-03-14', autoRenewEnabled: true, billingCycle: 'monthly',
    termDuration: 'P1M', unitPrice: '4.80', currency: 'USD', refundableQuantity: 0, cancellationAllowedUntilDate: '2026-02-22',
  },
  {
    // A legacy CSP license offer: an offer GUID and no term.
    id: IDS.exchange, ...FABRIKAM, offerId: '195416C1-3447-423A-B37B-EE59A99A19C4', offerName: 'Exchange Online (Plan 1)', quantity: 30, status: 'active',
    creationDate: '2019-05-01', effectiveStartDate: '2019-05-01', commitmentEndDate: '2026-04-30', autoRenewEnabled: true, billingCycle: 'monthly',
    termDuration: '', unitPrice: '4.00', currency: 'USD',
  },
];

/** On 1 April: three more Business Basic seats; Teams Essentials renewed on 15 March, then suspended. */
const APRIL: Subscription[] = MARCH.map((subscription) => {
  if (subscription.id === IDS.basic) return { ...subscription, quantity: 15 };
  if (subscription.id === IDS.teams) {
    return { ...subscription, status: 'suspended', effectiveStartDate: '2026-03-15', commitmentEndDate: '2026-04-14', refundableQuantity: undefined, cancellationAllowedUntilDate: undefined };
  }
  return subscription;
});

const PORTAL_HEADER = [
  'Subscription ID', 'Customer ID', 'Customer Name', 'Domain', 'Offer ID', 'Offer name', 'Quantity', 'Status', 'Created date', 'Start date', 'End date',
  'Auto renew', 'Billing frequency', 'Term duration', 'Unit price', 'Currency', 'refundableQuantity.totalQuantity', 'cancellationAllowedUntilDate',
  'scheduledNextTermInstructions.product.productId', 'scheduledNextTermInstructions.product.skuId', 'scheduledNextTermInstructions.product.availabilityId',
  'scheduledNextTermInstructions.product.billingCycle', 'scheduledNextTermInstructions.product.termDuration', 'scheduledNextTermInstructions.quantity',
];

/** `2025-04-10` → `4/10/2025`, as the portal's US export writes dates. */
const usDate = (iso: string | undefined): string => {
  if (!iso) return '';
  const [year, month, day] = iso.split('-').map(Number);
  return `${month}/${day}/${year}`;
};

function portalCsv(subscriptions: readonly Subscription[]): string {
  const lines = subscriptions.map((s) =>
    [
      s.id, s.customerId, s.customerName, s.customerDomain, s.offerId, s.offerName, s.quantity, s.status[0]?.toUpperCase() + s.status.slice(1),
      usDate(s.creationDate), usDate(s.effectiveStartDate), usDate(s.commitmentEndDate), s.autoRenewEnabled ? 'True' : 'False',
      s.billingCycle[0]?.toUpperCase() + s.billingCycle.slice(1), s.termDuration, s.unitPrice, s.currency, s.refundableQuantity ?? '',
      usDate(s.cancellationAllowedUntilDate), s.next?.productId ?? '', s.next?.skuId ?? '', s.next?.availabilityId ?? '', s.next?.billingCycle ?? '',
      s.next?.termDuration ?? '', s.next?.quantity ?? '',
    ].join(','),
  );
  return `${[PORTAL_HEADER.join(','), ...lines].join('\n')}\n`;
}

/** The API's subscription resources, as `GET /customers/{id}/subscriptions` lists them (customer fields added by the exporter). */
function apiJson(subscriptions: readonly Subscription[]): object {
  return {
    totalCount: subscriptions.length,
    items: subscriptions.map((s) => ({
      id: s.id,
      customerId: s.customerId,
      customerName: s.customerName,
      customerDomain: s.customerDomain,
      offerId: s.offerId,
      offerName: s.offerName,
      friendlyName: s.offerName,
      quantity: s.quantity,
      unitType: 'Licenses',
      creationDate: `${s.creationDate}T08:12:43.3Z`,
      effectiveStartDate: `${s.effectiveStartDate}T00:00:00Z`,
      commitmentEndDate: `${s.commitmentEndDate}T00:00:00Z`,
      autoRenewEnabled: s.autoRenewEnabled,
      status: s.status,
      billingCycle: s.billingCycle,
      termDuration: s.termDuration || null,
      unitPrice: s.unitPrice,
      currency: s.currency,
      ...(s.refundableQuantity === undefined ? {} : { refundableQuantity: { totalQuantity: s.refundableQuantity, details: [] } }),
      ...(s.cancellationAllowedUntilDate ? { cancellationAllowedUntilDate: `${s.cancellationAllowedUntilDate}T00:00:00Z` } : {}),
      ...(s.next
        ? {
            scheduledNextTermInstructions: {
              product: { productId: s.next.productId, skuId: s.next.skuId, availabilityId: s.next.availabilityId, billingCycle: s.next.billingCycle, termDuration: s.next.termDuration },
              quantity: s.next.quantity,
            },
          }
        : {}),
      attributes: { etag: 'W/"1"', objectType: 'Subscription' },
    })),
    attributes: { objectType: 'Collection' },
  };
}


async function importSnapshot(store: Store, path: string, asOf: string, skipBad = false) {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).onConflict((c) => c.doNothing()).execute();
  return runImport(importStore(store), handler, { organizationId: ORG, path, actor: 'test', skipBad, now: () => `${asOf}T07:30:00Z` });
}

async function addContosoAccount(store: Store): Promise<void> {
  await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).onConflict((c) => c.doNothing()).execute();
  await store.db
    .insertInto('accounts')
    .values({ organization_id: ORG, id: 'contoso', name: 'Contoso Ltd', normalized_name: 'contoso', domain: 'contoso.com', country: 'GB', parent_account_id: null })
    .execute();
}

/** The ledger, without where each event came from (line or item, import). */
async function ledgerOf(store: Store): Promise<string[]> {
  const events = await store.db
    .selectFrom('subscription_events')
    .select(['subscription_id', 'effective_date', 'type', 'payload', 'identity'])
    .where('organization_id', '=', ORG)
    .orderBy('subscription_id')
    .orderBy('effective_date')
    .orderBy('id')
    .execute();
  return events.map((event) => `${NAME_OF.get(event.subscription_id) ?? event.subscription_id} ${event.effective_date} ${event.type} ${event.identity} ${JSON.stringify(event.payload)}`);
}

describe.each(TEST_DATABASES)('Partner Center subscriptions import ($name database)', (database) => {
  it('records each subscription it did not know as a purchase, with its tenant mapped to an account', async () => {
    const store = await database.open();
    try {
      await addContosoAccount(store);
      await store.db
        .insertInto('catalog_items')
        .values({ organization_id: ORG, id: 'CFQ7TTC0LH18:0001', kind: 'microsoft_license', product_id: 'CFQ7TTC0LH18', sku_id: '0001', product_title: 'Microsoft 365 Business Basic', sku_title: null, publisher: 'Microsoft Corporation', unit_of_measure: null, family: null })
        .execute();
      const files = writeTempFiles({ 'march.csv': portalCsv(MARCH) });
      const outcome = await importSnapshot(store, files['march.csv'] as string, '2026-03-01');
      expect([outcome.rowsRead, outcome.imported, outcome.duplicates, outcome.rejected]).toEqual([5, 5, 0, 0]);
      expect(await ledgerOf(store)).toEqual([
        'basic 2025-04-10 purchase purchase:2025-04-10 {"term":"P1Y","skuId":"0001","status":"active","billing":"monthly","termEnd":"2026-04-09","currency":"USD","quantity":12,"autoRenew":true,"termStart":"2025-04-10","unitPrice":"6.30","productName":"Microsoft 365 Business Basic","creationDate":"2025-04-10"}',
        'e3 2024-07-01 purchase purchase:2024-07-01 {"term":"P3Y","skuId":"0001","status":"active","billing":"annual","termEnd":"2027-06-30","currency":"USD","quantity":40,"autoRenew":true,"termStart":"2024-07-01","unitPrice":"432.00","productName":"Microsoft 365 E3","creationDate":"2024-07-01"}',
        'premium 2025-10-01 purchase purchase:2025-10-01 {"term":"P1Y","skuId":"0002","status":"active","billing":"annual","termEnd":"2026-09-30","currency":"USD","quantity":25,"autoRenew":true,"termStart":"2025-10-01","unitPrice":"264.00","productName":"Microsoft 365 Business Premium","creationDate":"2025-10-01"}',
        'premium 2026-03-01 scheduled_instructions snapshot:2026-03-01:import 1:instructions {"instructions":{"term":"P1Y","skuId":"0001","billing":"annual","quantity":25,"productId":"CFQ7TTC0LFLX","availabilityId":"CFQ7TTC0K5N5"}}',
        'teams 2026-02-15 purchase purchase:2026-02-15 {"term":"P1M","skuId":"0001","status":"active","billing":"monthly","termEnd":"2026-03-14","currency":"USD","quantity":5,"autoRenew":true,"termStart":"2026-02-15","unitPrice":"4.80","productName":"Microsoft Teams Essentials","creationDate":"2026-02-15","refundableQuantity":0,"cancellationAllowedUntil":"2026-02-22"}',
        'exchange 2019-05-01 purchase purchase:2019-05-01 {"status":"active","billing":"monthly","termEnd":"2026-04-30","currency":"USD","quantity":30,"autoRenew":true,"termStart":"2019-05-01","unitPrice":"4.00","productName":"Exchange Online (Plan 1)","creationDate":"2019-05-01"}',
      ].sort(bySubscriptionId));
      const subscriptions = await store.db.selectFrom('subscriptions').select(['id', 'kind', 'tenant_id', 'account_id', 'catalog_item_id', 'product_name', 'sku_id']).orderBy('id').execute();
      expect(subscriptions.map((s) => `${NAME_OF.get(s.id) ?? ''} ${s.kind} ${s.tenant_id === CONTOSO.customerId ? 'contoso' : 'fabrikam'} account=${s.account_id ?? ''} catalog=${s.catalog_item_id ?? ''} sku=${s.sku_id ?? ''} ${s.product_name}`)).toEqual([
        'basic nce contoso account=contoso catalog=CFQ7TTC0LH18:0001 sku=0001 Microsoft 365 Business Basic',
        'e3 nce contoso account=contoso catalog= sku=0001 Microsoft 365 E3',
        'premium nce contoso account=contoso catalog= sku=0002 Microsoft 365 Business Premium',
        'teams nce fabrikam account= catalog= sku=0001 Microsoft Teams Essentials',
        'exchange legacy_csp fabrikam account= catalog= sku= Exchange Online (Plan 1)',
      ]);
      const tenants = await store.db.selectFrom('tenants').select(['id', 'name', 'domain', 'account_id']).orderBy('name').execute();
      expect(tenants.map((t) => `${t.id} ${t.name} ${t.domain ?? ''} ${t.account_id ?? ''}`)).toEqual([
        `${CONTOSO.customerId} Contoso Ltd contoso.onmicrosoft.com contoso`,
        `${FABRIKAM.customerId} Fabrikam Inc fabrikam.onmicrosoft.com `,
      ]);
      const counts = await countRecords(store, ORG);
      expect([counts.tenants, counts.subscriptions, counts.ledgerEvents, counts.unmappedOpen, counts.subscriptionsByKind]).toEqual([2, 5, 6, 1, { legacy_csp: 1, nce: 4 }]);
      const ledger = new LedgerQueries(store);
      const exchange = await ledger.subscriptionOn(ORG, IDS.exchange, '2026-03-01');
      expect([exchange?.kind, exchange?.status, exchange?.quantity, exchange?.term, exchange?.billing, exchange?.termEnd]).toEqual(['legacy_csp', 'active', 30, null, 'monthly', '2026-04-30']);
    } finally {
      await store.close();
    }
  });

  it('moves the ledger to a later snapshot with only what changed, queryable on any date', async () => {
    const store = await database.open();
    try {
      await addContosoAccount(store);
      const files = writeTempFiles({ 'march.csv': portalCsv(MARCH), 'april.csv': portalCsv(APRIL), 'april-again.json': apiJson(APRIL) });
      await importSnapshot(store, files['march.csv'] as string, '2026-03-01');
      const april = await importSnapshot(store, files['april.csv'] as string, '2026-04-01');
      expect([april.rowsRead, april.imported, april.duplicates, april.rejected]).toEqual([5, 2, 3, 0]);
      const changes = (await ledgerOf(store)).filter((line) => !line.includes(' purchase ') && !line.includes(' scheduled_instructions '));
      expect(changes).toEqual([
        'basic 2026-04-01 seat_change snapshot:2026-04-01:import 2:seats:15 {"quantity":15}',
        'teams 2026-03-15 renewal renewal:2026-03-15 {"term":"P1M","billing":"monthly","termEnd":"2026-04-14","currency":"USD","termStart":"2026-03-15","unitPrice":"4.80"}',
        'teams 2026-04-01 status_change snapshot:2026-04-01:import 2:status:suspended {"status":"suspended"}',
      ].sort(bySubscriptionId));

      const ledger = new LedgerQueries(store);
      const seatsOn = async (date: string) => (await ledger.subscriptionOn(ORG, IDS.basic, date))?.quantity;
      expect([await seatsOn('2025-04-09'), await seatsOn('2025-04-10'), await seatsOn('2026-03-31'), await seatsOn('2026-04-01')]).toEqual([undefined, 12, 12, 15]);
      const teamsOn = async (date: string) => {
        const state = await ledger.subscriptionOn(ORG, IDS.teams, date);
        return `${state?.status} ${state?.quantity} ${state?.termStart}..${state?.termEnd}`;
      };
      expect([await teamsOn('2026-03-14'), await teamsOn('2026-03-15'), await teamsOn('2026-04-01')]).toEqual([
        'active 5 2026-02-15..2026-03-14',
        'active 5 2026-03-15..2026-04-14',
        'suspended 5 2026-03-15..2026-04-14',
      ]);
      const contoso = async (date: string) => (await ledger.accountOn(ORG, 'contoso', date)).map((s) => `${NAME_OF.get(s.subscriptionId)} ${s.status} ${s.quantity}×${s.unitPrice} ${s.term}/${s.billing}`);
      expect(await contoso('2026-04-01')).toEqual(['basic active 15×6.30 P1Y/monthly', 'e3 active 40×432.00 P3Y/annual', 'premium active 25×264.00 P1Y/annual']);

      // The same April snapshot from the API adds nothing.
      const before = await countRecords(store, ORG);
      const again = await importSnapshot(store, files['april-again.json'] as string, '2026-04-01');
      expect([again.alreadyImported, again.imported, again.duplicates]).toEqual([false, 0, 5]);
      const after = await countRecords(store, ORG);
      expect({ ...after, imports: before.imports, auditLog: before.auditLog }).toEqual(before);
      expect([after.ledgerEvents, after.subscriptionVersions, after.imports]).toEqual([9, 8, 3]);
    } finally {
      await store.close();
    }
  });

  it('reads the API\'s JSON and a CSV that went through European Excel exactly like the portal CSV', async () => {
    const ledgers: string[][] = [];
    for (const [name, content] of [['march.csv', portalCsv(MARCH)], ['march.json', apiJson(MARCH)], ['march-excel.csv', asEuropeanExcel(portalCsv(MARCH))]] as const) {
      const store = await database.open();
      try {
        const files = writeTempFiles({ [name]: content });
        const outcome = await importSnapshot(store, files[name] as string, '2026-03-01');
        expect([outcome.rowsRead, outcome.imported, outcome.rejected]).toEqual([5, 5, 0]);
        ledgers.push(await ledgerOf(store));
      } finally {
        await store.close();
      }
    }
    expect(ledgers[0]).toHaveLength(6);
    expect(ledgers[1]).toEqual(ledgers[0]);
    expect(ledgers[2]).toEqual(ledgers[0]);
  });

  it('rejects a snapshot with bad rows whole, naming every bad line, and writes nothing', async () => {
    const store = await database.open();
    try {
      const [good] = MARCH as [Subscription];
      const rows: Subscription[] = [
        good,
        { ...good, id: 'bad-1', status: 'pending' },
        { ...good, id: 'bad-2', quantity: -3 },
        { ...good, id: 'bad-3', termDuration: 'P2Y' },
        { ...good, id: 'bad-4', billingCycle: 'weekly' },
        { ...good, id: 'bad-5', offerName: '' },
        { ...good, id: 'bad-6', commitmentEndDate: '2025-04-09' },
        { ...good, id: 'bad-7', currency: 'Dollars' },
      ];
      const files = writeTempFiles({ 'bad.csv': portalCsv(rows) });
      const error = await importSnapshot(store, files['bad.csv'] as string, '2026-03-01').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as Error).message).toBe(
        '7 bad rows, nothing imported (use --skip-bad to import the good rows):\n' +
          '  line 3: status "Pending" is not active, suspended, expired, disabled or deleted\n' +
          '  line 4: quantity -3 is negative\n' +
          '  line 5: termDuration "P2Y" is not P1M, P1Y or P3Y\n' +
          '  line 6: billingCycle "Weekly" is not monthly, annual, triennial or one-time\n' +
          '  line 7: Offer name is empty\n' +
          '  line 8: commitmentEndDate 2025-04-09 is before effectiveStartDate 2025-04-10\n' +
          '  line 9: currency "Dollars" is not an ISO 4217 currency code',
      );
      const counts = await countRecords(store, ORG);
      expect([counts.imports, counts.tenants, counts.subscriptions, counts.ledgerEvents]).toEqual([0, 0, 0, 0]);
      const skipped = await importSnapshot(store, files['bad.csv'] as string, '2026-03-01', true);
      expect([skipped.imported, skipped.rejected]).toEqual([1, 7]);
    } finally {
      await store.close();
    }
  });

  it('refuses two different states of one subscription in one snapshot, and counts a repeated row once', async () => {
    const store = await database.open();
    try {
      const [basic] = MARCH as [Subscription];
      const files = writeTempFiles({ 'twice.csv': portalCsv([basic, basic]), 'conflict.csv': portalCsv([basic, { ...basic, quantity: 13 }]) });
      await expect(importSnapshot(store, files['conflict.csv'] as string, '2026-03-01')).rejects.toThrow(
        `line 3: subscription ${IDS.basic} is also on line 2 with a different state; a snapshot has one row per subscription`,
      );
      const twice = await importSnapshot(store, files['twice.csv'] as string, '2026-03-01');
      expect([twice.rowsRead, twice.imported, twice.duplicates]).toEqual([2, 1, 1]);
    } finally {
      await store.close();
    }
  });
});

/** Ledger lines grouped the way the query orders them: by subscription id. */
function bySubscriptionId(a: string, b: string): number {
  const id = (line: string) => IDS[line.split(' ')[0] as keyof typeof IDS];
  return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
}
