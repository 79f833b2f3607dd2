

import { pow10 } from '../../money/decimal.ts';



import { consumptionTrend, type Fraction, fractionToDecimal, monthLabel, PROJECTION_MONTHS, TREND_MONTHS } from '../consumption-trend.ts';
import { roundMoney } from '../round-money.ts';


import { atLeast, minorUnitsOf, type Play, playOptions, signed } from './play.ts';

/**
 * Reserved instance: a least-squares line through the account's monthly Azure
 * totals of the last 6 ended months, projected 3 months past the window, at or
 * above the threshold (default 1,000 a month) → an RI conversation, with the
 * saving at an assumed discount (default 40%) on projected compute spend,
 * stated as an assumption. A falling or flat-below-threshold trend does not
 * trigger: reservations commit for one to three years.
 */
export const reservedInstance: Play = (context) => {
  const { currency } = context;
  const options = playOptions(context);
  const trend = consumptionTrend(context.signals, context.asOf);
  if (!trend.line) return [];
  const horizon = TREND_MONTHS - 1 + PROJECTION_MONTHS;
  const projected = trend.line.valueAt(horizon);
  if (!atLeast(projected, options.reservedInstanceThreshold)) return [];
  const lastMonth = trend.months[trend.months.length - 1] as (typeof trend.months)[number];
  const projectedMonth = monthLabel(lastMonth.start.addMonths(PROJECTION_MONTHS));
  const compute = consumptionTrend(context.signals, context.asOf, options.computeCategories);
  const computeProjected = compute.line ? compute.line.valueAt(horizon) : { numerator: 0n, denominator: 1n };
  const computeBase: Fraction = computeProjected.numerator > 0n ? computeProjected : { numerator: 0n, denominator: 1n };
  const discount = options.reservedInstanceDiscount;
  const saving = fractionToDecimal({ numerator: computeBase.numerator * discount.units, denominator: computeBase.denominator * pow10(discount.scale) }, minorUnitsOf(currency));
  const percent = discount.timesInteger(100).trimmed().toString();
  const categories = options.computeCategories.join(', ');
  return [
    {
      play: 'reserved_instance',
      title: `Azure spend trending to ${fractionToDecimal(projected, minorUnitsOf(currency)).toString()} ${currency} a month: reserved-instance conversation`,
      evidence: [
        `Azure consumption by month: ${trend.months.map((month) => `${month.month} ${month.total ? month.total.toString() : '—'}`).join(', ')}`,
        `Least-squares trend over ${trend.line.points} months: ${signed(fractionToDecimal(trend.line.slope, minorUnitsOf(currency)))} ${currency} a month`,
        `Projected for ${projectedMonth} (${PROJECTION_MONTHS} months after ${lastMonth.month}): ${fractionToDecimal(projected, minorUnitsOf(currency)).toString()} ${currency} a month, at or above the ${options.reservedInstanceThreshold.toString()} ${currency} threshold`,
        `Projected compute (${categories}) for ${projectedMonth}: ${fractionToDecimal(computeBase, minorUnitsOf(currency)).toString()} ${currency} a month`,
        `Assumption: reserved instances save ${percent}% of compute spend; the real discount depends on VM series, region and a 1- or 3-year term`,
      ],
      proposal:
        `Open a reserved-instance conversation: at the assumed ${percent}% discount on compute a reservation would save about ${saving.toString()} ${currency} a month ` +
        `(${roundMoney(saving.timesInteger(12), currency).toString()} ${currency} a year), and is a 1- or 3-year commitment to co-term with the renewal.`,
      monthlyImpact: saving,
      impact: 'client_saving',
      currency,
      subscriptionIds: [],
    },
  ];
};

