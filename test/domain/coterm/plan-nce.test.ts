import { describe, expect, it } from 'vitest';
import { planCoTerm } from '../../../src/domain/coterm/plan.ts';
import { type PriceListEntry } from '../../../src/domain/nce/model.ts';
import { d, expectAction, find, money, nce } from './fixtures.ts';

const asOf = d('2026-11-22');
const yearEnd = d('2026-12-31');
const lineSummary = (lines: readonly { chargeType: string; chargeStart: { toString(): string }; chargeEnd: { toString(): string }; subtotal: { toString(): string } }[]): string[] =>
  lines.map((line) => `${line.chargeType} ${line.chargeStart.toString()}..${line.chargeEnd.toString()} ${line.subtotal.toString()}`);

/** A licence renewing in January: its new first term's calendar-month option is exactly 2027-12-31. */
const january = nce({ id: 'JAN', productName: 'Microsoft 365 E3', quantity: 5, unitPrice: money('36.00'), termStart: d('2026-01-10') });
/** The brief's example: P1Y billed monthly, 10 seats at 12.50, ending 2027-03-14. */
const march = nce({ id: 'S1', termStart: d('2026-03-15') });

describe('aligning an NCE licence at its renewal', () => {
  it('bills the stub term exactly as the engine does (10 seats at 12.50 renewing 2027-03-15, custom end 2027-12-31)', () => {
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [january, march] });
    const s1 = expectAction(plan, 'S1', 'at_next_renewal');
    expect([s1.on.toString(), s1.alignedEnd.toString(), s1.stub.start.toString(), s1.stub.end.toString(), s1.stub.days]).toEqual(['2027-03-15', '2027-12-31', '2027-03-15', '2027-12-31', 292]);
    // The co-termed term is term −1 of a grid anchored on 2028-01-01, so its cycles are calendar months.
    // Stub cycle 2027-03-15 – 03-31 of March (31 days): 12.50 ÷ 31 × 17 × 10 = 2125 ÷ 31 = 68.5483… → 68.54 (truncated).
    // Then April – December: 9 full cycles of 12.50 × 10 = 125.00. Total 68.54 + 1125.00 = 1193.54.
    expect(lineSummary(s1.stub.lines)).toEqual([
      'renew 2027-03-15..2027-03-31 68.54',
      ...['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((month) => `cycleCharge 2027-${month}-01..2027-${month}-${['04', '06', '09', '11'].includes(month) ? '30' : '31'} 125.00`),
    ]);
    expect(s1.stub.charge.toString()).toBe('1193.54');
    expect(s1.stub.lines[0]?.explanation).toContain('12.50 ÷ 31 × 17 = 6.8548387096… per unit; × 10 = 68.5483870967… → 68.54 (truncated)');
    expect(s1.stub.lines[0]?.explanation).toContain('co-termed to end 2027-12-31');
  });

  it('processes alignments in date order: a later renewal takes the end date an earlier one creates', () => {
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [march, january] });
    const jan = expectAction(plan, 'JAN', 'at_next_renewal');
    // JAN renews 2027-01-10: its default end 2028-01-09, so 2027-12-31 is its calendar-month option.
    // 5 × 36.00: stub 2027-01-10 – 01-31 = 36 ÷ 31 × 22 × 5 = 3960 ÷ 31 = 127.7419… → 127.74; 11 × 180.00; total 2107.74.
    expect([jan.scheduleFrom.toString(), jan.stub.charge.toString()]).toEqual(['2026-11-22', '2107.74']);
    expect(jan.reason).toContain('allowed as a calendar month end');
    // 2027-12-31 is not S1's calendar-month option (2028-02-29): only JAN's new end date makes it valid, from JAN's renewal on.
    const s1 = expectAction(plan, 'S1', 'at_next_renewal');
    expect([s1.scheduleFrom.toString(), s1.scheduleBy.toString()]).toEqual(['2027-01-10', '2027-03-14']);
    expect(s1.reason).toBe(
      'Renews on 2027-03-15: schedule next-term instructions with a custom term end date of 2027-12-31 (allowed as the end date of JAN) between 2027-01-10 and 2027-03-14; ' +
        'the first renewed term 2027-03-15 – 2027-12-31 (292 days) is charged 1193.54 EUR.',
    );
    expect([plan.fullyCoTermedOn?.toString(), plan.monthsUntilFullyCoTermed]).toEqual(['2027-03-15', 4]);
  });

  it("reports Partner Center's refusal when nothing makes the date valid (error 900242)", () => {
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [march] });
    const s1 = expectAction(plan, 'S1', 'cannot_align');
    expect([s1.cause, s1.refusalCode, s1.on, s1.stub]).toEqual(['refused', '900242', null, null]);
    expect(s1.reason).toContain('Partner Center would refuse the custom term end date 2027-12-31 for its renewal on 2027-03-15');
    expect(s1.reason).toContain('2027-12-31 is neither a month end nor the end date of an active subscription (allowed: 2028-02-29)');
  });

  it('accepts a non-month-end anchor once another licence of the tenant ends on it', () => {
    const anchor = d('2026-09-14');
    const onAnchor = nce({ id: 'A', termStart: d('2025-09-15') });
    // 4 seats at 240.00 a year, billed annually, renewing 2027-01-20; default end 2028-01-19.
    const annual = nce({ id: 'B', quantity: 4, unitPrice: money('240.00'), billing: 'annual', termStart: d('2026-01-20') });
    const plan = planCoTerm({ asOf, anchor, subscriptions: [onAnchor, annual] });
    expect(expectAction(plan, 'A', 'aligned').alignedEnd.toString()).toBe('2026-09-14');
    const b = expectAction(plan, 'B', 'at_next_renewal');
    // One annual cycle of the grid anchored 2027-09-15: 2026-09-15 – 2027-09-14 (365 days), billed from 2027-01-20 (238 days):
    // 240.00 ÷ 365 × 238 × 4 = 228480 ÷ 365 = 625.9726… → 625.97.
    expect([b.alignedEnd.toString(), b.stub.days, b.stub.charge.toString()]).toEqual(['2027-09-14', 238, '625.97']);
    expect(lineSummary(b.stub.lines)).toEqual(['renew 2027-01-20..2027-09-14 625.97']);
    expect(b.reason).toContain('allowed as the end date of A');

    const alone = planCoTerm({ asOf, anchor, subscriptions: [annual] });
    expect(expectAction(alone, 'B', 'cannot_align').reason).toContain('(allowed: 2027-12-31)');
  });

  it("cannot take a monthly-term subscription's date for an annual term", () => {
    const anchor = d('2026-09-14');
    const monthly = nce({ id: 'M', term: 'P1M', termStart: d('2026-11-15') });
    const annual = nce({ id: 'B', termStart: d('2026-01-20') });
    const plan = planCoTerm({ asOf, anchor, subscriptions: [monthly, annual] });
    expect(expectAction(plan, 'M', 'aligned').reason).toBe("Its current term ends on 2026-12-14, on the anchor's day of the month (the 14th): already co-termed.");
    const b = expectAction(plan, 'B', 'cannot_align');
    expect([b.cause, b.refusalCode]).toEqual(['monthly_term_target', '900242']);
    expect(b.reason).toContain("M ends on the anchor's day but has a monthly term, and an annual or triennial term cannot co-term with a monthly-term subscription's date.");
  });

  it('aligns a monthly term to the month end within its next month', () => {
    const monthly = nce({ id: 'M', term: 'P1M', quantity: 10, unitPrice: money('15.00'), termStart: d('2026-11-10') });
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [monthly] });
    const m = expectAction(plan, 'M', 'at_next_renewal');
    // Renews 2026-12-10 (default end 2027-01-09); month end 2026-12-31: 15.00 ÷ 31 × 22 × 10 = 3300 ÷ 31 = 106.451… → 106.45.
    expect([m.on.toString(), m.alignedEnd.toString(), m.stub.days, m.stub.charge.toString()]).toEqual(['2026-12-10', '2026-12-31', 22, '106.45']);
  });

  it('aligns a monthly term inside its cancellation window now, to the current month end', () => {
    const monthly = nce({ id: 'M', term: 'P1M', quantity: 10, unitPrice: money('15.00'), termStart: d('2026-11-15') });
    const m = expectAction(planCoTerm({ asOf, anchor: yearEnd, subscriptions: [monthly] }), 'M', 'align_now');
    // Refund: cycle 11-15 – 12-14 (30 days), 23 unused days: 15.00 ÷ 30 × 23 = 11.50 × 10 = 115.00.
    // New term 11-22 – 11-30 (the month-end option of a P1M bought 11-22): 15.00 ÷ 30 × 9 × 10 = 45.00.
    expect([m.refund.amount.toString(), m.alignedEnd.toString(), m.stub.charge.toString()]).toEqual(['-115.00', '2026-11-30', '45.00']);
  });

  it('aligns a triennial term to the latest anchor occurrence within its three years', () => {
    const onAnchor = nce({ id: 'A', termStart: d('2026-01-01') });
    const triennial = nce({ id: 'P3', term: 'P3Y', billing: 'annual', quantity: 2, unitPrice: money('300.00'), termStart: d('2024-03-15') });
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [onAnchor, triennial] });
    const p3 = expectAction(plan, 'P3', 'at_next_renewal');
    // Renews 2027-03-15, default end 2030-03-14: latest 31 December inside is 2029-12-31 (A's end in a later year).
    // Annual cycles of the grid anchored 2030-01-01: 2027 prorated 300 ÷ 365 × 292 × 2 = 480.00, then 2028 and 2029 at 600.00.
    expect([p3.alignedEnd.toString(), p3.stub.days]).toEqual(['2029-12-31', 1023]);
    expect(lineSummary(p3.stub.lines)).toEqual(['renew 2027-03-15..2027-12-31 480.00', 'cycleCharge 2028-01-01..2028-12-31 600.00', 'cycleCharge 2029-01-01..2029-12-31 600.00']);
    expect(p3.stub.charge.toString()).toBe('1680.00');
  });

  it('refuses a monthly term ending on the 28th–30th unless it is the month end (error 900245)', () => {
    const monthly = nce({ id: 'M', term: 'P1M', termStart: d('2026-11-05') });
    const m = expectAction(planCoTerm({ asOf, anchor: d('2026-06-29'), subscriptions: [monthly] }), 'M', 'cannot_align');
    expect([m.cause, m.refusalCode]).toEqual(['refused', '900245']);
    expect(m.reason).toContain("a monthly term cannot end on the 29th of a month unless it is the month's last day");
  });

  it('replays a current term that was itself co-termed at purchase', () => {
    // Bought 2026-07-15 with a custom end 2027-06-30; renews 2027-07-01 and takes A's end date 2027-12-31.
    const onAnchor = nce({ id: 'A', termStart: d('2026-01-01') });
    const coTermed = nce({ id: 'CT', termStart: d('2026-07-15'), termEnd: d('2027-06-30') });
    const ct = expectAction(planCoTerm({ asOf, anchor: yearEnd, subscriptions: [onAnchor, coTermed] }), 'CT', 'at_next_renewal');
    // July – December are whole calendar-month cycles of the aligned grid: 6 × 125.00.
    expect([ct.on.toString(), ct.stub.days, ct.stub.charge.toString(), ct.stub.lines.length]).toEqual(['2027-07-01', 184, '750.00', 6]);
  });

  it('replays a monthly term on a grid anchored on the 31st (Feb 28 – Mar 30) and renews it into a one-day stub', () => {
    // Bought on a 31st: terms Jan 31 – Feb 27, Feb 28 – Mar 30, then Mar 31 (default end Apr 29): its month-end option is Mar 31.
    const monthly = nce({ id: 'M', term: 'P1M', termStart: d('2027-02-28'), termEnd: d('2027-03-30') });
    const m = expectAction(planCoTerm({ asOf: d('2027-03-10'), anchor: yearEnd, subscriptions: [monthly] }), 'M', 'at_next_renewal');
    // One day of the March cycle: 12.50 ÷ 31 × 1 × 10 = 4.032… → 4.03.
    expect([m.on.toString(), m.alignedEnd.toString(), m.stub.days, m.stub.charge.toString()]).toEqual(['2027-03-31', '2027-03-31', 1, '4.03']);
    expect(m.reason).toContain('(allowed as a calendar month end)');
  });

  it('renews at the price-list price in force on the renewal day', () => {
    const priceList: PriceListEntry[] = [{ product: 'Microsoft 365 Business Standard', term: 'P1Y', billing: 'monthly', currency: 'EUR', unitPrice: money('13.00'), effectiveStart: d('2027-01-01') }];
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [january, march], priceList });
    const s1 = expectAction(plan, 'S1', 'at_next_renewal');
    // 13.00 ÷ 31 × 17 × 10 = 2210 ÷ 31 = 71.290… → 71.29; 9 × 130.00 = 1170.00; total 1241.29.
    expect(s1.stub.charge.toString()).toBe('1241.29');
    expect(s1.stub.lines[0]?.explanation).toContain('Renewed at the price-list price in force on 2027-03-15 (effective from 2027-01-01)');
  });
});

describe('aligning now, inside the cancellation window', () => {
  const onAnchor = nce({ id: 'A', termStart: d('2026-01-01') });
  const fresh = nce({ id: 'NEW', termStart: d('2026-11-18') });

  it('cancels with the engine’s refund and buys again ending on the anchor', () => {
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [onAnchor, fresh] });
    const now = expectAction(plan, 'NEW', 'align_now');
    expect([now.on.toString(), now.windowClosesOn.toString(), now.alignedEnd.toString()]).toEqual(['2026-11-22', '2026-11-25', '2026-12-31']);
    // Refund: cycle 2026-11-18 – 12-17 (30 days), 26 unused days from 11-22; cancel rows truncate the unit price first:
    // 12.50 ÷ 30 × 26 = 10.8333… → 10.83 × 10 = 108.30.
    expect([now.refund.amount.toString(), lineSummary(now.refund.lines)]).toEqual(['-108.30', ['cancelImmediate 2026-11-22..2026-12-17 -108.30']]);
    // New purchase 2026-11-22 ending 2026-12-31 (A's end date): stub of November 12.50 ÷ 30 × 9 × 10 = 37.50, then December 125.00.
    expect(lineSummary(now.stub.lines)).toEqual(['new 2026-11-22..2026-11-30 37.50', 'cycleCharge 2026-12-01..2026-12-31 125.00']);
    expect([now.stub.days, now.stub.charge.toString()]).toEqual([40, '162.50']);
    expect(now.reason).toBe(
      'Its term started on 2026-11-18, so it is inside its cancellation window until 2026-11-25: cancel it on 2026-11-22 (refund -108.30 EUR) and buy it again with a custom term end date of 2026-12-31; ' +
        'the first term 2026-11-22 – 2026-12-31 (40 days) is charged 162.50 EUR.',
    );
    expect(plan.totals[0]?.refunds.toString()).toBe('-108.30');
  });

  it('counts the window through the 7th day after the term started', () => {
    const lastDay = planCoTerm({ asOf: d('2026-11-25'), anchor: yearEnd, subscriptions: [onAnchor, fresh] });
    expect(expectAction(lastDay, 'NEW', 'align_now').on.toString()).toBe('2026-11-25');
    const after = planCoTerm({ asOf: d('2026-11-26'), anchor: yearEnd, subscriptions: [onAnchor, fresh] });
    // Too late to cancel: it waits for its renewal, where A's end date (rolled to 2027-12-31) allows the anchor.
    expect(find(after, 'NEW').action).toBe('at_next_renewal');
  });

  it('waits for the renewal when buying again is refused, and says why', () => {
    const plan = planCoTerm({ asOf, anchor: yearEnd, subscriptions: [fresh] });
    const alone = expectAction(plan, 'NEW', 'cannot_align');
    expect(alone.reason).toMatch(/^Cancelling and buying it again now is not possible: refused on 2026-11-22 for NEW~rebuy \(error 900242/);
    expect(alone.reason).toContain('Partner Center would refuse the custom term end date 2027-12-31 for its renewal on 2027-11-18');
  });
});
