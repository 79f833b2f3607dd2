import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { type ConnectionSource, type LeasedConnection, type SqlConnection, type SqlResult, TEXT_TYPES } from './sql-connection.ts';

const asText = (value: string): string => value;

/**
 * The embedded PostgreSQL (PGlite) in a data directory. It has a single
 * connection, so callers take turns: a lease is held for a whole transaction.
 */
export async function openEmbedded(dataDir: string): Promise<ConnectionSource> {
  const unlock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, {
      // Small shared buffers keep the embedded database's memory modest; a server is for scale.
      postgresqlconf: 'shared_buffers=16MB',
      parsers: Object.fromEntries(Object.values(TEXT_TYPES).map((oid) => [oid, asText])),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  await db.exec(`SET TIME ZONE 'UTC'`);
  const connection: SqlConnection = {
    inProcess: true,
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      const result = await db.query<Row>(text, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(script) {
      await db.exec(script);
    },
    async copyFrom(table, columns, chunks) {
      const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
      for await (const chunk of chunks) await db.query(statement, [], { blob: new Blob([chunk]) });
    },
    async copyTo(query) {
      const result = await db.query(`COPY (${query}) TO '/dev/blob'`);
      return result.blob ? await result.blob.text() : '';
    },
  };
  let queue: Promise<void> = Promise.resolve();
  return {
    kind: 'embedded',
    location: dataDir,
    async acquire(): Promise<LeasedConnection> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => turn);
      await previous;
      return { connection, release };
    },
    async close() {
      await queue;
      await db.close();
      unlock();
    },
  };
}
