import { describe, expect, it } from 'vitest';
import { type LedgerEvent } from '../../../src/domain/ledger/events.ts';
import { DEFAULT_NCE_SETTINGS } from '../../../src/domain/nce/settings.ts';
import { droppedInstructionsWarning, extendedServiceTermWarning, noPackWarning } from '../../../src/domain/renewal/warnings.ts';
import { accountSubscription, day } from '../../support/account-subscription.ts';

const est = DEFAULT_NCE_SETTINGS.extendedServiceTerm;
let sequence = 0;
const event = (effectiveDate: string, type: LedgerEvent['type'], payload: LedgerEvent['payload'] = {}): LedgerEvent => ({ effectiveDate, type, payload, sequence: (sequence += 1) });

describe('renewal warnings', () => {
  it('warns of a licence heading into the Extended Service Term', () => {
    const warning = extendedServiceTermWarning(accountSubscription({ autoRenew: false }), est);
    expect(warning?.message).toBe(
      'Microsoft 365 Business Standard (10 seats) has auto-renew off: on 2027-03-15 it rolls into the Extended Service Term, month to month at the monthly price + 3% (+ 23% without a monthly plan), unless it is renewed or cancelled',
    );
  });

  it('does not warn when auto-renew is on, the term ended before 2026-05-04, or it was bought before 2025-04-01', () => {
    expect(extendedServiceTermWarning(accountSubscription(), est)).toBeUndefined();
    expect(extendedServiceTermWarning(accountSubscription({ autoRenew: false, termStart: '2025-05-03', termEnd: '2026-05-03' }), est)).toBeUndefined();
    expect(extendedServiceTermWarning(accountSubscription({ autoRenew: false, purchased: '2025-03-31', termStart: '2025-03-31' }), est)).toBeUndefined();
  });

  it('finds next-term instructions deleted by a later seat change in the same term', () => {
    const subscription = accountSubscription();
    const events = [event('2025-03-15', 'purchase'), event('2026-06-01', 'scheduled_instructions', { instructions: { quantity: 12 } }), event('2026-07-10', 'seat_change', { quantity: 11 })];
    expect(droppedInstructionsWarning(subscription, events)?.message).toBe(
      'Microsoft 365 Business Standard: the next-term instructions set on 2026-06-01 were deleted by Partner Center when the seat change of 2026-07-10 was made; set them again before 2027-03-14',
    );
  });

  it('stays quiet when the instructions were set again, came after the change, or belong to an earlier term', () => {
    const subscription = accountSubscription();
    const again = [event('2026-06-01', 'scheduled_instructions', { instructions: { quantity: 12 } }), event('2026-07-10', 'seat_change'), event('2026-07-11', 'scheduled_instructions', { instructions: { quantity: 12 } })];
    expect(droppedInstructionsWarning(subscription, again)).toBeUndefined();
    expect(droppedInstructionsWarning(subscription, [event('2026-07-10', 'seat_change'), event('2026-07-11', 'scheduled_instructions', { instructions: {} })])).toBeUndefined();
    expect(droppedInstructionsWarning(subscription, [event('2025-06-01', 'scheduled_instructions', { instructions: {} }), event('2025-07-01', 'seat_change')])).toBeUndefined();
    expect(droppedInstructionsWarning(subscription, [event('2026-06-01', 'scheduled_instructions', { instructions: {} }), event('2026-07-01', 'auto_renew_change', { autoRenew: true })])).toBeUndefined();
  });

  it('warns of a renewal inside its notice window without a pack', () => {
    expect(noPackWarning('A:2027-01-31', day('2027-01-31'), [90, 60, 30], false, day('2026-11-02'))?.message).toBe(
      'the renewal on 2027-01-31 is inside its notice window (since 2026-11-02) and has no renewal pack',
    );
    expect(noPackWarning('A:2027-01-31', day('2027-01-31'), [90, 60, 30], false, day('2026-11-01'))).toBeUndefined();
    expect(noPackWarning('A:2027-01-31', day('2027-01-31'), [90, 60, 30], true, day('2026-12-01'))).toBeUndefined();
  });
});
