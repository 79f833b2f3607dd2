import { chunked, copyLine } from './copy-text.ts';
import { type SqlConnection } from './sql-connection.ts';

type CopyValue = string | number | bigint | boolean | null | undefined;

/**
 * Rows streamed into a temporary table with COPY, a chunk at a time, so a
 * million-row file never sits in memory. The table disappears at commit.
 */
export class StagingTable {
  private buffer = '';
  private created = false;

  constructor(
    private readonly connection: SqlConnection,
    readonly name: string,
    private readonly definition: string,
    private readonly columns: readonly string[],
    private readonly chunkBytes = 1 << 20,
  ) {}

  async add(values: readonly CopyValue[]): Promise<void> {
    this.buffer += copyLine(values);
    if (this.buffer.length >= this.chunkBytes) await this.flush();
  }

  /** Writes what is buffered; call before reading the table. */
  async flush(): Promise<void> {
    await this.ensureCreated();
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.connection.copyFrom(this.name, this.columns, chunked([chunk], this.chunkBytes));
  }

  private async ensureCreated(): Promise<void> {
    if (this.created) return;
    await this.connection.query(`CREATE TEMP TABLE ${this.name} (${this.definition}) ON COMMIT DROP`);
    this.created = true;
  }
}
