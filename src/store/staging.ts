import { copyLine } from './copy-text.ts';
import { type SqlConnection } from './sql-connection.ts';

type CopyValue = string | number | bigint | boolean | null | undefined;

/** Chunks waiting for COPY before the producer is asked to wait. */
const QUEUED_CHUNKS = 4;

/**
 * Rows streamed into a temporary table with one COPY that runs while the file
 * is still being read, so a million-row file never sits in memory and the
 * database works in parallel with parsing. The table disappears at commit.
 */
export class StagingTable {
  private buffer = '';
  private readonly queue: string[] = [];
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  private copying: Promise<void> | undefined;

  constructor(
    private readonly connection: SqlConnection,
    readonly name: string,
    private readonly definition: string,
    private readonly columns: readonly string[],
    private readonly chunkBytes = 1 << 20,
  ) {}

  async add(values: readonly CopyValue[]): Promise<void> {
    this.buffer += copyLine(values);
    if (this.buffer.length >= this.chunkBytes) await this.enqueue();
  }

  /** Sends what is buffered and waits for the COPY to finish; call before reading the table. */
  async flush(): Promise<void> {
    await this.enqueue();
    this.closed = true;
    this.wakeConsumer?.();
    await this.copying;
  }

  private async enqueue(): Promise<void> {
    if (!this.copying) {
      await this.connection.query(`CREATE TEMP TABLE ${this.name} (${this.definition}) ON COMMIT DROP`);
      this.copying = this.connection.copyFrom(this.name, this.columns, this.chunks());
      // A failed COPY surfaces at flush(); until then keep the producer from blocking on it.
      this.copying.catch(() => {
        this.closed = true;
        this.wakeProducer?.();
      });
    }
    if (this.buffer) {
      this.queue.push(this.buffer);
      this.buffer = '';
      this.wakeConsumer?.();
    }
    while (this.queue.length >= QUEUED_CHUNKS && !this.closed) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
  }

  private async *chunks(): AsyncGenerator<string> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk !== undefined) {
        this.wakeProducer?.();
        yield chunk;
      } else if (this.closed) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    }
  }
}
