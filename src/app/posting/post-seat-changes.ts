import { InvalidInputError } from '../../domain/errors.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { type SeatFindingCategory } from '../../domain/reconcile/model.ts';
import { autotaskSeatChangePosting } from '../../integrations/posting/autotask.ts';
import { connectwiseSeatChangePosting } from '../../integrations/posting/connectwise.ts';
import { type SeatChangePosting } from '../../integrations/posting/model.ts';
import { loadFindings, type StoredFinding } from '../../store/finding-records.ts';
import { type Store } from '../../store/store.ts';
import { type PostingConfig } from './posting-config.ts';
import { type PostingReport, sendPostings } from './send-postings.ts';

/** Findings whose correction is a new quantity on the PSA line: Microsoft's seats from the finding's first day. */
const SEAT_CORRECTIONS: ReadonlySet<string> = new Set<SeatFindingCategory>(['untracked_seat_addition', 'downgrade_not_reflected', 'cancelled_still_billed', 'proration_miscalculation']);

/**
 * The accepted findings of a month as PSA changes: the agreement line that
 * bills the subscription (a ConnectWise addition naming it, an Autotask
 * contract service) gets Microsoft's seats from the finding's first day —
 * in ConnectWise a new addition and a cancelled date on the old one, in
 * Autotask a contract service adjustment. Findings no PSA line bills are
 * listed, not posted. A dry run unless `send`.
 */
export async function postSeatChanges(store: Store, organizationId: string, period: string, config: PostingConfig, options: { readonly send: boolean; readonly actor: string; readonly fetch?: typeof fetch }): Promise<PostingReport & { readonly withoutPsaLine: readonly number[] }> {
  const accepted = (await loadFindings(store.db, organizationId, { period, status: 'accepted' })).filter((finding) => SEAT_CORRECTIONS.has(finding.category));
  if (accepted.length === 0) throw new InvalidInputError(`no accepted seat finding for ${period} to post (coterm findings accept ID --reason …)`, 'findings');
  const lines = await store.db.selectFrom('psa_contract_lines').selectAll().where('organization_id', '=', organizationId).where('bill_customer', '=', true).where('cancelled_date', 'is', null).execute();
  const lineOf = (finding: StoredFinding) => lines.find((line) => `${line.description ?? ''} ${line.product}`.toLowerCase().includes(finding.subscriptionId.toLowerCase()));
  const withoutPsaLine: number[] = [];
  const postings = accepted.flatMap((finding) => {
    const line = lineOf(finding);
    if (!line) {
      withoutPsaLine.push(finding.id);
      return [];
    }
    const change: SeatChangePosting = {
      id: `finding-${finding.id}`,
      system: line.system as SeatChangePosting['system'],
      agreementId: line.contract_id,
      existingLineId: line.external_id,
      productIdentifier: line.product,
      description: line.description ?? line.product,
      quantity: Decimal.fromInteger(finding.microsoftSeats),
      previousQuantity: Decimal.parse(line.quantity),
      unitPrice: Decimal.parse(line.unit_price),
      ...(line.unit_cost ? { unitCost: Decimal.parse(line.unit_cost) } : {}),
      effectiveDate: finding.from,
    };
    const posting = change.system === 'connectwise' ? connectwiseSeatChangePosting(change) : autotaskSeatChangePosting(change);
    return [{ subject: { type: 'finding' as const, id: String(finding.id) }, posting }];
  });
  const report = await sendPostings(store, organizationId, postings, config, { dryRun: !options.send, actor: options.actor, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return { ...report, withoutPsaLine };
}
