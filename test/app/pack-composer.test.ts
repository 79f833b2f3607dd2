import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../../src/app/demo/create-demo.ts';
import { composeInProcess, type PackComposerFactory } from '../../src/app/renewals/pack-composer.ts';
import { type CadencePort, runCadenceDay } from '../../src/app/renewals/run-cadence-day.ts';
import { demoPorts } from '../../src/cli/commands/demo.ts';
import { CalendarDate } from '../../src/domain/calendar/date.ts';
import { Decimal } from '../../src/domain/money/decimal.ts';
import { cadenceStore } from '../../src/store/cadence-store.ts';
import { type Store } from '../../src/store/store.ts';
import { threadedComposer } from '../../src/workers/threaded-pack-composer.ts';
import { TEST_DATABASES } from '../support/databases.ts';
import { tempDir } from '../support/temp-dirs.ts';

const ORG = 'msp';
const AS_OF = CalendarDate.parse('2026-11-01');
const ROLLED_BACK = new Error('rolled back on purpose');

/** Runs a cadence day, keeps the packs it stores, and rolls the day back so the next run starts from the same database. */
async function packsOfDay(store: Store, composerFor: PackComposerFactory): Promise<Map<string, string>> {
  const packs = new Map<string, string>();
  const port = cadenceStore(store, ORG);
  const capturing: CadencePort = {
    transaction: (work) =>
      port.transaction(async (session) => {
        await work({
          ...session,
          storePacks: async (asOf, batch) => {
            for (const pack of batch) packs.set(pack.renewalId, pack.json);
            await session.storePacks(asOf, batch);
          },
        });
        throw ROLLED_BACK;
      }),
  };
  await expect(runCadenceDay(capturing, AS_OF, composerFor)).rejects.toBe(ROLLED_BACK);
  return packs;
}

describe.each(TEST_DATABASES)('renewal packs composed on a worker thread ($name database)', (database) => {
  let store: Store;

  beforeAll(async () => {
    store = await database.open();
    await store.db.insertInto('organizations').values({ id: ORG, name: 'Northwind MSP' }).execute();
    await createDemo(demoPorts(store, ORG, tempDir('demo-files'), { actor: 'test', now: () => '2026-11-01T09:00:00Z' }), { clients: 12, seed: 5, asOf: AS_OF });
  }, 300_000);

  afterAll(async () => {
    await store.close();
  });

  it('are the very documents composed in process, byte for byte', async () => {
    const here = await packsOfDay(store, composeInProcess);
    const onWorker = await packsOfDay(store, threadedComposer(0));
    expect(here.size).toBeGreaterThan(5);
    expect([...onWorker.keys()].sort()).toEqual([...here.keys()].sort());
    for (const [renewalId, json] of here) expect(onWorker.get(renewalId), renewalId).toBe(json);
  });

  it('are stored once: the day run again adds no pack and changes none', async () => {
    const first = await runCadenceDay(cadenceStore(store, ORG), AS_OF, threadedComposer(0));
    const stored = await store.db.selectFrom('renewal_packs').select(['renewal_id', 'generated_on']).where('organization_id', '=', ORG).orderBy('renewal_id').execute();
    expect(first.packsGenerated).toBe(stored.length);
    const renewals = await store.db.selectFrom('renewals').select(['id', 'stage', 'pack_generated_on', 'forecast_annual_value', 'annual_value']).where('organization_id', '=', ORG).where('pack_generated_on', 'is not', null).execute();
    expect(renewals.map((renewal) => renewal.id).sort()).toEqual(stored.map((pack) => pack.renewal_id));
    for (const renewal of renewals) {
      expect(renewal.stage).toBe('pack_ready');
      expect(renewal.pack_generated_on).toBe(AS_OF.toString());
      expect(Decimal.parse(renewal.forecast_annual_value as string).equals(Decimal.parse(renewal.annual_value))).toBe(true);
    }
    const again = await runCadenceDay(cadenceStore(store, ORG), AS_OF, threadedComposer(0));
    expect(again.packsGenerated).toBe(0);
    expect(await store.db.selectFrom('renewal_packs').select(['renewal_id', 'generated_on']).where('organization_id', '=', ORG).orderBy('renewal_id').execute()).toEqual(stored);
  });
});

describe('the threaded composer', () => {
  it('reports a batch it cannot compose, with the reason, instead of hanging', async () => {
    const composer = threadedComposer(0)([], 1);
    try {
      const event = { id: 'acct-x:2026-12-31', accountId: 'acct-x', date: CalendarDate.parse('2026-12-31'), subscriptionIds: [], notRenewing: [], values: [] };
      await expect(composer.compose({ asOf: AS_OF, events: [event], accounts: {} })).rejects.toThrow(/composing renewal packs failed: .*no account acct-x/);
    } finally {
      await composer.close();
    }
  });
});
