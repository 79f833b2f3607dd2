/**
 * Groups items into batches and writes each batch in the background while
 * the producer goes on reading, one batch at a time (a connection runs one
 * statement at a time). The producer waits when two batches are already
 * waiting, so memory stays flat; a failed write surfaces at the next call.
 */
export class BatchPipeline<T> {
  private batch: T[] = [];
  private writing: Promise<void> = Promise.resolve();
  private waiting = 0;
  private failure: unknown;

  constructor(
    private readonly size: number,
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly maxWaiting = 2,
  ) {}

  /** Buffers an item; returns a promise only when a full batch is handed over. */
  add(item: T): Promise<void> | undefined {
    this.batch.push(item);
    return this.batch.length >= this.size ? this.submit() : undefined;
  }

  /** Writes what is left and waits for every batch. */
  async finish(): Promise<void> {
    await this.submit();
    await this.writing;
    this.rethrow();
  }

  private async submit(): Promise<void> {
    this.rethrow();
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.waiting += 1;
    this.writing = this.writing.then(async () => {
      try {
        if (this.failure === undefined) await this.write(batch);
      } catch (error) {
        this.failure = error;
      } finally {
        this.waiting -= 1;
      }
    });
    if (this.waiting > this.maxWaiting) await this.writing;
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
