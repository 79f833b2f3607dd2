import { type Decimal } from '../money/decimal.ts';
import { KPI_ROUNDING, type KpiFigure, percentOf } from './percent.ts';
import { type MrrMovements } from './mrr-movements.ts';

type RetentionInputs = Pick<MrrMovements, 'from' | 'to' | 'currency' | 'starting' | 'expansion' | 'contraction' | 'churn' | 'otherCurrencies'>;

/** Net revenue retention: (starting + expansion − churn − contraction) ÷ starting × 100; new accounts do not count. */
export function netRevenueRetention(movements: RetentionInputs): KpiFigure {
  const { starting, expansion, churn, contraction } = movements;
  const retained = starting.plus(expansion).minus(churn).minus(contraction);
  return retention(movements, retained, {
    name: 'NRR',
    formula: 'NRR = (starting + expansion − churn − contraction) ÷ starting × 100',
    arithmetic: `(${starting.toString()} + ${expansion.toString()} − ${churn.toString()} − ${contraction.toString()})`,
  });
}

/** Gross revenue retention: (starting − churn − contraction) ÷ starting × 100; expansion does not count, so GRR ≤ NRR. */
export function grossRevenueRetention(movements: RetentionInputs): KpiFigure {
  const { starting, churn, contraction } = movements;
  const retained = starting.minus(churn).minus(contraction);
  return retention(movements, retained, {
    name: 'GRR',
    formula: 'GRR = (starting − churn − contraction) ÷ starting × 100',
    arithmetic: `(${starting.toString()} − ${churn.toString()} − ${contraction.toString()})`,
  });
}

function retention(movements: RetentionInputs, retained: Decimal, words: { name: string; formula: string; arithmetic: string }): KpiFigure {
  const { from, to, currency, starting, expansion, churn, contraction, otherCurrencies } = movements;
  const inputs = { from: from.toString(), to: to.toString(), currency, starting: starting.toString(), expansion: expansion.toString(), churn: churn.toString(), contraction: contraction.toString() };
  const leftOut = otherCurrencies.length === 0 ? '' : ` MRR in ${otherCurrencies.join(', ')} is left out.`;
  if (starting.sign() <= 0) {
    return {
      value: null,
      explanation: { formula: words.formula, inputs, rounding: KPI_ROUNDING, text: `No ${currency} MRR on ${from.toString()}: ${words.name} ${from.toString()} → ${to.toString()} is not defined.${leftOut}` },
    };
  }
  const value = percentOf(retained, starting);
  return {
    value,
    explanation: {
      formula: words.formula,
      inputs,
      rounding: KPI_ROUNDING,
      text: `${words.name} ${from.toString()} → ${to.toString()}: ${words.arithmetic} ÷ ${starting.toString()} × 100 = ${value.toString()}% (${currency}).${leftOut}`,
    },
  };
}
