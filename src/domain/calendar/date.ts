/**
 * A calendar date (UTC, no time of day). Billing dates are always calendar
 * dates with inclusive ends; arithmetic runs on an integer day number so no
 * time zone or daylight-saving rule can shift a charge by a day.
 */
export class CalendarDate {
  private iso: string | undefined;

  private constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    /** Days since 1970-01-01 (may be negative). */
    readonly epochDay: number,
  ) {}

  static of(year: number, month: number, day: number): CalendarDate {
    if (!Number.isInteger(year) || year < 1 || year > 9999) throw new InvalidDateError(`year ${year} is out of range`);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new InvalidDateError(`month ${month} is out of range`);
    if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
      throw new InvalidDateError(`day ${day} does not exist in ${year}-${pad2(month)}`);
    }
    return new CalendarDate(year, month, day, epochDayOf(year, month, day));
  }

  /** Parses a strict ISO date `YYYY-MM-DD`. */
  static parse(text: string): CalendarDate {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) throw new InvalidDateError(`"${text}" is not a date in the form YYYY-MM-DD`);
    return CalendarDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  static fromEpochDay(epochDay: number): CalendarDate {
    // Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
    const z = epochDay + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return new CalendarDate(year, month, day, epochDay);
  }

  addDays(days: number): CalendarDate {
    return days === 0 ? this : CalendarDate.fromEpochDay(this.epochDay + days);
  }

  /** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
  addMonths(months: number): CalendarDate {
    if (months === 0) return this;
    const index = this.year * 12 + (this.month - 1) + months;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    if (year < 1 || year > 9999) throw new InvalidDateError(`year ${year} is out of range`);
    const day = Math.min(this.day, daysInMonth(year, month));
    return new CalendarDate(year, month, day, epochDayOf(year, month, day));
  }

  /** Whole calendar months from this date to `other` (negative when `other` is earlier), ignoring the day. */
  monthIndexDistance(other: CalendarDate): number {
    return (other.year - this.year) * 12 + (other.month - this.month);
  }

  /** Number of days from this date to `other` (other − this). */
  daysUntil(other: CalendarDate): number {
    return other.epochDay - this.epochDay;
  }

  lastDayOfMonth(): CalendarDate {
    return CalendarDate.of(this.year, this.month, daysInMonth(this.year, this.month));
  }

  isLastDayOfMonth(): boolean {
    return this.day === daysInMonth(this.year, this.month);
  }

  daysInMonth(): number {
    return daysInMonth(this.year, this.month);
  }

  compare(other: CalendarDate): number {
    return this.epochDay - other.epochDay;
  }

  equals(other: CalendarDate): boolean {
    return this.epochDay === other.epochDay;
  }

  isBefore(other: CalendarDate): boolean {
    return this.epochDay < other.epochDay;
  }

  isAfter(other: CalendarDate): boolean {
    return this.epochDay > other.epochDay;
  }

  toString(): string {
    this.iso ??= `${String(this.year).padStart(4, '0')}-${pad2(this.month)}-${pad2(this.day)}`;
    return this.iso;
  }

  toJSON(): string {
    return this.toString();
  }
}

export class InvalidDateError extends Error {
  override name = 'InvalidDateError';
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? Number.NaN);
}

/** Days in the closed interval [from, to]; both ends count. */
export function daysInclusive(from: CalendarDate, to: CalendarDate): number {
  return to.epochDay - from.epochDay + 1;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a.epochDay <= b.epochDay ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a.epochDay >= b.epochDay ? a : b;
}

function epochDayOf(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
