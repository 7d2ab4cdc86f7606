/**
 * How far the year has come: the share of a budget used, and a budget spread evenly over the
 * months. Both from integer cents with integer arithmetic, rounded half away from zero.
 */
import { cents, type Cents } from './money.js';

/** `numerator / denominator` rounded half away from zero; the denominator is not zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/**
 * The share of the revised budget the actual has used, in percent with one decimal:
 * `100 × actual / revised`. Costs and margins are negative in report sign, so 80 spent of a
 * cost budget of 100 is 80.0. Null without an actual, without a revised budget, or when the
 * revised budget is zero. A display ratio: the amounts it comes from stay in cents.
 */
export function usePercent(actual: Cents | null, revised: Cents | null): number | null {
  if (actual === null || revised === null || revised === 0) return null;
  const tenths = divideRounded(BigInt(actual) * 1000n, BigInt(revised));
  const value = Number(tenths) / 10;
  return value === 0 ? 0 : value;
}

/**
 * The part of a yearly amount that falls on the first `month` months if it is spread evenly:
 * `amount × month / 12`, in cents.
 */
export function proRata(amount: Cents, month: number): Cents {
  if (!Number.isInteger(month) || month < 0 || month > 12) {
    throw new RangeError(`not a month count: ${month}`);
  }
  return cents(Number(divideRounded(BigInt(amount) * BigInt(month), 12n)));
}
