import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { analyseEarlyTermination } from '../../../src/domain/ea/early-termination.ts';
import { type EnterpriseAgreement, type EnterprisePlanInput, planEnterpriseCoterm } from '../../../src/domain/ea/enterprise-plan.ts';
import { extensionCost } from '../../../src/domain/ea/extension-cost.ts';
import { BALANCE_NOT_STATED } from '../../../src/domain/ea/sa-benefit-statement.ts';
import { adviseTargetDate } from '../../../src/domain/ea/target-date.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;
const $ = Decimal.parse;
const GBP = currency('GBP');

/** The UK group of examples/ea-enterprise.json: the parent, and two agreements that came with acquisitions. */
const parent: EnterpriseAgreement = {
  id: 'HGP',
  name: 'Harrowgate Group plc',
  start: d('2023-07-01'),
  end: d('2026-06-30'),
  annualContractValue: $('1250000'),
  midTermAdditions: [{ product: 'Microsoft 365 E5', quantity: 40, annualUnitPrice: $('684'), date: d('2025-02-10') }],
};
const northwind: EnterpriseAgreement = {
  id: 'NWL',
  name: 'Northwind Logistics Ltd',
  enrollment: '73019582',
  start: d('2022-12-01'),
  end: d('2025-11-30'),
  annualContractValue: $('600000'),
  currentAnnualContractValue: $('636000'),
  saBenefits: [
    { benefit: 'Training Vouchers', balance: '12 vouchers', expires: d('2025-11-30') },
    { benefit: 'Planning Services Days', balance: '10 days', expires: d('2025-11-30') },
    { benefit: 'License Mobility Rights', balance: 'SQL Server Enterprise, 16 cores' },
  ],
  midTermAdditions: [
    { product: 'Microsoft 365 E3', quantity: 10, annualUnitPrice: $('396'), date: d('2024-09-16') },
    { product: 'Microsoft 365 E3', quantity: 25, annualUnitPrice: $('432'), date: d('2023-06-01') },
    { product: 'Visio Plan 2', quantity: 5, annualUnitPrice: $('180'), date: d('2025-03-03') },
  ],
};
const fabrikam: EnterpriseAgreement = {
  id: 'FAB',
  name: 'Fabrikam Engineering Ltd',
  start: d('2024-12-01'),
  end: d('2027-11-30'),
  annualContractValue: $('240000'),
  adminCostPerYear: $('18000'),
  saBenefits: [
    { benefit: 'Planning Services Days', balance: '5 days', expires: d('2027-11-30') },
    { benefit: 'Training Vouchers', balance: '4 vouchers', expires: d('2026-06-30') },
  ],
};
const group: EnterprisePlanInput = { agreements: [parent, northwind, fabrikam], target: d('2026-06-30'), convention: 'calendar', currency: GBP };

function plan(overrides: Partial<EnterprisePlanInput> = {}): ReturnType<typeof planEnterpriseCoterm> {
  return planEnterpriseCoterm({ ...group, ...overrides });
}

function agreementPlan(id: string, overrides: Partial<EnterprisePlanInput> = {}): ReturnType<typeof planEnterpriseCoterm>['agreements'][number] {
  const found = plan(overrides).agreements.find((entry) => entry.agreement.id === id);
  if (!found) throw new Error(`no agreement ${id}`);
  return found;
}

/** Dates and amounts as text, exact month fractions as strings: comparable with toEqual. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'bigint' ? entry.toString() : entry)));
}

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return `${error.field ?? ''}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('an enterprise co-termed to one date', () => {
  it("prices the guide's worked example: ACV £600,000 extended 7 months is £350,000 (£50,000 a month)", () => {
    const { treatment } = agreementPlan('NWL');
    if (treatment.kind !== 'extension') throw new Error(`expected an extension, got ${treatment.kind}`);
    const { extension } = treatment;
    // 2025-11-30 → 2026-06-30: seven whole calendar months (month ends map to month ends); 600000 ÷ 12 = 50000; × 7 = 350000.
    expect([extension.months.numerator, extension.months.denominator]).toEqual([7n, 1n]);
    expect(extension.monthlyCost.toString()).toBe('50000.00');
    expect(extension.total.toString()).toBe('350000.00');
    expect(extension.explanations.total.text).toBe(
      '600000 ÷ 12 = 50000 per month (unrounded) × 7 months = 350000 → 350000.00 GBP (rounded half up to 2 decimals). ' +
        'Extension months: 7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)',
    );
    expect(treatment.summary).toBe('extend 2025-11-30 → 2026-06-30: 7 months at 50000.00 GBP a month = 350000.00 GBP; at current rates (ACV 636000) 371000.00 GBP');
    // After a list-price rise: 636000 ÷ 12 = 53000; × 7 = 371000, 21000 more than at the original rates.
    expect(treatment.currentRates?.current.total.toString()).toBe('371000.00');
    expect(treatment.currentRates?.difference.toString()).toBe('21000.00');
  });

  it('extends an agreement ending before the target, terminates or leaves misaligned one ending after, leaves one ending on it', () => {
    const result = plan();
    expect([result.target.source, result.target.date.toString()]).toEqual(['given', '2026-06-30']);
    expect(result.agreements.map((entry) => [entry.agreement.id, entry.treatment.kind])).toEqual([
      ['HGP', 'aligned'],
      ['NWL', 'extension'],
      ['FAB', 'earlyTermination'],
    ]);
    expect(result.agreements[0]?.treatment.summary).toBe('ends on the target 2026-06-30: already aligned, nothing to extend or terminate');
  });

  it("costs early termination with the engine's analysis: the 2026-12-01 payment is owed; 17 months of misalignment cost 25,500", () => {
    const { treatment } = agreementPlan('FAB');
    if (treatment.kind !== 'earlyTermination') throw new Error(`expected early termination, got ${treatment.kind}`);
    const { analysis } = treatment;
    expect(plain(analysis)).toEqual(
      plain(analyseEarlyTermination({ acv: $('240000'), start: d('2024-12-01'), end: d('2027-11-30'), target: d('2026-06-30'), terminationForConvenience: false, annualAdminCost: $('18000'), convention: 'calendar', currency: GBP })),
    );
    expect(analysis.schedule.map((payment) => [payment.date.toString(), payment.amount.toString(), payment.owedOnTermination])).toEqual([
      ['2024-12-01', '240000.00', false],
      ['2025-12-01', '240000.00', false],
      ['2026-12-01', '240000.00', true],
    ]);
    expect(analysis.termination.cost.toString()).toBe('240000.00');
    // 18000 ÷ 12 × 17 = 25500; break-even 240000 × 12 ÷ 17 = 169411.7647… → 169411.76.
    expect(analysis.misalignment.adminCost?.toString()).toBe('25500.00');
    expect(analysis.misalignment.breakEvenAnnualAdminCost.toString()).toBe('169411.76');
    expect(analysis.recommendation.choice).toBe('allowMisalignment');
    expect(treatment.summary).toBe(
      'runs 17 months past the target: early termination costs 240000.00 GBP, the misalignment 25500.00 GBP of administration; recommended: allow the misalignment until 2027-11-30',
    );
  });

  it('uses a scheduled payment plan for early termination when one is given', () => {
    const payments = [
      { date: d('2024-12-01'), amount: $('200000') },
      { date: d('2026-07-01'), amount: $('150000') },
      { date: d('2027-07-01'), amount: $('130000') },
    ];
    const { treatment } = agreementPlan('FAB', { agreements: [parent, northwind, { ...fabrikam, scheduledPayments: payments }] });
    if (treatment.kind !== 'earlyTermination') throw new Error('expected early termination');
    expect(treatment.analysis.scheduleSource).toBe('given');
    expect(treatment.analysis.termination.cost.toString()).toBe('280000.00'); // 150000 + 130000
  });

  it('lists every SA benefit of an extended agreement, High risk first, with the balances, notes and the ones not stated', () => {
    const { saBenefits } = agreementPlan('NWL');
    expect(saBenefits?.map((line) => [line.risk, line.benefit, line.balances.map((entry) => entry.balance), line.missing])).toEqual([
      ['High', 'Planning Services Days', ['10 days'], undefined],
      ['High', 'Spread Payments', [], BALANCE_NOT_STATED],
      ['Medium', 'Training Vouchers', ['12 vouchers'], undefined],
      ['Medium', 'Step-Up Licensing Rights', [], BALANCE_NOT_STATED],
      ['Low', 'License Mobility Rights', ['SQL Server Enterprise, 16 cores'], undefined],
      ['Low', 'Home Use Programme', [], BALANCE_NOT_STATED],
    ]);
    expect(BALANCE_NOT_STATED).toBe('balance not stated — extract the SA benefits statement from VLSC before the amendment');
    const planning = saBenefits?.[0];
    expect(planning?.concern).toBe('the unused balance is often reset or lost at the extension');
    expect(planning?.requiredAction).toBe('document the balance in VLSC before the amendment; require written confirmation that it transfers');
    expect(planning?.balances[0]?.note).toBe('expires 2025-11-30, before the new end date 2026-06-30: require the amendment to carry it forward to 2026-06-30');
    expect(saBenefits?.[4]?.balances[0]?.note).toBeUndefined();
  });

  it('flags the balances a terminated agreement would lose, and lists no benefits for an aligned one', () => {
    const { saBenefits } = agreementPlan('FAB');
    expect(saBenefits?.map((line) => line.benefit)).toEqual([
      'Planning Services Days', 'Spread Payments', 'Training Vouchers', 'Step-Up Licensing Rights', 'License Mobility Rights', 'Home Use Programme',
    ]);
    expect(saBenefits?.[0]?.balances[0]?.note).toBe(
      'expires 2027-11-30, after the early termination date 2026-06-30: the unused balance is lost on early termination unless it is used or its transfer is confirmed in writing',
    );
    // Expiring on the target itself is not lost.
    expect(plain(saBenefits?.[2]?.balances[0])).toEqual({ balance: '4 vouchers', expires: '2026-06-30' });
    expect(agreementPlan('HGP').saBenefits).toBeUndefined();
  });

  it('builds the true-up baseline year by year as mid-term additions accumulate', () => {
    const { trueUp } = agreementPlan('NWL');
    expect(trueUp.years.map((year) => [year.year, year.start.toString(), year.end.toString(), year.charges.toString(), year.baseline])).toEqual([
      [1, '2022-12-01', '2023-11-30', '5400.00', [{ product: 'Microsoft 365 E3', quantity: 25 }]],
      [2, '2023-12-01', '2024-11-30', '825.00', [{ product: 'Microsoft 365 E3', quantity: 35 }]],
      [3, '2024-12-01', '2025-11-30', '670.00', [{ product: 'Microsoft 365 E3', quantity: 35 }, { product: 'Visio Plan 2', quantity: 5 }]],
    ]);
    const rows = trueUp.years.flatMap((year) => year.rows);
    // 432 × 25 × 6 ÷ 12 = 5400; 396 × 10 × 2.5 ÷ 12 = 825 (2024-09-16 → 2024-12-01: 2 months + 15/30);
    // 180 × 5 × 134/15 ÷ 12 = 670 (2025-03-03 → 2025-12-01, the day after the end: 8 months + 28/30).
    expect(rows.map((row) => [row.addition.date.toString(), row.addition.anniversary.toString(), row.addition.charge.toString(), row.baselineQuantity, row.cumulativeCharges.toString()])).toEqual([
      ['2023-06-01', '2023-12-01', '5400.00', 25, '5400.00'],
      ['2024-09-16', '2024-12-01', '825.00', 35, '6225.00'],
      ['2025-03-03', '2025-12-01', '670.00', 5, '6895.00'],
    ]);
    expect(trueUp.years[1]?.chargesExplanation.text).toBe('year 2 (2023-12-01 – 2024-11-30): 825.00 (2024-09-16, 10 × Microsoft 365 E3) = 825.00 GBP');
    expect(trueUp.totalCharges.toString()).toBe('6895.00');
    expect(trueUp.annualValue.toString()).toBe('15660'); // 432 × 25 + 396 × 10 + 180 × 5
    expect(trueUp.priceChecks).toEqual([
      'Microsoft 365 E3 was added at 2 annual unit prices (396, 432): check the price tier and Software Assurance status of each addition before the true-up',
    ]);
  });

  it('charges an addition in a short last EA year to the day after the agreement ends', () => {
    const short: EnterpriseAgreement = {
      id: 'S',
      name: 'Short',
      start: d('2023-03-15'),
      end: d('2025-11-30'),
      annualContractValue: $('120000'),
      midTermAdditions: [{ product: 'E3', quantity: 12, annualUnitPrice: $('400'), date: d('2025-09-01') }],
    };
    const { trueUp } = planEnterpriseCoterm({ agreements: [short], target: d('2025-11-30'), convention: 'calendar', currency: GBP }).agreements[0] ?? {};
    expect(trueUp?.years.map((year) => [year.start.toString(), year.end.toString(), year.charges.toString()])).toEqual([
      ['2023-03-15', '2024-03-14', '0.00'],
      ['2024-03-15', '2025-03-14', '0.00'],
      ['2025-03-15', '2025-11-30', '1200.00'], // 400 × 12 × 3 ÷ 12 (2025-09-01 → 2025-12-01)
    ]);
  });

  it('totals the extensions, the early terminations and the additions, each sum explained', () => {
    const { totals } = plan();
    expect(totals.extension.amount.toString()).toBe('350000.00');
    expect(totals.extensionAtCurrentRates?.amount.toString()).toBe('371000.00');
    expect(totals.earlyTermination.amount.toString()).toBe('240000.00');
    expect(totals.earlyTerminationRecommended.amount.toString()).toBe('0.00');
    // HGP: 684 × 40 × 4.7 ÷ 12 = 10716 (2025-02-10 → 2025-07-01: 4 months + 21/30); NWL: 6895.
    expect(totals.additions.amount.toString()).toBe('17611.00');
    expect(totals.additions.explanation.text).toBe('HGP: 10716.00 + NWL: 6895.00 = 17611.00 GBP');
    expect(totals.earlyTerminationRecommended.explanation.text).toBe('none = 0.00 GBP');
  });

  it('counts an early termination cheaper than the misalignment among the recommended', () => {
    const costly = { ...fabrikam, adminCostPerYear: $('200000') }; // 200000 ÷ 12 × 17 = 283333.33 > 240000
    const { totals, agreements } = plan({ agreements: [parent, northwind, costly] });
    const fab = agreements[2]?.treatment;
    expect(fab?.kind === 'earlyTermination' && fab.analysis.recommendation.choice).toBe('terminateEarly');
    expect(totals.earlyTerminationRecommended.amount.toString()).toBe('240000.00');
  });

  it("gives each extension the calculation to check against the reseller's, under both month conventions", () => {
    const [item, ...others] = plan().checklist;
    expect(others).toEqual([]);
    expect(item && [item.agreement, item.originalEnd.toString(), item.target.toString(), item.extension.acv.toString(), item.extension.monthlyCost.toString(), item.extension.total.toString()]).toEqual([
      'NWL', '2025-11-30', '2026-06-30', '600000', '50000.00', '350000.00',
    ]);
    // 30-day months: 212 days ÷ 30 → 600000 × 212 ÷ 360 = 353333.33.
    expect(item?.otherConvention.extension.total.toString()).toBe('353333.33');
    expect(item?.otherConvention.difference.toString()).toBe('3333.33');
    expect(item?.verify).toEqual([
      'verify the ACV base 600000 GBP against the original agreement',
      'verify the month count independently: 7 calendar months (2025-11-30 → 2026-06-30; month ends map to month ends)',
      'confirm the month convention in writing: this calculation counts calendar months; 30-day months give ≈7.0667 months, 353333.33 GBP (+3333.33 GBP)',
      "the reseller may price the extension at current rates (ACV 636000: 371000.00 GBP, +21000.00 GBP) unless the agreement's price protection covers extensions: check the clause",
      "mid-term additions add 15660 GBP a year of licences (annual unit price × quantity): check whether the reseller's ACV base includes them",
      'require the amendment to state that all SA benefit balances are carried forward to 2026-06-30 with no reduction',
    ]);
  });

  it('takes the best date of the target-date advice when no target is given', () => {
    const input = { ...group, fiscalYearStartMonth: 4 };
    delete (input as { target?: CalendarDate }).target;
    const result = planEnterpriseCoterm(input);
    const advice = adviseTargetDate({
      agreements: group.agreements.map((agreement) => ({ id: agreement.id, end: agreement.end, acv: agreement.annualContractValue })),
      fiscalYearStartMonth: 4,
      convention: 'calendar',
      currency: GBP,
    });
    expect(result.target.source).toBe('advised');
    expect(result.target.date.toString()).toBe('2028-06-30');
    expect(result.target.date.toString()).toBe(advice.ranking[0]?.target.toString());
    // The advice's candidates start at the latest end, so every agreement is extended: the totals agree.
    expect(result.agreements.map((entry) => entry.treatment.kind)).toEqual(['extension', 'extension', 'extension']);
    expect(result.totals.extension.amount.toString()).toBe(advice.ranking[0]?.totalExtensionCost.toString());
    expect(result.totals.extension.amount.toString()).toBe('4190000.00'); // 1250000 × 24 ÷ 12 + 600000 × 31 ÷ 12 + 240000 × 7 ÷ 12
    expect(result.notes[0]).toMatch(/^the target 2028-06-30 is the best of the 13 dates the target-date advice ranks \(score 28\)/);
  });

  it('refuses inconsistent agreements, naming the field in the plan file', () => {
    const swap = (index: number, agreement: Partial<EnterpriseAgreement>): Partial<EnterprisePlanInput> => ({
      agreements: group.agreements.map((entry, at) => (at === index ? { ...entry, ...agreement } : entry)),
    });
    expect(fieldOf(() => plan(swap(1, { end: d('2022-12-01') })))).toBe('agreements[1].end: the end 2022-12-01 must be after the start 2022-12-01');
    expect(fieldOf(() => plan(swap(2, { id: 'NWL' })))).toBe('agreements[2].id: the id "NWL" is already used by agreements[1]');
    expect(fieldOf(() => plan(swap(0, { annualContractValue: $('0') })))).toBe('agreements[0].annualContractValue: the annual contract value must be greater than zero (got 0)');
    expect(fieldOf(() => plan(swap(1, { midTermAdditions: [{ product: 'E3', quantity: 1, annualUnitPrice: $('1'), date: d('2025-12-01') }] })))).toBe(
      'agreements[1].midTermAdditions[0].date: the addition date 2025-12-01 is outside the agreement (2022-12-01 – 2025-11-30)',
    );
    expect(fieldOf(() => plan(swap(2, { saBenefits: [{ benefit: 'Planning Days', balance: '5 days' }] })))).toMatch(/^agreements\[2\]\.saBenefits\[0\]\.benefit: "Planning Days" is not one of "Planning Services Days"/);
    expect(fieldOf(() => plan(swap(2, { scheduledPayments: [{ date: d('2028-01-01'), amount: $('1') }] })))).toBe(
      'agreements[2].scheduledPayments[0].date: the payment date 2028-01-01 is outside the agreement (2024-12-01 – 2027-11-30)',
    );
    expect(fieldOf(() => plan({ target: d('2023-01-31') }))).toBe('target: the target 2023-01-31 is before agreement HGP starts (2023-07-01): choose a later target or leave the agreement out');
    expect(fieldOf(() => plan({ agreements: [] }))).toBe('agreements: give at least one agreement');
  });

  it('treats each agreement by where its end falls against the target, and totals exactly what each costs', () => {
    const day = (offset: number): CalendarDate => d('2024-01-01').addDays(offset);
    fc.assert(
      fc.property(
        fc.array(fc.record({ end: fc.integer({ min: 400, max: 1500 }), acv: fc.integer({ min: 1, max: 5_000_000 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 400, max: 1500 }),
        fc.constantFrom('calendar' as const, '30-day' as const),
        (specs, targetOffset, convention) => {
          const agreements = specs.map((spec, index) => ({ id: `EA${index}`, name: `EA ${index}`, start: day(0), end: day(spec.end), annualContractValue: Decimal.fromInteger(spec.acv) }));
          const target = day(targetOffset);
          const result = planEnterpriseCoterm({ agreements, target, convention, currency: GBP });
          let extensions = Decimal.ZERO;
          result.agreements.forEach((entry, index) => {
            const end = agreements[index]?.end ?? target;
            const expected = end.isBefore(target) ? 'extension' : end.isAfter(target) ? 'earlyTermination' : 'aligned';
            expect(entry.treatment.kind).toBe(expected);
            if (entry.treatment.kind === 'extension') {
              expect(plain(entry.treatment.extension)).toEqual(plain(extensionCost({ acv: entry.agreement.annualContractValue, end, target, convention, currency: GBP })));
              extensions = extensions.plus(entry.treatment.extension.total);
            }
          });
          expect(result.totals.extension.amount.equals(extensions)).toBe(true);
          expect(result.checklist.map((item) => item.agreement)).toEqual(result.agreements.filter((entry) => entry.treatment.kind === 'extension').map((entry) => entry.agreement.id));
        },
      ),
      { numRuns: 200 },
    );
  });
});
