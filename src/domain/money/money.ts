import { type Currency } from './currency.ts';
import { Decimal, type RoundingMode } from './decimal.ts';

/** An amount in a currency. Arithmetic refuses to mix currencies. */
export class Money {
  constructor(
    readonly amount: Decimal,
    readonly currency: Currency,
  ) {}

  static zero(currency: Currency): Money {
    return new Money(Decimal.ZERO.round(currency.minorUnits, 'truncate'), currency);
  }

  plus(other: Money): Money {
    return new Money(this.amount.plus(this.sameCurrency(other).amount), this.currency);
  }

  minus(other: Money): Money {
    return new Money(this.amount.minus(this.sameCurrency(other).amount), this.currency);
  }

  /** Rounds to the currency's minor units with an explicit mode. */
  rounded(mode: RoundingMode): Money {
    return new Money(this.amount.round(this.currency.minorUnits, mode), this.currency);
  }

  toString(): string {
    return `${this.currency.code} ${this.amount.toString()}`;
  }

  private sameCurrency(other: Money): Money {
    if (other.currency.code !== this.currency.code) {
      throw new CurrencyMismatchError(`cannot combine ${this.currency.code} and ${other.currency.code}`);
    }
    return other;
  }
}

export class CurrencyMismatchError extends Error {
  override name = 'CurrencyMismatchError';
}
