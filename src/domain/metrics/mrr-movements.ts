import { type CalendarDate } from '../calendar/date.ts';
import { InvalidInputError } from '../errors.ts';
import { type Explanation } from '../explanation.ts';
import { Decimal } from '../money/decimal.ts';
import { MONTHLY_VALUE_SCALE } from '../portfolio/account-subscription.ts';
import { leftOutText, type MrrSnapshot } from './mrr-snapshot.ts';
import { counted } from './words.ts';

export type MrrMovementKind = 'expansion' | 'contraction' | 'churn' | 'new' | 'flat';

/** One account's MRR at both ends of the period and what its change counts as. */
export interface AccountMovement {
  readonly accountId: string;
  readonly starting: Decimal;
  readonly ending: Decimal;
  readonly movement: MrrMovementKind;
}

/** The MRR waterfall: starting + expansion − contraction − churn + new = ending, exactly. */
export interface MrrMovements {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly currency: string;
  readonly starting: Decimal;
  /** Increases of accounts that had MRR at the start and still have it at the end. */
  readonly expansion: Decimal;
  /** Decreases (as a positive amount) of accounts that had MRR at the start and still have some at the end. */
  readonly contraction: Decimal;
  /** Starting MRR of accounts with none at the end. */
  readonly churn: Decimal;
  /** Ending MRR of accounts with none at the start. */
  readonly new: Decimal;
  readonly ending: Decimal;
  /** Every account with MRR at either end, by id. */
  readonly accounts: readonly AccountMovement[];
  /** Currencies whose MRR was left out at either end. */
  readonly otherCurrencies: readonly string[];
  readonly explanation: Explanation;
}

/**
 * Splits the change of MRR between two days into expansion, contraction,
 * churn and new business, account by account. An account "has MRR" when its
 * MRR is not zero: one whose subscriptions all cost nothing has churned.
 */
export function mrrMovements(starting: MrrSnapshot, ending: MrrSnapshot): MrrMovements {
  if (starting.currency !== ending.currency) throw new InvalidInputError(`MRR of ${starting.currency} cannot be compared with MRR of ${ending.currency}`, 'currency');
  const zero = Decimal.of(0n, MONTHLY_VALUE_SCALE);
  let startTotal = zero;
  let endTotal = zero;
  let expansion = zero;
  let contraction = zero;
  let churn = zero;
  let added = zero;
  const counts: Record<MrrMovementKind, number> = { expansion: 0, contraction: 0, churn: 0, new: 0, flat: 0 };
  const accounts: AccountMovement[] = [];
  for (const accountId of accountIdsOf(starting, ending)) {
    const before = padded(starting.byAccount.get(accountId) ?? zero);
    const after = padded(ending.byAccount.get(accountId) ?? zero);
    if (before.isZero() && after.isZero()) continue;
    startTotal = startTotal.plus(before);
    endTotal = endTotal.plus(after);
    const movement = movementOf(before, after);
    counts[movement] += 1;
    if (movement === 'churn') churn = churn.plus(before);
    else if (movement === 'new') added = added.plus(after);
    else if (movement === 'expansion') expansion = expansion.plus(after.minus(before));
    else if (movement === 'contraction') contraction = contraction.plus(before.minus(after));
    accounts.push({ accountId, starting: before, ending: after, movement });
  }
  const otherCurrencies = [...new Set([...starting.leftOut.keys(), ...ending.leftOut.keys()])].sort();
  const period = `${starting.on.toString()} → ${ending.on.toString()}`;
  const leftOut = otherCurrencies.length === 0 ? '' : ` MRR in other currencies is left out (at the start: ${leftOutText(starting.leftOut) || 'none'}; at the end: ${leftOutText(ending.leftOut) || 'none'}).`;
  return {
    from: starting.on,
    to: ending.on,
    currency: starting.currency,
    starting: startTotal,
    expansion,
    contraction,
    churn,
    new: added,
    ending: endTotal,
    accounts,
    otherCurrencies,
    explanation: {
      formula: 'ending = starting + expansion − contraction − churn + new',
      inputs: {
        from: starting.on.toString(),
        to: ending.on.toString(),
        currency: starting.currency,
        starting: startTotal.toString(),
        expansion: expansion.toString(),
        contraction: contraction.toString(),
        churn: churn.toString(),
        new: added.toString(),
        ending: endTotal.toString(),
        expandedAccounts: counts.expansion,
        contractedAccounts: counts.contraction,
        churnedAccounts: counts.churn,
        newAccounts: counts.new,
        flatAccounts: counts.flat,
      },
      rounding: `none: sums of monthly values, each ${MONTHLY_VALUE_SCALE} decimals (half-even)`,
      text:
        `MRR ${period} in ${starting.currency}: ${startTotal.toString()} + ${expansion.toString()} expansion (${counted(counts.expansion, 'account')}) − ${contraction.toString()} contraction (${counts.contraction})` +
        ` − ${churn.toString()} churn (${counts.churn}) + ${added.toString()} new (${counts.new}) = ${endTotal.toString()}.${leftOut}`,
    },
  };
}

function movementOf(before: Decimal, after: Decimal): MrrMovementKind {
  if (after.isZero()) return 'churn';
  if (before.isZero()) return 'new';
  const change = after.compare(before);
  return change > 0 ? 'expansion' : change < 0 ? 'contraction' : 'flat';
}

function accountIdsOf(starting: MrrSnapshot, ending: MrrSnapshot): string[] {
  return [...new Set([...starting.byAccount.keys(), ...ending.byAccount.keys()])].sort();
}

/** At least the monthly values' 4 decimals, so every amount of the waterfall is written alike. */
function padded(amount: Decimal): Decimal {
  return amount.scale >= MONTHLY_VALUE_SCALE ? amount : amount.round(MONTHLY_VALUE_SCALE, 'halfEven');
}
