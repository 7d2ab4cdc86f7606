/**
 * Money is integer cents, in report sign (revenue positive, cost negative).
 * Floating point never touches an amount: parsing works on digits, rounding on integers.
 */
export type Cents = number & { readonly __cents: unique symbol };

/** The largest amount Utfall accepts, well inside Number.MAX_SAFE_INTEGER so that sums stay exact. */
export const MAX_CENTS = 10 ** 15;

/** Guards the range and integrality of a cent amount. */
export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_CENTS) {
    throw new RangeError(`not a cent amount within range: ${value}`);
  }
  return value as Cents;
}

/** Reads a cent amount as the database drivers return it (number, bigint or numeric text). */
export function centsFrom(value: unknown): Cents {
  if (typeof value === 'number') return cents(value);
  if (typeof value === 'bigint') return cents(Number(value));
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return cents(Number(value));
  throw new TypeError(`not a cent amount: ${String(value)}`);
}

export const ZERO = 0 as Cents;

/** Sum of cent amounts; null when there is no amount at all. */
export function sumOrNull(amounts: readonly (Cents | null)[]): Cents | null {
  let total = 0;
  let any = false;
  for (const amount of amounts) {
    if (amount === null) continue;
    total += amount;
    any = true;
  }
  return any ? cents(total) : null;
}

/** Negates an amount (accounting sign ↔ report sign). */
export function negate(amount: Cents): Cents {
  return (amount === 0 ? 0 : 0 - amount) as Cents;
}

/** Cents in a printed unit: whole euros, or thousands of euros (`utfall report --thousands`). */
export const EURO = 100;
export const THOUSAND_EUROS = 100_000;

/**
 * Rounds cents to whole printed units of `unit` cents (EURO, THOUSAND_EUROS), half away from
 * zero, as printed reports do. Integer arithmetic only; never returns −0.
 */
export function roundToUnit(amount: Cents, unit: number): number {
  if (!Number.isSafeInteger(unit) || unit <= 0) {
    throw new RangeError(`not a printed unit in cents: ${unit}`);
  }
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const remainder = abs % unit;
  const units = (abs - remainder) / unit + (remainder * 2 >= unit ? 1 : 0);
  return sign * units === 0 ? 0 : sign * units;
}

/** Rounds cents to whole euros, half away from zero, as printed reports do. */
export function roundToEuros(amount: Cents): number {
  return roundToUnit(amount, EURO);
}

/** Rounds cents to whole thousands of euros, half away from zero (500 € rounds up). */
export function roundToThousands(amount: Cents): number {
  return roundToUnit(amount, THOUSAND_EUROS);
}

/** Whole euros as cents. */
export function eurosToCents(euros: number): Cents {
  return cents(euros * 100);
}
