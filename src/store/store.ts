import { Kysely } from 'kysely';
import { sqlConnectionDialect } from './kysely-dialect.ts';
import { migrate } from './migrate.ts';
import { openServer } from './pg-source.ts';
import { openEmbedded } from './pglite-source.ts';
import { type Schema } from './schema.ts';
import { type ConnectionSource, type SqlConnection } from './sql-connection.ts';

export interface StoreLocation {
  /** A PostgreSQL server (DATABASE_URL); when absent the embedded database in `dataDir` is used. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

/** Work done inside one transaction: typed queries and bulk COPY on the same connection. */
export interface StoreTransaction {
  readonly db: Kysely<Schema>;
  readonly connection: SqlConnection;
}

/**
 * coterm's PostgreSQL: the same migrations and queries on the embedded
 * database and on a server. Inside `transaction`, use only the transaction's
 * handles — the embedded database has one connection, held by the transaction.
 */
export class Store {
  readonly db: Kysely<Schema>;

  private constructor(private readonly source: ConnectionSource) {
    this.db = new Kysely<Schema>({ dialect: sqlConnectionDialect(() => source.acquire()) });
  }

  static async open(location: StoreLocation): Promise<Store> {
    const source = location.databaseUrl ? await openServer(location.databaseUrl) : await openEmbedded(location.dataDir);
    try {
      await migrate(source);
    } catch (error) {
      await source.close();
      throw error;
    }
    return new Store(source);
  }

  get kind(): ConnectionSource['kind'] {
    return this.source.kind;
  }

  get location(): string {
    return this.source.location;
  }

  /** Runs `work` in one transaction: all of it is committed, or none of it. */
  async transaction<T>(work: (transaction: StoreTransaction) => Promise<T>): Promise<T> {
    const lease = await this.source.acquire();
    const { connection } = lease;
    const db = new Kysely<Schema>({ dialect: sqlConnectionDialect(async () => ({ connection, release: () => undefined })) });
    try {
      await connection.query('BEGIN');
      const result = await work({ db, connection });
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      lease.release();
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.source.close();
  }
}
