/**
 * The two PostgreSQL backends behind one small interface: the embedded
 * database (PGlite, one connection) and a server (node-postgres pool). Every
 * value crosses as text or number exactly as PostgreSQL prints it — dates as
 * `YYYY-MM-DD`, numerics as decimal strings — never as JS Date or float.
 */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface SqlConnection {
  /**
   * The database runs in this thread (the embedded one): work queued for it
   * does not overlap with parsing, so bulk writers keep batches small instead.
   */
  readonly inProcess: boolean;
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
  /** Runs a script of several statements (a migration), without parameters. */
  exec(script: string): Promise<void>;
  /**
   * Streams rows into a table with COPY (text format). Each chunk holds whole
   * lines; the caller keeps chunks small so memory stays flat.
   */
  copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /**
   * A query's result in COPY text format (copy-text.ts reads it): for reads
   * of a million rows, one transfer instead of a result row each. COPY takes
   * no parameters: the query must quote its literals (copy-text.ts).
   */
  copyTo(query: string): Promise<string>;
}

export interface LeasedConnection {
  readonly connection: SqlConnection;
  release(): void;
}

export interface ConnectionSource {
  readonly kind: 'embedded' | 'server';
  /** Where the data lives: a directory or a server address without its password. */
  readonly location: string;
  acquire(): Promise<LeasedConnection>;
  close(): Promise<void>;
}

/** PostgreSQL type OIDs whose values coterm keeps as the server's text. */
export const TEXT_TYPES = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;
