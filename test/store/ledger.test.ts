import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { appendLedgerEvents, LedgerQueries, type NewLedgerEvent } from '../../src/store/ledger-repository.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { tempDir } from '../support/temp-dirs.ts';

const ORG = 'msp';

describe.each(TEST_DATABASES)('the subscription ledger ($name database)', (database) => {
  it('answers what an account had, at what price, on any day, and appends each event once', async () => {
    const store = await database.open();
    try {
      await store.db.insertInto('organizations').values({ id: ORG, name: 'MSP' }).execute();
      await store.db.insertInto('accounts').values({ organization_id: ORG, id: 'contoso', name: 'Contoso', normalized_name: 'contoso', domain: 'contoso.com', country: 'GB', parent_account_id: null }).execute();
      for (const id of ['BP', 'DEF']) {
        await store.db.insertInto('subscriptions').values({ organization_id: ORG, id, kind: 'nce', account_id: 'contoso', tenant_id: null, billing_entity_id: null, catalog_item_id: null, product_name: id === 'BP' ? 'Microsoft 365 Business Premium' : 'Defender for Endpoint P1', sku_id: null }).execute();
      }
      const event = (subscriptionId: string, effectiveDate: string, type: NewLedgerEvent['type'], payload: NewLedgerEvent['payload']): NewLedgerEvent => ({
        subscriptionId, effectiveDate, type, payload, source: 'test', sourceRef: null, identity: `${type}:${effectiveDate}`,
      });
      const events = [
        event('BP', '2025-10-15', 'purchase', { quantity: 20, unitPrice: '22.00', currency: 'USD', term: 'P1Y', billing: 'monthly', termStart: '2025-10-15', termEnd: '2026-06-30', autoRenew: true }),
        event('BP', '2026-04-14', 'seat_change', { quantity: 24 }),
        event('BP', '2026-05-01', 'auto_renew_change', { autoRenew: false }),
        event('DEF', '2025-05-20', 'purchase', { quantity: 25, unitPrice: '3.00', currency: 'USD', term: 'P1Y', billing: 'monthly', termStart: '2025-05-20', termEnd: '2026-05-19' }),
        event('DEF', '2026-05-20', 'extended_service_term', { unitPrice: '3.71' }),
        event('DEF', '2026-06-10', 'cancel', {}),
      ];
      const touched = await store.transaction(({ connection }) => appendLedgerEvents(connection, ORG, events));
      expect(touched.sort()).toEqual(['BP', 'DEF']);
      expect(await store.transaction(({ connection }) => appendLedgerEvents(connection, ORG, events))).toEqual([]);

      const ledger = new LedgerQueries(store);
      const on = async (date: string) => (await ledger.accountOn(ORG, 'contoso', date)).map((s) => `${s.subscriptionId} ${s.status} ${s.quantity}×${s.unitPrice} auto=${s.autoRenew}`);
      expect(await on('2025-05-19')).toEqual([]);
      expect(await on('2025-11-01')).toEqual(['BP active 20×22.00 auto=true', 'DEF active 25×3.00 auto=null']);
      expect(await on('2026-04-14')).toEqual(['BP active 24×22.00 auto=true', 'DEF active 25×3.00 auto=null']);
      expect(await on('2026-06-01')).toEqual(['BP active 24×22.00 auto=false', 'DEF extendedServiceTerm 25×3.71 auto=null']);
      expect(await on('2026-06-10')).toEqual(['BP active 24×22.00 auto=false', 'DEF cancelled 25×3.71 auto=null']);
      const versions = await store.db.selectFrom('subscription_versions').select(['subscription_id', 'valid_from', 'valid_to']).orderBy('subscription_id').orderBy('valid_from').execute();
      expect(versions.map((v) => `${v.subscription_id} ${v.valid_from}..${v.valid_to ?? ''}`)).toEqual([
        'BP 2025-10-15..2026-04-14',
        'BP 2026-04-14..2026-05-01',
        'BP 2026-05-01..',
        'DEF 2025-05-20..2026-05-20',
        'DEF 2026-05-20..2026-06-10',
        'DEF 2026-06-10..',
      ]);
    } finally {
      await store.close();
    }
  });

  it('runs its migrations once', async () => {
    const store = await database.open();
    try {
      const applied = await sql<{ version: string }>`SELECT version FROM schema_migrations ORDER BY version`.execute(store.db);
      expect(applied.rows.map((row) => row.version)).toEqual(['001_portfolio.sql', '002_renewals.sql', '003_uncompressed_packs.sql', '004_billing.sql', '005_reconciliation.sql', '006_postings.sql', '007_service.sql']);
    } finally {
      await store.close();
    }
  });
});

describe('the embedded data directory', () => {
  it('belongs to one opener at a time, and is free again once closed', async () => {
    const dataDir = tempDir('lock');
    const first = await Store.open({ dataDir });
    await expect(Store.open({ dataDir })).rejects.toThrow(`the data directory ${dataDir} is in use by process ${process.pid}`);
    await first.close();
    const second = await Store.open({ dataDir });
    await second.close();
  });
});
