import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/domain/calendar/date.ts';
import { adviseTargetDate, type TargetDateInput } from '../../../src/domain/ea/target-date.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { currency } from '../../../src/domain/money/currency.ts';
import { Decimal } from '../../../src/domain/money/decimal.ts';

const d = CalendarDate.parse;
const input: TargetDateInput = {
  agreements: [
    { id: 'Contoso', end: d('2025-11-30'), acv: Decimal.parse('600000') },
    { id: 'Fabrikam', end: d('2026-03-31'), acv: Decimal.parse('240000') },
  ],
  convention: 'calendar',
  currency: currency('GBP'),
};

describe('co-terming target date advice', () => {
  it('considers the month ends from the latest agreement end over the following 12 months', () => {
    const advice = adviseTargetDate(input);
    expect(advice.latestEnd.toString()).toBe('2026-03-31');
    expect(advice.ranking.map((candidate) => candidate.target.toString()).sort()).toEqual([
      '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30',
      '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31',
    ]);
    expect(advice.notes).toContain("the customer's fiscal year start month was not given: the budget cycle is not scored");
  });

  it("ranks Microsoft's fiscal year end first, each point explained, with the costs per agreement", () => {
    const [best, second] = adviseTargetDate(input).ranking;
    expect(best?.target.toString()).toBe('2026-06-30');
    expect(best?.reasons).toEqual([
      { criterion: 'microsoftFiscalYear', points: 30, text: "Microsoft's fiscal year ends 30 June: the strongest negotiating window (Q4)" },
      {
        criterion: 'extensionCost',
        points: -5,
        text: 'total extension cost 410000.00 GBP: 210000.00 above the cheapest candidate (200000.00), 20 × 210000.00 ÷ 840000.00 = 5 points off, rounded half up',
      },
    ]);
    expect(best?.score).toBe(25);
    expect(best?.costs.map((cost) => [cost.agreement, cost.extension.total.toString()])).toEqual([
      ['Contoso', '350000.00'],
      ['Fabrikam', '60000.00'],
    ]);
    expect(best?.totalExtensionCost.toString()).toBe('410000.00');
    expect(best?.totalExplanation.text).toBe('Contoso: 350000.00 + Fabrikam: 60000.00 = 410000.00 GBP');
    expect(second?.target.toString()).toBe('2026-04-30'); // +20 Q4, −2 cost
    expect(second?.score).toBe(18);
  });

  it("scores the customer's budget quarter from the renewal day and the consolidation window", () => {
    const advice = adviseTargetDate({ ...input, fiscalYearStartMonth: 7, consolidation: d('2026-09-15') });
    const byDate = new Map(advice.ranking.map((candidate) => [candidate.target.toString(), candidate]));
    const june = byDate.get('2026-06-30');
    expect(june?.reasons.find((reason) => reason.criterion === 'customerBudget')).toEqual({
      criterion: 'customerBudget',
      points: 15,
      text: "the renewal on 2026-07-01 falls in the customer's fiscal Q1 (fiscal year starting in month 7): a fresh budget",
    });
    expect(byDate.get('2026-04-30')?.reasons.find((reason) => reason.criterion === 'customerBudget')?.points).toBe(-15);
    expect(byDate.get('2026-07-31')?.reasons.find((reason) => reason.criterion === 'consolidation')).toEqual({
      criterion: 'consolidation',
      points: 20,
      text: 'the target is 46 days before the consolidation negotiation on 2026-09-15: inside the 30–60 day window before it',
    });
    expect(june?.reasons.find((reason) => reason.criterion === 'consolidation')?.points).toBe(0);
    expect(byDate.get('2026-12-31')?.reasons[0]).toEqual({
      criterion: 'microsoftFiscalYear',
      points: 15,
      text: "December: Microsoft's mid-year close, the second-best negotiating window",
    });
    expect(advice.ranking.map((candidate) => [candidate.target.toString(), candidate.score]).slice(0, 3)).toEqual([
      ['2026-06-30', 40],
      ['2026-07-31', 28],
      ['2026-08-31', 7],
    ]);
    for (const candidate of advice.ranking) expect(candidate.score).toBe(candidate.reasons.reduce((sum, reason) => sum + reason.points, 0));
  });

  it('breaks ties by the lower extension cost', () => {
    const advice = adviseTargetDate({ ...input, agreements: [{ id: 'A', end: d('2026-06-30'), acv: Decimal.parse('120000') }] });
    expect(advice.ranking[0]?.target.toString()).toBe('2026-06-30');
    expect(advice.ranking[0]?.totalExtensionCost.toString()).toBe('0.00');
    const scores = advice.ranking.map((candidate) => candidate.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('refuses no agreements and a bad fiscal month', () => {
    expect(() => adviseTargetDate({ ...input, agreements: [] })).toThrow(InvalidInputError);
    expect(() => adviseTargetDate({ ...input, fiscalYearStartMonth: 13 })).toThrow(/1–12/);
  });
});
