/**
 * A parser that parses each distinct text once. For immutable values read in
 * bulk (CalendarDate, Decimal): a million usage signals share a few hundred
 * dates and far fewer amounts than rows.
 */
export function parseCache<T>(parse: (text: string) => T): (text: string) => T {
  const parsed = new Map<string, T>();
  return (text) => {
    let value = parsed.get(text);
    if (value === undefined) {
      value = parse(text);
      parsed.set(text, value);
    }
    return value;
  };
}
