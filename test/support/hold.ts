/**
 * Forced interleavings for tests of two writers at once: a transaction on a second connection
 * takes a row (or the lock the writers take) first and holds it; the writers start and must be
 * waiting; then it commits and the outcome is checked.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/** How long a writer must stay unresolved to count as waiting. */
export const WAIT_MS = 200;

/** A transaction on `db` that has done `take` and stays open until released. */
export async function hold(
  db: Kysely<Database>,
  take: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<{ release: () => Promise<void> }> {
  let open!: () => void;
  const barrier = new Promise<void>((resolve) => (open = resolve));
  let taken!: () => void;
  const tookIt = new Promise<void>((resolve) => (taken = resolve));
  const done = db.transaction().execute(async (trx) => {
    await take(trx);
    taken();
    await barrier;
  });
  await Promise.race([tookIt, done]);
  return {
    async release() {
      open();
      await done;
    },
  };
}

/** True when none of these promises has settled after WAIT_MS. */
export async function allWaiting(promises: readonly Promise<unknown>[]): Promise<boolean> {
  let settled = 0;
  for (const promise of promises) {
    promise.then(
      () => (settled += 1),
      () => (settled += 1),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  return settled === 0;
}
