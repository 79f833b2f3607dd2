import { type Kysely } from 'kysely';
import { type PostingResult, type PostingTarget } from '../integrations/posting/model.ts';
import { type Schema } from './schema.ts';

export interface PostingRecord {
  readonly id: number;
  readonly target: PostingTarget;
  readonly idempotencyKey: string;
  readonly subjectType: 'invoice' | 'finding';
  readonly subjectId: string;
  readonly status: 'previewed' | 'posted' | 'failed';
  readonly externalIds: readonly string[];
  readonly error: string | null;
  readonly actor: string;
  readonly at: string;
}

/** The idempotency keys already posted to a target: those are never sent again. */
export async function postedKeys(db: Kysely<Schema>, organizationId: string, target: PostingTarget): Promise<Set<string>> {
  const rows = await db.selectFrom('postings').select('idempotency_key').where('organization_id', '=', organizationId).where('target', '=', target).where('status', '=', 'posted').execute();
  return new Set(rows.map((row) => row.idempotency_key));
}

export async function recordPosting(
  db: Kysely<Schema>,
  organizationId: string,
  subject: { readonly type: 'invoice' | 'finding'; readonly id: string },
  result: PostingResult,
  status: 'previewed' | 'posted' | 'failed',
  actor: string,
  error?: string,
): Promise<void> {
  await db
    .insertInto('postings')
    .values({
      organization_id: organizationId,
      target: result.target,
      idempotency_key: result.idempotencyKey,
      subject_type: subject.type,
      subject_id: subject.id,
      status,
      requests: JSON.stringify(result.requests),
      responses: JSON.stringify(result.responses),
      external_ids: JSON.stringify(result.externalIds),
      error: error ?? null,
      actor,
    })
    .execute();
}

export async function loadPostings(db: Kysely<Schema>, organizationId: string, filter: { readonly target?: PostingTarget; readonly status?: PostingRecord['status'] } = {}): Promise<PostingRecord[]> {
  let query = db.selectFrom('postings').selectAll().where('organization_id', '=', organizationId);
  if (filter.target) query = query.where('target', '=', filter.target);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    target: row.target,
    idempotencyKey: row.idempotency_key,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    status: row.status,
    externalIds: row.external_ids as string[],
    error: row.error,
    actor: row.actor,
    at: row.at,
  }));
}
