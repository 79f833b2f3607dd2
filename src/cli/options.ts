import { InvalidArgumentError } from 'commander';
import { CalendarDate, InvalidDateError } from '../domain/calendar/date.ts';
import { Decimal, DecimalFormatError } from '../domain/money/decimal.ts';

/** Option parsers: a bad value stops the command with one line naming the option. */

export function dateOption(value: string): CalendarDate {
  try {
    return CalendarDate.parse(value);
  } catch (error) {
    if (error instanceof InvalidDateError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

export function decimalOption(value: string): Decimal {
  try {
    return Decimal.parse(value);
  } catch (error) {
    if (error instanceof DecimalFormatError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

export function wholeNumberOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${choices.join(', ')}`);
    return value as T;
  };
}

/** Who is acting: `--by`, else the logged-in user, for the audit log. */
export function actorOf(options: { readonly by?: string } = {}): string {
  return options.by ?? process.env.USER ?? 'cli';
}
