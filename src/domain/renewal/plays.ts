export * from './plays/play.ts';
import { anchorAndExpand } from './plays/anchor-and-expand.ts';
import { inflationGuard } from './plays/inflation-guard.ts';
import { type PlayContext, type Play, type Recommendation } from './plays/play.ts';
import { reservedInstance } from './plays/reserved-instance.ts';
import { usageToUpgrade } from './plays/usage-to-upgrade.ts';

export { anchorAndExpand, inflationGuard, reservedInstance, usageToUpgrade };

/** The plays in the order a pack lists them. */
export const PLAYS: readonly Play[] = [anchorAndExpand, usageToUpgrade, inflationGuard, reservedInstance];

export function recommendPlays(context: PlayContext): Recommendation[] {
  return PLAYS.flatMap((play) => play(context));
}

