import { type ImportKind } from '../app/imports/import-format.ts';
import { type ImportOutcome, type RejectedRow } from '../app/imports/run-import.ts';

/** What the import worker is asked to do. */
export interface ImportJob {
  readonly store: { readonly dataDir: string; readonly databaseUrl?: string };
  readonly organizationId: string;
  readonly kind: ImportKind;
  readonly path: string;
  readonly actor: string;
  readonly skipBad: boolean;
  readonly now: string;
}

/** What it reports while it works, and how it ends. */
export type ImportMessage =
  | { readonly type: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly type: 'rejected'; readonly row: RejectedRow; readonly header: readonly string[] }
  | { readonly type: 'done'; readonly outcome: ImportOutcome }
  | { readonly type: 'failed'; readonly message: string; readonly exitCode: number; readonly detail: string };
