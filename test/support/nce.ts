import { explainLine } from '../../src/domain/nce/explain.ts';
import { type ChargeLine, type SimulationResult } from '../../src/domain/nce/model.ts';
import { simulateNce } from '../../src/domain/nce/simulate.ts';
import { parseScenario } from '../../src/imports/nce-scenario.ts';

/** Runs a scenario written exactly as a scenario file would be. */
export function simulate(scenario: object): SimulationResult {
  return simulateNce(parseScenario(JSON.stringify(scenario)));
}

/** The fields of a row a test compares, amounts as strings. */
export function row(line: ChargeLine): Record<string, string | number> {
  return {
    subscription: line.subscription,
    chargeType: line.chargeType,
    chargeStart: line.chargeStart.toString(),
    chargeEnd: line.chargeEnd.toString(),
    quantity: line.quantity,
    unitPrice: line.unitPrice.toString(),
    effectiveUnitPrice: line.effectiveUnitPrice.toString(),
    subtotal: line.subtotal.toString(),
  };
}

export function rows(result: SimulationResult): Record<string, string | number>[] {
  return result.lines.map(row);
}

export function explanationText(line: ChargeLine | undefined): string {
  if (!line) throw new Error('no such line');
  return explainLine(line).text;
}

/** A monthly-billed subscription bought with the given fields. */
export function subscription(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: 'S1', product: 'Microsoft 365 Business Standard', unitPrice: '10.08', currency: 'EUR', term: 'P1M', billing: 'monthly', quantity: 10, ...fields };
}
