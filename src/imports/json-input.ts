import { z } from 'zod';
import { CalendarDate, InvalidDateError } from '../domain/calendar/date.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { Decimal, DecimalFormatError } from '../domain/money/decimal.ts';

/** Building blocks shared by the JSON inputs coterm reads. */

export const isoDate = z.string({ error: 'must be a date written YYYY-MM-DD' }).transform((text, context) => {
  try {
    return CalendarDate.parse(text);
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

/** A decimal amount: a string ("10.08") is exact; a plain JSON number is accepted when it has no exponent. */
export const decimalAmount = z.union([z.string(), z.number()], { error: 'must be a decimal amount such as "10.08"' }).transform((value, context) => {
  const text = typeof value === 'number' ? String(value) : value;
  try {
    return Decimal.parse(text);
  } catch (error) {
    if (!(error instanceof DecimalFormatError)) throw error;
    context.addIssue({ code: 'custom', message: `${error.message} (write amounts like "10.08")` });
    return z.NEVER;
  }
});

export const seatCount = z
  .number({ error: 'must be a number of seats' })
  .int({ error: 'must be a whole number of seats' })
  .min(1, { error: 'must be at least 1 seat' });

/** Parses JSON text, reporting a syntax error with its line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    if (!position) throw new InvalidInputError(`invalid JSON: ${message}`);
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new InvalidInputError(`invalid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}

/** Validates with a schema; the first problem becomes one error naming its field path. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new InvalidInputError('invalid input');
  const field = fieldPath(issue.path);
  throw new InvalidInputError(issueMessage(issue), field || undefined);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return issue.message;
}
