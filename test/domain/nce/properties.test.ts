import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { BILLING_MONTHS, type BillingPlan, defaultTermEnd, TERM_MONTHS, type TermDuration } from '../../../src/domain/calendar/periods.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';
import { checkCustomTermEnd, customTermEndDates, firstTermOf } from '../../../src/domain/nce/coterminosity.ts';
import { computeCharge, type ProratedCalculation } from '../../../src/domain/nce/proration.ts';
import { simulate, subscription } from '../../support/nce.ts';

const firstDay = CalendarDate.of(2021, 1, 1).epochDay;
const anyStart = fc.integer({ min: firstDay, max: firstDay + 3000 }).map(CalendarDate.fromEpochDay);
const anyPrice = fc.integer({ min: 1, max: 500_000 }).map((cents) => Decimal.of(BigInt(cents), 2));
const plan = fc.constantFrom<[TermDuration, BillingPlan]>(['P1M', 'monthly'], ['P1Y', 'monthly'], ['P1Y', 'annual'], ['P3Y', 'monthly'], ['P3Y', 'annual'], ['P3Y', 'triennial']);
const sum = (values: Decimal[]): Decimal => values.reduce((total, value) => total.plus(value), Decimal.ZERO);

describe('shadow billing invariants', () => {
  it('a refund and a recharge of the same quantity over the same days net to zero', () => {
    fc.assert(
      fc.property(anyPrice, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 366 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom('lineTotal', 'unitPrice'), fc.constantFrom('truncate', 'halfUp', 'halfEven'), (unitPrice, quantity, cycleDays, offset, variant, mode) => {
        const start = CalendarDate.fromEpochDay(firstDay);
        const billingDays = (offset % cycleDays) + 1;
        const calculation: ProratedCalculation = {
          kind: 'prorated',
          billed: { start, end: start.addDays(billingDays - 1) },
          billingDays,
          cycle: { start, end: start.addDays(cycleDays - 1) },
          cycleDays,
          cycleDaysBasis: 'cycleLength',
          capped: false,
          unitPrice,
          quantity,
          direction: 1,
          variant: variant as 'lineTotal' | 'unitPrice',
          mode: mode as 'truncate',
          minorUnits: 2,
        };
        const charge = computeCharge(calculation);
        const refund = computeCharge({ ...calculation, direction: -1 });
        expect(charge.subtotal.plus(refund.subtotal).isZero()).toBe(true);
        expect(charge.subtotal.compare(unitPrice.timesInteger(quantity))).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('adding seats and removing them again the same day changes nothing', () => {
    fc.assert(
      fc.property(anyStart, plan, anyPrice, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10_000 }), (start, [term, billing], unitPrice, quantity, added, offset) => {
        const termEnd = defaultTermEnd(start, term);
        const day = start.addDays(offset % (start.daysUntil(termEnd) + 1)).toString();
        const base = { subscriptions: [subscription({ start: start.toString(), term, billing, unitPrice: unitPrice.toString(), quantity })], through: termEnd.toString() };
        const plain = simulate(base);
        const churned = simulate({
          ...base,
          events: [
            { date: day, subscription: 'S1', type: 'setQuantity', quantity: quantity + added },
            { date: day, subscription: 'S1', type: 'setQuantity', quantity },
          ],
        });
        expect(churned.lines).toHaveLength(plain.lines.length + 4);
        expect(sum(churned.lines.map((line) => line.subtotal)).equals(sum(plain.lines.map((line) => line.subtotal)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a subscription's charges for a term never exceed its term price times its peak quantity, nor drop below zero", () => {
    const change = fc.record({ offset: fc.integer({ min: 0, max: 1200 }), quantity: fc.integer({ min: 1, max: 60 }), cancel: fc.boolean() });
    fc.assert(
      fc.property(anyStart, plan, anyPrice, fc.integer({ min: 1, max: 60 }), fc.array(change, { maxLength: 8 }), fc.boolean(), (start, [term, billing], unitPrice, quantity, changes, coTerm) => {
        const defaultEnd = defaultTermEnd(start, term);
        const customTermEnd = coTerm ? customTermEndDates({ term, start, candidates: [] }).options[0]?.date : undefined;
        const termEnd = customTermEnd ?? defaultEnd;
        const span = start.daysUntil(termEnd) + 1;
        const events = changes.map((entry) => ({
          date: start.addDays(entry.offset % span).toString(),
          subscription: 'S1',
          ...(entry.cancel ? { type: 'cancel' } : { type: 'setQuantity', quantity: entry.quantity }),
        }));
        const result = simulate({
          subscriptions: [subscription({ start: start.toString(), term, billing, unitPrice: unitPrice.toString(), quantity, autoRenew: false, ...(customTermEnd ? { customTermEnd: customTermEnd.toString() } : {}) })],
          events,
          through: termEnd.toString(),
          settings: { onRefusedChange: 'skip' },
        });
        const peak = Math.max(quantity, ...result.lines.filter((line) => line.subtotal.sign() > 0).map((line) => line.quantity));
        const termPrice = unitPrice.timesInteger(TERM_MONTHS[term] / BILLING_MONTHS[billing]);
        const total = sum(result.lines.map((line) => line.subtotal));
        expect(total.compare(termPrice.timesInteger(peak))).toBeLessThanOrEqual(0);
        expect(total.sign()).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('co-terminosity invariants', () => {
  const candidate = fc.record({
    term: fc.constantFrom<TermDuration>('P1M', 'P1Y', 'P3Y'),
    offset: fc.integer({ min: -400, max: 1200 }),
    status: fc.constantFrom('active', 'active', 'suspended'),
  });

  it('every offered end date is accepted and gives a first term no longer than a full term', () => {
    fc.assert(
      fc.property(anyStart, fc.constantFrom<TermDuration>('P1M', 'P1Y', 'P3Y'), fc.array(candidate, { maxLength: 6 }), (start, term, raw) => {
        const candidates = raw.map((entry, index) => ({ id: `C${index}`, term: entry.term, end: start.addDays(entry.offset), status: entry.status }));
        const query = { term, start, candidates };
        const { options, defaultEnd } = customTermEndDates(query);
        for (const option of options) {
          expect(option.date.isBefore(start)).toBe(false);
          expect(option.date.isAfter(defaultEnd)).toBe(false);
          expect(checkCustomTermEnd(query, option.date).ok).toBe(true);
          const first = firstTermOf(start, option.date, term);
          expect(first.days).toBeGreaterThanOrEqual(1);
          expect(first.days).toBeLessThanOrEqual(first.fullTermDays);
          expect(start.addMonths(first.months).addDays(first.extraDays).equals(option.date.addDays(1))).toBe(true);
          if (term !== 'P1M' && option.type === 'subscriptionAligned') {
            for (const id of option.subscriptions) expect(candidates.find((c) => c.id === id)?.term).not.toBe('P1M');
          }
        }
      }),
    );
  });
});
