import { copyLine } from './copy-text.ts';
import { type SqlConnection } from './sql-connection.ts';

type CopyValue = string | number | bigint | boolean | null | undefined;

/**
 * Rows streamed into a temporary table with COPY, a megabyte at a time, so a
 * large file never sits in memory. Each chunk is written before `add`
 * returns, so the sink may run other queries between rows. The table
 * disappears at commit.
 */
export class StagingTable {
  private lines: string[] = [];
  private size = 0;
  private created = false;

  constructor(
    private readonly connection: SqlConnection,
    readonly name: string,
    private readonly definition: string,
    private readonly columns: readonly string[],
    private readonly chunkBytes = 1 << 20,
  ) {}

  async add(values: readonly CopyValue[]): Promise<void> {
    const line = copyLine(values);
    this.lines.push(line);
    this.size += line.length;
    if (this.size >= this.chunkBytes) await this.flush();
  }

  /** Writes what is buffered; call before reading the table. */
  async flush(): Promise<void> {
    if (!this.created) {
      await this.connection.query(`CREATE TEMP TABLE ${this.name} (${this.definition}) ON COMMIT DROP`);
      this.created = true;
    }
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.size = 0;
    await this.connection.copyFrom(this.name, this.columns, [chunk]);
  }
}
