/**
 * Budgets by month: how a year's amount is spread over its twelve months (January first). The
 * rule, stated once (docs/interim.md):
 *
 * - a budget file with a `period` column gives the months itself;
 * - else an original budget's amount is spread over the whole year by a profile — even, the
 *   unit and line's actual of the previous year, or a profile the municipality named;
 * - a budget change is spread by the same profile over the months from its decision's month to
 *   December (a decision before the year counts from January, one after it in December);
 * - every share is the amount × weight ÷ the weights' sum, cut towards zero; the cents that
 *   leave go one by one to the months with the largest cut-off remainders, earlier months first
 *   on ties. The months always add up to the amount exactly; no floating point touches it.
 */
import { cents, type Cents } from './money.js';

export const MONTHS = 12;

/** Weights that spread evenly. */
export const EVEN: readonly number[] = Array.from({ length: MONTHS }, () => 1);

/** The built-in profiles; the municipality's own have other names. */
export const BUILT_IN_PROFILES = ['even', 'previous-year'] as const;
export type BuiltInProfile = (typeof BUILT_IN_PROFILES)[number];

/**
 * `amount` in shares proportional to `weights` (non-negative; at least one positive), adding up
 * to `amount` exactly.
 */
export function allocate(amount: Cents, weights: readonly (number | bigint)[]): Cents[] {
  const w = weights.map((x) => BigInt(x));
  if (w.some((x) => x < 0n)) throw new RangeError('weights must not be negative');
  const total = w.reduce((a, b) => a + b, 0n);
  if (total === 0n) throw new RangeError('weights must not all be zero');
  const a = BigInt(amount);
  const shares = w.map((x) => (a * x) / total);
  const remainders = w.map((x, i) => ({ i, r: (a * x) % total }));
  let left = a - shares.reduce((s, x) => s + x, 0n);
  const step = left < 0n ? -1n : 1n;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  remainders.sort((p, q) => (abs(q.r) > abs(p.r) ? 1 : abs(q.r) < abs(p.r) ? -1 : p.i - q.i));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = shares[i]! + step;
    left -= step;
  }
  return shares.map((x) => cents(Number(x)));
}

/** The month (1–12) from which a change decided on `date` (YYYY-MM-DD) is spread. */
export function firstMonthOfChange(date: string | null | undefined, year: number): number {
  const match = date ? /^(\d{4})-(\d{2})/.exec(date) : null;
  if (!match) return 1;
  const decided = Number(match[1]);
  if (decided < year) return 1;
  if (decided > year) return MONTHS;
  return Number(match[2]);
}

/**
 * A year's amount by month: over the whole year, or from month `from` on (a change). Weights
 * that give the months spread over nothing (all zero there) spread evenly instead.
 */
export function spread(
  amount: Cents,
  weights: readonly (number | bigint)[] = EVEN,
  from = 1,
): Cents[] {
  const used = weights.map((x, i) => (i + 1 < from ? 0 : x));
  const fallback = EVEN.map((x, i) => (i + 1 < from ? 0 : x));
  return allocate(amount, used.some((x) => BigInt(x) > 0n) ? used : fallback);
}

/** Weights from a year's monthly actuals (their size, whatever their sign); null when all are zero. */
export function weightsFromActuals(months: readonly Cents[]): bigint[] | null {
  const weights = Array.from({ length: MONTHS }, (_, i) => {
    const x = BigInt(months[i] ?? 0);
    return x < 0n ? -x : x;
  });
  return weights.some((x) => x > 0n) ? weights : null;
}

/** Whether twelve weights can spread a budget: whole, non-negative, not all zero. */
export function validWeights(weights: readonly number[]): boolean {
  return (
    weights.length === MONTHS &&
    weights.every((x) => Number.isSafeInteger(x) && x >= 0) &&
    weights.some((x) => x > 0)
  );
}

/** The sum of the months up to `toMonth` (inclusive). */
export function toDate(months: readonly Cents[], toMonth: number): Cents {
  let sum = 0;
  for (let i = 0; i < toMonth && i < months.length; i++) sum += months[i]!;
  return cents(sum);
}
