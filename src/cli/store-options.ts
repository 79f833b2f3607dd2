import { type Command } from 'commander';
import { Store } from '../store/store.ts';

export interface StoreOptions {
  dataDir?: string;
}

/** The default organization when the CLI runs for a single MSP. */
export const DEFAULT_ORGANIZATION = 'default';

/** `--data-dir` for commands that use the database (DATABASE_URL selects a server instead). */
export function withDataDirOption(command: Command): Command {
  return command.option('--data-dir <dir>', 'embedded database directory (default $COTERM_DATA_DIR or ./data); DATABASE_URL uses a PostgreSQL server instead');
}

export function organizationId(): string {
  return process.env.COTERM_ORG ?? DEFAULT_ORGANIZATION;
}

/** Where the store is: `--data-dir`, else $COTERM_DATA_DIR, else ./data; DATABASE_URL picks a server instead. */
export function storeLocation(options: StoreOptions): { dataDir: string; databaseUrl?: string } {
  return { dataDir: options.dataDir ?? process.env.COTERM_DATA_DIR ?? 'data', ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}) };
}

/** Opens the store (running migrations), makes sure the organization exists, runs `work`, closes. */
export async function withStore<T>(options: StoreOptions, work: (store: Store, organization: string) => Promise<T>): Promise<T> {
  const store = await Store.open(storeLocation(options));
  try {
    const organization = organizationId();
    await store.db.insertInto('organizations').values({ id: organization, name: organization }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
    return await work(store, organization);
  } finally {
    await store.close();
  }
}
