import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command } from 'commander';
import { z } from 'zod';
import { ensureFirstAdmin } from '../../app/access/first-admin.ts';
import { createDemo } from '../../app/demo/create-demo.ts';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { PartnerCenterClient } from '../../integrations/partner-center/client.ts';
import { buildServer } from '../../server/app.ts';
import { type ServerContext } from '../../server/context.ts';
import { ImportJobs } from '../../server/import-jobs.ts';
import { ViewCache } from '../../server/view-cache.ts';
import { sellerSettings } from '../../store/billing-configuration.ts';
import { countRecords } from '../../store/record-counts.ts';
import { type Store } from '../../store/store.ts';
import { cadenceJob, runForever, stopSignal } from '../cadence-schedule.ts';
import { fromFile } from '../errors.ts';
import { actorOf, wholeNumberOption } from '../options.ts';
import { print } from '../output.ts';
import { type StoreOptions, storeLocation, withDataDirOption, withStore } from '../store-options.ts';
import { demoPorts } from './demo.ts';

const DEMO_MSP = 'Northwind MSP';

interface StartOptions extends StoreOptions {
  port: number;
  host: string;
  worker: boolean;
  demo: boolean;
}

export function registerStartCommand(program: Command): void {
  withDataDirOption(
    program
      .command('start')
      .description('serve the API, the web app and the client portal (on an empty database, first the 50-client demo portfolio and an admin)')
      .option('--port <port>', 'port to listen on (default $PORT or 3000)', wholeNumberOption, Number(process.env.PORT ?? 3000))
      .option('--host <address>', 'address to listen on (default $HOST or 127.0.0.1; 0.0.0.0 serves the LAN)', process.env.HOST ?? '127.0.0.1')
      .option('--no-worker', 'do not run the daily renewal cadence in this process (run coterm worker elsewhere)')
      .option('--no-demo', 'leave an empty database empty'),
  ).action(async (options: StartOptions) => {
    await withStore(options, async (store, organization) => {
      const today = CalendarDate.parse(new Date().toISOString().slice(0, 10));
      const job = cadenceJob(store, organization, options);
      try {
        if (options.demo && (await isEmpty(store, organization))) {
          await createDemoPortfolio(store, organization, options, today);
          // With the worker, its run at start tracks today's renewals; without it, run it once here so the demo has packs.
          if (!options.worker) await job.runDay(today);
        }
        const admin = await store.transaction(({ db }) => ensureFirstAdmin(db, organization, process.env.COTERM_ADMIN_EMAIL ?? 'admin@coterm.local', process.env.COTERM_ADMIN_PASSWORD));
        if (admin?.generatedPassword) print(`First admin: ${admin.email}, password ${admin.generatedPassword} (shown once: change it after signing in)`);
        else if (admin) print(`First admin: ${admin.email} (password from COTERM_ADMIN_PASSWORD)`);

        const dataDir = storeLocation(options).dataDir;
        const publicUrl = process.env.COTERM_PUBLIC_URL ?? `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${options.port}`;
        const context: ServerContext = {
          store,
          now: () => new Date(),
          mspName: process.env.COTERM_MSP_NAME ?? (await sellerSettings(store.db, organization)).name,
          publicUrl,
          ...(process.env.COTERM_MSP_LOGO_URL ? { logoUrl: process.env.COTERM_MSP_LOGO_URL } : {}),
          ...(process.env.COTERM_PAYMENT_LINK ? { paymentLink: process.env.COTERM_PAYMENT_LINK } : {}),
          uploadsDir: join(dataDir, 'uploads'),
          imports: new ImportJobs(store, () => new Date()),
          views: new ViewCache(),
          ...(await partnerCenterFromEnvironment()),
          secureCookies: publicUrl.startsWith('https:'),
        };
        // Behind a reverse proxy (COTERM_TRUST_PROXY=true), the client's address comes from X-Forwarded-For; otherwise that header is ignored.
        const server = await buildServer(context, { logger: { level: process.env.LOG_LEVEL ?? 'warn' }, trustProxy: process.env.COTERM_TRUST_PROXY === 'true' });
        await server.listen({ port: options.port, host: options.host });
        print(`coterm is serving ${publicUrl} (API docs at ${publicUrl}/api/docs; ${store.kind} database at ${store.location}). Ctrl-C stops it.`);
        const stopped = stopSignal();
        if (options.worker) await runForever(store, async () => void (await job.runDay(CalendarDate.parse(new Date().toISOString().slice(0, 10)))), stopped);
        else await stopped;
        await server.close();
        await context.imports.idle();
      } finally {
        job.close();
      }
    });
  });
}

async function isEmpty(store: Store, organization: string): Promise<boolean> {
  const counts = await countRecords(store, organization);
  return counts.accounts === 0 && counts.subscriptions === 0;
}

async function createDemoPortfolio(store: Store, organization: string, options: StoreOptions, today: CalendarDate): Promise<void> {
  const out = process.env.DATABASE_URL ? 'demo' : join(storeLocation(options).dataDir, 'demo');
  print(`The database (${store.kind}, ${store.location}) is empty: creating the demo portfolio of 50 clients as of ${today.toString()}…`);
  const ports = demoPorts(store, organization, out, { actor: actorOf(), now: () => new Date().toISOString() });
  const report = await createDemo(ports, { clients: 50, seed: 1, asOf: today });
  // The demo's account managers work at Northwind MSP: its quotes and portal say so, unless the organization has a name of its own.
  await store.db.updateTable('organizations').set({ name: DEMO_MSP }).where('id', '=', organization).where('name', '=', organization).execute();
  print(`Imported ${report.imports.length} files from ${out} (price list, contracts, Microsoft's reconciliation files, a Partner Center snapshot, PSA additions, usage).`);
}

/** COTERM_PARTNER_CENTER_URL and _TOKEN connect provisioning to Partner Center; _CATALOG names a JSON file of product name → catalog item id. */
async function partnerCenterFromEnvironment(): Promise<{ partnerCenter?: ServerContext['partnerCenter'] }> {
  const { COTERM_PARTNER_CENTER_URL: baseUrl, COTERM_PARTNER_CENTER_TOKEN: accessToken, COTERM_PARTNER_CENTER_CATALOG: catalogFile } = process.env;
  if (!baseUrl || !accessToken) return {};
  const catalog = catalogFile ? await fromFile(catalogFile, async () => z.record(z.string(), z.string()).parse(JSON.parse(await readFile(catalogFile, 'utf8')))) : {};
  return { partnerCenter: { port: new PartnerCenterClient({ baseUrl, accessToken }), catalog } };
}
