import { describe, expect, it } from 'vitest';
import { NceRuleError } from '../../../src/domain/nce/errors.ts';
import { rows, simulate, subscription } from '../../support/nce.ts';

function refusal(run: () => unknown): NceRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof NceRuleError) return error;
    throw error;
  }
  throw new Error('expected the change to be refused');
}

const money = (lines: { chargeType: string; subtotal: { toString(): string } }[]): string[] => lines.map((line) => `${line.chargeType} ${line.subtotal.toString()}`);

describe('the cancellation and seat-reduction window', () => {
  const addThenReduce = (reduceOn: string, settings: object = {}): ReturnType<typeof simulate> =>
    simulate({
      subscriptions: [subscription({ start: '2021-06-01', term: 'P1Y' })],
      events: [
        { date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: 15 },
        { date: reduceOn, subscription: 'S1', type: 'setQuantity', quantity: 10 },
      ],
      through: '2021-06-30',
      settings,
    });

  it('lets added seats be removed through the 7th day after they were added', () => {
    expect(money(addThenReduce('2021-06-27').lines.slice(-2))).toEqual(['removeQuantity -20.16', 'removeQuantity 13.44']);
  });

  it('refuses with error 900257 once the seats were added more than 7 days ago', () => {
    const error = refusal(() => addThenReduce('2021-06-28'));
    expect(error.code).toBe('900257');
    expect(error.field).toBe('events[1].quantity');
    expect(error.message).toBe(
      'refused on 2021-06-28 for S1 (error 900257, seat-reduction window): You have passed your 7-day window for reducing seats: 5 seats to remove but only 0 were added within the last 7 days — 10 added 2021-06-01 (removable until 2021-06-08); 5 added 2021-06-20 (removable until 2021-06-27)',
    );
  });

  it('counts each batch of added seats separately', () => {
    const error = refusal(() =>
      simulate({
        subscriptions: [subscription({ start: '2021-06-01', term: 'P1Y' })],
        events: [
          { date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: 12 },
          { date: '2021-06-21', subscription: 'S1', type: 'setQuantity', quantity: 7 },
        ],
        through: '2021-06-30',
      }),
    );
    expect(error.message).toContain('5 seats to remove but only 2 were added within the last 7 days');
  });

  it('uses 72 hours under the 2022 launch regime', () => {
    expect(refusal(() => addThenReduce('2021-06-24', { regime: 'launch2022' })).code).toBe('900257');
    expect(money(addThenReduce('2021-06-23', { regime: 'launch2022' }).lines.slice(-1))).toEqual(['removeQuantity 26.88']);
  });

  it('allows cancelling through the 7th day after purchase and refuses after, naming the rule and the date', () => {
    const cancelOn = (date: string): ReturnType<typeof simulate> =>
      simulate({ subscriptions: [subscription({ start: '2021-07-15' })], events: [{ date, subscription: 'S1', type: 'cancel' }], through: '2021-07-31' });
    expect(money(cancelOn('2021-07-22').lines)).toEqual(['new 100.80', 'cancelImmediate -78.00']);
    const error = refusal(() => cancelOn('2021-07-23'));
    expect(error.rule).toBe('CANCELLATION_WINDOW');
    expect(error.message).toBe(
      'refused on 2021-07-23 for S1 (cancellation window): cancellation was allowed until 2021-07-22 (7 days after the purchase or renewal on 2021-07-15); the term must be paid to its end on 2021-08-14',
    );
  });

  it('refunds everything when cancelled on the day of purchase', () => {
    const result = simulate({ subscriptions: [subscription({ start: '2021-07-15' })], events: [{ date: '2021-07-15', subscription: 'S1', type: 'cancel' }], through: '2021-07-31' });
    expect(money(result.lines)).toEqual(['new 100.80', 'cancelImmediate -100.80']);
  });

  it('opens a new window at renewal', () => {
    const result = simulate({ subscriptions: [subscription({ start: '2021-06-18' })], events: [{ date: '2021-07-20', subscription: 'S1', type: 'cancel' }], through: '2021-08-31' });
    expect(money(result.lines)).toEqual(['new 100.80', 'renew 100.80', 'cancelImmediate -94.20']);
  });

  it('reports refused changes as warnings instead when asked to skip them', () => {
    const result = addThenReduce('2021-06-28', { onRefusedChange: 'skip' });
    expect(result.warnings.map((warning) => warning.code)).toEqual(['CHANGE_REFUSED']);
    expect(result.subscriptions[0]?.quantity).toBe(15);
  });
});

describe('co-terminosity at purchase and renewal', () => {
  const annual = (fields: object): Record<string, unknown> => subscription({ term: 'P1Y', ...fields });

  it('bills a prorated stub to the first aligned cycle, then whole cycles, and renews for a full term', () => {
    const result = simulate({ subscriptions: [annual({ start: '2022-07-15', customTermEnd: '2023-06-30' })], through: '2023-07-01' });
    expect(rows(result).slice(0, 2)).toEqual([
      { subscription: 'S1', chargeType: 'new', chargeStart: '2022-07-15', chargeEnd: '2022-07-31', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '5.527741', subtotal: '55.27' },
      { subscription: 'S1', chargeType: 'cycleCharge', chargeStart: '2022-08-01', chargeEnd: '2022-08-31', quantity: 10, unitPrice: '10.08', effectiveUnitPrice: '10.08', subtotal: '100.80' },
    ]);
    expect(result.lines[0]?.termEnd.toString()).toBe('2023-06-30');
    const renewal = result.lines.at(-1);
    expect([renewal?.chargeType, renewal?.chargeStart.toString(), renewal?.chargeEnd.toString(), renewal?.termEnd.toString(), renewal?.subtotal.toString()]).toEqual(['renew', '2023-07-01', '2023-07-31', '2024-06-30', '100.80']);
    expect(result.lines).toHaveLength(13);
  });

  it("aligns with another subscription's end date, the stub taking the aligned cycle's days", () => {
    const result = simulate({
      subscriptions: [annual({ id: 'A1', start: '2022-03-10' }), annual({ id: 'B1', start: '2022-07-15', customTermEnd: '2023-03-09' })],
      through: '2022-07-31',
    });
    const stub = result.lines.find((line) => line.subscription === 'B1');
    expect(stub?.calculation.kind === 'prorated' && [stub.calculation.billingDays, stub.calculation.cycleDays]).toEqual([26, 31]);
    expect(stub?.subtotal.toString()).toBe('84.54');
  });

  it('refuses an end date that matches nothing (900242) or lies outside the first term (900245)', () => {
    const buy = (customTermEnd: string, term = 'P1Y'): unknown => simulate({ subscriptions: [annual({ start: '2022-07-15', term, customTermEnd })], through: '2022-07-31' });
    const unaligned = refusal(() => buy('2023-06-15'));
    expect([unaligned.code, unaligned.field]).toEqual(['900242', 'subscriptions[0].customTermEnd']);
    expect(unaligned.message).toContain('2023-06-15 is neither a month end nor the end date of an active subscription (allowed: 2023-06-30)');
    expect(refusal(() => buy('2023-08-01')).code).toBe('900245');
    expect(refusal(() => buy('2022-07-30', 'P1M')).message).toContain("a monthly term cannot end on the 30th of a month unless it is the month's last day");
  });

  it('never aligns an annual term with a monthly-term subscription', () => {
    const error = refusal(() =>
      simulate({
        subscriptions: [subscription({ id: 'M1', start: '2022-07-01' }), annual({ id: 'A1', start: '2022-07-15', customTermEnd: '2022-07-31' })],
        through: '2022-07-31',
      }),
    );
    expect(error.code).toBe('900242');
  });

  it('refuses to change an end date mid-term', () => {
    const error = refusal(() =>
      simulate({ subscriptions: [annual({ start: '2022-07-15' })], events: [{ date: '2022-09-01', subscription: 'S1', type: 'changeTermEnd', customTermEnd: '2023-03-31' }], through: '2022-09-30' }),
    );
    expect(error.rule).toBe('MID_TERM_END_DATE_CHANGE');
    expect(error.message).toContain('refused on 2022-09-01 for S1 (term end date is set only at purchase or renewal)');
  });

  it('upgrades at renewal and aligns the new term with another subscription (Insight CCx example)', () => {
    const result = simulate({
      subscriptions: [
        annual({ id: 'O365E3', product: 'Office 365 E3', unitPrice: '23.00', start: '2023-06-02' }),
        annual({ id: 'M365E5', product: 'Microsoft 365 E5', unitPrice: '57.00', quantity: 5, start: '2024-03-02' }),
      ],
      events: [
        { date: '2024-05-01', subscription: 'O365E3', type: 'scheduleNextTerm', instructions: { product: 'Microsoft 365 E3', unitPrice: '36.00', customTermEnd: '2025-03-01' } },
      ],
      through: '2024-06-02',
    });
    const renewal = result.lines.find((line) => line.chargeType === 'renew');
    expect([renewal?.subscription, renewal?.chargeType, renewal?.product, renewal?.chargeStart.toString(), renewal?.chargeEnd.toString(), renewal?.termEnd.toString(), renewal?.subtotal.toString()]).toEqual([
      'O365E3', 'renew', 'Microsoft 365 E3', '2024-06-02', '2024-07-01', '2025-03-01', '360.00',
    ]);
  });

  it('validates scheduled end dates and needs auto-renew on', () => {
    const schedule = (events: object[]): unknown =>
      simulate({ subscriptions: [annual({ start: '2023-06-02' })], events, through: '2024-06-30' });
    const bad = refusal(() => schedule([{ date: '2024-05-01', subscription: 'S1', type: 'scheduleNextTerm', instructions: { customTermEnd: '2025-02-15' } }]));
    expect([bad.code, bad.field]).toEqual(['900242', 'events[0].instructions.customTermEnd']);
    const off = refusal(() =>
      schedule([
        { date: '2024-04-01', subscription: 'S1', type: 'autoRenewOff' },
        { date: '2024-05-01', subscription: 'S1', type: 'scheduleNextTerm', instructions: { quantity: 5 } },
      ]),
    );
    expect(off.rule).toBe('AUTO_RENEW_REQUIRED');
  });

  it('warns that a mid-term change silently deleted the scheduled next-term instructions', () => {
    const result = simulate({
      subscriptions: [annual({ start: '2023-06-02', product: 'Office 365 E3', unitPrice: '23.00' })],
      events: [
        { date: '2024-05-01', subscription: 'S1', type: 'scheduleNextTerm', instructions: { product: 'Microsoft 365 E3', unitPrice: '36.00' } },
        { date: '2024-05-10', subscription: 'S1', type: 'setQuantity', quantity: 12 },
      ],
      through: '2024-06-02',
    });
    expect(result.warnings.map((warning) => `${warning.code} ${warning.date.toString()}`)).toEqual(['SCHEDULED_INSTRUCTIONS_DROPPED 2024-05-10']);
    const renewal = result.lines.at(-1);
    expect([renewal?.product, renewal?.subtotal.toString()]).toEqual(['Office 365 E3', '276.00']);
  });
});

describe('upgrades', () => {
  const o365 = (fields: object): Record<string, unknown> => subscription({ product: 'Office 365 E3', unitPrice: '23.00', term: 'P1Y', quantity: 20, ...fields });
  const m365 = (fields: object): Record<string, unknown> => subscription({ product: 'Microsoft 365 E3', unitPrice: '36.00', term: 'P1Y', ...fields });

  it('into an existing subscription: seats take its end date, refunded and charged to each one’s own cycle end', () => {
    const result = simulate({
      subscriptions: [o365({ id: 'E3', start: '2023-08-16' }), m365({ id: 'T', start: '2023-11-02' })],
      events: [{ date: '2024-03-10', subscription: 'E3', type: 'upgrade', quantity: 5, to: { subscription: 'T' } }],
      through: '2024-04-02',
    });
    const moves = result.lines.filter((line) => line.chargeType === 'moveQuantity');
    expect(moves.map((line) => `${line.subscription} ${line.chargeStart.toString()}..${line.chargeEnd.toString()} ${line.effectiveUnitPrice.toString()} × ${line.quantity} = ${line.subtotal.toString()}`)).toEqual([
      'E3 2024-03-10..2024-03-15 -4.75 × 5 = -23.75',
      'T 2024-03-10..2024-04-01 26.70 × 5 = 133.50',
    ]);
    expect(moves[0]?.reference).toBe(moves[1]?.reference);
    expect(money(result.lines.slice(-2))).toEqual(['cycleCharge 345.00', 'cycleCharge 540.00']);
    expect(result.subscriptions.find((s) => s.id === 'T')?.termEnd?.toString()).toBe('2024-11-01');
  });

  it('into a new subscription: it keeps the source’s end date and cycles', () => {
    const result = simulate({
      subscriptions: [o365({ id: 'E3', start: '2023-08-16' })],
      events: [{ date: '2024-03-10', subscription: 'E3', type: 'upgrade', quantity: 5, to: { id: 'M3', product: 'Microsoft 365 E3', unitPrice: '36.00' } }],
      through: '2024-03-16',
    });
    expect(money(result.lines.filter((line) => line.chargeType === 'convert'))).toEqual(['convert -23.75', 'convert 37.20']);
    expect(result.lines.slice(-2).map((line) => `${line.subscription} ${line.chargeType} ${line.subtotal.toString()}`)).toEqual(['E3 cycleCharge 345.00', 'M3 cycleCharge 180.00']);
    expect(result.subscriptions.find((s) => s.id === 'M3')?.termEnd?.toString()).toBe('2024-08-15');
  });

  it('of all seats keeps the subscription id and changes its product', () => {
    const result = simulate({
      subscriptions: [subscription({ start: '2021-06-18' })],
      events: [{ date: '2021-06-25', subscription: 'S1', type: 'upgrade', quantity: 10, to: { id: 'X', product: 'Office 365 E3', unitPrice: '20.00' } }],
      through: '2021-07-18',
    });
    expect(result.lines.map((line) => `${line.subscription} ${line.chargeType} ${line.product} ${line.subtotal.toString()}`)).toEqual([
      'S1 new Microsoft 365 Business Standard 100.80',
      'S1 convert Microsoft 365 Business Standard -77.20',
      'S1 convert Office 365 E3 153.30',
      'S1 renew Office 365 E3 200.00',
    ]);
  });

  it('refuses targets inside their cancellation window, ending earlier, or on a shorter term', () => {
    const into = (target: object): NceRuleError =>
      refusal(() =>
        simulate({
          subscriptions: [o365({ id: 'E3', start: '2023-08-16' }), m365({ id: 'T', ...target })],
          events: [{ date: '2024-03-10', subscription: 'E3', type: 'upgrade', quantity: 5, to: { subscription: 'T' } }],
          through: '2024-03-31',
        }),
      );
    expect(into({ start: '2024-03-05' }).message).toContain('it is still inside its cancellation window (until 2024-03-12)');
    expect(into({ start: '2023-06-01' }).message).toContain('it ends 2024-05-31, before the source\'s end 2024-08-15');
    expect(into({ start: '2024-02-20', term: 'P1M' }).message).toContain("its P1M term is shorter than the source's P1Y");
  });
});

describe('renewal, expiry and the Extended Service Term', () => {
  const estCandidate = (fields: object, priceList: object[] = [], events: object[] = []): ReturnType<typeof simulate> =>
    simulate({
      subscriptions: [subscription({ start: '2025-06-01', term: 'P1Y', autoRenew: false, ...fields })],
      events,
      priceList,
      through: '2026-07-15',
    });
  const monthlyPlan = [{ product: 'Microsoft 365 Business Standard', term: 'P1M', billing: 'monthly', currency: 'EUR', unitPrice: '12.00', effectiveStart: '2025-01-01' }];

  it('rolls a subscription left to expire after 2026-05-04 into the EST at the monthly-term price +3%', () => {
    const result = estCandidate({}, monthlyPlan);
    expect(result.lines.slice(-2).map((line) => `${line.chargeType} ${line.chargeStart.toString()} ${line.unitPrice.toString()} ${line.subtotal.toString()}`)).toEqual([
      'extendTerm 2026-06-01 12.36 123.60',
      'extendTerm 2026-07-01 12.36 123.60',
    ]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['EXTENDED_SERVICE_TERM_STARTED']);
  });

  it('uses +23% when the product has no monthly plan, and says it assumed so', () => {
    expect(estCandidate({}).lines.at(-1)?.unitPrice.toString()).toBe('12.40');
    expect(estCandidate({ billing: 'annual', unitPrice: '120.96' }).lines.at(-1)?.unitPrice.toString()).toBe('12.40');
    expect(estCandidate({}).warnings.map((warning) => warning.code)).toEqual(['EXTENDED_SERVICE_TERM_STARTED', 'EXTENDED_SERVICE_TERM_PRICE_ASSUMED']);
  });

  it('lets an EST subscription be cancelled at any time with a prorated refund', () => {
    const result = estCandidate({}, monthlyPlan, [{ date: '2026-06-10', subscription: 'S1', type: 'cancel' }]);
    expect(money(result.lines.slice(-2))).toEqual(['extendTerm 123.60', 'cancelImmediate -86.50']);
    expect(result.subscriptions[0]?.status).toBe('cancelled');
  });

  it('lets a subscription expire when cancelled at term end, or when bought before 2025-04-01', () => {
    const cancelled = estCandidate({ autoRenew: true }, monthlyPlan, [{ date: '2026-02-01', subscription: 'S1', type: 'cancelAtTermEnd' }]);
    expect(cancelled.lines.at(-1)?.chargeType).toBe('cycleCharge');
    expect(cancelled.subscriptions[0]?.status).toBe('expired');
    const older = simulate({ subscriptions: [subscription({ start: '2023-06-01', term: 'P3Y', autoRenew: false })], through: '2026-07-15' });
    expect(older.lines.at(-1)?.chargeStart.toString()).toBe('2026-05-01');
    expect(older.warnings.map((warning) => warning.code)).toEqual(['SUBSCRIPTION_EXPIRED']);
  });
});

describe('longer terms and billing plans', () => {
  it('bills a 3-year term yearly or once, and prorates a seat addition on an upfront annual term to the term end', () => {
    const yearly = simulate({ subscriptions: [subscription({ start: '2021-06-18', term: 'P3Y', billing: 'annual', unitPrice: '120.96' })], through: '2024-06-18' });
    expect(yearly.lines.map((line) => `${line.chargeType} ${line.chargeStart.toString()}..${line.chargeEnd.toString()}`)).toEqual([
      'new 2021-06-18..2022-06-17',
      'cycleCharge 2022-06-18..2023-06-17',
      'cycleCharge 2023-06-18..2024-06-17',
      'renew 2024-06-18..2025-06-17',
    ]);
    const once = simulate({ subscriptions: [subscription({ start: '2021-06-18', term: 'P3Y', billing: 'triennial', unitPrice: '362.88' })], through: '2024-06-17' });
    expect(rows(once).map((line) => `${line.chargeStart}..${line.chargeEnd} ${line.subtotal}`)).toEqual(['2021-06-18..2024-06-17 3628.80']);
    const upfront = simulate({
      subscriptions: [subscription({ start: '2021-06-18', term: 'P1Y', billing: 'annual', unitPrice: '120.96' })],
      events: [{ date: '2021-12-18', subscription: 'S1', type: 'setQuantity', quantity: 12 }],
      through: '2022-06-17',
    });
    expect(money(upfront.lines)).toEqual(['new 1209.60', 'addQuantity -603.14', 'addQuantity 723.77']);
  });

  it('refuses a billing cycle longer than the term', () => {
    expect(refusal(() => simulate({ subscriptions: [subscription({ start: '2021-06-18', billing: 'annual' })], through: '2021-06-30' })).rule).toBe('BILLING_LONGER_THAN_TERM');
  });
});

describe('rounding settings', () => {
  const seatChange = (settings: object): string[] =>
    money(
      simulate({
        subscriptions: [subscription({ start: '2021-06-18' })],
        events: [{ date: '2021-06-20', subscription: 'S1', type: 'setQuantity', quantity: 12 }],
        through: '2021-06-30',
        settings,
      }).lines.slice(1),
    );

  it('truncates the unit price first, or rounds half up, when told to', () => {
    expect(seatChange({})).toEqual(['addQuantity -94.08', 'addQuantity 112.89']);
    expect(seatChange({ truncation: 'unitPrice' })).toEqual(['addQuantity -94.00', 'addQuantity 112.80']);
    expect(seatChange({ roundingMode: 'halfUp' })).toEqual(['addQuantity -94.08', 'addQuantity 112.90']);
    const cancel = simulate({ subscriptions: [subscription({ start: '2021-07-15' })], events: [{ date: '2021-07-17', subscription: 'S1', type: 'cancel' }], through: '2021-07-31', settings: { truncation: 'lineTotal' } });
    expect(money(cancel.lines.slice(1))).toEqual(['cancelImmediate -94.29']);
  });

  it('divides cycles anchored on the 31st by the cycle length, or by the calendar month when set', () => {
    const add = (cycleDaysRule: string): string | undefined =>
      simulate({
        subscriptions: [subscription({ start: '2021-01-31', term: 'P1Y' })],
        events: [{ date: '2021-02-10', subscription: 'S1', type: 'setQuantity', quantity: 12 }],
        through: '2021-02-27',
        settings: { cycleDaysRule },
      }).lines.at(-1)?.subtotal.toString();
    expect(add('cycleLength')).toBe('77.76');
    expect(add('calendarMonth')).toBe('70.23');
  });
});
