import { readdirSync, readFileSync } from 'node:fs';
import { type ConnectionSource } from './sql-connection.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Serialises migrations between processes sharing a server. */
const MIGRATION_LOCK = 7_061_937;

/** Applies the migrations not yet applied, each in its own transaction, in file-name order. */
export async function migrate(source: ConnectionSource): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).sort();
  const { connection, release } = await source.acquire();
  const applied: string[] = [];
  try {
    await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const file of files) {
      await connection.query('BEGIN');
      try {
        await connection.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const done = await connection.query('SELECT 1 FROM schema_migrations WHERE version = $1', [file]);
        if (done.rows.length === 0) {
          await connection.exec(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
          await connection.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
          applied.push(file);
        }
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    release();
  }
  return applied;
}
