import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ImportKind } from '../app/imports/import-format.ts';
import { ImportRejectedError, type ImportOutcome, runImport } from '../app/imports/run-import.ts';
import { IMPORT_HANDLERS } from '../cli/import-handlers.ts';
import { DomainError } from '../domain/errors.ts';
import { importStore } from '../store/import-store.ts';
import { type Store } from '../store/store.ts';

/** Rejected rows kept for the screen; the import's error lists up to LISTED_REJECTS. */
const KEPT_REJECTIONS = 500;
/** Finished jobs remembered for their progress pages. */
const KEPT_JOBS = 200;

export interface ImportJobView {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: ImportOutcome | null;
  readonly error: string | null;
  readonly rejected: readonly { location: string; reason: string }[];
}

type ImportJob = { -readonly [Key in keyof ImportJobView]: ImportJobView[Key] };

export interface StartImport {
  readonly organizationId: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  /** The uploaded file, alone in its folder; both are removed when the import ends. */
  readonly path: string;
  readonly actor: string;
  readonly skipBad: boolean;
}

/**
 * Imports started over HTTP, run in this process on the server's store (the
 * embedded database admits one process) and followed by id. An import is
 * still all-or-nothing: its transaction is the import runner's.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  start(request: StartImport): ImportJobView {
    const job: ImportJob = {
      id: randomUUID(),
      organizationId: request.organizationId,
      kind: request.kind,
      fileName: request.fileName,
      status: 'running',
      bytesRead: 0,
      totalBytes: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      outcome: null,
      error: null,
      rejected: [],
    };
    this.jobs.set(job.id, job);
    this.forgetOldest();
    void this.run(job, request);
    return { ...job };
  }

  /** A job of this organization, or nothing (another organization's job does not exist for it). */
  find(organizationId: string, id: string): ImportJobView | undefined {
    const job = this.jobs.get(id);
    return job && job.organizationId === organizationId ? { ...job } : undefined;
  }

  /** Resolves when every running job has ended (for shutdown and tests). */
  async idle(): Promise<void> {
    while ([...this.jobs.values()].some((job) => job.status === 'running')) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private async run(job: ImportJob, request: StartImport): Promise<void> {
    try {
      job.outcome = await runImport(importStore(this.store), IMPORT_HANDLERS[request.kind], {
        organizationId: request.organizationId,
        path: request.path,
        fileName: request.fileName,
        actor: request.actor,
        skipBad: request.skipBad,
        now: () => this.now().toISOString(),
        onProgress: (bytes, total) => {
          job.bytesRead = bytes;
          job.totalBytes = total;
        },
        onRejected: (row) => {
          if (job.rejected.length < KEPT_REJECTIONS) job.rejected = [...job.rejected, { location: row.location, reason: row.reason }];
        },
      });
      job.status = 'done';
    } catch (error) {
      job.status = 'failed';
      if (error instanceof ImportRejectedError) job.rejected = error.rejected.slice(0, KEPT_REJECTIONS);
      job.error = error instanceof DomainError ? `${request.fileName}: ${error instanceof ImportRejectedError ? `${error.totalRejected} bad rows, nothing imported` : error.message}` : `${request.fileName}: the import failed (${String(error)})`;
    } finally {
      job.finishedAt = this.now().toISOString();
      await rm(dirname(request.path), { recursive: true, force: true });
    }
  }

  private forgetOldest(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) break;
      if (job.status !== 'running') this.jobs.delete(id);
    }
  }
}
