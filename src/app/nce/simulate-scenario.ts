import { type ChargeLine } from '../../domain/nce/model.ts';
import { simulateNce, type SimulationInput } from '../../domain/nce/simulate.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import {
  type ChargeLineView,
  chargeLineView,
  type SubscriptionOutcomeView,
  subscriptionOutcomeView,
  type WarningView,
  warningView,
} from './charge-line-view.ts';

export interface SubscriptionTotal {
  subscription: string;
  currency: string;
  lines: number;
  total: string;
}

export interface SimulationView {
  through: string;
  lines: ChargeLineView[];
  warnings: WarningView[];
  subscriptions: SubscriptionOutcomeView[];
  totals: SubscriptionTotal[];
}

export interface SimulationRun {
  /** The domain rows, for writers that need Microsoft's own formats. */
  readonly lines: ChargeLine[];
  readonly view: SimulationView;
}

/** Shadow-bills a scenario and shapes the result for display. */
export function simulateScenario(input: SimulationInput): SimulationRun {
  const result = simulateNce(input);
  return {
    lines: result.lines,
    view: {
      through: result.through.toString(),
      lines: result.lines.map(chargeLineView),
      warnings: result.warnings.map(warningView),
      subscriptions: result.subscriptions.map(subscriptionOutcomeView),
      totals: totalsBySubscription(result.lines),
    },
  };
}

function totalsBySubscription(lines: readonly ChargeLine[]): SubscriptionTotal[] {
  const totals = new Map<string, { subscription: string; currency: string; lines: number; total: Decimal }>();
  for (const line of lines) {
    const key = `${line.subscription}\u0000${line.currency}`;
    const entry = totals.get(key) ?? { subscription: line.subscription, currency: line.currency, lines: 0, total: Decimal.ZERO };
    entry.lines += 1;
    entry.total = entry.total.plus(line.subtotal);
    totals.set(key, entry);
  }
  return [...totals.values()].map((entry) => ({ ...entry, total: entry.total.toString() }));
}
