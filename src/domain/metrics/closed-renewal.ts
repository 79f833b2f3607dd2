import { type CalendarDate } from '../calendar/date.ts';
import { type Decimal } from '../money/decimal.ts';

/** A renewal that closed, with what was forecast for it and when it was signed. */
export interface ClosedRenewal {
  readonly id: string;
  readonly accountId: string;
  readonly outcome: 'won' | 'lost';
  readonly closedOn: CalendarDate;
  readonly currency: string | null;
  /** The annual value when the pack went out (null when it closed without a pack). */
  readonly forecastAnnualValue: Decimal | null;
  /** The annual value it closed at (a lost renewal closes at 0 whatever is recorded). */
  readonly closedAnnualValue: Decimal | null;
  readonly packGeneratedOn: CalendarDate | null;
  /** The day (UTC) the client signed the accepted quote, when one was accepted. */
  readonly signedOn: CalendarDate | null;
}
