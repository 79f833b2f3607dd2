import { type RenewalPackDocument } from '../app/renewals/compose-pack.ts';
import { type CalendarDate } from '../domain/calendar/date.ts';
import { type Decimal } from '../domain/money/decimal.ts';

/**
 * A value as it comes back from the database after `JSON.stringify`: every
 * CalendarDate (`toJSON` → `YYYY-MM-DD`) and Decimal (`toJSON` → its exact
 * decimal text) is a string, arrays and objects recursively. Strings,
 * numbers, booleans and null stay what they are.
 */
export type Stored<T> = T extends CalendarDate | Decimal
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer Item)[]
      ? readonly Stored<Item>[]
      : T extends object
        ? { readonly [Key in keyof T]: Stored<T[Key]> }
        : T;

/** A renewal pack document as stored (`renewal_packs.content`). */
export type StoredPackDocument = Stored<RenewalPackDocument>;
