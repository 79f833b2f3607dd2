import { InvalidInputError } from '../../domain/errors.ts';
import { PostingError, postAll } from '../../integrations/posting/http-poster.ts';
import { type Posting, type PostingResult } from '../../integrations/posting/model.ts';
import { type Store } from '../../store/store.ts';
import { postedKeys, recordPosting } from '../../store/posting-records.ts';
import { type PostingConfig, posterOptions } from './posting-config.ts';

export interface SubjectPosting {
  readonly subject: { readonly type: 'invoice' | 'finding'; readonly id: string };
  readonly posting: Posting;
}

export interface PostingReport {
  readonly dryRun: boolean;
  readonly results: readonly (PostingResult & { readonly subjectId: string })[];
  /** Already posted under the same idempotency key: not sent again. */
  readonly alreadyPosted: readonly string[];
}

/**
 * Sends (or, by default, previews) postings and records each: a dry run as
 * previewed, a sent one as posted with the records the target created. What
 * was posted before under the same key is skipped. A refusal stops the run:
 * what went before stays recorded as posted, the refused one as failed.
 */
export async function sendPostings(store: Store, organizationId: string, postings: readonly SubjectPosting[], config: PostingConfig, options: { readonly dryRun: boolean; readonly actor: string; readonly fetch?: typeof fetch }): Promise<PostingReport> {
  const targets = [...new Set(postings.map(({ posting }) => posting.target))];
  const posted = new Set<string>();
  for (const target of targets) for (const key of await postedKeys(store.db, organizationId, target)) posted.add(`${target} ${key}`);
  const due = postings.filter(({ posting }) => !posted.has(`${posting.target} ${posting.idempotencyKey}`));
  const alreadyPosted = postings.filter(({ posting }) => posted.has(`${posting.target} ${posting.idempotencyKey}`)).map(({ subject }) => subject.id);
  const subjectOf = (index: number) => due[index]!.subject;
  const record = async (results: readonly PostingResult[], status: 'previewed' | 'posted', offset = 0) => {
    for (const [index, result] of results.entries()) await recordPosting(store.db, organizationId, subjectOf(offset + index), result, status, options.actor);
  };
  try {
    const results = await postAll(
      due.map(({ posting }) => posting),
      { ...posterOptions(config), dryRun: options.dryRun, ...(options.fetch ? { fetch: options.fetch } : {}) },
    );
    await record(results, options.dryRun ? 'previewed' : 'posted');
    return { dryRun: options.dryRun, results: results.map((result, index) => ({ ...result, subjectId: subjectOf(index).id })), alreadyPosted };
  } catch (error) {
    if (!(error instanceof PostingError)) throw error;
    await record(error.completed, 'posted');
    await recordPosting(store.db, organizationId, subjectOf(error.completed.length), error.failed, 'failed', options.actor, error.message);
    throw new InvalidInputError(`${error.message} (${error.completed.length} posted before it; nothing after it was sent)`, error.target);
  }
}
