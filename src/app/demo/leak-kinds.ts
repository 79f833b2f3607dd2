import { type Random } from './random.ts';

/** The revenue leaks an MSP suffers between Microsoft's invoice and its own (docs: msp-workflows "Revenue leakage"). */
export type LeakKind =
  | 'untracked_seat_addition'
  | 'cancelled_still_billed'
  | 'downgrade_not_reflected'
  | 'sku_mix_error'
  | 'unexpected_est_not_invoiced'
  | 'proration_miscalculation';

export const LEAK_KINDS: readonly LeakKind[] = [
  'untracked_seat_addition',
  'cancelled_still_billed',
  'downgrade_not_reflected',
  'sku_mix_error',
  'unexpected_est_not_invoiced',
  'proration_miscalculation',
];

/** About one leak of each kind per ten clients (at least one), each in a client the seed picks. */
export function planLeakKinds(random: Random, clients: number): Map<number, LeakKind[]> {
  const perKind = Math.max(1, Math.round(clients / 10));
  const plan = new Map<number, LeakKind[]>();
  for (const kind of LEAK_KINDS) {
    for (let n = 0; n < perKind; n += 1) {
      const client = random.int(0, clients - 1);
      plan.set(client, [...(plan.get(client) ?? []), kind]);
    }
  }
  return plan;
}
