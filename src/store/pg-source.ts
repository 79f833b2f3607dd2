import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { type ConnectionSource, type SqlConnection, type SqlResult, TEXT_TYPES } from './sql-connection.ts';

const textTypes = new Set<number>(Object.values(TEXT_TYPES));
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (textTypes.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)),
};

/** A PostgreSQL server through a node-postgres pool (DATABASE_URL). */
export async function openServer(url: string): Promise<ConnectionSource> {
  const pool = new pg.Pool({ connectionString: url, types, max: 10, options: '-c TimeZone=UTC' });
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'server',
    location: redacted(url),
    async acquire() {
      const client = await pool.connect();
      return { connection: connectionOf(client), release: () => client.release() };
    },
    close: () => pool.end(),
  };
}

function connectionOf(client: pg.PoolClient): SqlConnection {
  return {
    inProcess: false,
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      const result = await client.query(text, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(script) {
      await client.query(script);
    },
    async copyFrom(table, columns, chunks) {
      const sink = client.query(copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(chunks), sink);
    },
    async copyTo(query) {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyToStdout(`COPY (${query}) TO STDOUT`))) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgresql server';
  }
}
