import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate, daysInclusive } from '../../../src/domain/calendar/date.ts';
import { type BillingPlan, defaultTermEnd, gridPeriodContaining, TERM_MONTHS, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { alignmentStepMonths, anchorOccurrenceIn, endsOnAnchor, isAnchorOccurrence, latestAlignedEndWithin } from '../../../src/domain/coterm/anchor-occurrence.ts';
import { type Alignment, type CoTermPlan } from '../../../src/domain/coterm/model.ts';
import { planCoTerm } from '../../../src/domain/coterm/plan.ts';
import { compareCandidates, recommendAnchors } from '../../../src/domain/coterm/recommend-anchors.ts';
import { type BillingPeriod, type ProrationPolicy } from '../../../src/domain/ledger/service-terms.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { type AccountSubscription } from '../../../src/domain/portfolio/account-subscription.ts';
import { nce, service } from './fixtures.ts';

const firstDay = CalendarDate.of(2026, 1, 1).epochDay;
const day = (min: number, max: number): fc.Arbitrary<CalendarDate> => fc.integer({ min: firstDay + min, max: firstDay + max }).map(CalendarDate.fromEpochDay);
const anyAsOf = day(0, 730);
const anyAnchor = day(-400, 1100);
const anyPrice = fc.integer({ min: 1, max: 100_000 }).map((cents) => Decimal.of(BigInt(cents), 2));
const nicePlan = fc.constantFrom<[TermDuration, BillingPlan]>(['P1M', 'monthly'], ['P1Y', 'monthly'], ['P1Y', 'annual'], ['P3Y', 'monthly'], ['P3Y', 'annual'], ['P3Y', 'triennial']);

/** A subscription as of `asOf`: its current term contains asOf (NCE terms sometimes co-termed to a month end at purchase). */
function anySubscription(asOf: CalendarDate): fc.Arbitrary<(id: string) => AccountSubscription> {
  const licence = fc
    .record({
      plan: nicePlan,
      offset: fc.nat(1200),
      quantity: fc.integer({ min: 1, max: 40 }),
      unitPrice: anyPrice,
      autoRenew: fc.constantFrom(true, true, true, false),
      status: fc.constantFrom('active', 'active', 'active', 'active', 'cancelled'),
      coTermed: fc.boolean(),
      currency: fc.constantFrom('EUR', 'EUR', 'USD'),
      kind: fc.constantFrom('nce', 'nce', 'nce', 'nce', 'legacy_csp', 'azure_plan'),
    })
    .map(({ plan: [term, billing], offset, coTermed, kind, ...fields }) => (id: string): AccountSubscription => {
      const { termStart, termEnd } = currentTerm(asOf, term, offset, coTermed);
      if (kind === 'azure_plan') return nce({ id, ...fields, kind, term: null, billing: null, termStart, termEnd: null });
      return nce({ id, ...fields, kind: kind as 'nce' | 'legacy_csp', term, billing, termStart, termEnd });
    });
  const mspService = fc
    .record({
      offset: fc.nat(400),
      quantity: fc.integer({ min: 0, max: 40 }),
      unitPrice: anyPrice,
      billing: fc.constantFrom<BillingPeriod>('monthly', 'quarterly', 'annual'),
      termMonths: fc.constantFrom(1, 3, 5, 12, 24, 36),
      policy: fc.constantFrom<ProrationPolicy>('daily', 'monthly', 'none'),
      currency: fc.constantFrom('EUR', 'JPY'),
    })
    .map(({ offset, billing, termMonths, policy, ...fields }) => (id: string): AccountSubscription =>
      service({ id, ...fields, termEnd: asOf.addDays(offset), service: { billing, termMonths, noticeDays: 30, prorationPolicy: policy } }),
    );
  return fc.oneof({ arbitrary: licence, weight: 4 }, { arbitrary: mspService, weight: 1 });
}

/** The term containing asOf of a licence bought up to 1200 days ago, or (co-termed at purchase) bought in the last week to end on a month end. */
function currentTerm(asOf: CalendarDate, term: TermDuration, offset: number, coTermed: boolean): { termStart: CalendarDate; termEnd: CalendarDate } {
  if (coTermed) {
    const termStart = asOf.addDays(-(offset % 7));
    const defaultEnd = defaultTermEnd(termStart, term);
    const monthEnd = defaultEnd.isLastDayOfMonth() ? defaultEnd : defaultEnd.addMonths(-1).lastDayOfMonth();
    if (!monthEnd.isBefore(asOf) && !monthEnd.isBefore(termStart)) return { termStart, termEnd: monthEnd };
  }
  // Renewals continue the grid of the purchase (a licence bought on the 31st renews Feb 28 – Mar 30, …).
  const current = gridPeriodContaining(asOf.addDays(-offset), TERM_MONTHS[term], asOf);
  return { termStart: current.start, termEnd: current.end };
}

const anyMonthEnd = anyAnchor.map((date) => date.lastDayOfMonth());

/**
 * A portfolio on asOf. Partner Center accepts few end dates, so anchors are
 * often month ends and the tenant often has a licence ending on the anchor
 * (its end date makes the anchor valid for the others).
 */
const anyPortfolio = anyAsOf.chain((asOf) =>
  fc
    .record({
      asOf: fc.constant(asOf),
      anchor: fc.oneof(anyAnchor, anyMonthEnd),
      holder: fc.constantFrom(true, true, false),
      makers: fc.array(anySubscription(asOf), { minLength: 1, maxLength: 6 }),
    })
    .map(({ asOf, anchor, holder, makers }) => {
      const subscriptions = makers.map((make, index) => make(`S${index}`));
      if (!holder) return { asOf, anchor, subscriptions };
      let end = anchorOccurrenceIn(anchor, asOf.year);
      if (end.isBefore(asOf)) end = anchorOccurrenceIn(anchor, asOf.year + 1);
      const onAnchor = nce({ id: 'H', termStart: end.addDays(1).addMonths(-12), termEnd: end });
      return { asOf, anchor, subscriptions: [onAnchor, ...subscriptions] };
    }),
);

function termMonthsOf(subscription: AccountSubscription): number {
  if (subscription.service) return subscription.service.termMonths;
  return subscription.term ? TERM_MONTHS[subscription.term] : 12;
}

const sum = (values: readonly (Decimal | null | undefined)[]): Decimal => values.reduce<Decimal>((total, value) => (value ? total.plus(value) : total), Decimal.ZERO);

describe('co-term plan invariants', () => {
  it('every alignment step ends its new first term on the anchor, and its stub is billed for exactly its days', () => {
    fc.assert(
      fc.property(anyPortfolio, ({ asOf, anchor, subscriptions }) => {
        const plan = planCoTerm({ asOf, anchor, subscriptions });
        expect(plan.alignments.map((alignment) => alignment.subscriptionId)).toEqual(subscriptions.map((subscription) => subscription.id));
        plan.alignments.forEach((alignment, index) => {
          const subscription = subscriptions[index];
          if (!subscription) throw new Error('missing subscription');
          checkAlignment(alignment, subscription, asOf, anchor);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('plan totals are the sums of their items', () => {
    fc.assert(
      fc.property(anyPortfolio, ({ asOf, anchor, subscriptions }) => {
        const plan = planCoTerm({ asOf, anchor, subscriptions });
        checkTotals(plan);
      }),
      { numRuns: 100 },
    );
  });

  it('the latest aligned end inside a term is aligned and has no later aligned end after it', () => {
    fc.assert(
      fc.property(anyAnchor, day(0, 1500), fc.constantFrom(1, 2, 3, 4, 6, 12, 24, 36), (anchor, start, termMonths) => {
        const end = start.addMonths(termMonths).addDays(-1);
        const found = latestAlignedEndWithin(anchor, termMonths, start, end);
        const first = found ? found.addDays(1) : start;
        for (let date = first; !date.isAfter(end); date = date.addDays(1)) expect(endsOnAnchor(anchor, termMonths, date)).toBe(false);
        if (found) expect(endsOnAnchor(anchor, termMonths, found)).toBe(true);
        // A term of a year or more always contains one.
        if (termMonths >= 12) expect(found).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('anchor recommendation invariants', () => {
  it('ranks are a permutation of 1..n in ranking order, the order follows the rule, and anchors are distinct dates after asOf', () => {
    fc.assert(
      fc.property(anyPortfolio, fc.option(fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }), { nil: undefined }), ({ asOf, subscriptions }, budgetYearEnd) => {
        const { ranking } = recommendAnchors({ asOf, subscriptions, ...(budgetYearEnd ? { budgetYearEnd } : {}) });
        expect(ranking.map((entry) => entry.rank)).toEqual(ranking.map((_, index) => index + 1));
        expect(ranking.length).toBeGreaterThanOrEqual(4);
        expect(new Set(ranking.map((entry) => entry.anchor.epochDay)).size).toBe(ranking.length);
        for (const entry of ranking) expect(entry.anchor.isAfter(asOf)).toBe(true);
        for (let index = 1; index < ranking.length; index += 1) {
          const [before, after] = [ranking[index - 1], ranking[index]];
          if (before && after) expect(compareCandidates(before, after)).toBeLessThan(0);
        }
      }),
      { numRuns: 25 },
    );
  });
});

function checkAlignment(alignment: Alignment, subscription: AccountSubscription, asOf: CalendarDate, anchor: CalendarDate): void {
  const termMonths = termMonthsOf(subscription);
  switch (alignment.action) {
    case 'aligned':
      expect(alignment.alignedEnd.equals(subscription.termEnd ?? asOf)).toBe(true);
      expect(endsOnAnchor(anchor, termMonths, alignment.alignedEnd)).toBe(true);
      return;
    case 'align_now':
    case 'at_next_renewal':
    case 'prorate_service': {
      const { on, alignedEnd, stub } = alignment;
      const firstTermEnd = on.addMonths(termMonths).addDays(-1);
      expect(!alignedEnd.isBefore(on) && !alignedEnd.isAfter(firstTermEnd)).toBe(true);
      expect(endsOnAnchor(anchor, termMonths, alignedEnd)).toBe(true);
      if (alignmentStepMonths(termMonths) === 12) expect(isAnchorOccurrence(anchor, alignedEnd)).toBe(true);
      expect([stub.start.toString(), stub.end.toString(), stub.days]).toEqual([on.toString(), alignedEnd.toString(), daysInclusive(on, alignedEnd)]);
      expect(stub.charge.sign()).toBeGreaterThanOrEqual(0);
      if (alignment.action === 'prorate_service') {
        expect(on.equals(subscription.termEnd?.addDays(1) ?? asOf)).toBe(true);
        return;
      }
      if (stub.basis !== 'nceEngine') throw new Error('an NCE stub comes from the engine');
      expect(stub.charge.equals(sum(stub.lines.map((line) => line.subtotal)))).toBe(true);
      // The charge rows tile the stub term: every day billed once.
      let next = on;
      for (const line of stub.lines) {
        expect(line.chargeStart.toString()).toBe(next.toString());
        next = line.chargeEnd.addDays(1);
      }
      expect(next.toString()).toBe(alignedEnd.addDays(1).toString());
      expect(stub.lines[0]?.chargeType).toBe(alignment.action === 'align_now' ? 'new' : 'renew');
      if (alignment.action === 'align_now') {
        expect(on.equals(asOf)).toBe(true);
        expect(alignment.refund.amount.sign()).toBeLessThanOrEqual(0);
      } else {
        expect(on.equals(subscription.termEnd?.addDays(1) ?? asOf)).toBe(true);
        expect(!alignment.scheduleFrom.isBefore(asOf) && !alignment.scheduleFrom.isAfter(alignment.scheduleBy)).toBe(true);
      }
      return;
    }
    default:
      expect([alignment.on, alignment.alignedEnd, alignment.stub]).toEqual([null, null, null]);
      expect(alignment.reason.length).toBeGreaterThan(0);
  }
}

function checkTotals(plan: CoTermPlan): void {
  const currencies = [...new Set(plan.alignments.map((alignment) => alignment.currency).filter((code) => code !== null))].sort();
  expect(plan.totals.map((totals) => totals.currency)).toEqual(currencies);
  for (const totals of plan.totals) {
    const items = plan.alignments.filter((alignment) => alignment.currency === totals.currency);
    const value = (keep: (alignment: Alignment) => boolean): Decimal => sum(items.filter(keep).map((alignment) => alignment.monthlyValue));
    const inShare = value((alignment) => !['no_term', 'not_renewing'].includes(alignment.action));
    const now = value((alignment) => alignment.action === 'aligned');
    const done = value((alignment) => ['aligned', 'align_now', 'at_next_renewal', 'prorate_service'].includes(alignment.action));
    expect(totals.stubCharges.equals(sum(items.map((alignment) => alignment.stub?.charge)))).toBe(true);
    expect(totals.refunds.equals(sum(items.map((alignment) => (alignment.action === 'align_now' ? alignment.refund.amount : null))))).toBe(true);
    expect(totals.monthlyValueTotal.equals(value((alignment) => !(alignment.action === 'not_renewing' && alignment.cause === 'inactive')))).toBe(true);
    expect(totals.monthlyValueInShare.equals(inShare)).toBe(true);
    expect(totals.monthlyValueOnAnchorNow.equals(now)).toBe(true);
    expect(totals.monthlyValueOnAnchorWhenDone.equals(done)).toBe(true);
    if (inShare.isZero()) {
      expect([totals.coTermedShareNow, totals.coTermedShareWhenDone]).toEqual([null, null]);
    } else {
      // The share is within half a unit of the 4th decimal of the exact ratio.
      const check = (share: Decimal | null, part: Decimal): void => {
        if (!share) throw new Error('share expected');
        const error = share.times(inShare).minus(part).abs();
        expect(error.compare(inShare.times(Decimal.parse('0.00005')))).toBeLessThanOrEqual(0);
      };
      check(totals.coTermedShareNow, now);
      check(totals.coTermedShareWhenDone, done);
      expect(totals.coTermedShareNow?.compare(totals.coTermedShareWhenDone ?? Decimal.ZERO)).toBeLessThanOrEqual(0);
    }
    const steps = items.filter((alignment) => alignment.on !== null).map((alignment) => alignment.on as CalendarDate);
    const last = steps.reduce<CalendarDate | null>((latest, date) => (latest && latest.isAfter(date) ? latest : date), null);
    const expected = last ?? (items.some((alignment) => alignment.action === 'aligned') ? plan.asOf : null);
    expect(totals.fullyCoTermedOn?.toString() ?? null).toBe(expected?.toString() ?? null);
  }
}
