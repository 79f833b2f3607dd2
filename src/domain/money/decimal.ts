/**
 * Exact decimal numbers as scaled integers: value = units / 10^scale.
 * Addition, subtraction and multiplication are exact; every division goes
 * through `Decimal.ratio`, which rounds with an explicitly chosen mode, so no
 * rounding ever happens implicitly.
 */
export type RoundingMode = 'truncate' | 'halfUp' | 'halfEven';

export const ROUNDING_MODES: readonly RoundingMode[] = ['truncate', 'halfUp', 'halfEven'];

/** How each rounding mode is described to a reader (Excel names where Microsoft uses them). */
export const ROUNDING_MODE_NAMES: Readonly<Record<RoundingMode, string>> = {
  truncate: 'truncated (ROUNDDOWN, towards zero)',
  halfUp: 'rounded half up (ROUND, half away from zero)',
  halfEven: "rounded half to even (banker's rounding)",
};

const POWERS_OF_TEN: bigint[] = [];
export function pow10(exponent: number): bigint {
  let power = POWERS_OF_TEN[exponent];
  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    POWERS_OF_TEN[exponent] = power;
  }
  return power;
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);

  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static of(units: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`invalid decimal scale ${scale}`);
    return new Decimal(units, scale);
  }

  /** Parses plain decimal notation (`12`, `-0.50`, `10.0800`); keeps the written scale. */
  static parse(text: string): Decimal {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match) throw new DecimalFormatError(`"${text}" is not a decimal number`);
    const fraction = match[3] ?? '';
    const units = BigInt((match[2] ?? '') + fraction);
    return new Decimal(match[1] === '-' ? -units : units, fraction.length);
  }

  static fromInteger(value: number | bigint): Decimal {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
    return new Decimal(BigInt(value), 0);
  }

  /** numerator / denominator, rounded to `scale` decimals with `mode`. */
  static ratio(numerator: bigint, denominator: bigint, scale: number, mode: RoundingMode): Decimal {
    if (denominator === 0n) throw new RangeError('division by zero');
    if (denominator < 0n) {
      numerator = -numerator;
      denominator = -denominator;
    }
    const scaled = numerator * pow10(scale);
    let quotient = scaled / denominator;
    const remainder = scaled - quotient * denominator;
    if (remainder !== 0n && mode !== 'truncate') {
      const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
      const roundAway = twiceRemainder > denominator || (twiceRemainder === denominator && (mode === 'halfUp' || quotient % 2n !== 0n));
      if (roundAway) quotient += scaled < 0n ? -1n : 1n;
    }
    return new Decimal(quotient, scale);
  }

  /** numerator ÷ denominator for two decimals, rounded to `scale` decimals with `mode`. */
  static quotient(numerator: Decimal, denominator: Decimal, scale: number, mode: RoundingMode): Decimal {
    return Decimal.ratio(numerator.units * pow10(denominator.scale), denominator.units * pow10(numerator.scale), scale, mode);
  }

  plus(other: Decimal): Decimal {
    if (this.scale === other.scale) return new Decimal(this.units + other.units, this.scale);
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.unitsAt(scale) + other.unitsAt(scale), scale);
  }

  minus(other: Decimal): Decimal {
    return this.plus(other.negated());
  }

  times(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  timesInteger(factor: number | bigint): Decimal {
    return new Decimal(this.units * BigInt(factor), this.scale);
  }

  negated(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negated() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.units === 0n ? 0 : this.units < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  compare(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unitsAt(scale);
    const b = other.unitsAt(scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /** Rounds (or pads) to exactly `scale` decimals. */
  round(scale: number, mode: RoundingMode): Decimal {
    if (scale >= this.scale) return scale === this.scale ? this : new Decimal(this.unitsAt(scale), scale);
    return Decimal.ratio(this.units, pow10(this.scale), scale, mode);
  }

  /** Drops trailing zeros, keeping at least `minScale` decimals. */
  trimmed(minScale = 0): Decimal {
    let { units, scale } = this;
    while (scale > minScale && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale === this.scale ? this : new Decimal(units, scale);
  }

  /** Scaled integer at a scale at least as large as this one's. */
  unitsAt(scale: number): bigint {
    if (scale < this.scale) throw new RangeError(`cannot express scale ${this.scale} exactly at scale ${scale}`);
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString();
    if (this.scale === 0) return negative ? `-${digits}` : digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const text = `${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }

  toJSON(): string {
    return this.toString();
  }
}

export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
}
