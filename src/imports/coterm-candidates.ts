import { z } from 'zod';
import { BILLING_PLANS, TERM_DURATIONS, type TermDuration } from '../domain/calendar/periods.ts';
import { type CoTermCandidate } from '../domain/nce/coterminosity.ts';
import { isoDate, parseJsonText, validate } from './json-input.ts';

/**
 * A customer's existing subscriptions, as `coterm nce end-dates --subscriptions`
 * reads them: `[{id, term, billing, start, end, status}]` (Partner Center's
 * commitmentEndDate is `end`; `kind` marks trials and software subscriptions).
 */
const candidateSchema = z.object({
  id: z.string().min(1),
  customer: z.string().optional(),
  term: z.enum(TERM_DURATIONS as [TermDuration, ...TermDuration[]]),
  billing: z.enum(BILLING_PLANS as [string, ...string[]]).optional(),
  start: isoDate.optional(),
  end: isoDate,
  status: z.string().min(1),
  kind: z.enum(['license', 'trial', 'software', 'legacy']).optional(),
});

export function parseCoTermCandidates(text: string): CoTermCandidate[] {
  const rows = validate(z.array(candidateSchema, { error: 'must be a list of subscriptions' }), parseJsonText(text));
  return rows.map((row) => ({
    id: row.id,
    term: row.term,
    end: row.end,
    status: row.status,
    ...(row.customer === undefined ? {} : { customer: row.customer }),
    ...(row.kind === undefined ? {} : { kind: row.kind }),
  }));
}
