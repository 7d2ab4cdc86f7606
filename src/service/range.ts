/**
 * The cent range of stored sums: a file's own sums are checked as it is read (import/), but an
 * import or a budget change can also add up with what is stored already. Every writer of figures
 * checks, inside its transaction, that the year's sums stay within range, and is rolled back
 * naming the column, unit and account otherwise — so that no page or report of the year ever
 * fails on a sum it cannot hold.
 */
import { amountOverflow } from '../db/figures.js';
import { UtfallError } from '../domain/errors.js';
import { MAX_CENTS } from '../domain/money.js';
import type { Db } from './store.js';

export async function refuseOutOfRange(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<void> {
  const overflow = await amountOverflow(db, municipalityId, year, MAX_CENTS);
  if (overflow)
    throw new UtfallError('amount.sumStored', {
      column: overflow.column,
      unit: overflow.unitCode,
      account: overflow.account,
    });
}
