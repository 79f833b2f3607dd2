import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { type LeasedConnection, type SqlConnection } from './sql-connection.ts';

/**
 * Kysely over coterm's SqlConnection, so the same typed queries run on the
 * embedded database and on a server. `lease` supplies a connection per query
 * or transaction; for a store transaction it hands out the one connection the
 * transaction holds.
 */
export function sqlConnectionDialect(lease: () => Promise<LeasedConnection>): Dialect {
  return {
    createAdapter: (): DialectAdapter => new PostgresAdapter(),
    createQueryCompiler: (): QueryCompiler => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => new PostgresIntrospector(db),
    createDriver: (): Driver => new LeasingDriver(lease),
  };
}

class KyselyConnection implements DatabaseConnection {
  constructor(
    readonly leased: LeasedConnection,
    private readonly connection: SqlConnection = leased.connection,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.connection.query<R>(query.sql, query.parameters);
    return { rows: result.rows, numAffectedRows: BigInt(result.rowCount) };
  }

  // eslint-disable-next-line require-yield -- the interface demands a generator; coterm pages instead of streaming.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported; page with LIMIT instead');
  }
}

class LeasingDriver implements Driver {
  constructor(private readonly lease: () => Promise<LeasedConnection>) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new KyselyConnection(await this.lease());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}` : '';
    await connection.executeQuery(CompiledQuery.raw(`BEGIN${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as KyselyConnection).leased.release();
  }

  async destroy(): Promise<void> {}
}
